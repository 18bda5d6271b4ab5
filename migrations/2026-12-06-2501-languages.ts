import { type Kysely, sql } from 'kysely';

/**
 * Contract v1.2 "Languages and branding": clients gain `language` (null: the profile's default
 * applies), the profile `default_language` (default `en`). Invoices and credit notes keep the
 * language in force when they were issued (null for a draft, and for documents issued before
 * this migration, which then take the current one, as they did before).
 * The list is written out here: a migration must not change when the API's list grows.
 */
const codes = sql.raw(`('en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl')`);
const columns = [
  ['clients', 'language'],
  ['business_profiles', 'default_language'],
  ['invoices', 'language'],
  ['credit_notes', 'language'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of columns) {
    await db.schema
      .alterTable(table)
      .addColumn(column, 'text', (col) => (column === 'default_language' ? col.notNull().defaultTo('en') : col))
      .execute();
    await db.schema.alterTable(table).addCheckConstraint(`${table}_${column}_valid`, sql`${sql.ref(column)} in ${codes}`).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of columns) await db.schema.alterTable(table).dropColumn(column).execute();
}
