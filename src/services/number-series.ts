/**
 * Gapless per-user document numbers. The counter row is locked by the upsert until the
 * transaction ends, so concurrent creations take turns and a rolled-back one gives its number
 * back; unique (user_id, number) on the documents is the backstop.
 */
import { type Transaction, sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { DB } from '../../db/types.js';

const counters = {
  invoice: 'invoice_number_counters',
  creditNote: 'credit_note_number_counters',
} as const satisfies Record<string, keyof DB>;

export type NumberSeries = keyof typeof counters;

/** `prefix` then the sequence zero-padded to six digits: INV-000001, CN-000042. */
export const formatDocumentNumber = (prefix: string, sequence: number) => `${prefix}${String(sequence).padStart(6, '0')}`;

function nextInCounter(table: (typeof counters)[NumberSeries]) {
  return compiledQuery(`next_${table}`, (db, { userId }: { userId: string }) =>
    db
      .insertInto(table)
      .values({ user_id: userId, last_number: 1 })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ last_number: sql<number>`${sql.ref(`${table}.last_number`)} + 1` }))
      .returning('last_number'),
  );
}

const nextInSeries = { invoice: nextInCounter(counters.invoice), creditNote: nextInCounter(counters.creditNote) } satisfies Record<NumberSeries, unknown>;

/** The user's next sequence number in `series`, 1 for the first. */
export async function nextSequence(trx: Transaction<DB>, series: NumberSeries, userId: string): Promise<number> {
  const [row] = await nextInSeries[series](trx, { userId });
  if (!row) throw new Error(`no ${series} number returned`);
  return row.last_number;
}
