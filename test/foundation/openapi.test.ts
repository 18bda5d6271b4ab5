import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const redoclyCli = join(repoRoot, 'node_modules/@redocly/cli/bin/cli.js');

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

/** Runs `redocly lint` with the repository's redocly.yaml on a document and returns its JSON report. */
async function redoclyLint(document: object): Promise<LintReport> {
  const dir = await mkdtemp(join(tmpdir(), 'igp-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document, null, 2));
    const run = promisify(execFile)(
      process.execPath,
      [redoclyCli, 'lint', file, '--config', join(repoRoot, 'redocly.yaml'), '--format', 'json'],
      { cwd: repoRoot, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    );
    // redocly exits 1 when it finds errors; the report on stdout says which.
    const { stdout } = await run.catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    return JSON.parse(stdout) as LintReport;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Operation = { operationId?: string; tags?: string[]; summary?: string; responses: Record<string, unknown> };

describe('API documentation', () => {
  const t = useTestApp();
  let document: { openapi: string; paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    const response = await t.app.inject({ url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    document = response.json();
  });

  it('serves Swagger UI at /docs with every asset it references, and no inline script the CSP would block', async () => {
    const page = await t.app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] as string);
    expect(assets).toEqual(expect.arrayContaining(['/docs/static/swagger-ui-bundle.js', '/docs/static/swagger-initializer.js']));
    for (const asset of assets) expect((await t.app.inject({ url: asset })).statusCode, asset).toBe(200);
  });

  it('is an OpenAPI 3.1 document without the operational endpoints', () => {
    expect(document.openapi).toBe('3.1.0');
    const paths = Object.keys(document.paths);
    expect(paths).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    expect(paths.filter((path) => path.startsWith('/metrics') || path.startsWith('/docs'))).toEqual([]);
  });

  it('gives every operation a unique camelCase operationId, a tag and a summary', () => {
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    const ids = operations.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const operation of operations) {
      expect(operation.operationId).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(operation.tags?.length, operation.operationId).toBeGreaterThan(0);
      expect(operation.summary, operation.operationId).toBeTruthy();
    }
  });

  it('passes redocly lint with the repository rules', async () => {
    const report = await redoclyLint(document);
    const errors = report.problems.filter((problem) => problem.severity === 'error');
    expect(errors.map(({ ruleId, message, location }) => `${ruleId} at ${location[0]?.pointer}: ${message}`)).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });
});
