import { type Kysely, sql } from 'kysely';

/**
 * Contract v1.2: the business profile gains `contactName`, the seller contact point (EN 16931
 * BT-41) that XRechnung requires. Seller snapshots already frozen into invoices and credit notes
 * gain `"contactName": null`, so every snapshot has the shape the API returns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('business_profiles').addColumn('contact_name', 'text').execute();
  await db.schema
    .alterTable('business_profiles')
    .addCheckConstraint('business_profiles_contact_name_length', sql`length(contact_name) between 1 and 200`)
    .execute();
  for (const table of ['invoices', 'credit_notes']) {
    await sql`update ${sql.table(table)} set seller = seller || '{"contactName": null}'::jsonb
      where seller is not null and not seller ? 'contactName'`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['invoices', 'credit_notes']) {
    await sql`update ${sql.table(table)} set seller = seller - 'contactName' where seller is not null`.execute(db);
  }
  await db.schema.alterTable('business_profiles').dropColumn('contact_name').execute();
}
