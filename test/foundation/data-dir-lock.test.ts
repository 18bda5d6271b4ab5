import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUseError } from '../../db/data-dir-lock.js';
import { createDatabase } from '../../db/database.js';
import { testConfig } from '../helpers/config.js';
import { temporaryDirectory } from '../helpers/databases.js';
import { runToExit, spawnServer } from './server-process.js';

const lockFile = (dir: string) => join(dir, 'invoice-api.lock');

// Each open initialises a fresh embedded cluster: seconds each on a busy machine.
describe('embedded data directory lock', { timeout: 90_000 }, () => {
  let dir: string;
  const open = () => createDatabase({ ...testConfig(), DATABASE_URL: undefined, DATA_DIR: dir });
  beforeEach(async () => {
    dir = await temporaryDirectory('igp-lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a second opener while the first holds the directory, and frees it on close', async () => {
    const first = open();
    await sql`select 1`.execute(first.db);
    expect(open).toThrow(DataDirInUseError);
    await first.db.destroy();
    expect(existsSync(lockFile(dir))).toBe(false);
    const second = open();
    await sql`select 1`.execute(second.db);
    await second.db.destroy();
  });

  it('frees the directory on close even when no query ever ran', async () => {
    await open().db.destroy();
    await open().db.destroy();
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(lockFile(dir), String(gone));
    const database = open();
    await sql`select 1`.execute(database.db);
    await database.db.destroy();
  });

  it('takes over a lock naming this very pid that this process does not hold (a restarted container pid 1)', async () => {
    writeFileSync(lockFile(dir), String(process.pid));
    const database = open();
    expect(open).toThrow(DataDirInUseError);
    await database.db.destroy();
  });

  it('stops a second server on the same directory with one clear line, before it writes anything', async () => {
    const holder = open();
    try {
      const { code, stderr } = await runToExit(
        spawnServer(dir, { DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'test' }),
      );
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Cannot start: .*in use by process \d+/)]);
    } finally {
      await holder.db.destroy();
    }
  });
});
