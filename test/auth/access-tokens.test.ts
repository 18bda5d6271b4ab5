import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, useTestApp } from '../helpers/app.js';
import { createUser } from '../helpers/users.js';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT assembled by hand, so every part can be wrong on purpose. */
function jwt(payload: object, { secret, alg = 'HS256' }: { secret: string; alg?: string }) {
  const unsigned = `${base64url({ alg, typ: 'JWT' })}.${base64url(payload)}`;
  const signature = alg === 'none' ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

describe('access tokens', () => {
  const t = useTestApp();
  let userId: string;
  let claims: () => Record<string, unknown>;
  const secret = () => t.config.JWT_ACCESS_SECRET;
  const me = (token: string, status: number) => call(t.app, { method: 'GET', url: '/api/v1/users/me', token }, status);

  beforeAll(async () => {
    userId = (await createUser(t.app)).id;
    const now = Math.floor(Date.now() / 1_000);
    claims = () => ({ sub: userId, role: 'user', iat: now, exp: now + 60, iss: t.config.JWT_ISSUER, aud: t.config.JWT_AUDIENCE });
  });

  it('accepts a well-formed token (the control for the cases below)', async () => {
    await me(jwt(claims(), { secret: secret() }), 200);
  });

  it('signs access tokens with HS256, sub, role, iat, exp, iss and aud', async () => {
    const token = t.app.signAccessToken({ id: userId, role: 'user' });
    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'HS256' });
    expect(payload).toEqual({
      sub: userId,
      role: 'user',
      iat: expect.any(Number),
      exp: payload.iat + t.config.JWT_ACCESS_TTL,
      iss: t.config.JWT_ISSUER,
      aud: t.config.JWT_AUDIENCE,
    });
  });

  const rejected: [string, () => string][] = [
    ['no token', () => ''],
    ['an expired token', () => jwt({ ...claims(), exp: Math.floor(Date.now() / 1_000) - 10 }, { secret: secret() })],
    ['a token signed with another secret', () => jwt(claims(), { secret: 'another-secret-that-is-long-enough-0123456789' })],
    ['an unsigned token (alg none)', () => jwt(claims(), { secret: secret(), alg: 'none' })],
    ['a token for another audience', () => jwt({ ...claims(), aud: 'someone-else' }, { secret: secret() })],
    ['a token from another issuer', () => jwt({ ...claims(), iss: 'someone-else' }, { secret: secret() })],
    ['a token without sub', () => jwt({ ...claims(), sub: undefined }, { secret: secret() })],
    ['a token without exp', () => jwt({ ...claims(), exp: undefined }, { secret: secret() })],
    ['a token without iss', () => jwt({ ...claims(), iss: undefined }, { secret: secret() })],
    ['a token without aud', () => jwt({ ...claims(), aud: undefined }, { secret: secret() })],
    ['garbage', () => 'not.a.jwt'],
  ];
  it.each(rejected)('rejects %s with 401 unauthorized', async (_name, token) => {
    const { body, response } = await me(token(), 401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(body).toMatchObject({ status: 401, code: 'unauthorized' });
    // RFC 6750: invalid_token only when a token was sent.
    const challenge = token() === '' ? 'Bearer realm="invoice-api"' : 'Bearer realm="invoice-api", error="invalid_token"';
    expect(response.headers['www-authenticate']).toBe(challenge);
  });

  it('rejects a valid token whose user no longer exists with 401', async () => {
    const gone = await createUser(t.app);
    await t.app.db.deleteFrom('users').where('id', '=', gone.id).execute();
    const { body, response } = await me(gone.token, 401);
    expect(body.code).toBe('unauthorized');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="invoice-api", error="invalid_token"');
  });
});
