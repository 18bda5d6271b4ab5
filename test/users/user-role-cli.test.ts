import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../../db/database.js';
import { cloneTemplate } from '../helpers/databases.js';
import { testConfig } from '../helpers/config.js';
import { uniqueEmail } from '../auth/sessions.js';

const run = promisify(execFile);

/** Runs `npm run user:role` (its script, minus npm) against the given database. */
async function userRole(settings: { DATABASE_URL?: string; DATA_DIR: string }, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/user-role.ts', ...args], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: settings.DATABASE_URL ?? '', DATA_DIR: settings.DATA_DIR },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('npm run user:role', () => {
  let database: Awaited<ReturnType<typeof cloneTemplate>>;
  const email = uniqueEmail();
  // The embedded database allows one process at a time, so the test opens it only between runs.
  const withDb = async <T>(use: (db: ReturnType<typeof createDatabase>['db']) => Promise<T>) => {
    const { db } = createDatabase(testConfig(database.settings));
    try {
      return await use(db);
    } finally {
      await db.destroy();
    }
  };
  const roleOf = (address: string) =>
    withDb(async (db) => (await db.selectFrom('users').select('role').where('email', '=', address).executeTakeFirst())?.role);

  beforeAll(async () => {
    database = await cloneTemplate(inject('databaseTemplate'));
    await withDb((db) => db.insertInto('users').values({ email, password_hash: 'not-a-hash' }).execute());
  });
  afterAll(() => database.dispose());

  it('makes a user an admin (email matched case-insensitively) and prints one line', async () => {
    const result = await userRole(database.settings, ` ${email.toUpperCase()} `, 'admin');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim().split('\n')).toEqual([expect.stringContaining(`${email} (`)]);
    expect(result.stdout).toContain('admin');
    expect(await roleOf(email)).toBe('admin');
  });

  it('fails with a clear message for an unknown email and changes nothing', async () => {
    const result = await userRole(database.settings, 'nobody@example.test', 'admin');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No user with email nobody@example.test');
    expect(await roleOf(email)).toBe('admin');
  });

  it('fails with a clear message for an unknown role', async () => {
    const result = await userRole(database.settings, email, 'superuser');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown role "superuser": use one of user, admin');
    expect(await roleOf(email)).toBe('admin');
  });
});
