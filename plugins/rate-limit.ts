/**
 * Request limits per user when a valid access token is presented, per IP otherwise. With
 * REDIS_URL the counters live in Redis, so every instance enforces one shared limit.
 * The limit runs in a root onRequest hook rather than the plugin's per-route hooks: a route's
 * own hooks run after its domain plugin's authentication hook, so requests refused with 401
 * (or 403 by a role guard) would never be counted nor carry the x-ratelimit-* headers.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import type { Config } from '../src/config.js';
import { AppError } from '../src/errors.js';
import { routeLabel } from './metrics.js';

function clientKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    try {
      const { sub } = request.server.jwt.verify<{ sub: string }>(header.slice(7));
      return `user:${sub}`;
    } catch {
      // An invalid token is limited by IP; authentication rejects it later.
    }
  }
  return `ip:${request.ip}`;
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const redis = config.REDIS_URL
      ? new Redis(config.REDIS_URL, { connectTimeout: 1_000, maxRetriesPerRequest: 1, lazyConnect: false })
      : undefined;
    if (redis) {
      // skipOnError lets requests through while Redis is unreachable; log why instead of crashing.
      redis.on('error', (error) => app.log.warn({ err: error }, 'rate-limit store unavailable'));
      app.addHook('onClose', async () => void (await redis.quit()));
    }
    await app.register(rateLimit, {
      global: false,
      max: config.RATE_LIMIT_MAX,
      timeWindow: config.RATE_LIMIT_WINDOW * 1_000,
      keyGenerator: clientKey,
      nameSpace: 'invoice-api:rl:',
      skipOnError: true,
      onExceeded: (request) => app.operationalMetrics.rateLimitRejected(routeLabel(request)),
      ...(redis ? { redis } : {}),
      errorResponseBuilder: (_request, context) =>
        new AppError('rate_limited', `Rate limit of ${context.max} requests exceeded; retry in ${context.after}`),
    });
    const limitRequest = app.rateLimit();
    app.addHook('onRequest', async function limitApiRequest(request, reply) {
      // Routes with their own `config.rateLimit` (login, register) are counted by that limit instead.
      if (request.url.startsWith('/api/') && !request.routeOptions.config.rateLimit) {
        await limitRequest.call(this, request, reply);
      }
    });
  },
  { name: 'rate-limit', dependencies: ['auth', 'metrics'] },
);
