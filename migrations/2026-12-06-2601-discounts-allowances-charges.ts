import { type Kysely, sql } from 'kysely';

/**
 * Contract v1.2, discounts, allowances and charges. Lines gain a discount (percent or amount, with
 * a reason) and the discount amount it came to; `gross` is `subtotal + discount_amount`. Invoices
 * and credit notes gain their allowances and charges (jsonb, up to 10 each) and those totals;
 * `lineTotal` is `subtotal + allowance_total − charge_total`. Existing rows have none of them.
 */
const itemTables = ['invoice_items', 'credit_note_items'];
const documentTables = ['invoices', 'credit_notes'];

const itemChecks = (table: string) =>
  [
    [`${table}_discount_amount_non_negative`, sql`discount_amount >= 0`],
    [
      `${table}_discount_percent_range`,
      sql`discount_percent is null or (discount_percent > 0 and discount_percent <= 100 and discount_percent = round(discount_percent, 2))`,
    ],
    [
      `${table}_discount_reason`,
      sql`discount_reason is null or (length(discount_reason) between 1 and 200 and (discount_percent is not null or discount_amount > 0))`,
    ],
  ] as const;

const documentChecks = (table: string) =>
  [
    [
      `${table}_adjustment_totals_non_negative`,
      sql`allowance_total >= 0 and charge_total >= 0 and subtotal + allowance_total - charge_total >= 0`,
    ],
    [
      `${table}_adjustments_listed`,
      sql`jsonb_typeof(allowances) = 'array' and jsonb_array_length(allowances) <= 10
        and jsonb_typeof(charges) = 'array' and jsonb_array_length(charges) <= 10`,
    ],
  ] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of itemTables) {
    await db.schema
      .alterTable(table)
      .addColumn('discount_percent', 'numeric')
      .addColumn('discount_amount', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('discount_reason', 'text')
      .execute();
    for (const [name, check] of itemChecks(table)) await db.schema.alterTable(table).addCheckConstraint(name, check).execute();
  }
  for (const table of documentTables) {
    await db.schema
      .alterTable(table)
      .addColumn('allowances', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('charges', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('allowance_total', 'bigint', (col) => col.notNull().defaultTo(0))
      .addColumn('charge_total', 'bigint', (col) => col.notNull().defaultTo(0))
      .execute();
    for (const [name, check] of documentChecks(table)) await db.schema.alterTable(table).addCheckConstraint(name, check).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of documentTables) {
    for (const [name] of documentChecks(table)) await db.schema.alterTable(table).dropConstraint(name).execute();
    await db.schema
      .alterTable(table)
      .dropColumn('allowances')
      .dropColumn('charges')
      .dropColumn('allowance_total')
      .dropColumn('charge_total')
      .execute();
  }
  for (const table of itemTables) {
    for (const [name] of itemChecks(table)) await db.schema.alterTable(table).dropConstraint(name).execute();
    await db.schema.alterTable(table).dropColumn('discount_percent').dropColumn('discount_amount').dropColumn('discount_reason').execute();
  }
}
