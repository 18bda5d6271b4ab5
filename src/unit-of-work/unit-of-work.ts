/**
 * The unit of work: the one place a write opens its transaction. It runs the work (a service
 * call) with the `Transaction<DB>`, claims or replays an Idempotency-Key when given one, lets the
 * in-transaction hooks see the events the work reported (so they commit with it), commits, and
 * then runs the after-commit hooks. Nothing else calls `.transaction()`. It knows nothing of HTTP:
 * what an outcome records, and which failures are outcomes, is its caller's (see OutcomeRecorder).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { type DomainEvent, reportedEvents, startEventLog, truncateEventLog } from './events.js';
import { type IdempotencyClaim, type RecordedOutcome, claimKey, recordOutcome } from './idempotency-keys.js';

/** A service call to run in the unit's transaction. */
export type Work<T> = (trx: Transaction<DB>) => Promise<T>;

/** Runs inside the transaction, after the work, when it reported events: e.g. writes them down. */
export type EventsHook = (trx: Transaction<DB>, events: readonly DomainEvent[]) => Promise<void>;

/** Runs once the transaction has committed, never for a rollback or a replay: e.g. metrics. */
export type CommittedHook = (events: readonly DomainEvent[]) => void;

/**
 * Asked at the end of every transaction's work, events or not: what to run once it has committed
 * (e.g. wake the background engine when the work queued a task), or nothing.
 */
export type CommitProbe = (trx: Transaction<DB>) => (() => void) | undefined;

/** What to record under an Idempotency-Key, for the work's result and for what it throws. */
export interface OutcomeRecorder<T> {
  /** The outcome of the work's result, recorded with its changes. */
  ofResult(result: T): RecordedOutcome;
  /**
   * The outcome of what the work threw, recorded with its changes (and reports) undone, so a
   * retry gets the same refusal; or undefined: the error rolls back everything, the claim
   * included, so a retry runs afresh.
   */
  ofFailure(error: unknown): RecordedOutcome | undefined;
}

export interface IdempotentOutcome {
  outcome: RecordedOutcome;
  /** True when `outcome` is the one recorded for an earlier request with the same key. */
  replayed: boolean;
}

export interface UnitOfWork {
  /** Runs `work` in one transaction and returns its result once committed. */
  run<T>(work: Work<T>): Promise<T>;
  /**
   * Like `run`, guarded by an Idempotency-Key when `claim` is not null: the first request runs
   * `work` and records `recorder.ofResult(result)` with it, or `recorder.ofFailure(error)` with
   * the work's changes rolled back; a retry gets that outcome back and runs nothing. Without a
   * claim nothing is recorded and a failure is thrown.
   */
  runIdempotent<T>(claim: IdempotencyClaim | null, work: Work<T>, recorder: OutcomeRecorder<T>): Promise<IdempotentOutcome>;
  /** Adds a hook run in every transaction whose work reported events, in registration order. */
  onEvents(hook: EventsHook): void;
  /** Adds a hook run after every commit whose work reported events. */
  afterCommit(hook: CommittedHook): void;
  /** Adds a probe asked at the end of every transaction's work (see CommitProbe). */
  probeCommit(probe: CommitProbe): void;
}

/**
 * `onHookError` hears what an after-commit hook throws: the change is committed by then, so the
 * request still succeeds.
 */
export function createUnitOfWork(db: Kysely<DB>, onHookError: (error: unknown) => void): UnitOfWork {
  const eventsHooks: EventsHook[] = [];
  const committedHooks: CommittedHook[] = [];
  const probes: CommitProbe[] = [];

  /** One transaction: `body` runs in it, then the events hooks; the committed hooks after. */
  async function transact<T>(body: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    let events: readonly DomainEvent[] = [];
    let afterwards: (() => void)[] = [];
    const result = await db.transaction().execute(async (trx) => {
      startEventLog(trx);
      const value = await body(trx);
      events = reportedEvents(trx);
      if (events.length > 0) for (const hook of eventsHooks) await hook(trx, events);
      afterwards = probes.flatMap((probe) => probe(trx) ?? []);
      return value;
    });
    for (const run of afterwards) {
      try {
        run();
      } catch (error) {
        onHookError(error);
      }
    }
    if (events.length > 0) {
      for (const hook of committedHooks) {
        try {
          hook(events);
        } catch (error) {
          onHookError(error);
        }
      }
    }
    return result;
  }

  /** The work's outcome, or its failure's with its writes (and events) undone by a savepoint. */
  async function outcomeOf<T>(trx: Transaction<DB>, work: Work<T>, recorder: OutcomeRecorder<T>): Promise<RecordedOutcome> {
    const eventsBefore = reportedEvents(trx).length;
    await sql`savepoint idempotent_work`.execute(trx);
    try {
      return recorder.ofResult(await work(trx));
    } catch (error) {
      const outcome = recorder.ofFailure(error);
      if (!outcome) throw error;
      await sql`rollback to savepoint idempotent_work`.execute(trx);
      truncateEventLog(trx, eventsBefore);
      return outcome;
    }
  }

  return {
    run: (work) => transact(work),

    runIdempotent: (claim, work, recorder) =>
      transact(async (trx) => {
        if (!claim) return { outcome: recorder.ofResult(await work(trx)), replayed: false };
        const replay = await claimKey(trx, claim);
        if (replay) return { outcome: replay, replayed: true };
        const outcome = await outcomeOf(trx, work, recorder);
        await recordOutcome(trx, claim, outcome);
        return { outcome, replayed: false };
      }),

    onEvents: (hook) => eventsHooks.push(hook),
    afterCommit: (hook) => committedHooks.push(hook),
    probeCommit: (probe) => probes.push(probe),
  };
}
