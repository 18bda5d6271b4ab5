/**
 * The task queue in the database, shared by every API instance: the one copy of the claim, lease,
 * finish and release statements. A claim leases due tasks with FOR UPDATE SKIP LOCKED; a lease
 * that runs out (its instance died) makes the task claimable again. Tasks sharing a `lane` run one
 * at a time, the oldest due first: a lane's claims are serialised by a transaction-scoped advisory
 * lock, and the lease is set by a second statement whose fresh snapshot sees every earlier claim of
 * that lane committed.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, type RawBuilder, type Transaction, sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import { PRUNE_BATCH_SIZE } from './batches.js';

/** The channel a commit that queued work notifies (every instance listens on PostgreSQL). */
export const JOBS_CHANNEL = 'invoice_api_jobs';

export interface NewTask {
  kind: string;
  payload?: object;
  /** Tasks with the same lane run one at a time, in the order queued. */
  lane?: string;
  /** While a task with this key is pending, another one with it is not queued. */
  uniqueKey?: string;
  /** Not before (default now). */
  runAt?: string;
}

export interface ClaimedTask {
  id: string;
  kind: string;
  payload: unknown;
  lane: string | null;
  /** This attempt's number (1 for the first). */
  attempt: number;
  leaseId: string;
}

/** What becomes of a task after an attempt. */
export type Finish =
  | { state: 'done' | 'failed'; error?: string }
  | { state: 'retry'; error: string; delayMs: number }
  /** A periodic task's run ended: due again at the next multiple of `everyMs`. */
  | { state: 'next-period'; everyMs: number; error?: string };

const ERROR_LIMIT = 1_000;

const queuedIn = new WeakSet<Transaction<DB>>();

/** Whether work in `trx` queued a task (the engine of this instance is woken when it commits). */
export const queuedTasksIn = (trx: Transaction<DB>): boolean => queuedIn.has(trx);

/** Wakes every listening instance once `trx` commits (and this one, through queuedTasksIn). */
export async function notifyQueued(trx: Transaction<DB>): Promise<void> {
  queuedIn.add(trx);
  await sql`select pg_notify(${JOBS_CHANNEL}, '')`.execute(trx);
}

/** Queues tasks in the caller's transaction (they exist once it commits); returns how many were queued. */
export async function enqueueTasks(trx: Transaction<DB>, tasks: readonly NewTask[]): Promise<number> {
  if (tasks.length === 0) return 0;
  const rows = await trx
    .insertInto('jobs')
    .values(
      tasks.map((task) => ({
        kind: task.kind,
        payload: JSON.stringify(task.payload ?? {}),
        lane: task.lane ?? null,
        unique_key: task.uniqueKey ?? null,
        ...(task.runAt ? { run_at: task.runAt } : {}),
      })),
    )
    .onConflict((oc) => oc.column('unique_key').where(sql<boolean>`state = 'pending' and unique_key is not null`).doNothing())
    .returning('id')
    .execute();
  if (rows.length > 0) await notifyQueued(trx);
  return rows.length;
}

/** The row of each periodic task, due now when it has never run (a later run keeps its own time). */
export async function ensurePeriodic(trx: Transaction<DB>, kinds: readonly string[]): Promise<void> {
  if (kinds.length === 0) return;
  await trx
    .insertInto('jobs')
    .values(kinds.map((kind) => ({ kind, unique_key: `periodic:${kind}` })))
    .onConflict((oc) => oc.column('unique_key').where(sql<boolean>`state = 'pending' and unique_key is not null`).doNothing())
    .execute();
}

const unleased = sql<boolean>`(jobs.locked_until is null or jobs.locked_until <= now())`;

/** No other task of its lane is leased, and none older in it is due. */
const headOfLane = sql<boolean>`(jobs.lane is null or not exists (
  select 1 from jobs other
  where other.lane = jobs.lane and other.state = 'pending' and other.id <> jobs.id
    and (other.locked_until > now() or (other.seq < jobs.seq and other.run_at <= now()))))`;

