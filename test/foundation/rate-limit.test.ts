import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Config } from '../../base/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createUser } from '../helpers/users.js';

const LIMIT = 3;

/** A fresh client address per test (IPv6 documentation range), so counters never collide between tests or runs. */
const freshClientAddress = () => `2001:db8::${randomBytes(8).toString('hex').match(/.{4}/g)?.join(':')}`;

function limitedApp(overrides: Partial<Config> = {}) {
  return createTestApp(
    { RATE_LIMIT_MAX: LIMIT, RATE_LIMIT_WINDOW: 60, ...overrides },
    { beforeReady: (app) => void app.get('/api/v1/test/limited', async () => ({ ok: true })) },
  );
}

const hit = (app: App, remoteAddress: string, headers: Record<string, string> = {}, url = '/api/v1/test/limited') =>
  app.inject({ method: 'GET', url, remoteAddress, headers });

function expectLimited(response: Awaited<ReturnType<typeof hit>>) {
  expect(response.statusCode).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status: 429, code: 'rate_limited' });
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.headers['x-ratelimit-limit']).toBe(String(LIMIT));
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

  it('limits an authenticated user across addresses', async () => {
    const headers = { authorization: `Bearer ${t.app.signAccessToken({ id: randomUUID(), role: 'user' })}` };
    for (let request = 0; request < LIMIT; request += 1) {
      expect((await hit(t.app, freshClientAddress(), headers)).statusCode).toBe(200);
    }
    expectLimited(await hit(t.app, freshClientAddress(), headers));
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
    for (let request = 0; request < LIMIT; request += 1) {
      expect((await hit(t.app, freshClientAddress(), headers, '/api/v1/users')).statusCode).toBe(403);
    }
    expectLimited(await hit(t.app, freshClientAddress(), headers, '/api/v1/users'));
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
});
