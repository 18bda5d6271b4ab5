import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Config } from '../../base/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createUser } from '../helpers/users.js';
import { createApiKey } from '../api-keys/helpers.js';

const LIMIT = 3;
const USER_LIMIT = 5;
const USER_WINDOW = 30;

/** A fresh client address per test (IPv6 documentation range), so counters never collide between tests or runs. */
const freshClientAddress = () => `2001:db8::${randomBytes(8).toString('hex').match(/.{4}/g)?.join(':')}`;

function limitedApp(overrides: Partial<Config> = {}) {
  return createTestApp(
    { RATE_LIMIT_MAX: LIMIT, RATE_LIMIT_WINDOW: 60, RATE_LIMIT_USER_MAX: USER_LIMIT, RATE_LIMIT_USER_WINDOW: USER_WINDOW, ...overrides },
    { beforeReady: (app) => void app.get('/api/v1/test/limited', async () => ({ ok: true })) },
  );
}

const hit = (app: App, remoteAddress: string, headers: Record<string, string> = {}, url = '/api/v1/test/limited') =>
  app.inject({ method: 'GET', url, remoteAddress, headers });

function expectLimited(response: Awaited<ReturnType<typeof hit>>, limit = LIMIT) {
  expect(response.statusCode).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status: 429, code: 'rate_limited' });
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.headers['x-ratelimit-limit']).toBe(String(limit));
  expect(response.headers['x-ratelimit-remaining']).toBe('0');
  expect(Number(response.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
}

describe('rate limit (in-memory store)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await limitedApp();
  });
  afterAll(() => t.close());

  it('counts down in x-ratelimit-* headers and answers 429 rate_limited past the limit', async () => {
    const client = freshClientAddress();
    for (let remaining = LIMIT - 1; remaining >= 0; remaining -= 1) {
      const response = await hit(t.app, client);
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBe(String(LIMIT));
      expect(response.headers['x-ratelimit-remaining']).toBe(String(remaining));
      expect(Number(response.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    }
    expectLimited(await hit(t.app, client));
    expect((await hit(t.app, freshClientAddress())).statusCode).toBe(200);
  });

  it('limits an authenticated user across addresses, with RATE_LIMIT_USER_MAX per RATE_LIMIT_USER_WINDOW', async () => {
    const headers = { authorization: `Bearer ${t.app.signAccessToken({ id: randomUUID(), role: 'user' })}` };
    for (let remaining = USER_LIMIT - 1; remaining >= 0; remaining -= 1) {
      const response = await hit(t.app, freshClientAddress(), headers);
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBe(String(USER_LIMIT));
      expect(response.headers['x-ratelimit-remaining']).toBe(String(remaining));
      expect(Number(response.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(USER_WINDOW);
    }
    const limited = await hit(t.app, freshClientAddress(), headers);
    expectLimited(limited, USER_LIMIT);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(USER_WINDOW);
  });

  it('counts each API key on its own, apart from its user\'s login session', async () => {
    const user = await createUser(t.app);
    const session = { authorization: `Bearer ${user.token}` };
    const [first, second] = [await createApiKey(t.app, user.token), await createApiKey(t.app, user.token)];
    for (let request = 0; request < USER_LIMIT; request += 1) {
      expect((await hit(t.app, freshClientAddress(), { authorization: `Bearer ${first.key}` })).statusCode).toBe(200);
    }
    expectLimited(await hit(t.app, freshClientAddress(), { authorization: `Bearer ${first.key}` }), USER_LIMIT);
    const other = await hit(t.app, freshClientAddress(), { authorization: `Bearer ${second.key}` });
    expect([other.statusCode, other.headers['x-ratelimit-remaining']]).toEqual([200, String(USER_LIMIT - 1)]);
    // The session made two requests (creating the keys) before this one.
    const own = await hit(t.app, freshClientAddress(), session);
    expect([own.statusCode, own.headers['x-ratelimit-remaining']]).toEqual([200, String(USER_LIMIT - 3)]);
  });

  it('counts login and register in the anonymous per-IP limit as well as their own', async () => {
    const client = freshClientAddress();
    const login = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: client,
        payload: { email: 'nobody@example.test', password: 'wrong password, long enough' },
      });
    expect((await login()).statusCode).toBe(401);
    for (let request = 1; request < LIMIT; request += 1) expect((await hit(t.app, client)).statusCode).toBe(200);
    expectLimited(await hit(t.app, client));
    expectLimited(await login());
  });

  it('counts requests refused by authentication per IP, with the x-ratelimit-* headers', async () => {
    const client = freshClientAddress();
    for (let remaining = LIMIT - 1; remaining >= 0; remaining -= 1) {
      const response = await hit(t.app, client, {}, '/api/v1/clients');
      expect(response.statusCode).toBe(401);
      expect(response.headers['x-ratelimit-remaining']).toBe(String(remaining));
    }
    expectLimited(await hit(t.app, client, {}, '/api/v1/clients'));
    expectLimited(await hit(t.app, client, { authorization: 'Bearer garbage' }, '/api/v1/users/me'));
  });

  it('counts requests refused by a role guard per user', async () => {
    const user = await createUser(t.app);
    const headers = { authorization: `Bearer ${user.token}` };
    for (let request = 0; request < USER_LIMIT; request += 1) {
      expect((await hit(t.app, freshClientAddress(), headers, '/api/v1/users')).statusCode).toBe(403);
    }
    expectLimited(await hit(t.app, freshClientAddress(), headers, '/api/v1/users'), USER_LIMIT);
  });

  it.each(['/health/live', '/health/ready', '/metrics', '/docs/json'])('does not limit %s', async (url) => {
    const client = freshClientAddress();
    for (let request = 0; request < LIMIT + 2; request += 1) {
      const response = await hit(t.app, client, {}, url);
      expect(response.statusCode).toBe(200);
      expect(response.headers).not.toHaveProperty('x-ratelimit-limit');
    }
  });
});

const redisUrl = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** With TEST_REDIS_URL set the Redis tests always run (and fail if it is down); unset, they run only if a local Redis answers. */
async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
const redisAvailable = Boolean(process.env.TEST_REDIS_URL) || (await redisAnswers(redisUrl));

describe.skipIf(!redisAvailable)('rate limit shared through Redis (set TEST_REDIS_URL)', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    [first, second] = await Promise.all([limitedApp({ REDIS_URL: redisUrl }), limitedApp({ REDIS_URL: redisUrl })]);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('enforces one limit across two app instances', async () => {
    const client = freshClientAddress();
    const remaining = async (app: App) => {
      const response = await hit(app, client);
      expect(response.statusCode).toBe(200);
      return response.headers['x-ratelimit-remaining'];
    };
    expect(await remaining(first.app)).toBe('2');
    expect(await remaining(second.app)).toBe('1');
    expect(await remaining(first.app)).toBe('0');
    expectLimited(await hit(second.app, client));
    expectLimited(await hit(first.app, client));
  });

  it('enforces one per-user limit, with its own window, across two app instances', async () => {
    const headers = { authorization: `Bearer ${first.app.signAccessToken({ id: randomUUID(), role: 'user' })}` };
    for (let request = 0; request < USER_LIMIT; request += 1) {
      const response = await hit(request % 2 === 0 ? first.app : second.app, freshClientAddress(), headers);
      expect(response.headers['x-ratelimit-remaining']).toBe(String(USER_LIMIT - 1 - request));
      expect(Number(response.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(USER_WINDOW);
    }
    expectLimited(await hit(second.app, freshClientAddress(), headers), USER_LIMIT);
  });
});
