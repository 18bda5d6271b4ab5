/**
 * Preloaded into a server by `npm run bench:memory` (`node --import memory-probe.js`, with an IPC
 * channel): answers each `'memory'` message with the process's memory as V8 and the allocator see
 * it, and `'gc'` with the same after a full collection (`--expose-gc`). Nothing of it is in the
 * server itself: production never loads it and exposes nothing.
 */
import { getHeapStatistics } from 'node:v8';

export interface MemorySample {
  rss: number;
  /** Live JavaScript objects (grows with a leak). */
  heapUsed: number;
  /** What V8 has reserved for the heap (held back after a burst: not a leak). */
  heapTotal: number;
  /** Of that, what is backed by physical memory. */
  heapCommitted: number;
  /** C++ objects tied to JS ones, Buffers and ArrayBuffers included. */
  external: number;
  /** Memory the allocator holds for V8 outside the heap. */
  malloced: number;
}

function sample(): MemorySample {
  const usage = process.memoryUsage();
  const heap = getHeapStatistics();
  return {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    heapCommitted: heap.total_physical_size,
    external: usage.external,
    malloced: heap.malloced_memory,
  };
}

if (process.send) {
  process.on('message', (message) => {
    if (message === 'gc') (globalThis as { gc?: () => void }).gc?.();
    if (message === 'memory' || message === 'gc') process.send?.(sample());
  });
  // The channel must not keep a server alive that was told to stop.
  process.channel?.unref();
}
