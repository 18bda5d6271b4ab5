import { type Kysely, sql } from 'kysely';

const timestamp = sql`timestamptz(3)`;
const now = sql`now()`;

const statusesV1 = sql`status in ('draft', 'published', 'sent', 'paid', 'void')`;
const statusesV11 = sql`status in ('draft', 'published', 'sent', 'paid', 'void', 'uncollectible')`;
const taxCategories = sql`('S', 'Z', 'E', 'AE', 'K', 'G', 'O')`;

/**
 * Credit notes (their own per-user number series) and the uncollectible status. The invoice keeps
 * `amount_credited` (Σ credit note totals) and `credit_applied` (Σ their appliedToBalance), so the
 * money rules are CHECKs on the one row every change locks:
 * amount_paid + credit_applied ≤ total, credit_applied ≤ amount_credited ≤ total.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('invoices')
    .addColumn('amount_credited', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('credit_applied', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('marked_uncollectible_at', timestamp)
    .execute();
  for (const name of ['invoices_status_valid', 'invoices_paid_within_total', 'invoices_paid_means_settled']) {
    await db.schema.alterTable('invoices').dropConstraint(name).execute();
  }
  for (const [name, check] of [
    ['invoices_status_valid', statusesV11],
    ['invoices_credits_non_negative', sql`amount_credited >= 0 and credit_applied >= 0`],
    ['invoices_settled_within_total', sql`amount_paid + credit_applied <= total`],
    ['invoices_credited_within_total', sql`credit_applied <= amount_credited and amount_credited <= total`],
    ['invoices_paid_means_settled', sql`status <> 'paid' or amount_paid + credit_applied = total`],
    ['invoices_void_untouched', sql`status <> 'void' or (amount_paid = 0 and amount_credited = 0)`],
    ['invoices_uncollectible_marked', sql`status <> 'uncollectible' or marked_uncollectible_at is not null`],
  ] as const) {
    await db.schema.alterTable('invoices').addCheckConstraint(name, check).execute();
  }

  await db.schema
    .createTable('credit_note_number_counters')
    .addColumn('user_id', 'uuid', (col) => col.primaryKey().references('users.id'))
    .addColumn('last_number', 'integer', (col) => col.notNull().check(sql`last_number >= 0`))
    .execute();

  await db.schema
    .createTable('credit_notes')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('invoice_id', 'uuid', (col) => col.notNull())
    .addColumn('number', 'text', (col) => col.notNull())
    .addColumn('currency', sql`char(3)`, (col) => col.notNull())
    .addColumn('issue_date', 'date', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('subtotal', 'bigint', (col) => col.notNull())
    .addColumn('tax', 'bigint', (col) => col.notNull())
    .addColumn('total', 'bigint', (col) => col.notNull())
    .addColumn('applied_to_balance', 'bigint', (col) => col.notNull())
    .addColumn('refund_due', 'bigint', (col) => col.notNull())
    .addColumn('tax_rounding', 'text', (col) => col.notNull().defaultTo('line'))
    .addColumn('tax_exemptions', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('tax_breakdown', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('seller', 'jsonb')
    .addColumn('buyer', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', timestamp, (col) => col.notNull().defaultTo(now))
    .addForeignKeyConstraint('credit_notes_invoice_owned_fkey', ['invoice_id', 'user_id'], 'invoices', ['id', 'user_id'])
    .addUniqueConstraint('credit_notes_user_id_number_key', ['user_id', 'number'])
    .addCheckConstraint('credit_notes_currency_format', sql`currency ~ '^[A-Z]{3}$'`)
    .addCheckConstraint('credit_notes_reason_length', sql`length(reason) between 1 and 500`)
    .addCheckConstraint('credit_notes_amounts_non_negative', sql`subtotal >= 0 and tax >= 0 and applied_to_balance >= 0 and refund_due >= 0`)
    .addCheckConstraint('credit_notes_total_is_sum', sql`total = subtotal + tax`)
    .addCheckConstraint('credit_notes_total_positive', sql`total > 0`)
    .addCheckConstraint('credit_notes_total_split', sql`applied_to_balance + refund_due = total`)
    .addCheckConstraint('credit_notes_tax_rounding_valid', sql`tax_rounding in ('line', 'document')`)
    .execute();
  await db.schema
    .createIndex('credit_notes_user_id_created_at_id_idx')
    .on('credit_notes')
    .columns(['user_id', 'created_at desc', 'id desc'])
    .execute();
  await db.schema
    .createIndex('credit_notes_invoice_id_created_at_id_idx')
    .on('credit_notes')
    .columns(['invoice_id', 'created_at desc', 'id desc'])
    .execute();

  await db.schema
    .createTable('credit_note_items')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('credit_note_id', 'uuid', (col) => col.notNull().references('credit_notes.id').onDelete('cascade'))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('quantity', sql`numeric(10, 3)`, (col) => col.notNull())
    .addColumn('unit_price', 'bigint', (col) => col.notNull())
    .addColumn('tax_rate', sql`numeric(7, 4)`, (col) => col.notNull())
    .addColumn('unit_code', 'text', (col) => col.notNull().defaultTo('C62'))
    .addColumn('tax_category', 'text', (col) => col.notNull())
    .addColumn('subtotal', 'bigint', (col) => col.notNull())
    .addColumn('tax', 'bigint', (col) => col.notNull())
    .addColumn('total', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('credit_note_items_credit_note_id_position_key', ['credit_note_id', 'position'])
    .addCheckConstraint('credit_note_items_description_length', sql`length(description) between 1 and 500`)
    .addCheckConstraint('credit_note_items_quantity_range', sql`quantity > 0 and quantity <= 1000000`)
    .addCheckConstraint('credit_note_items_tax_rate_range', sql`tax_rate >= 0 and tax_rate <= 100`)
    .addCheckConstraint('credit_note_items_tax_category_valid', sql`tax_category in ${taxCategories}`)
    .addCheckConstraint('credit_note_items_amounts_non_negative', sql`unit_price >= 0 and subtotal >= 0 and tax >= 0`)
    .addCheckConstraint('credit_note_items_total_is_sum', sql`total = subtotal + tax`)
    .execute();
}

/**
 * Refuses (a CHECK fails) once an invoice is uncollectible or settled by credit notes: going back
 * would have to invent what v1 cannot say, so it stops rather than lose it.
 */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['credit_note_items', 'credit_notes', 'credit_note_number_counters']) {
    await db.schema.dropTable(table).execute();
  }
  for (const name of [
    'invoices_status_valid',
    'invoices_credits_non_negative',
    'invoices_settled_within_total',
    'invoices_credited_within_total',
    'invoices_paid_means_settled',
    'invoices_void_untouched',
    'invoices_uncollectible_marked',
  ]) {
    await db.schema.alterTable('invoices').dropConstraint(name).execute();
  }
  for (const [name, check] of [
    ['invoices_status_valid', statusesV1],
    ['invoices_paid_within_total', sql`amount_paid <= total`],
    ['invoices_paid_means_settled', sql`status <> 'paid' or amount_paid = total`],
  ] as const) {
    await db.schema.alterTable('invoices').addCheckConstraint(name, check).execute();
  }
  await db.schema
    .alterTable('invoices')
    .dropColumn('amount_credited')
    .dropColumn('credit_applied')
    .dropColumn('marked_uncollectible_at')
    .execute();
}
