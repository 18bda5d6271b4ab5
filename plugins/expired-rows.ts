/**
 * Deletes rows whose time is up, on a timer that never keeps the process alive: refresh tokens
 * past their expiry (hourly) and Idempotency-Keys past their TTL (every 15 minutes).
 */
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

const REFRESH_TOKENS_EVERY_MS = 60 * 60 * 1_000;
const IDEMPOTENCY_KEYS_EVERY_MS = 15 * 60_000;

/**
 * Deletes expired refresh tokens; returns how many. A revoked token is kept until it expires, so
 * presenting it again is still recognised as reuse; by then every long-revoked token has expired too.
 */
export async function pruneExpiredRefreshTokens(db: Executor, now = new Date()): Promise<number> {
  const result = await db.deleteFrom('refresh_tokens').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes the Idempotency-Keys past their TTL; returns how many. */
export async function pruneExpiredIdempotencyKeys(db: Executor): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', sql<string>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Runs `prune` every `intervalMs` without keeping the process alive; returns the stop. */
export function schedulePruning(
  prune: () => Promise<number>,
  intervalMs: number,
  onDone: (error: unknown, count?: number) => void,
): () => void {
  const timer = setInterval(() => {
    prune().then((count) => onDone(undefined, count), onDone);
  }, intervalMs).unref();
  return () => clearInterval(timer);
}

export default fp(
  async (app) => {
    const { db, log } = app;
    const report = (what: string) => (error: unknown, count?: number) => {
      if (error) log.error({ err: error }, `pruning ${what} failed`);
      else if (count) log.info(`pruned ${count} ${what}`);
    };
    const stops = [
      schedulePruning(() => pruneExpiredRefreshTokens(db), REFRESH_TOKENS_EVERY_MS, report('expired refresh tokens')),
      schedulePruning(() => pruneExpiredIdempotencyKeys(db), IDEMPOTENCY_KEYS_EVERY_MS, report('expired idempotency keys')),
    ];
    app.addHook('onClose', async () => {
      for (const stop of stops) stop();
    });
  },
  { name: 'expired-rows', dependencies: ['db'] },
);
