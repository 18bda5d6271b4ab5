/**
 * Runs at most `limit` tasks at once; the rest wait in line, at most `maxQueued` of them and each
 * at most `maxWaitMs`. A task that cannot get in line, or waits too long, is refused with the
 * error `refusal()` makes, so a flood of expensive work (password hashing) queues up to a bound
 * and is then turned away quickly instead of starving everything else in the process.
 */
export interface GateObserver {
  /** A task got its slot after waiting `seconds`. */
  admitted(seconds: number): void;
  /** A task was refused: the line was full or its wait ran out. */
  refused(): void;
}

export interface ConcurrencyGateOptions {
  limit: number;
  maxQueued: number;
  maxWaitMs: number;
  refusal: () => Error;
  observer?: GateObserver;
}

interface Waiter {
  enqueuedAt: number;
  admit: () => void;
  timer: NodeJS.Timeout;
}

export function createConcurrencyGate({ limit, maxQueued, maxWaitMs, refusal, observer }: ConcurrencyGateOptions) {
  let running = 0;
  const queue = new Set<Waiter>();

  function acquire(): Promise<void> {
    if (running < limit) {
      running += 1;
      observer?.admitted(0);
      return Promise.resolve();
    }
    if (queue.size >= maxQueued) {
      observer?.refused();
      return Promise.reject(refusal());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        enqueuedAt: performance.now(),
        admit: () => {
          clearTimeout(waiter.timer);
          observer?.admitted((performance.now() - waiter.enqueuedAt) / 1_000);
          resolve();
        },
        timer: setTimeout(() => {
          queue.delete(waiter);
          observer?.refused();
          reject(refusal());
        }, maxWaitMs),
      };
      queue.add(waiter);
    });
  }

  function release() {
    const next = queue.values().next();
    if (next.done) {
      running -= 1;
      return;
    }
    // The slot passes straight to the longest waiter (a Set iterates in insertion order).
    queue.delete(next.value);
    next.value.admit();
  }

  return {
    limit,
    async run<T>(task: () => Promise<T>): Promise<T> {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
    stats: () => ({ running, queued: queue.size }),
  };
}

export type ConcurrencyGate = ReturnType<typeof createConcurrencyGate>;
