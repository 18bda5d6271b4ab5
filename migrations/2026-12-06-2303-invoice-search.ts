import type { Kysely } from 'kysely';

/**
 * Contract v1.2 invoice search (GET /invoices filters), every one served by an index led by
 * user_id, so no filter reads another user's rows:
 * - `number`: the unique (user_id, number); issue dates: invoices_user_id_issue_date_id_idx (2402);
 *   `dueDateFrom`/`To` and `totalMin`/`Max`: the btree (user_id, column) indexes below;
 * - `q` (number prefix or the client's companyName substring, ILIKE) and `currency` filter the rows
 *   of the user's own indexes (the list index in keyset order, or the one another filter picks).
 *   A trigram index would serve a substring directly, but pg_trgm is an extension PGlite loads on
 *   every start (measured ≈ 60 % slower cold start here), and a user's own invoices are a bounded
 *   range read newest first, stopping at a page's worth of matches.
 */
const indexes = [
  ['invoices_user_id_due_date_idx', ['user_id', 'due_date']],
  ['invoices_user_id_total_idx', ['user_id', 'total']],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, columns] of indexes) await db.schema.createIndex(name).on('invoices').columns([...columns]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of indexes) await db.schema.dropIndex(name).execute();
}
