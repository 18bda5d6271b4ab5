/** Rows per table of the schema, every table read from the database, so a new table is covered without a word in the tests. */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';

export async function schemaTables(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.map((row) => row.table_name);
}

/** The row count of each of `tables`: a refused request must leave every count as it was. */
export async function rowCounts(db: Kysely<DB>, tables: readonly string[]): Promise<Record<string, unknown>> {
  const counts = sql.join(tables.map((table) => sql`(select count(*) from ${sql.table(table)}) as ${sql.ref(table)}`));
  const { rows } = await sql<Record<string, unknown>>`select ${counts}`.execute(db);
  return rows[0] ?? {};
}
