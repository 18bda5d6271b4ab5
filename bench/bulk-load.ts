/**
 * Bulk loading: builds indexes and checks foreign keys once after the load instead of once per
 * row. Reads the definitions from the catalogue (so it follows the migrations), drops the foreign
 * keys touching the tables, their unique and primary-key constraints and other indexes, runs the
 * load, and restores them all (re-adding a foreign key validates every row in one query).
 */
import type pg from 'pg';

interface Definition {
  kind: 'index' | 'constraint';
  table: string;
  name: string;
  definition: string;
}

const definitionsQuery = `
  select 'constraint' as kind, conrelid::regclass::text as "table", conname as name, pg_get_constraintdef(oid) as definition,
    case contype when 'f' then 0 else 1 end as rank
  from pg_constraint
  where (contype = 'f' and (conrelid = any($1::regclass[]) or confrelid = any($1::regclass[])))
     or (contype in ('p', 'u') and conrelid = any($1::regclass[]))
  union all
  select 'index', indrelid::regclass::text, indexrelid::regclass::text, pg_get_indexdef(indexrelid), 2
  from pg_index
  where indrelid = any($1::regclass[]) and not exists (select 1 from pg_constraint where conindid = indexrelid)
  order by rank`;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function withoutIndexes(client: pg.Client, tables: string[], load: () => Promise<void>): Promise<void> {
  const { rows } = await client.query<Definition>(definitionsQuery, [tables]);
  for (const { kind, table, name } of rows) {
    await client.query(kind === 'index' ? `drop index ${name}` : `alter table ${table} drop constraint ${quote(name)}`);
  }
  await load();
  for (const { kind, table, name, definition } of rows.toReversed()) {
    await client.query(kind === 'index' ? definition : `alter table ${table} add constraint ${quote(name)} ${definition}`);
  }
}
