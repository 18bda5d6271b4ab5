import { type Kysely, sql } from 'kysely';

/**
 * Contract v1.2 "Languages and branding": the seller's logo. Images are kept by content (their
 * SHA-256, per user) and never changed: the profile names the one in force, and invoices and
 * credit notes name the one in force when they were issued, so replacing or deleting the logo
 * leaves issued documents as they were.
 */
const documents = ['business_profiles', 'invoices', 'credit_notes'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('business_logos')
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('media_type', 'text', (col) => col.notNull())
    .addColumn('width', 'integer', (col) => col.notNull())
    .addColumn('height', 'integer', (col) => col.notNull())
    .addColumn('image', 'bytea', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('business_logos_pkey', ['user_id', 'sha256'])
    .addCheckConstraint('business_logos_sha256_hex', sql`sha256 ~ '^[0-9a-f]{64}$'`)
    .addCheckConstraint('business_logos_media_type_valid', sql`media_type in ('image/png', 'image/jpeg')`)
    .addCheckConstraint('business_logos_size', sql`width between 1 and 4000 and height between 1 and 4000 and length(image) <= 524288`)
    .execute();
  for (const table of documents) {
    await db.schema.alterTable(table).addColumn('logo_sha256', 'text').execute();
    await db.schema
      .alterTable(table)
      .addForeignKeyConstraint(`${table}_logo_fkey`, ['user_id', 'logo_sha256'], 'business_logos', ['user_id', 'sha256'])
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of documents) await db.schema.alterTable(table).dropColumn('logo_sha256').execute();
  await db.schema.dropTable('business_logos').execute();
}
