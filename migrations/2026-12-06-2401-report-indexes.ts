import type { Kysely } from 'kysely';

/**
 * The orders and ranges the reports and CSV exports read by, per user: invoices and credit notes
 * by issue date, payments by the time they were received. Each export pages through one of them in
 * keyset order (date, then id); the reports filter on the same dates. Clients are exported in
 * `created_at` order, which their list index (`user_id, created_at desc, id desc`) already serves
 * backwards.
 */
const indexes = [
  ['invoices_user_id_issue_date_id_idx', 'invoices', ['user_id', 'issue_date', 'id']],
  ['payments_user_id_paid_at_id_idx', 'payments', ['user_id', 'paid_at', 'id']],
  ['credit_notes_user_id_issue_date_id_idx', 'credit_notes', ['user_id', 'issue_date', 'id']],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, columns] of indexes) {
    await db.schema.createIndex(name).on(table).columns([...columns]).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of indexes) await db.schema.dropIndex(name).execute();
}
