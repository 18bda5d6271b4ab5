/**
 * Deletes rows whose time is up, as periodic tasks of the background engine (one instance runs
 * each period): refresh tokens and password resets past their expiry (hourly) and Idempotency-Keys
 * past their TTL (every 15 minutes), each in a unit-of-work transaction like every write.
 */
import fp from 'fastify-plugin';
import { type Transaction, sql } from 'kysely';
import type { DB } from '../db/types.js';
import { pruneExpiredPasswordResets } from '../src/services/password-resets.js';

const REFRESH_TOKENS_EVERY_MS = 60 * 60 * 1_000;
const PASSWORD_RESETS_EVERY_MS = 60 * 60 * 1_000;
const IDEMPOTENCY_KEYS_EVERY_MS = 15 * 60_000;

/**
 * Deletes expired refresh tokens; returns how many. A revoked token is kept until it expires, so
 * presenting it again is still recognised as reuse; by then every long-revoked token has expired too.
 */
export async function pruneExpiredRefreshTokens(trx: Transaction<DB>, now = new Date()): Promise<number> {
  const result = await trx.deleteFrom('refresh_tokens').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes the Idempotency-Keys past their TTL; returns how many. */
export async function pruneExpiredIdempotencyKeys(trx: Transaction<DB>): Promise<number> {
  const result = await trx.deleteFrom('idempotency_keys').where('expires_at', '<=', sql<string>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export default fp(
  async (app) => {
    const prune = (what: string, run: () => Promise<number>) => async () => {
      const count = await run();
      if (count) app.log.info(`pruned ${count} ${what}`);
    };
    app.jobs.definePeriodic({
      kind: 'refresh-tokens.prune',
      everyMs: REFRESH_TOKENS_EVERY_MS,
      run: prune('expired refresh tokens', () => app.unitOfWork.run((trx) => pruneExpiredRefreshTokens(trx))),
    });
    app.jobs.definePeriodic({
      kind: 'password-resets.prune',
      everyMs: PASSWORD_RESETS_EVERY_MS,
      run: prune('expired password resets', () => app.unitOfWork.run((trx) => pruneExpiredPasswordResets(trx))),
    });
    app.jobs.definePeriodic({
      kind: 'idempotency-keys.prune',
      everyMs: IDEMPOTENCY_KEYS_EVERY_MS,
      run: prune('expired idempotency keys', () => app.unitOfWork.run((trx) => pruneExpiredIdempotencyKeys(trx))),
    });
  },
  { name: 'expired-rows', dependencies: ['db', 'unit-of-work', 'jobs'] },
);
