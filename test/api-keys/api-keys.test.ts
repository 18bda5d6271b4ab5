import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { ApiKey, ApiKeyWithSecret } from '../../schemas/api-keys.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, useTestUser } from '../helpers/users.js';
import { type Problem, createClient, expectFieldError } from '../clients/helpers.js';
import { createApiKey } from './helpers.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const inFuture = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('API keys', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  const keyRows = () => t.app.db.selectFrom('api_keys').select(['id', 'name', 'scope', 'expires_at']).orderBy('id').execute();

  it('creates a key shown once, stores only its SHA-256, and names it in Location', async () => {
    const expiresAt = inFuture(30);
    const { body, response } = await call<ApiKeyWithSecret>(
      t.app,
      { method: 'POST', url: '/api/v1/api-keys', token: user.token, body: { name: 'Billing sync', scope: 'read', expiresAt } },
      201,
    );
    expect(body).toEqual({
      id: expect.any(String),
      name: 'Billing sync',
      scope: 'read',
      prefix: body.key.slice(0, 11),
      key: expect.stringMatching(/^ik_[A-Za-z0-9_-]{43}$/),
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt,
    });
    expect(response.headers.location).toBe(`/api/v1/api-keys/${body.id}`);
    expect(response.headers['cache-control']).toBe('no-store');
    const row = await t.app.db.selectFrom('api_keys').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: user.id, key_hash: sha256(body.key), prefix: body.prefix, scope: 'read' });
    expect(JSON.stringify(row)).not.toContain(body.key);

    const { body: got } = await call<ApiKey>(t.app, { method: 'GET', url: response.headers.location as string, token: user.token }, 200);
    const { key: _key, ...shown } = body;
    expect(got).toEqual(shown);
    const { body: page } = await call<{ data: ApiKey[] }>(t.app, { method: 'GET', url: '/api/v1/api-keys', token: user.token }, 200);
    expect(page.data[0]).toEqual(shown);
    expect(JSON.stringify(page)).not.toContain(body.key);
  });

  it('authenticates as its user wherever a JWT is accepted', async () => {
    const owner = await createUser(t.app);
    const client = await createClient(t.app, owner.token);
    const { key } = await createApiKey(t.app, owner.token);
    const { body } = await call<{ id: string }>(t.app, { method: 'GET', url: `/api/v1/clients/${client.id}`, token: key }, 200);
    expect(body.id).toBe(client.id);
    const { body: me } = await call<{ id: string }>(t.app, { method: 'GET', url: '/api/v1/users/me', token: key }, 200);
    expect(me.id).toBe(owner.id);
    const { body: created } = await call<{ id: string }>(
      t.app,
      { method: 'POST', url: '/api/v1/clients', token: key, body: { kind: 'customer', companyName: 'Keyed Ltd', currency: 'EUR' } },
      201,
    );
    const row = await t.app.db.selectFrom('clients').select('user_id').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.user_id).toBe(owner.id);
  });

  it("never sees another user's data with its key", async () => {
    const owner = await createUser(t.app);
    const stranger = await createUser(t.app);
    const client = await createClient(t.app, owner.token);
    const ownerKey = await createApiKey(t.app, owner.token);
    const { key } = await createApiKey(t.app, stranger.token);
    const { body: notFound } = await call<Problem>(t.app, { method: 'GET', url: `/api/v1/clients/${client.id}`, token: key }, 404);
    expect(notFound.code).toBe('not_found');
    const { body: page } = await call<{ data: unknown[] }>(t.app, { method: 'GET', url: '/api/v1/clients', token: key }, 200);
    expect(page.data).toEqual([]);
    await call(t.app, { method: 'PATCH', url: `/api/v1/clients/${client.id}`, token: key, body: { companyName: 'Mine now' } }, 404);
    // Nor another user's keys, with a login session.
    await call(t.app, { method: 'GET', url: `/api/v1/api-keys/${ownerKey.id}`, token: stranger.token }, 404);
    await call(t.app, { method: 'DELETE', url: `/api/v1/api-keys/${ownerKey.id}`, token: stranger.token }, 404);
    const { body: strangerKeys } = await call<{ data: ApiKey[] }>(t.app, { method: 'GET', url: '/api/v1/api-keys', token: stranger.token }, 200);
    expect(strangerKeys.data.map((apiKey) => apiKey.id)).not.toContain(ownerKey.id);
    expect(await t.app.db.selectFrom('api_keys').select('id').where('id', '=', ownerKey.id).executeTakeFirst()).toBeDefined();
  });

  it('lets a read key only GET: 403 insufficient_scope before validation, nothing written', async () => {
    const { key } = await createApiKey(t.app, user.token, { scope: 'read' });
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: key }, 200);
    const before = await t.app.db.selectFrom('clients').select('id').execute();
    for (const body of [{ kind: 'customer', companyName: 'Nope', currency: 'EUR' }, { bogus: true }]) {
      const { body: problem, response } = await call<Problem>(t.app, { method: 'POST', url: '/api/v1/clients', token: key, body }, 403);
      expect(problem.code).toBe('insufficient_scope');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="invoice-api", error="insufficient_scope"');
    }
    expect(await t.app.db.selectFrom('clients').select('id').execute()).toEqual(before);
  });

  it('is managed only with a login session: any API key gets 403 insufficient_scope', async () => {
    const writeKey = await createApiKey(t.app, user.token, { scope: 'write' });
    const before = await keyRows();
    for (const [method, url, body] of [
      ['POST', '/api/v1/api-keys', { name: 'Escalation', scope: 'write' }],
      ['GET', '/api/v1/api-keys', undefined],
      ['GET', `/api/v1/api-keys/${writeKey.id}`, undefined],
      ['DELETE', `/api/v1/api-keys/${writeKey.id}`, undefined],
    ] as const) {
      const { body: problem } = await call<Problem>(t.app, { method, url, token: writeKey.key, body }, 403);
      expect(problem.code, `${method} ${url}`).toBe('insufficient_scope');
    }
    expect(await keyRows()).toEqual(before);
  });

  it('stops working at once when deleted, and when expired: 401 invalid_token', async () => {
    const apiKey = await createApiKey(t.app, user.token);
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: apiKey.key }, 200);
    await call(t.app, { method: 'DELETE', url: `/api/v1/api-keys/${apiKey.id}`, token: user.token }, 204);
    const { body, response } = await call<Problem>(t.app, { method: 'GET', url: '/api/v1/clients', token: apiKey.key }, 401);
    expect(body.code).toBe('unauthorized');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="invoice-api", error="invalid_token"');
    await call(t.app, { method: 'DELETE', url: `/api/v1/api-keys/${apiKey.id}`, token: user.token }, 404);

    const expiresAt = Date.now() + 3_000;
    const expiring = await createApiKey(t.app, user.token, { expiresAt: new Date(expiresAt).toISOString() });
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: expiring.key }, 200);
    await new Promise((resolve) => setTimeout(resolve, expiresAt + 50 - Date.now()));
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: expiring.key }, 401);
  });

  it('answers 401 with an RFC 6750 challenge: invalid_token only when a token was sent', async () => {
    const anonymous = await t.app.inject({ url: '/api/v1/clients' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="invoice-api"');
    for (const token of ['not-a-jwt', 'ik_unknownkeyunknownkeyunknownkeyunknownkey1234', 'ik_']) {
      const response = await t.app.inject({ url: '/api/v1/clients', headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode, token).toBe(401);
      expect(response.headers['www-authenticate'], token).toBe('Bearer realm="invoice-api", error="invalid_token"');
    }
  });

  it('writes lastUsedAt on first use, then at most once a minute', async () => {
    const lastUsed = async (id: string) =>
      (await t.app.db.selectFrom('api_keys').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at;
    const fresh = await createApiKey(t.app, user.token);
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: fresh.key }, 200);
    const first = await lastUsed(fresh.id);
    expect(first).not.toBeNull();
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: fresh.key }, 200);
    expect(await lastUsed(fresh.id)).toBe(first);
    const { body } = await call<ApiKey>(t.app, { method: 'GET', url: `/api/v1/api-keys/${fresh.id}`, token: user.token }, 200);
    expect(body.lastUsedAt).toBe(first);

    // Last used 59 s ago (before this instance ever saw it, cache or not): not yet written again,
    // then written once the minute is up, then not again.
    const seasoned = await createApiKey(t.app, user.token);
    await t.app.db.updateTable('api_keys').set({ last_used_at: sql<string>`now() - interval '59 seconds'` }).where('id', '=', seasoned.id).execute();
    const aged = await lastUsed(seasoned.id);
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: seasoned.key }, 200);
    expect(await lastUsed(seasoned.id)).toBe(aged);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: seasoned.key }, 200);
    const renewed = await lastUsed(seasoned.id);
    expect(Date.parse(renewed as string)).toBeGreaterThan(Date.parse(aged as string) + 60_000);
    await call(t.app, { method: 'GET', url: '/api/v1/clients', token: seasoned.key }, 200);
    expect(await lastUsed(seasoned.id)).toBe(renewed);
  });

  it('refuses every bad input with a 400 naming it, and stores nothing', async () => {
    const before = await keyRows();
    const cases: [Record<string, unknown>, string][] = [
      [{ scope: 'write' }, '/name'],
      [{ name: '', scope: 'write' }, '/name'],
      [{ name: '   ', scope: 'write' }, '/name'],
      [{ name: 'x'.repeat(101), scope: 'write' }, '/name'],
      [{ name: 'Key' }, '/scope'],
      [{ name: 'Key', scope: 'admin' }, '/scope'],
      [{ name: 'Key', scope: 'write', expiresAt: 'tomorrow' }, '/expiresAt'],
      [{ name: 'Key', scope: 'write', expiresAt: '2020-01-01T00:00:00Z' }, '/expiresAt'],
      [{ name: 'Key', scope: 'write', expiresAt: '2099-06-30T23:59:60Z' }, '/expiresAt'],
      [{ name: 'Key', scope: 'write', key: 'ik_chosen' }, '/key'],
    ];
    for (const [body, path] of cases) {
      const { body: problem } = await call<Problem>(t.app, { method: 'POST', url: '/api/v1/api-keys', token: user.token, body }, 400);
      expectFieldError(problem, path);
    }
    const { body: keyed } = await call<Problem>(
      t.app,
      {
        method: 'POST',
        url: '/api/v1/api-keys',
        token: user.token,
        body: { name: 'Key', scope: 'write' },
        headers: { 'idempotency-key': randomUUID() },
      },
      400,
    );
    expectFieldError(keyed, '/headers/idempotency-key');
    await call(t.app, { method: 'GET', url: '/api/v1/api-keys/not-a-uuid', token: user.token }, 404);
    await call(t.app, { method: 'GET', url: '/api/v1/api-keys?limit=0', token: user.token }, 400);
    await call(t.app, { method: 'GET', url: '/api/v1/api-keys?cursor=garbage!', token: user.token }, 400);
    expect(await keyRows()).toEqual(before);
  });

  it('pages the list newest first', async () => {
    const owner = await createUser(t.app);
    const created = [];
    for (let index = 0; index < 3; index += 1) created.push((await createApiKey(t.app, owner.token, { name: `Key ${index}` })).id);
    const seen: string[] = [];
    let url = '/api/v1/api-keys?limit=2';
    for (;;) {
      const { body } = await call<{ data: ApiKey[]; nextCursor: string | null }>(t.app, { method: 'GET', url, token: owner.token }, 200);
      seen.push(...body.data.map((apiKey) => apiKey.id));
      if (!body.nextCursor) break;
      url = `/api/v1/api-keys?limit=2&cursor=${body.nextCursor}`;
    }
    const rows = await t.app.db
      .selectFrom('api_keys')
      .select('id')
      .where('user_id', '=', owner.id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    expect(seen).toEqual(rows.map((row) => row.id));
    expect([...seen].sort()).toEqual([...created].sort());
  });
});
