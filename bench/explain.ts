/**
 * EXPLAIN (ANALYZE, BUFFERS) of the SQL the API runs for a page of invoices: listInvoices itself
 * runs on a Kysely whose log captures the statements, so the plans follow the service as it changes.
 */
import { type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { typeParsers } from '../db/type-parsers.js';
import type { DB } from '../db/types.js';
import { listInvoices } from '../src/services/invoices.js';

export interface Plan {
  title: string;
  sql: string;
  plan: string;
}

export async function explainListQueries(databaseUrl: string, userId: string, deepCursor: string, deepTitle: string): Promise<Plan[]> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 1,
    options: '-c TimeZone=UTC',
    types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => typeParsers[oid] ?? pg.types.getTypeParser(oid, format) },
  });
  let captured: CompiledQuery[] = [];
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (event) => void captured.push(event.query) });
  try {
    const plans: Plan[] = [];
    for (const [title, query] of [
      ['first page: GET /invoices?limit=20', { limit: 20 }],
      [deepTitle, { limit: 20, cursor: deepCursor }],
    ] as const) {
      captured = [];
      await listInvoices(db, userId, query);
      const [page] = captured;
      if (!page) throw new Error('listInvoices ran no statement through Kysely');
      const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${page.sql}`, [...page.parameters]);
      plans.push({ title, sql: page.sql, plan: rows.map((row) => row['QUERY PLAN']).join('\n') });
    }
    return plans;
  } finally {
    await db.destroy();
  }
}
