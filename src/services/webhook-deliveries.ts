/**
 * Webhook deliveries as tasks of the background engine (kind `webhook.deliver`, one per endpoint
 * and event, queued with the event in its transaction; the endpoint is the task's lane, so one
 * endpoint gets one request at a time, oldest event first) and their attempts log.
 */
import { type Selectable, type Transaction, sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { PageQuery } from '../../schemas/common.js';
import type { WebhookDeliveryAttempt } from '../../schemas/webhooks.js';
import { notFound } from '../errors.js';
import { WEBHOOK_DELIVERY_KIND, toEvent } from './events.js';
import type { PageOf } from '../../schemas/common.js';
import { paginate } from './pagination.js';

export { WEBHOOK_DELIVERY_KIND };

/** What a delivery task carries. */
export interface DeliveryPayload {
  endpointId: string;
  eventId: string;
}

export interface DeliveryRequest {
  url: string;
  /** The current secret first, then the previous one while it still signs. */
  secrets: string[];
  body: string;
}

/** What to send for a delivery, or null when its endpoint is disabled or gone, or its event pruned. */
export async function deliveryRequest(db: Executor, { endpointId, eventId }: DeliveryPayload): Promise<DeliveryRequest | null> {
  const row = await db
    .selectFrom('webhook_endpoints as endpoint')
    .innerJoin('events as event', 'event.user_id', 'endpoint.user_id')
    .select([
      'endpoint.url',
      'endpoint.secret',
      sql<string | null>`case when endpoint.previous_secret_expires_at > now() then endpoint.previous_secret end`.as('previous_secret'),
      'event.id',
      'event.user_id',
      'event.type',
      'event.object',
      'event.created_at',
    ])
    .where('endpoint.id', '=', endpointId)
    .where('endpoint.enabled', '=', true)
    .where('event.id', '=', eventId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    url: row.url,
    secrets: row.previous_secret ? [row.secret, row.previous_secret] : [row.secret],
    body: JSON.stringify(toEvent(row)),
  };
}

export interface FinishedAttempt {
  deliveryId: string;
  delivery: DeliveryPayload;
  attempt: number;
  status: number | null;
  error: string | null;
  durationMs: number;
  /** 410 Gone: the endpoint asked to receive nothing more. */
  disableEndpoint: boolean;
}

/** Logs a finished attempt (in the transaction that records the task's outcome). */
export async function recordAttempt(trx: Transaction<DB>, attempt: FinishedAttempt): Promise<void> {
  await trx
    .insertInto('webhook_delivery_attempts')
    .values({
      delivery_id: attempt.deliveryId,
      endpoint_id: attempt.delivery.endpointId,
      event_id: attempt.delivery.eventId,
      attempt: attempt.attempt,
      status: attempt.status,
      error: attempt.error?.slice(0, 500) ?? null,
      duration_ms: attempt.durationMs,
    })
    .execute();
  if (attempt.disableEndpoint) {
    await trx
      .updateTable('webhook_endpoints')
      .set({ enabled: false, updated_at: sql`now()` })
      .where('id', '=', attempt.delivery.endpointId)
      .execute();
  }
}

/** Age in seconds of the oldest due, unfinished delivery (0 when none is due). */
export async function outboxLagSeconds(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select(sql<number>`coalesce(extract(epoch from now() - min(run_at)), 0)::float8`.as('lag'))
    .where('kind', '=', WEBHOOK_DELIVERY_KIND)
    .where('state', '=', 'pending')
    .where('run_at', '<=', sql<string>`now()`)
    .executeTakeFirst();
  return Math.max(row?.lag ?? 0, 0);
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
