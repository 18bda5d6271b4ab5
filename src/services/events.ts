/**
 * The transactional outbox: events written in the transaction of the change they describe, and
 * their fan-out into webhook delivery tasks for the user's enabled endpoints that want them (so an
 * endpoint receives only events written while it exists and is enabled). Read back by the
 * events API; pruned after the retention period.
 */
import { type Selectable, type Transaction, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import { type Event, type EventListQuery, EventType } from '../../schemas/events.js';
import { AppError, notFound } from '../errors.js';
import { PRUNE_BATCH_SIZE } from '../jobs/batches.js';
import type { PageOf } from '../../schemas/common.js';
import { paginate } from './pagination.js';

export const EVENT_RETENTION_DAYS = 30;

/** The background task kind of a webhook delivery (src/services/webhook-deliveries.ts). */
export const WEBHOOK_DELIVERY_KIND = 'webhook.deliver';

type EventRow = Selectable<DB['events']>;

/** What the outbox stores of a reported change: whose, what, and the resource as it now is. */
export interface OutboxEvent {
  userId: string;
  type: EventType;
  object: object;
}

export function toEvent(row: EventRow): Event {
  return {
    id: row.id,
    type: row.type as EventType,
    createdAt: row.created_at,
    data: { object: row.object },
  };
}

/** One statement, compiled once, for any number of events: they travel as four arrays. */
const eventsAndDeliveries = compiledQuery(
  'events_and_deliveries',
  (db, { ids, userIds, types, objects }: { ids: string[]; userIds: string[]; types: string[]; objects: string[] }) =>
    db
      .with('event', (cte) =>
        cte
          .insertInto('events')
          .columns(['id', 'user_id', 'type', 'object'])
          .expression(sql`select * from unnest(${ids}::uuid[], ${userIds}::uuid[], ${types}::text[], ${objects}::jsonb[])`)
          .returning(['id', 'user_id', 'type']),
      )
      .with('delivery', (cte) =>
        cte
          .insertInto('jobs')
          .columns(['kind', 'lane', 'payload'])
          .expression((eb) =>
            eb
              .selectFrom('webhook_endpoints as endpoint')
              .innerJoin('event', 'event.user_id', 'endpoint.user_id')
              .select([
                sql.lit(WEBHOOK_DELIVERY_KIND).as('kind'),
                sql<string>`endpoint.id::text`.as('lane'),
                sql<string>`jsonb_build_object('endpointId', endpoint.id, 'eventId', event.id)`.as('payload'),
              ])
              .where('endpoint.enabled', '=', true)
              .where(sql<boolean>`endpoint.events && array['*', event.type]`)
              // A lane runs oldest first: the tasks take their order (seq) from the events'.
              .orderBy('event.id'),
          )
          .returning('id'),
      )
      .selectFrom('delivery')
      .select(sql<number>`count(*)::int`.as('count')),
);

/**
 * Writes `events` (in the order given) and their webhook delivery tasks in `trx`, in one statement
 * (the deliveries are selected from the events the same statement inserts); returns how many
 * deliveries were queued, so the caller can notify the engine's listeners.
 */
export async function writeEvents(trx: Transaction<DB>, events: readonly OutboxEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const [queued] = await eventsAndDeliveries(trx, {
    ids: events.map(() => uuidv7()),
    userIds: events.map((event) => event.userId),
    types: events.map((event) => event.type),
    objects: events.map((event) => JSON.stringify(event.object)),
  });
  return queued?.count ?? 0;
}

const knownTypes = new Set<string>(EventType.enum);

function parseTypes(text: string): EventType[] {
  const types = text.split(',').map((type) => type.trim());
  const unknown = types.filter((type) => !knownTypes.has(type));
  if (unknown.length > 0) {
    throw new AppError('validation_failed', `Unknown event type: ${unknown.join(', ')}`, [
      { path: '/type', message: `must be comma-separated event types (${[...knownTypes].join(', ')})` },
    ]);
  }
  return types as EventType[];
}

/** `createdAfter` as an ISO instant; 400 for what the date-time format allows but no clock shows (a leap second :60). */
function realInstant(createdAfter: string): string {
  const ms = Date.parse(createdAfter);
  if (Number.isNaN(ms)) {
    throw new AppError('validation_failed', 'createdAfter must be a real instant', [
      { path: '/createdAfter', message: 'must be a date-time a clock can show (seconds 00–59)' },
    ]);
  }
  return new Date(ms).toISOString();
}

export async function listEvents(db: Executor, userId: string, query: EventListQuery): Promise<PageOf<Event>> {
  let events = db.selectFrom('events').selectAll().where('user_id', '=', userId);
  if (query.type !== undefined) events = events.where('type', 'in', parseTypes(query.type));
  if (query.createdAfter !== undefined) events = events.where('created_at', '>', realInstant(query.createdAfter));
  const page = await paginate(events, query, { createdAt: 'events.created_at', id: 'events.id' });
  return { data: page.data.map(toEvent), nextCursor: page.nextCursor };
}

export async function getEvent(db: Executor, userId: string, id: string): Promise<Event> {
  const row = await db.selectFrom('events').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Event');
  return toEvent(row);
}

/**
 * Deletes up to `batchSize` events older than the retention period; returns how many (their
 * delivery tasks go with the finished tasks). Run it batch after batch (pruneInBatches), each
 * in its own short transaction.
 */
export async function pruneEventsBatch(trx: Transaction<DB>, batchSize = PRUNE_BATCH_SIZE): Promise<number> {
  const result = await trx
    .deleteFrom('events')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('events')
        .select('id')
        .where('created_at', '<', sql<string>`now() - make_interval(days => ${EVENT_RETENTION_DAYS})`)
        .limit(batchSize),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
