import type { ApiKeyWithSecret } from '../../schemas/api-keys.js';
import type { App } from '../../src/app.js';
import { call } from '../helpers/app.js';

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
