/**
 * A rate-limit store that counts in Redis while Redis answers and in this process's memory
 * while it does not, so a Redis outage neither slows every request down (each command is bounded
 * by the client's command timeout, and none is sent while disconnected) nor lifts the limit.
 * Counting returns to Redis by itself once it reconnects.
 */
import { createRequire } from 'node:module';
import type { FastifyRateLimitStore, RateLimitOptions } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

type StoreResult = Parameters<Parameters<FastifyRateLimitStore['incr']>[1]>[1];

// The plugin's own stores (CommonJS, not re-exported): reused so both counters behave exactly as
// the plugin's would, including its Lua script and key layout in Redis.
const require = createRequire(import.meta.url);
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
) => FastifyRateLimitStore;
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  nameSpace: string,
) => FastifyRateLimitStore;

export interface FailoverEvents {
  /** A request counted in memory because Redis failed or was disconnected. */
  countedLocally(error?: Error): void;
}

export function failoverStore(redis: Redis, nameSpace: string, events: FailoverEvents) {
  return class FailoverStore implements FastifyRateLimitStore {
    readonly #remote: FastifyRateLimitStore;
    readonly #local: FastifyRateLimitStore;

    constructor(options: RateLimitOptions, stores?: { remote: FastifyRateLimitStore; local: FastifyRateLimitStore }) {
      const continueExceeding = options.continueExceeding ?? false;
      const exponentialBackoff = options.exponentialBackoff ?? false;
      this.#remote = stores?.remote ?? new RedisStore(continueExceeding, exponentialBackoff, redis, nameSpace);
      this.#local = stores?.local ?? new LocalStore(continueExceeding, exponentialBackoff);
    }

    incr(key: string, callback: (error: Error | null, result?: StoreResult) => void, timeWindow: number, max: number) {
      if (redis.status !== 'ready') {
        events.countedLocally();
        this.#local.incr(key, callback, timeWindow, max);
        return;
      }
      this.#remote.incr(
        key,
        (error, result) => {
          if (!error) return callback(null, result);
          events.countedLocally(error);
          this.#local.incr(key, callback, timeWindow, max);
        },
        timeWindow,
        max,
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]) {
      return new FailoverStore({}, { remote: this.#remote.child(routeOptions), local: this.#local.child(routeOptions) });
    }
  };
}
