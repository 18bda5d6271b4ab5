import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp, useTestApp } from '../helpers/app.js';
import { countRows, PASSWORD, refreshCookie, register, uniqueEmail } from './sessions.js';

const login = (t: TestApp, body: Record<string, unknown>, status: number) =>
  call(t.app, { method: 'POST', url: '/api/v1/auth/login', body }, status);

describe('POST /auth/login', () => {
  const t = useTestApp();

  it('answers 200 with the same session shape as register, in a new token family', async () => {
    const registered = await register(t.app, { name: 'Grace' });
    const { body, response } = await login(t, { email: ` ${registered.user.email.toUpperCase()} `, password: PASSWORD }, 200);
    expect(body).toEqual({
      user: registered.user,
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresIn: 900,
    });
    expect(body.refreshToken).not.toBe(registered.refreshToken);
    expect(refreshCookie(response).value).toBe(body.refreshToken);
    const families = await t.app.db
      .selectFrom('refresh_tokens')
      .select('family_id')
      .distinct()
      .where('user_id', '=', registered.user.id)
      .execute();
    expect(families).toHaveLength(2);
    await call(t.app, { method: 'GET', url: '/api/v1/users/me', token: body.accessToken as string }, 200);
  });

  it('gives unknown email and wrong password the same 401 invalid_credentials body', async () => {
    const { user } = await register(t.app);
    const { body: wrongPassword, response } = await login(t, { email: user.email, password: 'wrong password!' }, 401);
    const { body: unknownEmail } = await login(t, { email: uniqueEmail(), password: PASSWORD }, 401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(wrongPassword).toMatchObject({ status: 401, code: 'invalid_credentials' });
    const comparable = ({ requestId: _r, instance: _i, ...rest }: Record<string, unknown>) => rest;
    expect(comparable(unknownEmail)).toEqual(comparable(wrongPassword));
    expect(response.cookies).toEqual([]);
  });

  it('rejects a user whose stored value is not an argon2 hash like any wrong password', async () => {
    const email = uniqueEmail();
    await t.app.db.insertInto('users').values({ email, password_hash: 'not-a-hash' }).execute();
    const { body } = await login(t, { email, password: PASSWORD }, 401);
    expect(body.code).toBe('invalid_credentials');
  });

  it('rehashes a password stored with weaker argon2 parameters than configured', async () => {
    const email = uniqueEmail();
    const weakHash = await argon2.hash(PASSWORD, { type: argon2.argon2i, memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const stronger = await createTestApp({ ARGON2_MEMORY_KIB: 2048, ARGON2_TIME_COST: 2 });
    try {
      await stronger.app.db.insertInto('users').values({ email, password_hash: weakHash }).execute();
      await login(stronger, { email, password: PASSWORD }, 200);
      const { password_hash } = await stronger.app.db
        .selectFrom('users')
        .select('password_hash')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=2048,p=1,t=2\$/);
      await login(stronger, { email, password: PASSWORD }, 200);
    } finally {
      await stronger.close();
    }
  });

  describe('rejects bad input with 400 validation_failed', () => {
    it.each([
      ['an invalid email', { email: 'nope', password: PASSWORD }],
      ['a missing password', { email: 'a@example.test' }],
      ['an unknown property', { email: 'a@example.test', password: PASSWORD, remember: true }],
      ['an email that is an object', { email: { toString: 'x' }, password: 'p' }],
      ['an email that is an array', { email: ['a@example.test'], password: PASSWORD }],
    ])('%s', async (_name, body) => {
      const { body: problem } = await login(t, body, 400);
      expect(problem.code).toBe('validation_failed');
    });
  });
});

describe('login rate limit', () => {
  const t = useTestApp({ AUTH_RATE_LIMIT_MAX: 3 });

  it('answers 429 rate_limited with retry-after after AUTH_RATE_LIMIT_MAX attempts per IP and email', async () => {
    const { user } = await register(t.app);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await login(t, { email: user.email, password: 'wrong password!' }, 401);
    }
    const { body, response } = await login(t, { email: ` ${user.email.toUpperCase()}`, password: PASSWORD }, 429);
    expect(body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.headers['x-ratelimit-limit']).toBe('3');
    expect(response.headers['x-ratelimit-remaining']).toBe('0');

    // Another email from the same IP has its own budget.
    const other = await register(t.app);
    await login(t, { email: other.user.email, password: PASSWORD }, 200);
  });

  it('limits registration attempts the same way', async () => {
    const email = uniqueEmail();
    await register(t.app, { email });
    await call(t.app, { method: 'POST', url: '/api/v1/auth/register', body: { email, password: PASSWORD } }, 409);
    await call(t.app, { method: 'POST', url: '/api/v1/auth/register', body: { email, password: PASSWORD } }, 409);
    const { body } = await call(t.app, { method: 'POST', url: '/api/v1/auth/register', body: { email, password: PASSWORD } }, 429);
    expect(body.code).toBe('rate_limited');
  });

  it('counts attempts with an invalid body too, and never writes', async () => {
    const email = uniqueEmail();
    const users = await countRows(t.app, 'users');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { response } = await call(t.app, { method: 'POST', url: '/api/v1/auth/register', body: { email, password: 'short' } }, 400);
      expect(response.headers['x-ratelimit-remaining']).toBe(String(2 - attempt));
    }
    const { body } = await call(t.app, { method: 'POST', url: '/api/v1/auth/register', body: { email: email.toUpperCase(), password: PASSWORD } }, 429);
    expect(body.code).toBe('rate_limited');
    expect(await countRows(t.app, 'users')).toBe(users);
  });
});

describe('login and register limit per IP, across emails', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_IP_RATE_LIMIT_MAX: 4 });
  });
  afterAll(() => t.close());

  it('answers 429 once one IP has made AUTH_IP_RATE_LIMIT_MAX login and register attempts, whatever the emails', async () => {
    const users = await countRows(t.app, 'users');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await login(t, { email: uniqueEmail(), password: PASSWORD }, 401);
    }
    await call(t.app, { method: 'POST', url: '/api/v1/auth/register', body: { email: uniqueEmail(), password: PASSWORD } }, 201);
    await call(t.app, { method: 'POST', url: '/api/v1/auth/register', body: { email: 'bad', password: PASSWORD } }, 400);
    const { body } = await login(t, { email: uniqueEmail(), password: PASSWORD }, 429);
    expect(body).toMatchObject({ status: 429, code: 'rate_limited' });
    await call(t.app, { method: 'POST', url: '/api/v1/auth/register', body: { email: uniqueEmail(), password: PASSWORD } }, 429);
    expect(await countRows(t.app, 'users')).toBe(users + 1);

    // Another IP has its own budget.
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '192.0.2.7', payload: { email: uniqueEmail(), password: PASSWORD } })
      .then((response) => expect(response.statusCode).toBe(401));
  });
});
