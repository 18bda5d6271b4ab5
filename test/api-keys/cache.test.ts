/**
 * The cache of verified keys answers as the database would: a cached key past its expiresAt, a
 * read key's write and a key deleted on this instance are refused from the cache path itself, and
 * a role change reaches the user's cached keys (on PostgreSQL the app listens, so its LISTEN
 * connection turns the cache on).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../clients/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, useTestUser } from '../helpers/users.js';
import { setUserRole } from '../../src/services/users.js';
import { callFromCache, createApiKey, keyLookups, useUntilCached } from './helpers.js';

describe('the cache of verified API keys', () => {
  const t = useTestApp();
  const user = useTestUser(t);

  beforeAll(async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    await createApiKey(t.app, user.token); // the route's first answer (compiling) is not part of a key's short life below
  });

  it('refuses a cached key once its expiresAt has passed: 401 invalid_token', async () => {
    const expiresAt = Date.now() + 4_000;
    const apiKey = await createApiKey(t.app, user.token, { expiresAt: new Date(expiresAt).toISOString() });
    await useUntilCached(t.app, apiKey.key);
    await new Promise((resolve) => setTimeout(resolve, expiresAt + 50 - Date.now()));
    const misses = await keyLookups(t.app, 'miss');
    const { body, response } = await callFromCache(t.app, apiKey.key, { method: 'GET', url: '/api/v1/clients' }, 401);
    expect((body as unknown as Problem).code).toBe('unauthorized');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="invoice-api", error="invalid_token"');
    // Forgotten: the next use reads the database, which refuses it too.
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: apiKey.key }, 401);
    expect(await keyLookups(t.app, 'miss')).toBe(misses + 1);
  });

  it('refuses a cached read key a write: 403 insufficient_scope, nothing written', async () => {
    const apiKey = await createApiKey(t.app, user.token, { scope: 'read' });
    await useUntilCached(t.app, apiKey.key);
    const clients = () => t.app.db.selectFrom('clients').select('id').where('user_id', '=', user.id).execute();
    const before = await clients();
    const { body, response } = await callFromCache(t.app, apiKey.key, { method: 'POST', url: '/api/v1/clients' }, 403);
    expect((body as unknown as Problem).code).toBe('insufficient_scope');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="invoice-api", error="insufficient_scope"');
    expect(await clients()).toEqual(before);
  });

  it('forgets a key deleted on this instance the moment the deletion commits', async () => {
    const apiKey = await createApiKey(t.app, user.token);
    const kept = await createApiKey(t.app, user.token);
    await useUntilCached(t.app, apiKey.key);
    await call(t.app, { method: 'DELETE', url: `/api/v1/api-keys/${apiKey.id}`, token: user.token }, 204);
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: apiKey.key }, 401);
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: kept.key }, 200);
  });

  it("forgets a user's cached keys when the user's role changes: the key acts with the new role at once", async () => {
    const admin = await createUser(t.app);
    const apiKey = await createApiKey(t.app, admin.token);
    await call(t.app, { method: 'GET', url: '/api/v1/users', token: apiKey.key }, 403);
    await useUntilCached(t.app, apiKey.key);
    await t.app.unitOfWork.run((trx) => setUserRole(trx, admin.email, 'admin'));
    await call(t.app, { method: 'GET', url: '/api/v1/users', token: apiKey.key }, 200);
  });
});