interface ClaimValues {
  kinds: readonly string[];
  limit: number;
}

/** Due tasks of the kinds, oldest first, locked for this claim (another claim skips them). */
const claimCandidates = compiledQuery('claim_task_candidates', (db, values: ClaimValues) =>
  db
    .selectFrom('jobs')
    .select(['id', 'lane'])
    .where('state', '=', 'pending')
    .where('run_at', '<=', sql<string>`now()`)
    .where(sql<boolean>`jobs.kind = any(${values.kinds}::text[])`)
    .where(unleased)
    .where(headOfLane)
    .orderBy('run_at')
    .orderBy('seq')
    .limit(values.limit)
    .forUpdate()
    .skipLocked(),
);

const leaseTasks = compiledQuery('lease_tasks', (db, values: { ids: readonly string[]; leaseSeconds: number; leaseId: string }) =>
  db
    .updateTable('jobs')
    .set({ locked_until: sql`now() + make_interval(secs => ${values.leaseSeconds})`, lease_id: values.leaseId })
    .where(sql<boolean>`jobs.id = any(${values.ids}::uuid[])`)
    .where('state', '=', 'pending')
    .where(unleased)
    .where(headOfLane)
    .returning(['id', 'kind', 'payload', 'lane', 'attempts', 'seq']),
);

/** Claims up to `limit` due tasks of the given kinds for `leaseMs`, at most one per lane. */
export async function claimTasks(trx: Transaction<DB>, kinds: readonly string[], limit: number, leaseMs: number): Promise<ClaimedTask[]> {
  if (limit <= 0 || kinds.length === 0) return [];
  const candidates = await claimCandidates(trx, { kinds, limit });
  if (candidates.length === 0) return [];

  const lanes = [...new Set(candidates.flatMap((row) => (row.lane === null ? [] : [row.lane])))];
  let lockedLanes = new Set<string>();
  if (lanes.length > 0) {
    const { rows } = await sql<{ lane: string; locked: boolean }>`
      select lane, pg_try_advisory_xact_lock(hashtextextended('jobs.lane:' || lane, 0)) as locked
      from unnest(${lanes}::text[]) as lane`.execute(trx);
    lockedLanes = new Set(rows.filter((row) => row.locked).map((row) => row.lane));
  }
  const ids = candidates.filter((row) => row.lane === null || lockedLanes.has(row.lane)).map((row) => row.id);
  if (ids.length === 0) return [];

  const leaseId = randomUUID();
  const claimed = await leaseTasks(trx, { ids, leaseSeconds: leaseMs / 1000, leaseId });
  return claimed
    .sort((a, b) => a.seq - b.seq)
    .map((row) => ({ id: row.id, kind: row.kind, payload: row.payload, lane: row.lane, attempt: row.attempts + 1, leaseId }));
}

interface AttemptEnd {
  id: string;
  leaseId: string;
  attempts: number;
  error: string | null;
  /** The delay of a retry, or the period of a periodic task. */
  seconds: number;
}

/** The attempt recorded and the lease ended, if the lease is still this one's. */
const endAttempt = (
  db: Kysely<DB>,
  values: AttemptEnd,
  next: { run_at: RawBuilder<string> } | { state: 'done' | 'failed'; finished_at: RawBuilder<string> },
) =>
  db
    .updateTable('jobs')
    .set({ ...next, attempts: values.attempts, last_error: values.error, locked_until: null, lease_id: null })
    .where('id', '=', values.id)
    .where('lease_id', '=', values.leaseId)
    .where('state', '=', 'pending')
    .returning('id');

