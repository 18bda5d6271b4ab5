import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { LISTENER_APPLICATION_NAME } from '../../src/jobs/listener.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { testDatabaseUrl } from '../helpers/databases.js';
import { createUser } from '../helpers/users.js';
import { eventually } from '../webhooks/helpers.js';
import { callFromCache, createApiKey, keyLookups, useUntilCached } from './helpers.js';

/** How long another instance may still take a deleted key: the NOTIFY's way to it. */
const REVOCATION_BOUND_MS = 2_000;

/** Polls `app` with `key` until it answers 401; returns how long that took. */
async function refusedWithin(app: App, key: string, boundMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const response = await app.inject({ url: '/api/v1/clients', headers: { authorization: `Bearer ${key}` } });
    if (response.statusCode === 401) {
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
      return Date.now() - started;
    }
    expect(response.statusCode).toBe(200);
    if (Date.now() - started > boundMs) throw new Error(`the key still worked ${boundMs} ms after its deletion`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Two instances share one PostgreSQL database, each with its cache of verified keys and its LISTEN
// connection; the embedded one serves one process only.
describe.skipIf(!testDatabaseUrl)('API key revocation across two instances', () => {
  let t: TestApp;
  let second: App;

  beforeAll(async () => {
    t = await createTestApp();
    second = await buildApp(t.config, { logger: false });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    await second.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('a key deleted on one instance is refused by the other, which had it cached, within 2 s', async () => {
    const user = await createUser(t.app);
    const apiKey = await createApiKey(t.app, user.token);
    await useUntilCached(t.app, apiKey.key);
    await useUntilCached(second, apiKey.key);
    await callFromCache(second, apiKey.key, { method: 'GET', url: '/api/v1/clients' }, 200);

    await call(t.app, { method: 'DELETE', url: `/api/v1/api-keys/${apiKey.id}`, token: user.token }, 204);
    await refusedWithin(t.app, apiKey.key, 0);
    await refusedWithin(second, apiKey.key, REVOCATION_BOUND_MS);
  });

  it('bypasses the cache while its LISTEN connection is down, so a revocation it could not hear still counts', async () => {
    const user = await createUser(t.app);
    const apiKey = await createApiKey(t.app, user.token);
    await useUntilCached(second, apiKey.key);

    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`.execute(t.app.db);
    // Until the connection is back (it retries after 500 ms) every verification reads the database.
    await eventually(async () => {
      const bypassed = await keyLookups(second, 'bypass');
      await call(second, { method: 'GET', url: '/api/v1/clients', token: apiKey.key }, 200);
      return (await keyLookups(second, 'bypass')) > bypassed;
    }, 5_000);
    await call(t.app, { method: 'DELETE', url: `/api/v1/api-keys/${apiKey.id}`, token: user.token }, 204);
    await refusedWithin(second, apiKey.key, 0);

    // Back on the cache once it listens again.
    const other = await createApiKey(t.app, user.token);
    await useUntilCached(second, other.key);
  });
});
