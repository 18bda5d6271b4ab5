import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

/**
 * Contract v1.2 "Hosted invoice page": issued invoices and credit notes gain a link token (32
 * random bytes, base64url), looked up by its SHA-256 so an index walk compares digests, never the
 * token an attacker sends; invoices gain `viewed_at`. Documents issued before get a token now.
 */
const tables = ['invoices', 'credit_notes'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of tables) {
    await db.schema.alterTable(table).addColumn('hosted_token', 'text').execute();
    await sql`create unique index ${sql.id(`${table}_hosted_token_digest`)} on ${sql.table(table)} (sha256(hosted_token::bytea))`.execute(db);
  }
  await db.schema.alterTable('invoices').addColumn('viewed_at', 'timestamptz').execute();

  const issued = await sql<{ id: string; table: string }>`
    select id, 'invoices' as table from invoices where status <> 'draft'
    union all select id, 'credit_notes' from credit_notes`.execute(db);
  for (const { id, table } of issued.rows) {
    await sql`update ${sql.table(table)} set hosted_token = ${randomBytes(32).toString('base64url')} where id = ${id}`.execute(db);
  }
  // A credit note is issued when created: it always has a link.
  await db.schema.alterTable('credit_notes').alterColumn('hosted_token', (column) => column.setNotNull()).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invoices').dropColumn('viewed_at').execute();
  for (const table of tables) await db.schema.alterTable(table).dropColumn('hosted_token').execute();
}
