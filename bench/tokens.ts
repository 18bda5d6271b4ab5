/** HS256 access tokens as the API signs them (issuer, audience, role), and each bench user's API key, for load generators. */
import { createHmac } from 'node:crypto';
import { API_KEY_PREFIX } from '../src/services/api-keys.js';
import { BENCH_JWT_SECRET, JWT_AUDIENCE, JWT_ISSUER } from './volume.js';

export function signAccessToken(sub: string, secret = BENCH_JWT_SECRET, ttlSeconds = 86_400): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub, role: 'user', iat: now, exp: now + ttlSeconds, iss: JWT_ISSUER, aud: JWT_AUDIENCE };
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** The bench user's one API key (write scope): derived from the user id, so the seed stores its hash and the workload sends it. */
export const benchApiKey = (userId: string): string =>
  `${API_KEY_PREFIX}${createHmac('sha256', BENCH_JWT_SECRET).update(`api-key:${userId}`).digest('base64url')}`;
