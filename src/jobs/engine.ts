/**
 * The background engine of one API instance: it claims due tasks of the kinds it knows from the
 * shared queue (src/jobs/queue.ts) and runs each with its kind's handler, up to `concurrency` at
 * once, then records the outcome: done, retried after a backoff (the kind's retry policy), or
 * given up. Periodic tasks are rows of the same queue, due again at the next multiple of their
 * period once a run ends, so a period's run is claimed like any task: N instances never run it
 * twice, and a period missed while no instance ran is caught up once at the next start.
 *
 * All state is in the database, so a restart resumes where the queue stands. It polls every
 * `intervalMs`, sooner when a task falls due or `wake()` says work was queued (a NOTIFY, or a
 * local commit). `stop()` stops claiming, lets running tasks finish within the grace period,
 * then aborts them: a handler that ends because of the abort has its task given back, uncounted.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { type RetryPolicy, DEFAULT_RETRY_POLICY, retryDelayMs } from '../domain/retry-schedule.js';
import { type ClaimedTask, type Finish, claimTasks, ensurePeriodic, finishTask, nextDueAt, releaseTask } from './queue.js';

/** When something is due but nothing could be claimed (its lane is busy): the poll floor. */
const BUSY_POLL_MS = 250;

/** Runs in the same transaction as the task's outcome, only if the lease was still this instance's. */
export type Recorder = (trx: Transaction<DB>, outcome: 'done' | 'retry' | 'failed') => Promise<void>;

export type TaskResult =
  | { outcome: 'done'; record?: Recorder }
  /** Try again after the backoff; given up (failed) once the kind's attempts are spent. */
  | { outcome: 'retry'; error: string; record?: Recorder }
  /** Give up now (a permanent failure). */
  | { outcome: 'failed'; error: string; record?: Recorder }
  /** Not finished (e.g. it stopped for shutdown): run it again, this attempt uncounted. */
  | { outcome: 'again' };

export interface QueuedKind {
  kind: string;
  /** The first retry's delay; later ones double from it (see retry-schedule.ts). */
  retryBaseMs: number;
  retryPolicy?: RetryPolicy;
  run(task: ClaimedTask, signal: AbortSignal): Promise<TaskResult>;
}

export interface PeriodicKind {
  kind: string;
  everyMs: number;
  /** One run; a failure is logged and the next period runs as usual. */
  run(signal: AbortSignal): Promise<void>;
}

export type Outcome = 'done' | 'retry' | 'failed';

export interface EngineOptions {
  db: Kysely<DB>;
  /** Runs `work` in one short transaction (the unit of work). */
  transact: <T>(work: (trx: Transaction<DB>) => Promise<T>) => Promise<T>;
  intervalMs: number;
  leaseMs: number;
  concurrency?: number;
  onOutcome?: (kind: string, outcome: Outcome, durationMs: number) => void;
  onError: (error: unknown, kind?: string) => void;
  random?: () => number;
}

