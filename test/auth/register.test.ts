import { describe, expect, it } from 'vitest';
import { call, useTestApp } from '../helpers/app.js';
import { countRows, login as logIn, PASSWORD, refresh, refreshCookie, register, uniqueEmail } from './sessions.js';

describe('POST /auth/register', () => {
  const t = useTestApp();

  it('creates the user and answers 201 with a session', async () => {
    const email = uniqueEmail();
    const { body, response } = await call(
      t.app,
      { method: 'POST', url: '/api/v1/auth/register', body: { email, password: PASSWORD, name: 'Ada' } },
      201,
    );
    expect(body).toEqual({
      user: {
        id: expect.any(String),
        email,
        name: 'Ada',
        role: 'user',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresIn: 900,
    });
    expect(refreshCookie(response).value).toBe(body.refreshToken);

    const me = await call(t.app, { method: 'GET', url: '/api/v1/users/me', token: body.accessToken as string }, 200);
    expect(me.body).toEqual(body.user);
  });

  it('accepts name: null (as GET /users/me shows an unnamed user) and stores no name', async () => {
    const { user } = await register(t.app, { name: null });
    expect(user.name).toBeNull();
    const row = await t.app.db.selectFrom('users').select('name').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.name).toBeNull();
  });

  it('stores the email trimmed and lower-cased, and only an argon2id hash of the password', async () => {
    const local = uniqueEmail();
    const { user } = await register(t.app, { email: `  ${local.toUpperCase()}\t` });
    expect(user.email).toBe(local);
    const row = await t.app.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.email).toBe(local);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('never answers with a password, a password hash or a refresh-token hash', async () => {
    const session = await register(t.app);
    const login = await logIn(t.app, session.user.email, PASSWORD, 200);
    const refreshed = await refresh(t.app, login.body.refreshToken, 200);
    const rows = await t.app.db
      .selectFrom('refresh_tokens')
      .select('token_hash')
      .where('user_id', '=', session.user.id)
      .execute();
    for (const { response } of [session, login, refreshed]) {
      expect(response.body).not.toMatch(/password|hash/i);
      for (const { token_hash } of rows) expect(response.body).not.toContain(token_hash);
    }
  });

  it('counts registrations in the business metric', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/metrics' });
    const count = (text: string) => Number(/^invoice_api_users_registered_total (\d+)/m.exec(text)?.[1]);
    await register(t.app);
    const after = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(count(after.body)).toBe(count(before.body) + 1);
  });

  it('refuses a taken email, also when it differs only in case and spaces, with 409 email_taken', async () => {
    const email = uniqueEmail();
    await register(t.app, { email });
    const users = await countRows(t.app, 'users');
    for (const variant of [email, email.toUpperCase(), `  ${email} `]) {
      const { body } = await call(
        t.app,
        { method: 'POST', url: '/api/v1/auth/register', body: { email: variant, password: PASSWORD } },
        409,
      );
      expect(body).toMatchObject({ status: 409, code: 'email_taken' });
    }
    expect(await countRows(t.app, 'users')).toBe(users);
  });

  it('lets exactly one of ten concurrent registrations of one email succeed', async () => {
    const email = uniqueEmail();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/register',
          payload: { email: i % 2 ? email.toUpperCase() : email, password: PASSWORD },
        }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([201, ...Array<number>(9).fill(409)]);
    const rows = await t.app.db.selectFrom('users').select('id').where('email', '=', email).execute();
    expect(rows).toHaveLength(1);
  });

  describe('rejects bad input with 400 validation_failed and writes nothing', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['an 11-character password', { password: 'a'.repeat(11) }],
      ['a 129-character password', { password: 'a'.repeat(129) }],
      ['an invalid email', { email: 'not-an-email' }],
      ['an email longer than 254 characters', { email: `${'a'.repeat(64)}@${'b'.repeat(190)}.test` }],
      ['a missing password', { password: undefined }],
      ['a name longer than 200 characters', { name: 'n'.repeat(201) }],
      ['a whitespace-only name', { name: ' \t ' }],
      ['a role', { role: 'admin' }],
      ['an unknown property', { nickname: 'x' }],
      ['a non-string email', { email: 42 }],
    ];
    it.each(cases)('%s', async (_name, overrides) => {
      const users = await countRows(t.app, 'users');
      const tokens = await countRows(t.app, 'refresh_tokens');
      const { body } = await call(
        t.app,
        { method: 'POST', url: '/api/v1/auth/register', body: { email: uniqueEmail(), password: PASSWORD, ...overrides } },
        400,
      );
      expect(body).toMatchObject({ status: 400, code: 'validation_failed' });
      expect(await countRows(t.app, 'users')).toBe(users);
      expect(await countRows(t.app, 'refresh_tokens')).toBe(tokens);
    });
  });

  it('accepts passwords of exactly 12 and 128 characters', async () => {
    await register(t.app, { password: 'p'.repeat(12) });
    await register(t.app, { password: 'p'.repeat(128) });
  });
});
