import { type Kysely, sql } from 'kysely';

const timestamp = sql`timestamptz(3)`;
const now = sql`now()`;

/**
 * The background engine's one table: queued tasks (webhook deliveries first) and the periodic
 * tasks' next runs. `locked_until`/`lease_id` is the lease of the instance running a task; tasks
 * sharing a `lane` run one at a time, oldest (`seq`) first; `unique_key` makes a second pending
 * task with the same key impossible (a periodic task's row, or "once per X" work). Webhook
 * deliveries move over with their ids, so their attempts log keeps pointing at them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('seq', 'bigint', (col) => col.notNull().generatedByDefaultAsIdentity())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('lane', 'text')
    .addColumn('unique_key', 'text')
    .addColumn('state', 'text', (col) => col.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('run_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addColumn('locked_until', timestamp)
    .addColumn('lease_id', 'uuid')
    .addColumn('last_error', 'text')
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addColumn('finished_at', timestamp)
    .addCheckConstraint('jobs_kind_format', sql`kind ~ '^[a-z][a-z0-9_.:-]{0,99}$'`)
    .addCheckConstraint('jobs_state_valid', sql`state in ('pending', 'done', 'failed')`)
    .addCheckConstraint('jobs_attempts_non_negative', sql`attempts >= 0`)
    .addCheckConstraint('jobs_finished_iff_done', sql`(state = 'pending') = (finished_at is null)`)
    .addCheckConstraint('jobs_lease_only_pending', sql`state = 'pending' or locked_until is null`)
    .addCheckConstraint('jobs_lease_whole', sql`(locked_until is null) = (lease_id is null)`)
    .addCheckConstraint('jobs_last_error_length', sql`length(last_error) <= 1000`)
    .execute();
  await db.schema.createIndex('jobs_pending_run_at_idx').on('jobs').columns(['run_at']).where(sql.ref('state'), '=', 'pending').execute();
  await db.schema
    .createIndex('jobs_pending_lane_seq_idx')
    .on('jobs')
    .columns(['lane', 'seq'])
    .where(sql<boolean>`state = 'pending' and lane is not null`)
    .execute();
  await db.schema
    .createIndex('jobs_pending_unique_key_idx')
    .on('jobs')
    .column('unique_key')
    .unique()
    .where(sql<boolean>`state = 'pending' and unique_key is not null`)
    .execute();
  await db.schema.createIndex('jobs_finished_at_idx').on('jobs').column('finished_at').where(sql.ref('state'), '<>', 'pending').execute();

  await sql`
    insert into jobs (id, kind, payload, lane, state, attempts, run_at, created_at, finished_at)
    select d.id, 'webhook.deliver', jsonb_build_object('endpointId', d.endpoint_id, 'eventId', d.event_id), d.endpoint_id::text,
      case d.state when 'delivered' then 'done' else d.state end, d.attempts, d.next_attempt_at, d.created_at, d.finished_at
    from webhook_deliveries d order by d.event_id`.execute(db);
  await sql`alter table webhook_delivery_attempts drop constraint webhook_delivery_attempts_delivery_id_fkey`.execute(db);
  await sql`alter table webhook_delivery_attempts add constraint webhook_delivery_attempts_delivery_id_fkey
    foreign key (delivery_id) references jobs (id) on delete cascade`.execute(db);
  await db.schema.dropTable('webhook_deliveries').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('endpoint_id', 'uuid', (col) => col.notNull().references('webhook_endpoints.id').onDelete('cascade'))
    .addColumn('event_id', 'uuid', (col) => col.notNull().references('events.id').onDelete('cascade'))
    .addColumn('state', 'text', (col) => col.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addColumn('locked_until', timestamp)
    .addColumn('lease_id', 'uuid')
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addColumn('finished_at', timestamp)
    .addUniqueConstraint('webhook_deliveries_endpoint_id_event_id_key', ['endpoint_id', 'event_id'])
    .addCheckConstraint('webhook_deliveries_state_valid', sql`state in ('pending', 'delivered', 'failed')`)
    .addCheckConstraint('webhook_deliveries_attempts_non_negative', sql`attempts >= 0`)
    .addCheckConstraint('webhook_deliveries_finished_iff_done', sql`(state = 'pending') = (finished_at is null)`)
    .addCheckConstraint('webhook_deliveries_lease_only_pending', sql`state = 'pending' or locked_until is null`)
    .addCheckConstraint('webhook_deliveries_lease_whole', sql`(locked_until is null) = (lease_id is null)`)
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_pending_due_idx')
    .on('webhook_deliveries')
    .columns(['next_attempt_at'])
    .where(sql.ref('state'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_pending_endpoint_idx')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'event_id'])
    .where(sql.ref('state'), '=', 'pending')
    .execute();
  await db.schema.createIndex('webhook_deliveries_event_id_idx').on('webhook_deliveries').column('event_id').execute();
  // Deliveries whose endpoint or event is gone had no row before either (they cascaded away).
  await sql`
    insert into webhook_deliveries (id, endpoint_id, event_id, state, attempts, next_attempt_at, created_at, finished_at)
    select j.id, (j.payload->>'endpointId')::uuid, (j.payload->>'eventId')::uuid,
      case j.state when 'done' then 'delivered' else j.state end, j.attempts, j.run_at, j.created_at, j.finished_at
    from jobs j
    where j.kind = 'webhook.deliver'
      and exists (select 1 from webhook_endpoints e where e.id = (j.payload->>'endpointId')::uuid)
      and exists (select 1 from events v where v.id = (j.payload->>'eventId')::uuid)`.execute(db);
  await sql`delete from webhook_delivery_attempts a where not exists (select 1 from webhook_deliveries d where d.id = a.delivery_id)`.execute(db);
  await sql`alter table webhook_delivery_attempts drop constraint webhook_delivery_attempts_delivery_id_fkey`.execute(db);
  await sql`alter table webhook_delivery_attempts add constraint webhook_delivery_attempts_delivery_id_fkey
    foreign key (delivery_id) references webhook_deliveries (id) on delete cascade`.execute(db);
  await db.schema.dropTable('jobs').execute();
}
