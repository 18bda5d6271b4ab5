import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, useTestApp } from '../helpers/app.js';
import { login, PASSWORD, refresh, refreshCookie, register } from './sessions.js';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

describe('refresh tokens', () => {
  const t = useTestApp();

  const tokenRow = (token: string) =>
    t.app.db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirstOrThrow();
  const logout = (body: unknown, status: number, headers?: Record<string, string>) =>
    call(t.app, { method: 'POST', url: '/api/v1/auth/logout', body, ...(headers ? { headers } : {}) }, status);

  it('stores only the SHA-256 of a token, expiring after JWT_REFRESH_TTL', async () => {
    const { refreshToken, user } = await register(t.app);
    const row = await tokenRow(refreshToken);
    expect(row).toMatchObject({ user_id: user.id, revoked_at: null });
    const ttl = (Date.parse(row.expires_at) - Date.parse(row.created_at)) / 1_000;
    expect(ttl).toBeGreaterThan(t.config.JWT_REFRESH_TTL - 5);
    expect(ttl).toBeLessThan(t.config.JWT_REFRESH_TTL + 5);
    const plain = await t.app.db.selectFrom('refresh_tokens').select('id').where('token_hash', '=', refreshToken).execute();
    expect(plain).toEqual([]);
  });

  it('rotates: a new pair, the presented token revoked, its successor in the same family', async () => {
    const session = await register(t.app);
    const { body, response } = await refresh(t.app, session.refreshToken, 200);
    expect(body).toEqual({
      user: session.user,
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresIn: t.config.JWT_ACCESS_TTL,
    });
    expect(body.refreshToken).not.toBe(session.refreshToken);
    expect(refreshCookie(response).value).toBe(body.refreshToken);
    const [old, next] = await Promise.all([tokenRow(session.refreshToken), tokenRow(body.refreshToken)]);
    expect(old.revoked_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(next).toMatchObject({ family_id: old.family_id, revoked_at: null });
    await call(t.app, { method: 'GET', url: '/api/v1/users/me', token: body.accessToken }, 200);
    await refresh(t.app, body.refreshToken, 200);
  });

  it('treats reuse of a rotated token as theft: 401, and the newest token of the family dies too', async () => {
    const session = await register(t.app);
    const other = await login(t.app, session.user.email, PASSWORD, 200);
    const { body: rotated } = await refresh(t.app, session.refreshToken, 200);
    const { body: problem } = await refresh(t.app, session.refreshToken, 401);
    expect(problem).toMatchObject({ status: 401, code: 'unauthorized' });
    await refresh(t.app, rotated.refreshToken, 401);
    const family = await t.app.db
      .selectFrom('refresh_tokens')
      .select('revoked_at')
      .where('family_id', '=', (await tokenRow(session.refreshToken)).family_id)
      .execute();
    expect(family.every((row) => row.revoked_at !== null)).toBe(true);
    // The login of another device is a different family and keeps working.
    await refresh(t.app, other.body.refreshToken, 200);
  });

  it('lets one of two concurrent refreshes win; the loser counts as reuse and kills the winner’s token', async () => {
    const session = await register(t.app);
    const responses = await Promise.all([0, 1].map(() => t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: session.refreshToken },
    })));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 401]);
    const winner = responses.find((response) => response.statusCode === 200);
    const { refreshToken } = winner?.json() as { refreshToken: string };
    await refresh(t.app, refreshToken, 401);
    expect((await tokenRow(refreshToken)).revoked_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('refreshes with the cookie alone, and with an empty body next to the cookie', async () => {
    const session = await register(t.app);
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      cookies: { refresh_token: session.refreshToken },
    });
    expect(first.statusCode).toBe(200);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: {},
      cookies: { refresh_token: first.json<{ refreshToken: string }>().refreshToken },
    });
    expect(second.statusCode).toBe(200);
  });

  describe('answers 401 unauthorized', () => {
    it('without any token', async () => {
      const { body } = await call(t.app, { method: 'POST', url: '/api/v1/auth/refresh' }, 401);
      expect(body.code).toBe('unauthorized');
    });

    it('for an unknown token', async () => {
      const { body } = await refresh(t.app, 'x'.repeat(43), 401);
      expect(body.code).toBe('unauthorized');
    });

    it('for an expired token, without touching its family', async () => {
      const session = await register(t.app);
      await t.app.db
        .updateTable('refresh_tokens')
        .set({ expires_at: new Date(Date.now() - 1_000) })
        .where('token_hash', '=', sha256(session.refreshToken))
        .execute();
      await refresh(t.app, session.refreshToken, 401);
      expect((await tokenRow(session.refreshToken)).revoked_at).toBeNull();
    });
  });

  it('rejects a body with unknown properties with 400 and leaves the token usable', async () => {
    const session = await register(t.app);
    const { body } = await call(
      t.app,
      { method: 'POST', url: '/api/v1/auth/refresh', body: { refreshToken: session.refreshToken, extra: 1 } },
      400,
    );
    expect(body.code).toBe('validation_failed');
    expect((await tokenRow(session.refreshToken)).revoked_at).toBeNull();
    await refresh(t.app, session.refreshToken, 200);
  });

  describe('logout', () => {
    it('answers 204 with no body, revokes the whole family, and a later refresh gets 401', async () => {
      const session = await register(t.app);
      const { body: rotated } = await refresh(t.app, session.refreshToken, 200);
      const { response } = await logout({ refreshToken: rotated.refreshToken }, 204);
      expect(response.body).toBe('');
      const family = await t.app.db
        .selectFrom('refresh_tokens')
        .select('revoked_at')
        .where('family_id', '=', (await tokenRow(rotated.refreshToken)).family_id)
        .execute();
      expect(family).toHaveLength(2);
      expect(family.every((row) => row.revoked_at !== null)).toBe(true);
      await refresh(t.app, rotated.refreshToken, 401);
    });

    it('works with the cookie alone', async () => {
      const session = await register(t.app);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        cookies: { refresh_token: session.refreshToken },
      });
      expect(response.statusCode).toBe(204);
      await refresh(t.app, session.refreshToken, 401);
    });

    it('answers 401 for an unknown, a revoked or a missing token', async () => {
      const session = await register(t.app);
      await logout({ refreshToken: session.refreshToken }, 204);
      for (const body of [{ refreshToken: session.refreshToken }, { refreshToken: 'unknown' }, undefined]) {
        const { body: problem } = await logout(body, 401);
        expect(problem.code).toBe('unauthorized');
      }
    });

    it('rejects unknown properties with 400 and revokes nothing', async () => {
      const session = await register(t.app);
      const { body } = await logout({ refreshToken: session.refreshToken, all: true }, 400);
      expect(body.code).toBe('validation_failed');
      expect((await tokenRow(session.refreshToken)).revoked_at).toBeNull();
    });
  });
});
