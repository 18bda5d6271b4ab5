/**
 * The webhook delivery queue in the database, shared by every API instance. A dispatcher
 * claims due deliveries under a lease (`locked_until`, `lease_id`): the claim locks the
 * endpoints with FOR NO KEY UPDATE SKIP LOCKED, so concurrent dispatchers never take the same
 * endpoint, and an endpoint with a leased delivery is not claimed again until that lease ends.
 * So one endpoint gets one request at a time, oldest event first, and no attempt is made twice
 * at once. A crashed instance's lease simply runs out and the delivery is claimed again.
 */
import { randomUUID } from 'node:crypto';
import { type Selectable, type Transaction, sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { PageQuery } from '../../schemas/common.js';
import type { WebhookDeliveryAttempt } from '../../schemas/webhooks.js';
import { notFound } from '../errors.js';
import type { AttemptResult, ClaimedDelivery, DeliveryQueue } from '../webhooks/delivery-queue.js';
import { toEvent } from './events.js';
import type { PageOf } from '../../schemas/common.js';
import { paginate } from './pagination.js';

/**
 * Claims up to `limit` due deliveries, at most one per endpoint (its oldest due event), leased
 * for `leaseMs`. The caller's transaction should be short: the HTTP requests happen after it.
 */
export async function claimDueDeliveries(trx: Transaction<DB>, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const leaseId = randomUUID();
  const endpoints = await trx
    .selectFrom('webhook_endpoints as endpoint')
    .select('endpoint.id')
    .where('endpoint.enabled', '=', true)
    .where('endpoint.id', 'in', (eb) =>
      eb
        .selectFrom('webhook_deliveries')
        .select('endpoint_id')
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', sql<string>`now()`),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('webhook_deliveries as leased')
            .select(sql`1`.as('one'))
            .whereRef('leased.endpoint_id', '=', 'endpoint.id')
            .where('leased.state', '=', 'pending')
            .where('leased.locked_until', '>', sql<string>`now()`),
        ),
      ),
    )
    .limit(limit)
    .forNoKeyUpdate()
    .skipLocked()
    .execute();
  if (endpoints.length === 0) return [];

  // The endpoint lock above may be taken on a row another instance released just after leasing one
  // of its deliveries, a lease that statement's snapshot did not see: the update checks the lease
  // again on the row as it is when locked, so a leased head is not taken over (and, being the
  // endpoint's oldest, nothing behind it is sent meanwhile).
  const unleased = sql<boolean>`(locked_until is null or locked_until <= now())`;
  const heads = trx
    .selectFrom('webhook_deliveries')
    .select('id')
    .distinctOn('endpoint_id')
    .where(
      'endpoint_id',
      'in',
      endpoints.map((endpoint) => endpoint.id),
    )
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', sql<string>`now()`)
    .orderBy('endpoint_id')
    .orderBy('event_id');
  const claimed = await trx
    .updateTable('webhook_deliveries')
    .set({ locked_until: sql`now() + make_interval(secs => ${leaseMs / 1000})`, lease_id: leaseId })
    .where('id', 'in', heads)
    .where('state', '=', 'pending')
    .where(unleased)
    .returning(['id', 'attempts', 'endpoint_id', 'event_id'])
    .execute();
  if (claimed.length === 0) return [];

  const details = await trx
    .selectFrom('webhook_deliveries as delivery')
    .innerJoin('webhook_endpoints as endpoint', 'endpoint.id', 'delivery.endpoint_id')
    .innerJoin('events as event', 'event.id', 'delivery.event_id')
    .select([
      'delivery.id as delivery_id',
      'delivery.attempts',
      'endpoint.url',
      'endpoint.secret',
      sql<string | null>`case when endpoint.previous_secret_expires_at > now() then endpoint.previous_secret end`.as(
        'previous_secret',
      ),
      'event.id',
      'event.user_id',
      'event.type',
      'event.object',
      'event.created_at',
    ])
    .where(
      'delivery.id',
      'in',
      claimed.map((row) => row.id),
    )
    .orderBy('event.id')
    .execute();
  return details.map((row) => ({
    deliveryId: row.delivery_id,
    leaseId,
    attempt: row.attempts + 1,
    url: row.url,
    secrets: row.previous_secret ? [row.secret, row.previous_secret] : [row.secret],
    eventId: row.id,
    body: JSON.stringify(toEvent(row)),
  }));
}

