/**
 * A Redis outage under the shared rate limit: requests keep their normal speed, the limit holds
 * per process meanwhile (counted and logged), and the shared count resumes when Redis returns.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { canRunRedis, throwawayRedis, type ThrowawayRedis } from './redis-server.js';

const LIMIT = 3;
const freshClientAddress = () => `2001:db8::${randomBytes(8).toString('hex').match(/.{4}/g)?.join(':')}`;
/** Far above a normal answer, far below the ~10 s a request took while Redis was down. */
const REQUEST_BOUND_MS = 2_000;

describe.skipIf(!canRunRedis)('rate limit during a Redis outage', () => {
  let redis: ThrowawayRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await throwawayRedis();
    t = await createTestApp(
      { RATE_LIMIT_MAX: LIMIT, RATE_LIMIT_WINDOW: 60, REDIS_URL: redis.url },
      { beforeReady: (app) => void app.get('/api/v1/test/limited', async () => ({ ok: true })) },
    );
  });
  afterAll(async () => {
    await t.close();
    await redis.kill();
  });

  async function hit(client: string) {
    const started = performance.now();
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/test/limited', remoteAddress: client });
    expect(performance.now() - started).toBeLessThan(REQUEST_BOUND_MS);
    return response;
  }

  async function localCounts() {
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    return Number(/^invoice_api_rate_limit_local_counts_total (\d+)$/m.exec(metrics.body)?.[1]);
  }

  it('answers at normal speed and still limits while Redis is down, then counts in Redis again once it is back', async () => {
    expect((await hit(freshClientAddress())).statusCode).toBe(200);
    expect(await localCounts()).toBe(0);

    await redis.kill();
    const client = freshClientAddress();
    for (let request = 0; request < LIMIT; request += 1) expect((await hit(client)).statusCode).toBe(200);
    const limited = await hit(client);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    expect(await localCounts()).toBe(LIMIT + 1);

    await redis.start();
    const direct = new Redis(redis.url);
    try {
      const returning = freshClientAddress();
      let countedInRedis = false;
      for (let attempt = 0; attempt < 100 && !countedInRedis; attempt += 1) {
        await hit(returning);
        countedInRedis = (await direct.keys('invoice-api:rl:*')).length > 0;
        if (!countedInRedis) await sleep(100);
      }
      expect(countedInRedis).toBe(true);
    } finally {
      direct.disconnect();
    }
  });
});
