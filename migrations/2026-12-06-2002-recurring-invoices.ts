import { type Kysely, sql } from 'kysely';

const timestamp = sql`timestamptz(3)`;
const now = sql`now()`;

/**
 * Recurring invoice schedules, and the link of each generated invoice to its schedule and period.
 * `next_period` is the index of the next period to issue (its date is `next_issue_date`); the
 * unique (schedule, period date) pair on invoices is the last defence against a period issued twice.
 * Generated invoices keep their schedule's id after the schedule is deleted (no foreign key).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('recurring_invoices')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('client_id', 'uuid', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('items', 'jsonb', (col) => col.notNull())
    .addColumn('notes', 'text')
    .addColumn('buyer_reference', 'text')
    .addColumn('purchase_order_reference', 'text')
    .addColumn('tax_exemptions', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('interval', 'text', (col) => col.notNull())
    .addColumn('interval_count', 'integer', (col) => col.notNull())
    .addColumn('start_date', 'date', (col) => col.notNull())
    .addColumn('end_date', 'date')
    .addColumn('payment_terms_days', 'integer')
    .addColumn('auto_publish', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
    .addColumn('next_period', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_issue_date', 'date')
    .addColumn('last_issue_date', 'date')
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addColumn('updated_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addForeignKeyConstraint('recurring_invoices_client_owned_fkey', ['client_id', 'user_id'], 'clients', ['id', 'user_id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .addCheckConstraint('recurring_invoices_interval_valid', sql`interval in ('week', 'month', 'quarter', 'year')`)
    .addCheckConstraint('recurring_invoices_interval_count_range', sql`interval_count between 1 and 12`)
    .addCheckConstraint('recurring_invoices_status_valid', sql`status in ('active', 'paused', 'ended')`)
    .addCheckConstraint('recurring_invoices_end_after_start', sql`end_date >= start_date`)
    .addCheckConstraint('recurring_invoices_terms_range', sql`payment_terms_days between 0 and 365`)
    .addCheckConstraint('recurring_invoices_next_iff_not_ended', sql`(status = 'ended') = (next_issue_date is null)`)
    .addCheckConstraint('recurring_invoices_items_array', sql`jsonb_typeof(items) = 'array'`)
    .execute();
  await db.schema
    .createIndex('recurring_invoices_user_id_created_at_id_idx')
    .on('recurring_invoices')
    .columns(['user_id', 'created_at desc', 'id desc'])
    .execute();
  // The scheduler's one query: active schedules whose next period has come.
  await db.schema
    .createIndex('recurring_invoices_active_next_issue_date_idx')
    .on('recurring_invoices')
    .column('next_issue_date')
    .where(sql.ref('status'), '=', 'active')
    .execute();

  await db.schema
    .alterTable('invoices')
    .addColumn('recurring_invoice_id', 'uuid')
    .addColumn('recurring_period_date', 'date')
    .execute();
  await sql`alter table invoices add constraint invoices_recurring_period_whole
    check ((recurring_invoice_id is null) = (recurring_period_date is null))`.execute(db);
  await db.schema
    .alterTable('invoices')
    .addUniqueConstraint('invoices_recurring_invoice_id_period_key', ['recurring_invoice_id', 'recurring_period_date'])
    .execute();
  await db.schema
    .createIndex('invoices_user_id_recurring_invoice_id_created_at_id_idx')
    .on('invoices')
    .columns(['user_id', 'recurring_invoice_id', 'created_at desc', 'id desc'])
    .where(sql.ref('recurring_invoice_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('invoices_user_id_recurring_invoice_id_created_at_id_idx').execute();
  await db.schema.alterTable('invoices').dropConstraint('invoices_recurring_invoice_id_period_key').execute();
  await db.schema.alterTable('invoices').dropConstraint('invoices_recurring_period_whole').execute();
  await db.schema.alterTable('invoices').dropColumn('recurring_invoice_id').dropColumn('recurring_period_date').execute();
  await db.schema.dropTable('recurring_invoices').execute();
}