/** Logs a finished attempt and moves its delivery on; ends the lease. */
export async function recordAttempt(trx: Transaction<DB>, delivery: ClaimedDelivery, result: AttemptResult): Promise<void> {
  const row = await trx
    .updateTable('webhook_deliveries')
    .set({
      attempts: delivery.attempt,
      locked_until: null,
      lease_id: null,
      ...(result.outcome.kind === 'retry'
        ? { next_attempt_at: sql`now() + make_interval(secs => ${result.outcome.retryInMs / 1000})` }
        : { state: result.outcome.kind, finished_at: sql`now()` }),
    })
    .where('id', '=', delivery.deliveryId)
    .where('lease_id', '=', delivery.leaseId)
    .where('state', '=', 'pending')
    .returning(['endpoint_id'])
    .executeTakeFirst();
  // The lease ran out and another instance took the delivery over: it records its own attempt.
  if (!row) return;
  await trx
    .insertInto('webhook_delivery_attempts')
    .values({
      delivery_id: delivery.deliveryId,
      endpoint_id: row.endpoint_id,
      event_id: delivery.eventId,
      attempt: delivery.attempt,
      status: result.status,
      error: result.error?.slice(0, 500) ?? null,
      duration_ms: result.durationMs,
    })
    .execute();
  if (result.outcome.kind === 'failed' && result.outcome.disableEndpoint) {
    await trx.updateTable('webhook_endpoints').set({ enabled: false, updated_at: sql`now()` }).where('id', '=', row.endpoint_id).execute();
  }
}

/** Gives a claimed delivery back without counting an attempt (shutdown interrupted it). */
export async function releaseDelivery(trx: Transaction<DB>, delivery: ClaimedDelivery): Promise<void> {
  await trx
    .updateTable('webhook_deliveries')
    .set({ locked_until: null, lease_id: null })
    .where('id', '=', delivery.deliveryId)
    .where('lease_id', '=', delivery.leaseId)
    .execute();
}

/**
 * When the next pending delivery to an enabled endpoint falls due (a leased one when its lease
 * ends), or null when none is pending.
 */
export async function nextDueAt(db: Executor): Promise<string | null> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
    .select(sql<string | null>`min(greatest(next_attempt_at, coalesce(locked_until, next_attempt_at)))`.as('due'))
    .where('state', '=', 'pending')
    .where('webhook_endpoints.enabled', '=', true)
    .executeTakeFirst();
  return row?.due ?? null;
}

/** Age in seconds of the oldest due, undelivered attempt (0 when none is due). */
export async function outboxLagSeconds(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
    .select(sql<number>`coalesce(extract(epoch from now() - min(next_attempt_at)), 0)::float8`.as('lag'))
    .where('state', '=', 'pending')
    .where('webhook_endpoints.enabled', '=', true)
    .where('next_attempt_at', '<=', sql<string>`now()`)
    .executeTakeFirst();
  return row?.lag ?? 0;
}

function toAttempt(row: Selectable<DB['webhook_delivery_attempts']>): WebhookDeliveryAttempt {
  return {
    id: row.id,
    eventId: row.event_id,
    attempt: row.attempt,
    status: row.status,
    ...(row.error === null ? {} : { error: row.error }),
    durationMs: row.duration_ms,
    createdAt: row.created_at,
  };
}

/** The endpoint's finished attempts, newest first; 404 when the endpoint is not the user's. */
export async function listDeliveryAttempts(
  db: Executor,
  userId: string,
  endpointId: string,
  query: PageQuery,
): Promise<PageOf<WebhookDeliveryAttempt>> {
  const endpoint = await db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('user_id', '=', userId)
    .where('id', '=', endpointId)
    .executeTakeFirst();
  if (!endpoint) throw notFound('Webhook endpoint');
  const attempts = db.selectFrom('webhook_delivery_attempts').selectAll().where('endpoint_id', '=', endpointId);
  const page = await paginate(attempts, query, {
    createdAt: 'webhook_delivery_attempts.created_at',
    id: 'webhook_delivery_attempts.id',
  });
  return { data: page.data.map(toAttempt), nextCursor: page.nextCursor };
}

/** The queue as the dispatcher drives it. */
export const deliveryQueue: DeliveryQueue = {
  claimDue: claimDueDeliveries,
  record: recordAttempt,
  release: releaseDelivery,
  nextDueAt,
};
