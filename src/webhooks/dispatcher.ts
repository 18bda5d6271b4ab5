/**
 * The webhook dispatcher of one API instance: claims due deliveries from the shared queue,
 * sends them (one request per endpoint at a time), records each finished attempt and schedules
 * retries. All of its state is in the database, so a restart resumes where the queue stands;
 * any number of instances can run it side by side. It polls every `intervalMs`, sooner when a
 * retry falls due or `wake()` says new events were written. `stop()` lets in-flight requests
 * finish within the grace period, then aborts them and gives their deliveries back to the queue.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { retryDelayMs } from '../domain/retry-schedule.js';
import type { AttemptResult, ClaimedDelivery, DeliveryQueue } from './delivery-queue.js';
import { DeliveryAbortedError, type DeliveryClient, type DeliveryOutcome } from './delivery-client.js';
import { signDelivery } from './signature.js';

/** When nothing could be claimed though something is due (its endpoint is busy): the poll floor. */
const BUSY_ENDPOINT_POLL_MS = 250;

export type DeliveryResult = 'delivered' | 'http_error' | 'timeout' | 'network_error' | 'refused';

export interface DispatcherOptions {
  db: Kysely<DB>;
  queue: DeliveryQueue;
  /** Runs `work` in one short transaction (the unit of work). */
  transact: <T>(work: (trx: Transaction<DB>) => Promise<T>) => Promise<T>;
  client: DeliveryClient;
  intervalMs: number;
  retryBaseMs: number;
  timeoutMs: number;
  batchSize?: number;
  onAttempt?: (result: DeliveryResult, durationMs: number) => void;
  onError: (error: unknown) => void;
  random?: () => number;
}

export interface Dispatcher {
  start(): void;
  /** New deliveries were queued: look now rather than at the next poll. */
  wake(): void;
  /** Stops polling; waits up to `graceMs` for in-flight requests, then aborts and requeues them. */
  stop(graceMs: number): Promise<void>;
}

export function resultOf(outcome: DeliveryOutcome): DeliveryResult {
  if (outcome.ok) return 'delivered';
  if (outcome.status !== null) return 'http_error';
  if (outcome.error === 'timeout') return 'timeout';
  return outcome.error?.startsWith('refused') ? 'refused' : 'network_error';
}

/** What happens to a delivery after this attempt. */
export function nextStep(outcome: DeliveryOutcome, attempt: number, retryBaseMs: number, random: number): AttemptResult['outcome'] {
  if (outcome.ok) return { kind: 'delivered' };
  if (outcome.status === 410) return { kind: 'failed', disableEndpoint: true };
  const retryInMs = retryDelayMs(attempt, retryBaseMs, random);
  return retryInMs === null ? { kind: 'failed', disableEndpoint: false } : { kind: 'retry', retryInMs };
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, queue, transact, client, intervalMs, retryBaseMs, timeoutMs, batchSize = 10, random = Math.random } = options;
  // A lease outlives the request's timeout, so no other instance retries a delivery still in flight.
  const leaseMs = timeoutMs * 2 + 1_000;
  const abort = new AbortController();
  let stopping = false;
  let woken = false;
  let wakeSleeper: (() => void) | undefined;
  let running: Promise<void> | undefined;

  function sleep(ms: number): Promise<void> {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeSleeper = undefined;
        woken = false;
        resolve();
      }
      wakeSleeper = done;
    });
  }

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    const headers = signDelivery(delivery.eventId, delivery.body, delivery.secrets, new Date());
    let outcome: DeliveryOutcome;
    try {
      outcome = await client.send({ url: delivery.url, body: delivery.body, headers: { ...headers } }, abort.signal);
    } catch (error) {
      if (!(error instanceof DeliveryAbortedError)) throw error;
      await transact((trx) => queue.release(trx, delivery));
      return;
    }
    const result: AttemptResult = {
      status: outcome.status,
      error: outcome.error,
      durationMs: outcome.durationMs,
      outcome: nextStep(outcome, delivery.attempt, retryBaseMs, random()),
    };
    await transact((trx) => queue.record(trx, delivery, result));
    options.onAttempt?.(resultOf(outcome), outcome.durationMs);
  }

  /** Claims and sends one batch; returns how many deliveries it claimed. */
  async function runBatch(): Promise<number> {
    const batch = await transact((trx) => queue.claimDue(trx, batchSize, leaseMs));
    const settled = await Promise.allSettled(batch.map(deliver));
    for (const outcome of settled) if (outcome.status === 'rejected') options.onError(outcome.reason);
    return batch.length;
  }

  async function waitForWork(): Promise<void> {
    const due = await queue.nextDueAt(db);
    const untilDue = due === null ? intervalMs : Date.parse(due) - Date.now();
    await sleep(Math.min(intervalMs, Math.max(untilDue, BUSY_ENDPOINT_POLL_MS)));
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      try {
        if ((await runBatch()) > 0) continue;
        if (!stopping) await waitForWork();
      } catch (error) {
        options.onError(error);
        if (!stopping) await sleep(intervalMs);
      }
    }
  }

  return {
    start() {
      running ??= loop();
    },
    wake() {
      if (wakeSleeper) wakeSleeper();
      else woken = true;
    },
    async stop(graceMs) {
      stopping = true;
      wakeSleeper?.();
      if (!running) return;
      const timer = setTimeout(() => abort.abort(), graceMs);
      try {
        await running;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
