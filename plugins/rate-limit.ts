/**
 * Request limits on /api routes: anonymous requests per IP (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW),
 * authenticated ones per user, or per key for an API key (RATE_LIMIT_USER_MAX per
 * RATE_LIMIT_USER_WINDOW). With REDIS_URL the counters live in Redis, so every instance enforces
 * one shared limit; while Redis is unreachable each instance counts on its own (see
 * failover-rate-limit-store.ts).
 * The limit runs in a root onRequest hook rather than the plugin's per-route hooks: a route's
 * own hooks run after its domain plugin's authentication hook, so requests refused with 401
 * (or 403 by a role guard) would never be counted nor carry the x-ratelimit-* headers. It counts
 * with `createRateLimit`, which leaves the plugin's once-per-request mark alone, so login and
 * register count here and in their own stricter limits too.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import type { Config } from '../base/config.js';
import { AppError } from '../src/errors.js';
import { failoverStore } from './failover-rate-limit-store.js';
import { routeLabel } from './metrics.js';

/** Per API key or user when the request's token was valid (plugins/auth.ts verified it), else per IP. */
function clientKey({ user, ip }: FastifyRequest): string {
  if (!user) return `ip:${ip}`;
  return user.apiKey ? `key:${user.apiKey.id}` : `user:${user.id}`;
}

const NAME_SPACE = 'invoice-api:rl:';
/** A Redis command that takes longer fails over to the in-memory count; a local Redis answers in < 1 ms. */
export const REDIS_COMMAND_TIMEOUT_MS = 250;

/** Resolves when Redis is ready, or after `ms` (a Redis down at start must not hold the start up). */
function readyOrAfter(redis: Redis, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The Redis client, and a store counting in it while it answers and in memory while it does not. */
async function sharedStore(app: FastifyInstance, url: string) {
  // Imported only when configured: ioredis and its dependencies hold ~25 MiB a process without Redis never needs.
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    connectTimeout: 1_000,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // Disconnected: fail at once (and count in memory) instead of queueing until reconnection.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  let failingOver = false;
  const failOver = (error?: Error) => {
    if (!failingOver) app.log.warn({ err: error }, 'rate-limit Redis unavailable: counting in this process until it returns');
    failingOver = true;
  };
  redis.on('error', failOver);
  redis.on('ready', () => {
    if (failingOver) app.log.info('rate-limit Redis is back: counting in Redis again');
    failingOver = false;
  });
  app.addHook('onClose', async () => void redis.disconnect());
  await readyOrAfter(redis, 1_000);
  return failoverStore(redis, NAME_SPACE, {
    countedLocally(error) {
      app.operationalMetrics.rateLimitCountedLocally();
      failOver(error);
    },
  });
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const anonymousWindow = config.RATE_LIMIT_WINDOW * 1_000;
    const authenticatedWindow = config.RATE_LIMIT_USER_WINDOW * 1_000;
    await app.register(rateLimit, {
      global: false,
      max: (request) => (request.user ? config.RATE_LIMIT_USER_MAX : config.RATE_LIMIT_MAX),
      timeWindow: (request) => (request.user ? authenticatedWindow : anonymousWindow),
      keyGenerator: clientKey,
      onExceeded: (request) => app.operationalMetrics.rateLimitRejected(routeLabel(request)),
      ...(config.REDIS_URL ? { store: await sharedStore(app, config.REDIS_URL) } : {}),
      errorResponseBuilder: (_request, context) =>
        new AppError('rate_limited', `Rate limit of ${context.max} requests exceeded; retry in ${context.after}`),
    });
    const countRequest = app.createRateLimit();
    app.addHook('onRequest', async function limitApiRequest(request, reply) {
      if (!request.url.startsWith('/api/')) return;
      const count = await countRequest(request);
      if (count.isAllowed) return;
      reply.headers({
        'x-ratelimit-limit': count.max,
        'x-ratelimit-remaining': count.remaining,
        'x-ratelimit-reset': count.ttlInSeconds,
      });
      if (!count.isExceeded) return;
      app.operationalMetrics.rateLimitRejected(routeLabel(request));
      reply.header('retry-after', count.ttlInSeconds);
      throw new AppError('rate_limited', `Rate limit of ${count.max} requests exceeded; retry in ${count.ttlInSeconds} s`);
    });
  },
  { name: 'rate-limit', dependencies: ['auth', 'metrics'] },
);