/** One compiled statement per way an attempt ends; `state` is a constant of each. */
const attemptEnds = {
  retry: compiledQuery('finish_task_retry', (db, values: AttemptEnd) =>
    endAttempt(db, values, { run_at: sql<string>`now() + make_interval(secs => ${values.seconds})` }),
  ),
  'next-period': compiledQuery('finish_task_period', (db, values: AttemptEnd) =>
    endAttempt(db, values, {
      run_at: sql<string>`date_bin(make_interval(secs => ${values.seconds}), now(), timestamptz '2000-01-01') + make_interval(secs => ${values.seconds})`,
    }),
  ),
  done: compiledQuery('finish_task_done', (db, values: AttemptEnd) => endAttempt(db, values, { state: 'done', finished_at: sql<string>`now()` })),
  failed: compiledQuery('finish_task_failed', (db, values: AttemptEnd) => endAttempt(db, values, { state: 'failed', finished_at: sql<string>`now()` })),
};

/**
 * Ends an attempt: records it on the task and ends the lease. False when the lease ran out and
 * another instance took the task over (that one records its own attempt): then nothing is written.
 */
export async function finishTask(trx: Transaction<DB>, task: ClaimedTask, finish: Finish): Promise<boolean> {
  const values = {
    id: task.id,
    leaseId: task.leaseId,
    // A periodic task's next run starts its count again.
    attempts: finish.state === 'next-period' ? 0 : task.attempt,
    error: finish.error === undefined ? null : finish.error.slice(0, ERROR_LIMIT),
    seconds: finish.state === 'retry' ? finish.delayMs / 1000 : finish.state === 'next-period' ? finish.everyMs / 1000 : 0,
  };
  const rows = await attemptEnds[finish.state](trx, values);
  return rows.length > 0;
}

/** Gives a claimed task back, due now, without counting an attempt (shutdown, or more of it to do). */
export async function releaseTask(trx: Transaction<DB>, task: ClaimedTask): Promise<void> {
  await trx
    .updateTable('jobs')
    .set({ locked_until: null, lease_id: null, run_at: sql`least(run_at, now())` })
    .where('id', '=', task.id)
    .where('lease_id', '=', task.leaseId)
    .execute();
}

/** When the next pending task of these kinds falls due (a leased one when its lease ends), or null. */
export async function nextDueAt(db: Executor, kinds: readonly string[]): Promise<string | null> {
  if (kinds.length === 0) return null;
  const row = await db
    .selectFrom('jobs')
    .select(sql<string | null>`min(greatest(run_at, coalesce(locked_until, run_at)))`.as('due'))
    .where('state', '=', 'pending')
    .where('kind', 'in', kinds)
    .executeTakeFirst();
  return row?.due ?? null;
}

export interface KindBacklog {
  kind: string;
  /** Due and not leased. */
  due: number;
  /** Age in seconds of the oldest due task (0 when none is due). */
  lagSeconds: number;
}

/** Per kind: how many tasks are due and not leased, and how long the oldest due one has waited. */
export async function backlog(db: Executor): Promise<KindBacklog[]> {
  const rows = await db
    .selectFrom('jobs')
    .select([
      'kind',
      sql<number>`(count(*) filter (where locked_until is null or locked_until <= now()))::int`.as('due'),
      sql<number>`extract(epoch from now() - min(run_at))::float8`.as('lag'),
    ])
    .where('state', '=', 'pending')
    .where('run_at', '<=', sql<string>`now()`)
    .groupBy('kind')
    .execute();
  return rows.map((row) => ({ kind: row.kind, due: row.due, lagSeconds: Math.max(row.lag, 0) }));
}

/**
 * Deletes up to `batchSize` finished tasks older than `days` (their attempt logs go with them);
 * returns how many. Run it batch after batch (pruneInBatches).
 */
export async function pruneFinishedTasksBatch(trx: Transaction<DB>, days: number, batchSize = PRUNE_BATCH_SIZE): Promise<number> {
  const result = await trx
    .deleteFrom('jobs')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where('state', '<>', 'pending')
        .where('finished_at', '<', sql<string>`now() - make_interval(days => ${days})`)
        .limit(batchSize),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
