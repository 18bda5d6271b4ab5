import type { Counter } from 'prom-client';
import { expect } from 'vitest';
import type { ApiKeyWithSecret } from '../../schemas/api-keys.js';
import type { App } from '../../src/app.js';
import type { CacheLookup } from '../../src/services/api-key-cache.js';
import { call } from '../helpers/app.js';
import { eventually } from '../webhooks/helpers.js';

/** Creates an API key with a login session's `token` and returns it with its secret. */
export async function createApiKey(
  app: App,
  token: string,
  body: { name?: string; scope?: 'read' | 'write'; expiresAt?: string | null } = {},
): Promise<ApiKeyWithSecret> {
  const { body: created } = await call<ApiKeyWithSecret>(
    app,
    { method: 'POST', url: '/api/v1/api-keys', token, body: { name: 'CI integration', scope: 'write', ...body } },
    201,
  );
  return created;
}

/** How many of `app`'s API key verifications so far were answered by `result` (its metrics). */
export async function keyLookups(app: App, result: CacheLookup): Promise<number> {
  const counter = app.metricsRegistry.getSingleMetric('invoice_api_api_key_lookups_total') as Counter;
  return (await counter.get()).values.find((value) => value.labels.result === result)?.value ?? 0;
}

/** Sends `request` with `key` and asserts that `app` verified the key from its cache. */
export async function callFromCache(app: App, key: string, request: { method: 'GET' | 'POST'; url: string }, status: number) {
  const hits = await keyLookups(app, 'hit');
  const answer = await call(app, { ...request, token: key }, status);
  expect(await keyLookups(app, 'hit'), `${request.method} ${request.url} was not answered from the key cache`).toBe(hits + 1);
  return answer;
}

/**
 * Uses `key` on `app` until `app` answers it from its cache: at once on the embedded database, once
 * the LISTEN connection is up on PostgreSQL (the app must listen).
 */
export async function useUntilCached(app: App, key: string, url = '/api/v1/clients'): Promise<void> {
  await eventually(async () => {
    const hits = await keyLookups(app, 'hit');
    await call(app, { method: 'GET', url, token: key }, 200);
    return (await keyLookups(app, 'hit')) > hits;
  }, 10_000);
}
