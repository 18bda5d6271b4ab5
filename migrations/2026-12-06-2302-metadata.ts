import { type Kysely, sql } from 'kysely';

/**
 * Contract v1.2: `metadata` on clients, invoices, payments, credit notes and recurring invoices.
 * The API validates its shape (schemas/metadata.ts); the CHECK keeps anything but an object out.
 *
 * The list filter `metadata[key]=value` must find one user's rows without reading another's. A
 * GIN index on metadata alone would collect every user's rows with that pair, and a two-column
 * GIN (user_id, metadata) needs the btree_gin extension, which PGlite loads on every start (≈ 60 %
 * slower here). So the index holds `metadata_of_user(user_id, metadata)` = `{"<user_id>": metadata}`
 * with jsonb_path_ops, which hashes each whole path: user, key and value. The filter
 * `metadata_of_user(user_id, metadata) @> metadata_of_user($user, $pair)` finds exactly the user's
 * rows with the pair in the index. The function is immutable for these argument types.
 */
export const metadataTables = ['clients', 'invoices', 'payments', 'credit_notes', 'recurring_invoices'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create function metadata_of_user(user_id uuid, metadata jsonb) returns jsonb
    language sql immutable strict parallel safe
    as $$select jsonb_build_object(user_id::text, metadata)$$`.execute(db);
  for (const table of metadataTables) {
    await db.schema
      .alterTable(table)
      .addColumn('metadata', 'jsonb', (column) => column.notNull().defaultTo(sql`'{}'::jsonb`))
      .execute();
    await db.schema
      .alterTable(table)
      .addCheckConstraint(`${table}_metadata_object`, sql`jsonb_typeof(metadata) = 'object'`)
      .execute();
    await sql`create index ${sql.id(`${table}_user_metadata_idx`)} on ${sql.table(table)}
      using gin (metadata_of_user(user_id, metadata) jsonb_path_ops)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of metadataTables) {
    await db.schema.alterTable(table).dropColumn('metadata').execute();
  }
  await sql`drop function metadata_of_user(uuid, jsonb)`.execute(db);
}
