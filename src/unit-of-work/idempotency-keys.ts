/**
 * Idempotency-Keys: the key row is claimed FIRST, inside the same transaction as the work, so:
 * - a concurrent request with the same key blocks on the primary key until the first commits,
 *   then finds the recorded outcome and replays it (one payment, identical answers);
 * - the recorded outcome commits atomically with the change it describes;
 * - when the work fails (and its caller records no outcome for the failure) everything rolls back,
 *   the key included, so a retry executes afresh instead of replaying an error that may no longer hold.
 * What an outcome means is the caller's: this module stores a number (`status_code`) and JSON
 * (`response_body`) and gives them back. The route seam (plugins/unit-of-work.ts) records an HTTP
 * status and `{ headers, body }`, so a replay also carries the ETag or Location.
 */
import { createHash } from 'node:crypto';
import { type Transaction, sql } from 'kysely';
import type { DB, JsonValue } from '../../db/types.js';
import { AppError } from '../errors.js';

/** What the first request under a key recorded for its retries: a code and JSON, both the caller's. */
export interface RecordedOutcome {
  code: number;
  content: JsonValue;
}

export interface IdempotencyClaim {
  userId: string;
  key: string;
  requestHash: string;
  ttlSeconds: number;
}

/** JSON with object keys sorted at every depth: equal values, equal text. */
function canonicalJson(value: unknown): string {
  const sortKeys = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sortKeys);
    if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([key, child]) => [key, sortKeys(child)]));
    }
    return item;
  };
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

/** SHA-256 of what makes two requests "the same": method, route template, params and body. */
export function hashRequest(request: { method: string; route: string; params: unknown; body: unknown }): string {
  const { method, route, params, body } = request;
  return createHash('sha256')
    .update(canonicalJson([method, route, params ?? null, body ?? null]))
    .digest('hex');
}

/**
 * Claims the key for this transaction, or returns the outcome recorded under it. An expired row
 * is taken over in place (not deleted) so a concurrent retry waiting on it finds the new claim.
 */
export async function claimKey(trx: Transaction<DB>, claim: IdempotencyClaim): Promise<RecordedOutcome | null> {
  const claimed = await trx
    .insertInto('idempotency_keys')
    .values({
      user_id: claim.userId,
      key: claim.key,
      request_hash: claim.requestHash,
      expires_at: sql<string>`now() + make_interval(secs => ${claim.ttlSeconds})`,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['user_id', 'key'])
        .doUpdateSet((eb) => ({
          request_hash: eb.ref('excluded.request_hash'),
          expires_at: eb.ref('excluded.expires_at'),
          created_at: sql<string>`now()`,
          status_code: null,
          response_body: null,
        }))
        .where('idempotency_keys.expires_at', '<=', sql<string>`now()`),
    )
    .returning('key')
    .executeTakeFirst();
  if (claimed) return null;

  // ON CONFLICT locked the live row, so it cannot change or expire under us from here.
  const stored = await trx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response_body'])
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .executeTakeFirstOrThrow();
  if (stored.request_hash !== claim.requestHash) {
    throw new AppError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request; use a new key for a new request',
    );
  }
  if (stored.status_code === null || stored.response_body === null) {
    // Unreachable while claims and outcomes commit together; refuse rather than guess.
    throw new AppError('conflict', 'The request with this Idempotency-Key has no recorded response');
  }
  return { code: stored.status_code, content: stored.response_body };
}

/** Stores the outcome of the claimed key, in the transaction that did the work. */
export async function recordOutcome(trx: Transaction<DB>, claim: IdempotencyClaim, outcome: RecordedOutcome) {
  await trx
    .updateTable('idempotency_keys')
    .set({ status_code: outcome.code, response_body: outcome.content })
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .execute();
}
