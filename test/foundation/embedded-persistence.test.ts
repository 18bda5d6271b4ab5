import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../base/config.js';
import { testConfig } from '../helpers/config.js';
import { temporaryDirectory } from '../helpers/databases.js';
import { createUser } from '../helpers/users.js';

// Always the embedded database (no DATABASE_URL), whichever mode the suite runs in.
describe('embedded database on disk', { timeout: 90_000 }, () => {
  let config: Config;
  beforeAll(async () => {
    config = testConfig({ DATA_DIR: await temporaryDirectory('igp-persist'), MIGRATE_ON_START: true });
  });
  afterAll(() => rm(config.DATA_DIR, { recursive: true, force: true }));

  it('keeps a row across app close and restart', async () => {
    const first = await buildApp(config, { logger: false });
    await first.ready();
    expect(first.dbMode).toBe('embedded');
    const user = await createUser(first);
    await first.close();

    const second = await buildApp(config, { logger: false });
    try {
      await second.ready();
      const row = await second.db.selectFrom('users').select(['id', 'email']).where('id', '=', user.id).executeTakeFirst();
      expect(row).toEqual({ id: user.id, email: user.email });
    } finally {
      await second.close();
    }
  });
});
