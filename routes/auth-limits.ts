/**
 * The stricter limits of the public auth routes (login, register, password reset), made once per
 * app so every route shares the one per-IP count: AUTH_RATE_LIMIT_MAX per RATE_LIMIT_WINDOW for a
 * route's own key (IP and email), and AUTH_IP_RATE_LIMIT_MAX across them all per IP.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../src/errors.js';

/**
 * Counts per client IP and email, so one victim's account cannot be locked from everywhere. It
 * runs before validation: only a string email is read from the body.
 */
export const ipAndEmail = (scope: string) => (request: FastifyRequest) => {
  const body = request.body;
  const email = typeof body === 'object' && body !== null && 'email' in body && typeof body.email === 'string' ? body.email : '';
  return `${scope}:${request.ip}:${email}`;
};

export function authLimits(app: FastifyInstance) {
  const { config } = app;
  // Across emails, per IP: one address trying many accounts (credential stuffing) or creating many
  // (sign-up floods). Counted before the body is even read. createRateLimit, because the plugin's
  // own hooks run once per request and the per-key limit below is that one.
  const countPerIp = app.createRateLimit({
    max: config.AUTH_IP_RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW * 1_000,
    keyGenerator: (request) => `auth-ip:${request.ip}`,
  });

  return {
    /** An onRequest hook: AUTH_IP_RATE_LIMIT_MAX per IP over every route that uses it. */
    async limitPerIp(request: FastifyRequest, reply: FastifyReply) {
      const count = await countPerIp(request);
      if (count.isAllowed || !count.isExceeded) return;
      reply.headers({
        'retry-after': count.ttlInSeconds,
        'x-ratelimit-limit': count.max,
        'x-ratelimit-remaining': 0,
        'x-ratelimit-reset': count.ttlInSeconds,
      });
      throw new AppError(
        'rate_limited',
        `Too many sign-in, sign-up and password-reset attempts from this address; retry in ${count.ttlInSeconds} s`,
      );
    },

    /**
     * A route's `config`: AUTH_RATE_LIMIT_MAX per `keyGenerator`. It runs in preValidation after
     * normaliseBodyEmail (route hooks run in order), so the key sees the normalised email and
     * attempts with an invalid body count too.
     */
    perKey(keyGenerator: (request: FastifyRequest) => string) {
      return {
        rateLimit: {
          max: config.AUTH_RATE_LIMIT_MAX,
          timeWindow: config.RATE_LIMIT_WINDOW * 1_000,
          hook: 'preValidation' as const,
          keyGenerator,
        },
      };
    },
  };
}

export type AuthLimits = ReturnType<typeof authLimits>;
