/**
 * The lint self-test: the layering rules of eslint.config.js must reject what ARCHITECTURE.md
 * forbids. A rule that cannot see TypeScript imports passes everything, and so would this test
 * without its refusals: each case names the rule id it expects.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = `${repoRoot}test/lint-fixtures/`;

let eslint: ESLint;
beforeAll(() => {
  // The fixtures are ignored by `npm run lint`; here they are linted on purpose.
  eslint = new ESLint({ cwd: repoRoot, ignore: false });
});

const ruleIds = (results: ESLint.LintResult[]) => results.flatMap(({ messages }) => messages.map(({ ruleId }) => ruleId));

/** The rule ids lint reports for `code` placed at `path` (from the repository root), which need not exist. */
async function lintAt(path: string, code: string) {
  return ruleIds(await eslint.lintText(code, { filePath: `${repoRoot}${path}` }));
}

describe('lint enforces the layering', { timeout: 120_000 }, () => {
  it('rejects an import cycle between two TypeScript files', async () => {
    const results = await eslint.lintFiles([`${fixtures}cycle/a.ts`, `${fixtures}cycle/b.ts`]);
    for (const result of results) expect(ruleIds([result])).toContain('import-x/no-cycle');
  });

  it('rejects the bottom floor importing a service', async () => {
    const code = await readFile(`${fixtures}upward-import.ts`, 'utf8');
    expect(await lintAt('db/upward-import.ts', code)).toContain('import-x/no-restricted-paths');
  });

  // One refusal per row of ARCHITECTURE.md's table, and the imports the table allows.
  it.each([
    ['routes/fixture.ts', '../src/unit-of-work/unit-of-work.js'],
    ['routes/fixture.ts', '../db/database.js'],
    ['routes/fixture.ts', '../src/webhooks/delivery-client.js'],
    ['routes/fixture.ts', '../src/jobs/engine.js'],
    ['plugins/fixture.ts', '../routes/api.js'],
    ['src/services/fixture.ts', '../../plugins/auth.js'],
    ['src/webhooks/fixture.ts', '../services/events.js'],
    ['src/jobs/fixture.ts', '../services/events.js'],
    ['src/mail/fixture.ts', '../services/emails.js'],
    ['src/pdf/fixture.ts', '../services/invoice-records.js'],
    ['src/pages/fixture.ts', '../services/invoice-records.js'],
    ['src/unit-of-work/fixture.ts', '../services/events.js'],
    ['src/fixture.ts', '../plugins/auth.js'],
    ['src/i18n/fixture.ts', '../services/events.js'],
    ['src/domain/fixture.ts', '../../schemas/common.js'],
    ['src/domain/fixture.ts', '../errors.js'],
    ['schemas/fixture.ts', '../src/domain/money.js'],
    ['db/fixture.ts', '../plugins/db.js'],
    ['migrations/fixture.ts', '../db/types.js'],
    ['base/fixture.ts', '../src/domain/money.js'],
    ['src/services/fixture.ts', '../../test/helpers/app.js'],
  ])('refuses %s importing %s', async (path, specifier) => {
    expect(await lintAt(path, `import '${specifier}';\n`)).toContain('import-x/no-restricted-paths');
  });

  it.each([
    ['routes/fixture.ts', '../db/types.js'],
    ['routes/fixture.ts', '../plugins/unit-of-work.js'],
    ['plugins/fixture.ts', '../src/services/events.js'],
    ['src/services/fixture.ts', '../webhooks/signature.js'],
    ['src/services/fixture.ts', '../jobs/queue.js'],
    ['src/domain/fixture.ts', '../../base/vocabulary.js'],
    ['schemas/fixture.ts', '../base/config.js'],
    ['src/app.ts', '../routes/api.js'],
  ])('allows %s importing %s', async (path, specifier) => {
    expect(await lintAt(path, `import '${specifier}';\n`)).not.toContain('import-x/no-restricted-paths');
  });
});