export interface Engine {
  define(kind: QueuedKind): void;
  definePeriodic(kind: PeriodicKind): void;
  /** The kinds defined, queued and periodic. */
  kinds(): string[];
  start(): void;
  /** Work was queued: look now rather than at the next poll. */
  wake(): void;
  /** Stops claiming; waits up to `graceMs` for running tasks, then aborts them and gives them back. */
  stop(graceMs: number): Promise<void>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createEngine(options: EngineOptions): Engine {
  const { db, transact, intervalMs, leaseMs, concurrency = 10, random = Math.random } = options;
  const queued = new Map<string, QueuedKind>();
  const periodic = new Map<string, PeriodicKind>();
  const abort = new AbortController();
  const running = new Set<Promise<void>>();
  let stopping = false;
  let woken = false;
  let wakeSleeper: (() => void) | undefined;
  let loopDone: Promise<void> | undefined;

  const kinds = () => [...queued.keys(), ...periodic.keys()];

  function defineOnce(kind: string) {
    if (queued.has(kind) || periodic.has(kind)) throw new Error(`task kind ${kind} is defined twice`);
    if (loopDone) throw new Error(`task kind ${kind} defined after the engine started`);
  }

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

  function wake() {
    if (wakeSleeper) wakeSleeper();
    else woken = true;
  }

  /** Turns a handler's result into the queue's finish, applying the kind's retry policy. */
  function finishOf(task: ClaimedTask, result: Exclude<TaskResult, { outcome: 'again' }>, kind: QueuedKind): Finish {
    if (result.outcome === 'done') return { state: 'done' };
    if (result.outcome === 'failed') return { state: 'failed', error: result.error };
    const delayMs = retryDelayMs(task.attempt, kind.retryBaseMs, random(), kind.retryPolicy ?? DEFAULT_RETRY_POLICY);
    return delayMs === null ? { state: 'failed', error: result.error } : { state: 'retry', error: result.error, delayMs };
  }

  async function runQueued(task: ClaimedTask, kind: QueuedKind): Promise<void> {
    const started = performance.now();
    let result: TaskResult;
    try {
      result = await kind.run(task, abort.signal);
    } catch (error) {
      if (abort.signal.aborted) result = { outcome: 'again' };
      else {
        options.onError(error, task.kind);
        result = { outcome: 'retry', error: describe(error) };
      }
    }
    if (result.outcome === 'again') {
      await transact((trx) => releaseTask(trx, task));
      return;
    }
    const finish = finishOf(task, result, kind);
    const outcome: Outcome = finish.state === 'retry' ? 'retry' : finish.state === 'done' ? 'done' : 'failed';
    const { record } = result;
    await transact(async (trx) => {
      if ((await finishTask(trx, task, finish)) && record) await record(trx, outcome);
    });
    options.onOutcome?.(task.kind, outcome, performance.now() - started);
  }

  async function runPeriodic(task: ClaimedTask, kind: PeriodicKind): Promise<void> {
    const started = performance.now();
    let error: string | undefined;
    try {
      await kind.run(abort.signal);
    } catch (failure) {
      if (abort.signal.aborted) {
        await transact((trx) => releaseTask(trx, task));
        return;
      }
      options.onError(failure, task.kind);
      error = describe(failure);
    }
    await transact((trx) => finishTask(trx, task, { state: 'next-period', everyMs: kind.everyMs, error }));
    options.onOutcome?.(task.kind, error === undefined ? 'done' : 'failed', performance.now() - started);
  }

  function launch(task: ClaimedTask) {
    const kind = queued.get(task.kind);
    const work = kind ? runQueued(task, kind) : runPeriodic(task, periodic.get(task.kind)!);
    const settled: Promise<void> = work
      .catch((error: unknown) => options.onError(error, task.kind))
      .finally(() => {
        running.delete(settled);
        // A finished task frees a slot, and maybe its lane.
        wake();
      });
    running.add(settled);
  }

  async function waitForWork(): Promise<void> {
    const due = await nextDueAt(db, kinds());
    const untilDue = due === null ? intervalMs : Date.parse(due) - Date.now();
    await sleep(Math.min(intervalMs, Math.max(untilDue, BUSY_POLL_MS)));
  }

  async function loop(): Promise<void> {
    let periodicRowsExist = false;
    while (!stopping) {
      try {
        if (!periodicRowsExist) {
          await transact((trx) => ensurePeriodic(trx, [...periodic.keys()]));
          periodicRowsExist = true;
        }
        const free = concurrency - running.size;
        if (free <= 0) {
          await sleep(intervalMs);
          continue;
        }
        const claimed = await transact((trx) => claimTasks(trx, kinds(), free, leaseMs));
        for (const task of claimed) launch(task);
        if (claimed.length === 0 && !stopping) await waitForWork();
      } catch (error) {
        options.onError(error);
        if (!stopping) await sleep(intervalMs);
      }
    }
  }

  return {
    define(kind) {
      defineOnce(kind.kind);
      queued.set(kind.kind, kind);
    },
    definePeriodic(kind) {
      defineOnce(kind.kind);
      periodic.set(kind.kind, kind);
    },
    kinds,
    start() {
      loopDone ??= loop();
    },
    wake,
    async stop(graceMs) {
      stopping = true;
      wakeSleeper?.();
      await loopDone;
      const timer = setTimeout(() => abort.abort(), graceMs);
      try {
        await Promise.all(running);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
