/**
 * The one gate every password hash and verification of this process goes through: argon2 is
 * built to take a core for tens of milliseconds, so without a bound a login flood takes all of
 * them and every other request stalls. By default one hash runs per core; the rest wait in a
 * bounded line, and past it (or past the longest wait) a login gets 503 with Retry-After.
 */
import { availableParallelism } from 'node:os';
import fp from 'fastify-plugin';
import { type ConcurrencyGate, createConcurrencyGate } from '../src/concurrency-gate.js';
import type { Config } from '../base/config.js';
import { AppError } from '../src/errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    passwordHashing: ConcurrencyGate;
  }
}

type HashingConfig = Pick<Config, 'PASSWORD_HASH_CONCURRENCY' | 'PASSWORD_HASH_QUEUE_MAX' | 'PASSWORD_HASH_WAIT_MS'>;

export default fp<{ config: HashingConfig }>(
  async (app, { config }) => {
    const gate = createConcurrencyGate({
      limit: config.PASSWORD_HASH_CONCURRENCY ?? availableParallelism(),
      maxQueued: config.PASSWORD_HASH_QUEUE_MAX,
      maxWaitMs: config.PASSWORD_HASH_WAIT_MS,
      refusal: () => new AppError('service_unavailable', 'Too many password checks at once; retry later'),
      observer: app.operationalMetrics.passwordHashing,
    });
    app.operationalMetrics.watchPasswordHashing(gate.stats);
    app.decorate('passwordHashing', gate);
  },
  { name: 'password-hashing', dependencies: ['metrics'] },
);
