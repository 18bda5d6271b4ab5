/**
 * The unit of work: the one place a write opens its transaction. It runs the work (a service
 * call) with the `Transaction<DB>`, claims or replays an Idempotency-Key when given one, lets the
 * in-transaction hooks see the events the work reported (so they commit with it), commits, and
 * then runs the after-commit hooks. Nothing else calls `.transaction()`.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError, fromDomain } from '../errors.js';
import { type DomainEvent, reportedEvents, startEventLog, truncateEventLog } from './events.js';
import { type IdempotencyClaim, type RecordedResponse, claimKey, recordResponse } from './idempotency-keys.js';

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

/** A claim, and how to answer a business refusal so that the answer can be recorded and replayed. */
export interface IdempotentRequest extends IdempotencyClaim {
  refusalResponse(refusal: AppError): RecordedResponse;
}

/**
 * A refusal by the business rules (409: the state does not allow it; 422: e.g. overpayment) is an
 * outcome like a success: recorded, so a concurrent or later retry gets the same answer. A 400
 * never reaches the work; a 404 or a failure (5xx, 503) is not recorded, so a retry runs afresh.
 */
function asBusinessRefusal(error: unknown): AppError | undefined {
  const problem = error instanceof AppError ? error : fromDomain(error);
  return problem && (problem.status === 409 || problem.status === 422) ? problem : undefined;
}

export interface IdempotentOutcome {
  response: RecordedResponse;
  /** True when `response` is the one recorded for an earlier request with the same key. */
  replayed: boolean;
}

export interface UnitOfWork {
  /** Runs `work` in one transaction and returns its result once committed. */
  run<T>(work: Work<T>): Promise<T>;
  /**
   * Like `run`, guarded by an Idempotency-Key when `claim` is not null: the first request runs
   * `work` and records `respond(result)` with it, or the refusal its business rules answered
   * (409, 422) with the work's changes rolled back; a retry gets that response back and runs nothing.
   */
  runIdempotent<T>(
    claim: IdempotentRequest | null,
    work: Work<T>,
    respond: (result: T) => RecordedResponse,
  ): Promise<IdempotentOutcome>;
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

  /** The work's response, or its business refusal with its writes (and events) undone by a savepoint. */
  async function respondOrRefuse<T>(
    trx: Transaction<DB>,
    claim: IdempotentRequest,
    work: Work<T>,
    respond: (result: T) => RecordedResponse,
  ): Promise<RecordedResponse> {
    const eventsBefore = reportedEvents(trx).length;
    await sql`savepoint idempotent_work`.execute(trx);
    try {
      return respond(await work(trx));
    } catch (error) {
      const refusal = asBusinessRefusal(error);
      if (!refusal) throw error;
      await sql`rollback to savepoint idempotent_work`.execute(trx);
      truncateEventLog(trx, eventsBefore);
      return claim.refusalResponse(refusal);
    }
  }

  return {
    run: (work) => transact(work),

    runIdempotent: (claim, work, respond) =>
      transact(async (trx) => {
        if (!claim) return { response: respond(await work(trx)), replayed: false };
        const replay = await claimKey(trx, claim);
        if (replay) return { response: replay, replayed: true };
        const response = await respondOrRefuse(trx, claim, work, respond);
        await recordResponse(trx, claim, response);
        return { response, replayed: false };
      }),

    onEvents: (hook) => eventsHooks.push(hook),
    afterCommit: (hook) => committedHooks.push(hook),
    probeCommit: (probe) => probes.push(probe),
  };
}
