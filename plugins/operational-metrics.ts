/**
 * The metric families operators watch besides HTTP and process metrics: database statements and
 * connection waits, pool occupancy, readiness, rate-limit rejections and idempotent replays. Every label
 * comes from a bounded set: statement operations, our tables, route templates.
 */
import client from 'prom-client';
import type { PoolStats } from '../db/database.js';
import type { DatabaseObserver } from '../db/instrumentation.js';
import type { GateObserver } from '../src/concurrency-gate.js';

export interface OperationalMetrics {
  database: DatabaseObserver;
  /** Reports the pool's occupancy at every scrape. */
  watchDatabasePool(stats: () => PoolStats): void;
  /** Runs the readiness check at every scrape, so Prometheus sees what the readiness probe sees. */
  watchReadiness(check: () => Promise<boolean>): void;
  rateLimitRejected(route: string): void;
  /** A request counted in this process because the rate-limit Redis failed or was unreachable. */
  rateLimitCountedLocally(): void;
  idempotentReplay(route: string): void;
  passwordHashing: GateObserver;
  /** Reports the password-hashing gate's running and queued hashes at every scrape. */
  watchPasswordHashing(stats: () => { running: number; queued: number }): void;
}

const statementBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const hashQueueBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5];
const acquireBuckets = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createOperationalMetrics(registry: client.Registry): OperationalMetrics {
  const registers = [registry];
  const statements = new client.Histogram({
    name: 'invoice_api_db_query_duration_seconds',
    help: 'Database statement duration on its connection, by operation and table',
    labelNames: ['operation', 'table'],
    buckets: statementBuckets,
    registers,
  });
  const acquires = new client.Histogram({
    name: 'invoice_api_db_pool_acquire_seconds',
    help: 'Time spent waiting for a database connection',
    buckets: acquireBuckets,
    registers,
  });
  let poolStats: (() => PoolStats) | undefined;
  new client.Gauge({
    name: 'invoice_api_db_pool_connections',
    help: 'Database connections by state (total, idle) and callers waiting for one',
    labelNames: ['state'],
    registers,
    collect() {
      for (const [state, value] of Object.entries(poolStats?.() ?? {})) this.set({ state }, value);
    },
  });
  let readiness: (() => Promise<boolean>) | undefined;
  new client.Gauge({
    name: 'invoice_api_ready',
    help: 'Whether the readiness check (the database answers) passes: 1 or 0',
    registers,
    async collect() {
      if (readiness) this.set((await readiness()) ? 1 : 0);
    },
  });
  const rateLimited = new client.Counter({
    name: 'invoice_api_rate_limit_rejections_total',
    help: 'Requests refused with 429 by a rate limit, by route template',
    labelNames: ['route'],
    registers,
  });
  const countedLocally = new client.Counter({
    name: 'invoice_api_rate_limit_local_counts_total',
    help: 'Requests counted in this process because the rate-limit Redis failed or was unreachable',
    registers,
  });
  const replays = new client.Counter({
    name: 'invoice_api_idempotent_replays_total',
    help: 'Responses replayed for a repeated Idempotency-Key, by route template',
    labelNames: ['route'],
    registers,
  });
  const hashes = new client.Counter({
    name: 'invoice_api_password_hashes_total',
    help: 'argon2 computations (hashing and verifying passwords) let through the hashing gate',
    registers,
  });
  const hashQueueWait = new client.Histogram({
    name: 'invoice_api_password_hash_queue_seconds',
    help: 'Time a password hash waited for a slot in the hashing gate',
    buckets: hashQueueBuckets,
    registers,
  });
  const hashRefusals = new client.Counter({
    name: 'invoice_api_password_hash_rejections_total',
    help: 'Password hashes refused with 503 because the hashing queue was full or the wait ran out',
    registers,
  });
  let hashingStats: (() => { running: number; queued: number }) | undefined;
  new client.Gauge({
    name: 'invoice_api_password_hash_slots',
    help: 'Password hashes running and queued in the hashing gate',
    labelNames: ['state'],
    registers,
    collect() {
      for (const [state, value] of Object.entries(hashingStats?.() ?? {})) this.set({ state }, value);
    },
  });

  return {
    database: {
      statementFinished: (statement, seconds) => statements.observe({ ...statement }, seconds),
      connectionAcquired: (seconds) => acquires.observe(seconds),
    },
    watchDatabasePool: (stats) => {
      poolStats = stats;
    },
    watchReadiness: (check) => {
      readiness = check;
    },
    rateLimitRejected: (route) => rateLimited.inc({ route }),
    rateLimitCountedLocally: () => countedLocally.inc(),
    idempotentReplay: (route) => replays.inc({ route }),
    passwordHashing: {
      admitted: (seconds) => {
        hashes.inc();
        hashQueueWait.observe(seconds);
      },
      refused: () => hashRefusals.inc(),
    },
    watchPasswordHashing: (stats) => {
      hashingStats = stats;
    },
  };
}
