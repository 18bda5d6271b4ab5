/**
 * An export read in keyset batches: each batch is one short query for the next rows after the last
 * one sent (by the export's date, then id), so the database holds no cursor or transaction open
 * while a slow client downloads, and the process holds one batch at a time. A row changed while the
 * file is being read appears as it was or as it is, never twice (the order is by immutable keys
 * except a draft's issue date) and never half.
 */

/** Rows per query: a batch takes a few milliseconds and a few hundred KiB. */
export const EXPORT_BATCH_ROWS = 1_000;

/** The position after a row: its date (or timestamp) and id. */
export interface ExportKey {
  afterDate: string;
  afterId: string;
}

export interface ExportSource<Row> {
  /** The next `take` rows after `after` (the first ones without it), in export order. */
  page(after: ExportKey | undefined, take: number): Promise<Row[]>;
  keyOf(row: Row): ExportKey;
  record(row: Row): string[];
}

/**
 * The export's records, batch by batch. The first batch is read before this returns, so a refused
 * or failing query is answered as an error before any byte of the file is sent; the others are read
 * only as the consumer asks for them.
 */
export async function exportBatches<Row>(source: ExportSource<Row>, batchRows = EXPORT_BATCH_ROWS): Promise<AsyncIterable<string[][]>> {
  const first = await source.page(undefined, batchRows);
  async function* batches() {
    let rows = first;
    for (;;) {
      if (rows.length > 0) yield rows.map((row) => source.record(row));
      const last = rows.at(-1);
      if (rows.length < batchRows || last === undefined) return;
      rows = await source.page(source.keyOf(last), batchRows);
    }
  }
  return batches();
}
