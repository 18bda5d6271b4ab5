import { type Kysely, sql } from 'kysely';

/**
 * The report indexes of 2401 carry the columns the reports sum (INCLUDE), so PostgreSQL answers
 * them from the index alone (an index-only scan) instead of visiting one heap page per row: a
 * user's rows are spread over the whole table, and the aging report of a 50,000-invoice account
 * read ~250 MiB of heap without them. Same keys, so the exports' keyset order still uses them.
 */
const indexes = [
  ['invoices_user_id_issue_date_id_idx', 'invoices', 'user_id, issue_date, id', 'status, currency, client_id, due_date, total, tax'],
  ['payments_user_id_paid_at_id_idx', 'payments', 'user_id, paid_at, id', 'invoice_id, amount'],
  ['credit_notes_user_id_issue_date_id_idx', 'credit_notes', 'user_id, issue_date, id', 'invoice_id, currency, total'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, keys, included] of indexes) {
    await sql`drop index ${sql.ref(name)}`.execute(db);
    await sql`create index ${sql.ref(name)} on ${sql.table(table)} (${sql.raw(keys)}) include (${sql.raw(included)})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, keys] of indexes) {
    await sql`drop index ${sql.ref(name)}`.execute(db);
    await sql`create index ${sql.ref(name)} on ${sql.table(table)} (${sql.raw(keys)})`.execute(db);
  }
}
