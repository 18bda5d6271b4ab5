/**
 * The one gate every password hash and verification of this process goes through: argon2 is
 * built to take a core for tens of milliseconds, so without a bound a login flood takes all of
 * them and every other request stalls. By default hashes run on all cores but one; the rest wait
 * in a bounded line, and past it (or past the longest wait) a login gets 503 with Retry-After.
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

/**
 * One core is always left to the other requests (and, on a small machine, to PostgreSQL beside
 * them): on 2 cores, two hashes at once took both and GETs during a login flood kept 35 % of their
 * throughput (bench/results.md).
 */
export const defaultHashSlots = (cores: number) => Math.max(1, cores - 1);

type HashingConfig = Pick<Config, 'PASSWORD_HASH_CONCURRENCY' | 'PASSWORD_HASH_QUEUE_MAX' | 'PASSWORD_HASH_WAIT_MS'>;

export default fp<{ config: HashingConfig }>(
  async (app, { config }) => {
    const gate = createConcurrencyGate({
      limit: config.PASSWORD_HASH_CONCURRENCY ?? defaultHashSlots(availableParallelism()),
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
