/**
 * Scopes on every route family, read from the OpenAPI document so a new operation is covered as
 * soon as it exists: a read key may call every GET and no other method; no API key may manage keys.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileBody } from '../business/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { useTestUser } from '../helpers/users.js';
import { createApiKey } from './helpers.js';

/** Whether the answer refused the key itself (a 403 forbidden for want of the admin role is the user's). */
const refusedKey = (response: { statusCode: number; body: string }) =>
  response.statusCode === 401 || (response.statusCode === 403 && response.body.includes('"insufficient_scope"'));

interface Operation {
  method: string;
  url: string;
  secured: boolean;
}

describe('API key scopes on every operation', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  let operations: Operation[];
  let readKey: string;
  let writeKey: string;

  beforeAll(async () => {
    const document = (await t.app.inject({ url: '/docs/json' })).json<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>();
    operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          method: method.toUpperCase(),
          url: path.replaceAll(/\{[^}]+\}/g, randomUUID()),
          secured: (operation.security?.length ?? 0) > 0,
        })),
      );
    readKey = (await createApiKey(t.app, user.token, { scope: 'read' })).key;
    writeKey = (await createApiKey(t.app, user.token, { scope: 'write' })).key;
  });

  it('refuses a read key on every protected write, before validating its (absent) body', async () => {
    const writes = operations.filter(({ method, secured }) => secured && method !== 'GET');
    expect(writes.length).toBeGreaterThan(20);
    for (const { method, url } of writes) {
      const response = await t.app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${readKey}` } });
      expect([response.statusCode, response.json().code], `${method} ${url}`).toEqual([403, 'insufficient_scope']);
      expect(response.headers['www-authenticate'], `${method} ${url}`).toBe('Bearer realm="invoice-api", error="insufficient_scope"');
    }
  });

  it('lets a read key through on every GET outside key management', async () => {
    const reads = operations.filter(({ method, url, secured }) => secured && method === 'GET' && !url.startsWith('/api/v1/api-keys'));
    for (const { url } of reads) {
      const response = await t.app.inject({ url, headers: { authorization: `Bearer ${readKey}` } });
      expect(refusedKey(response), `GET ${url}: ${response.body}`).toBe(false);
    }
  });

  it('answers a read key 200 on the GET of every route family that needs no id', async () => {
    await call(t.app, { method: 'PUT', url: '/api/v1/business', token: user.token, body: profileBody() }, 200);
    // Not 200 for reasons of their own: no logo was uploaded; the user list is for admins.
    const notOk: Record<string, number> = { '/api/v1/business/logo': 404, '/api/v1/users': 403 };
    const reads = operations.filter(({ method, url, secured }) => secured && method === 'GET' && !/[0-9a-f]{8}-/.test(url) && !url.startsWith('/api/v1/api-keys'));
    expect(reads.map(({ url }) => url)).toEqual(expect.arrayContaining(['/api/v1/emails', '/api/v1/recurring-invoices', '/api/v1/exports/invoices.csv', '/api/v1/reports/aging']));
    for (const { url } of reads) {
      const range = url.startsWith('/api/v1/reports/') ? '?from=2026-01-01&to=2026-12-31' : '';
      const response = await t.app.inject({ url: `${url}${range}`, headers: { authorization: `Bearer ${readKey}` } });
      expect(response.statusCode, `GET ${url}: ${response.body}`).toBe(notOk[url] ?? 200);
    }
  });

  it('refuses every API key on key management, and lets a write key do everything else', async () => {
    const management = operations.filter(({ url }) => url.startsWith('/api/v1/api-keys'));
    expect(management).toHaveLength(4);
    for (const { method, url } of management) {
      for (const key of [readKey, writeKey]) {
        const response = await t.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${key}` } });
        expect([response.statusCode, response.json().code], `${method} ${url}`).toEqual([403, 'insufficient_scope']);
      }
    }
    for (const { method, url } of operations.filter(({ secured, url }) => secured && !url.startsWith('/api/v1/api-keys'))) {
      const response = await t.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${writeKey}` } });
      expect(refusedKey(response), `${method} ${url}: ${response.body}`).toBe(false);
    }
  });
});
