import { describe, expect, it } from 'vitest';
import type { User } from '../../schemas/users.js';
import { call, useTestApp } from '../helpers/app.js';
import { login, PASSWORD, refresh, register, uniqueEmail } from '../auth/sessions.js';

describe('/users/me', () => {
  const t = useTestApp();

  const patch = (token: string, body: unknown, status: number) =>
    call<User & Record<string, unknown>>(t.app, { method: 'PATCH', url: '/api/v1/users/me', token, body }, status);
  const userRow = (id: string) => t.app.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('GET returns the user without any hash', async () => {
    const session = await register(t.app, { name: 'Ada' });
    const { body } = await call(t.app, { method: 'GET', url: '/api/v1/users/me', token: session.accessToken }, 200);
    expect(body).toEqual(session.user);
    expect(Object.keys(body).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'role', 'updatedAt']);
    expect(JSON.stringify(body)).not.toMatch(/hash|password/i);
  });

  it('GET without a token answers 401', async () => {
    const { body } = await call(t.app, { method: 'GET', url: '/api/v1/users/me' }, 401);
    expect(body.code).toBe('unauthorized');
  });

  it('PATCH changes the name without a password, and null clears it', async () => {
    const session = await register(t.app, { name: 'Ada' });
    const { body } = await patch(session.accessToken, { name: 'Ada Lovelace' }, 200);
    expect(body).toMatchObject({ ...session.user, name: 'Ada Lovelace', updatedAt: expect.any(String) });
    expect(Date.parse(body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(session.user.updatedAt));
    const { body: cleared } = await patch(session.accessToken, { name: null }, 200);
    expect(cleared.name).toBeNull();
  });

  it.each([
    ['{}', {}],
    ['no body at all', undefined],
  ])('PATCH with %s answers 200 and changes nothing', async (_label, patchBody) => {
    const session = await register(t.app);
    const before = await userRow(session.user.id);
    const { body } = await patch(session.accessToken, patchBody, 200);
    expect(body).toEqual(session.user);
    expect(await userRow(session.user.id)).toEqual(before);
  });

  it('PATCH changes the email (normalised) with the right currentPassword', async () => {
    const session = await register(t.app);
    const email = uniqueEmail();
    const { body } = await patch(session.accessToken, { email: ` ${email.toUpperCase()} `, currentPassword: PASSWORD }, 200);
    expect(body.email).toBe(email);
    await login(t.app, email, PASSWORD, 200);
    await login(t.app, session.user.email, PASSWORD, 401);
  });

  it('PATCH with the current email needs no password (nothing changes)', async () => {
    const session = await register(t.app);
    const { body } = await patch(session.accessToken, { email: session.user.email.toUpperCase() }, 200);
    expect(body).toEqual(session.user);
  });

  describe('refuses email and password changes without proof: 403 forbidden, nothing changed', () => {
    it.each([
      ['an email change without currentPassword', { email: 'new@example.test' }],
      ['an email change with a wrong currentPassword', { email: 'new@example.test', currentPassword: 'wrong password' }],
      ['a password change without currentPassword', { password: 'a brand new password' }],
      ['a password change with a wrong currentPassword', { password: 'a brand new password', currentPassword: 'wrong!' }],
      ['a name change bundled with a refused email change', { name: 'X', email: 'new@example.test', currentPassword: 'nope' }],
    ])('%s', async (_name, body) => {
      const session = await register(t.app);
      const before = await userRow(session.user.id);
      const { body: problem, response } = await patch(session.accessToken, body, 403);
      expect(problem).toMatchObject({ status: 403, code: 'forbidden' });
      // The token is fine: a wrong password is no bearer challenge (only a key's want of scope is).
      expect(response.headers['www-authenticate']).toBeUndefined();
      expect(await userRow(session.user.id)).toEqual(before);
      await refresh(t.app, session.refreshToken, 200);
    });
  });

  it('PATCH to a taken email answers 409 email_taken and changes nothing', async () => {
    const taken = await register(t.app);
    const session = await register(t.app);
    const before = await userRow(session.user.id);
    const body = { email: taken.user.email.toUpperCase(), currentPassword: PASSWORD };
    const { body: problem } = await patch(session.accessToken, body, 409);
    expect(problem).toMatchObject({ status: 409, code: 'email_taken' });
    expect(await userRow(session.user.id)).toEqual(before);
  });

  it('a password change revokes every refresh token; the new password logs in, the old does not', async () => {
    const session = await register(t.app);
    const { body: otherDevice } = await login(t.app, session.user.email, PASSWORD, 200);
    const newPassword = 'an entirely new passphrase';
    await patch(session.accessToken, { password: newPassword, currentPassword: PASSWORD }, 200);

    await refresh(t.app, session.refreshToken, 401);
    await refresh(t.app, otherDevice.refreshToken, 401);
    const live = await t.app.db
      .selectFrom('refresh_tokens')
      .select('id')
      .where('user_id', '=', session.user.id)
      .where('revoked_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
    await login(t.app, session.user.email, PASSWORD, 401);
    const { body } = await login(t.app, session.user.email, newPassword, 200);
    await refresh(t.app, body.refreshToken, 200);
  });

  describe('rejects bad input with 400 validation_failed and changes nothing', () => {
    it.each([
      ['role', { role: 'admin' }],
      ['an unknown property', { nickname: 'x' }],
      ['an invalid email', { email: 'nope', currentPassword: PASSWORD }],
      ['an 11-character password', { password: 'a'.repeat(11), currentPassword: PASSWORD }],
      ['a 129-character password', { password: 'a'.repeat(129), currentPassword: PASSWORD }],
      ['a 201-character name', { name: 'n'.repeat(201) }],
      ['an empty name', { name: '' }],
      ['a whitespace-only name', { name: '   ' }],
    ])('%s', async (_name, body) => {
      const session = await register(t.app);
      const before = await userRow(session.user.id);
      const { body: problem } = await patch(session.accessToken, body, 400);
      expect(problem).toMatchObject({ status: 400, code: 'validation_failed' });
      expect(await userRow(session.user.id)).toEqual(before);
    });
  });
});
