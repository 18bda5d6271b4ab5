import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { testDatabaseUrl } from '../helpers/databases.js';
import { createUser } from '../helpers/users.js';
import { createApiKey } from './helpers.js';

// Two instances share one PostgreSQL database; the embedded one serves one process only.
describe.skipIf(!testDatabaseUrl)('API key revocation across two instances', () => {
  let t: TestApp;
  let second: App;

  beforeAll(async () => {
    t = await createTestApp();
    second = await buildApp(t.config, { logger: false });
    await second.ready();
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('a key deleted on one instance is refused by the other on its very next request', async () => {
    const user = await createUser(t.app);
    const apiKey = await createApiKey(t.app, user.token);
    for (let index = 0; index < 3; index += 1) await call(second, { method: 'GET', url: '/api/v1/clients', token: apiKey.key }, 200);
    await call(t.app, { method: 'DELETE', url: `/api/v1/api-keys/${apiKey.id}`, token: user.token }, 204);
    const { response } = await call(second, { method: 'GET', url: '/api/v1/clients', token: apiKey.key }, 401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  });
});
