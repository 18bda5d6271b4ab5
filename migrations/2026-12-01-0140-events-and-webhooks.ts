import { type Kysely, sql } from 'kysely';

const timestamp = sql`timestamptz(3)`;
const now = sql`now()`;

/**
 * The transactional outbox (events), webhook endpoints, and their delivery queue and log.
 * Event ids are UUIDv7 made by the writer, so within one transaction (one `created_at`) they
 * still sort in the order the changes were reported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('object', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addCheckConstraint('events_type_format', sql`type ~ '^[a-z_]+\\.[a-z_]+$'`)
    .addCheckConstraint('events_object_is_object', sql`jsonb_typeof(object) = 'object'`)
    .execute();
  await db.schema.createIndex('events_user_id_created_at_id_idx').on('events').columns(['user_id', 'created_at desc', 'id desc']).execute();
  await db.schema
    .createIndex('events_user_id_type_created_at_id_idx')
    .on('events')
    .columns(['user_id', 'type', 'created_at desc', 'id desc'])
    .execute();
  await db.schema.createIndex('events_created_at_idx').on('events').column('created_at').execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('events', sql`text[]`, (col) => col.notNull())
    .addColumn('enabled', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('secret', 'text', (col) => col.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', timestamp)
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addUniqueConstraint('webhook_endpoints_id_user_id_key', ['id', 'user_id'])
    .addCheckConstraint('webhook_endpoints_url_format', sql`url ~ '^https?://' and length(url) <= 2048`)
    .addCheckConstraint('webhook_endpoints_description_length', sql`length(description) <= 500`)
    .addCheckConstraint('webhook_endpoints_events_not_empty', sql`cardinality(events) >= 1`)
    .addCheckConstraint('webhook_endpoints_secret_format', sql`secret ~ '^whsec_' and previous_secret ~ '^whsec_'`)
    .addCheckConstraint(
      'webhook_endpoints_previous_secret_expires',
      sql`(previous_secret is null) = (previous_secret_expires_at is null)`,
    )
    .execute();
  await db.schema
    .createIndex('webhook_endpoints_user_id_created_at_id_idx')
    .on('webhook_endpoints')
    .columns(['user_id', 'created_at desc', 'id desc'])
    .execute();

  // One row per (endpoint, event): the queue the dispatchers claim from. `locked_until` is the
  // lease of the instance delivering it; `attempts` counts finished attempts.
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

  // Finished attempts, the endpoint's deliveries log.
  await db.schema
    .createTable('webhook_delivery_attempts')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('delivery_id', 'uuid', (col) => col.notNull().references('webhook_deliveries.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'uuid', (col) => col.notNull().references('webhook_endpoints.id').onDelete('cascade'))
    .addColumn('event_id', 'uuid', (col) => col.notNull())
    .addColumn('attempt', 'integer', (col) => col.notNull())
    .addColumn('status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addUniqueConstraint('webhook_delivery_attempts_delivery_id_attempt_key', ['delivery_id', 'attempt'])
    .addCheckConstraint('webhook_delivery_attempts_attempt_positive', sql`attempt >= 1`)
    .addCheckConstraint('webhook_delivery_attempts_status_range', sql`status between 100 and 599`)
    .addCheckConstraint('webhook_delivery_attempts_duration_non_negative', sql`duration_ms >= 0`)
    .addCheckConstraint('webhook_delivery_attempts_error_length', sql`length(error) <= 500`)
    .execute();
  await db.schema
    .createIndex('webhook_delivery_attempts_endpoint_id_created_at_id_idx')
    .on('webhook_delivery_attempts')
    .columns(['endpoint_id', 'created_at desc', 'id desc'])
    .execute();
  await db.schema
    .createIndex('webhook_delivery_attempts_delivery_id_idx')
    .on('webhook_delivery_attempts')
    .column('delivery_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['webhook_delivery_attempts', 'webhook_deliveries', 'webhook_endpoints', 'events']) {
    await db.schema.dropTable(table).execute();
  }
}
