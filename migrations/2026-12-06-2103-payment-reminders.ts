import { type Kysely, sql } from 'kysely';

/**
 * Contract v1.2 "Email", reminders: the business profile's reminder settings (days before and
 * after the due date, CHECKed to the contract's ranges and ≤ 5 each), one row per reminder queued
 * (invoice, UTC day) whose primary key makes a second reminder of a day impossible across
 * instances and restarts, the invoice's `last_reminder_at`, the date the periodic scan last ran
 * (so days missed while nothing ran are caught up, the latest only), and a partial index on the
 * due dates of open invoices, which the scan's one query walks.
 */
/** Each list's column and the range of its days (contract: before 0–30, after 1–365). */
const dayRanges = [
  ['reminder_days_before', 0, 30],
  ['reminder_days_after', 1, 365],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('business_profiles')
    .addColumn('reminders_enabled', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('reminder_days_before', sql`integer[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('reminder_days_after', sql`integer[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .execute();
  for (const [column, min, max] of dayRanges) {
    const days = sql.ref(column);
    await db.schema
      .alterTable('business_profiles')
      .addCheckConstraint(
        `business_profiles_${column}_valid`,
        sql`cardinality(${days}) <= 5 and array_position(${days}, null) is null and ${sql.lit(min)} <= all(${days}) and ${sql.lit(max)} >= all(${days})`,
      )
      .execute();
  }
  await db.schema.alterTable('invoices').addColumn('last_reminder_at', sql`timestamptz(3)`).execute();
  await db.schema
    .createTable('invoice_reminders')
    .addColumn('invoice_id', 'uuid', (col) => col.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('reminder_date', 'date', (col) => col.notNull())
    .addColumn('email_id', 'uuid', (col) => col.notNull().references('emails.id').onDelete('cascade'))
    .addColumn('created_at', sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('invoice_reminders_pkey', ['invoice_id', 'reminder_date'])
    .execute();
  await db.schema
    .createTable('reminder_scans')
    .addColumn('id', 'boolean', (col) => col.primaryKey().defaultTo(true))
    .addColumn('scanned_on', 'date', (col) => col.notNull())
    .addCheckConstraint('reminder_scans_one_row', sql`id`)
    .execute();
  await sql`create index invoices_open_due_date on invoices (due_date) where status in ('published', 'sent')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('invoices_open_due_date').execute();
  await db.schema.dropTable('reminder_scans').execute();
  await db.schema.dropTable('invoice_reminders').execute();
  await db.schema.alterTable('invoices').dropColumn('last_reminder_at').execute();
  await db.schema
    .alterTable('business_profiles')
    .dropColumn('reminders_enabled')
    .dropColumn('reminder_days_before')
    .dropColumn('reminder_days_after')
    .execute();
}
