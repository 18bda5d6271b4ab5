import { type Kysely, sql } from 'kysely';

/**
 * Contract v1.2, discounts, allowances and charges on recurring templates. A template's lines are
 * already jsonb input (their `discount` rides along); the template gains its document allowances
 * and charges as they were stated (jsonb input, up to 10 each), priced anew for every generated
 * invoice. The CHECKs are the last defence behind the API's validation: arrays, at most 10 entries,
 * each an object with a tax category and exactly one of amount and percent.
 */
// An entry that is not an object, lacks its tax category, or has both or neither of amount and percent.
const malformed = sql.lit(
  '$[*] ? (@.type() != "object" || !exists(@.taxCategory) || (exists(@.amount) && exists(@.percent)) || (!exists(@.amount) && !exists(@.percent)))',
);

const checks = [
  [
    'recurring_invoices_adjustments_listed',
    sql`jsonb_typeof(allowances) = 'array' and jsonb_array_length(allowances) <= 10
      and jsonb_typeof(charges) = 'array' and jsonb_array_length(charges) <= 10`,
  ],
  [
    'recurring_invoices_adjustments_complete',
    sql`not jsonb_path_exists(allowances, ${malformed}) and not jsonb_path_exists(charges, ${malformed})`,
  ],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('recurring_invoices')
    .addColumn('allowances', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('charges', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  for (const [name, check] of checks) await db.schema.alterTable('recurring_invoices').addCheckConstraint(name, check).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of checks) await db.schema.alterTable('recurring_invoices').dropConstraint(name).execute();
  await db.schema.alterTable('recurring_invoices').dropColumn('allowances').dropColumn('charges').execute();
}
