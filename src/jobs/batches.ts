/**
 * Pruning a table of unbounded size a batch at a time, each batch its own short transaction, so
 * no deletion holds locks or a snapshot for long.
 */

/** Rows one pruning batch deletes at most. */
export const PRUNE_BATCH_SIZE = 1_000;

/**
 * Runs `batch` (which deletes at most `batchSize` rows and says how many) until one deletes fewer;
 * returns the total.
 */
export async function pruneInBatches(batch: () => Promise<number>, batchSize = PRUNE_BATCH_SIZE): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await batch();
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
