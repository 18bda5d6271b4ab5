import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pruneExpiredRefreshTokens } from '../../plugins/expired-rows.js';
import { pruneExpiredPasswordResets } from '../../src/services/password-resets.js';
import { hashRefreshToken } from '../../src/services/refresh-tokens.js';
import { call, useTestApp } from '../helpers/app.js';
import { countRows, refresh, register } from './sessions.js';

describe('pruneExpiredRefreshTokens', () => {
  const t = useTestApp();

  const revokedAt = async (token: string) =>
    (
      await t.app.db
        .selectFrom('refresh_tokens')
        .select('revoked_at')
        .where('token_hash', '=', hashRefreshToken(token))
        .executeTakeFirst()
    )?.revoked_at;

  it('deletes expired tokens and keeps live and revoked-but-unexpired ones', async () => {
    const live = await register(t.app);
    const loggedOut = await register(t.app);
    await call(t.app, { method: 'POST', url: '/api/v1/auth/logout', body: { refreshToken: loggedOut.refreshToken } }, 204);
    const expired = await register(t.app);
    await t.app.db
      .updateTable('refresh_tokens')
      .set({ expires_at: new Date(Date.now() - 1_000) })
      .where('token_hash', '=', hashRefreshToken(expired.refreshToken))
      .execute();

    expect(await t.app.unitOfWork.run((trx) => pruneExpiredRefreshTokens(trx))).toBe(1);
    expect(await countRows(t.app, 'refresh_tokens')).toBe(2);
    expect(await revokedAt(expired.refreshToken)).toBeUndefined();
    // A revoked token stays until it expires, so presenting it again is still recognised as reuse.
    expect(await revokedAt(loggedOut.refreshToken)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    await refresh(t.app, live.refreshToken, 200);
  });

  it('deletes every token once all have expired, revoked ones included', async () => {
    const afterEveryExpiry = new Date(Date.now() + (t.config.JWT_REFRESH_TTL + 60) * 1_000);
    expect(await t.app.unitOfWork.run((trx) => pruneExpiredRefreshTokens(trx, afterEveryExpiry))).toBeGreaterThan(0);
    expect(await countRows(t.app, 'refresh_tokens')).toBe(0);
  });
});

describe('pruneExpiredPasswordResets', () => {
  const t = useTestApp();

  it('deletes expired resets, used or not, and keeps live ones', async () => {
    const { user } = await register(t.app);
    const reset = (minutes: number, used: boolean) => ({
      id: randomUUID(),
      user_id: user.id,
      token_hash: randomBytes(32).toString('hex'),
      expires_at: new Date(Date.now() + minutes * 60_000),
      used_at: used ? new Date() : null,
    });
    const live = reset(30, false);
    const usedButLive = reset(20, true);
    await t.app.db.insertInto('password_resets').values([live, usedButLive, reset(-1, false), reset(-5, true)]).execute();

    expect(await t.app.unitOfWork.run((trx) => pruneExpiredPasswordResets(trx))).toBe(2);
    const left = await t.app.db.selectFrom('password_resets').select('id').orderBy('expires_at', 'desc').execute();
    expect(left.map(({ id }) => id)).toEqual([live.id, usedButLive.id]);
  });
});
