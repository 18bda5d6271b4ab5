import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import type { TaskResult } from '../../src/jobs/engine.js';
import { LISTENER_APPLICATION_NAME } from '../../src/jobs/listener.js';
import { type ClaimedTask, type NewTask, claimTasks, enqueueTasks } from '../../src/jobs/queue.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testDatabaseUrl } from '../helpers/databases.js';
import { eventually } from '../webhooks/helpers.js';
import { sleep } from '../webhooks/receiver.js';

/** What the test kinds saw, per instance. */
interface Runs {
  byInstance: Map<string, string[]>;
  /** Task ids running right now, per lane (to catch two at once). */
  runningLanes: Map<string, number>;
  laneOverlap: boolean;
  periodicAt: number[];
  periodicRunning: number;
  periodicOverlap: boolean;
}

const runs: Runs = {
  byInstance: new Map(),
  runningLanes: new Map(),
  laneOverlap: false,
  periodicAt: [],
  periodicRunning: 0,
  periodicOverlap: false,
};
const ran = () => [...runs.byInstance.values()].flat();

/** Test kinds: `test.record` notes who ran it; `test.flaky` always asks for a retry; `test.periodic` every 500 ms. */
function defineTestKinds(app: App, instance: string) {
  app.jobs.define({
    kind: 'test.record',
    retryBaseMs: 10,
    async run(task: ClaimedTask): Promise<TaskResult> {
      const lane = task.lane ?? task.id;
      const running = (runs.runningLanes.get(lane) ?? 0) + 1;
      runs.runningLanes.set(lane, running);
      if (running > 1) runs.laneOverlap = true;
      try {
        const { name } = task.payload as { name: string };
        await sleep(10 + Math.random() * 20);
        const list = runs.byInstance.get(instance) ?? [];
        list.push(name);
        runs.byInstance.set(instance, list);
        return { outcome: 'done' };
      } finally {
        runs.runningLanes.set(lane, (runs.runningLanes.get(lane) ?? 1) - 1);
      }
    },
  });
  app.jobs.define({
    kind: 'test.flaky',
    retryBaseMs: 20,
    retryPolicy: { maxAttempts: 3, maxDoublings: 2 },
    run: async (task) => ({ outcome: 'retry', error: `attempt ${task.attempt} failed` }),
  });
  app.jobs.definePeriodic({
    kind: 'test.periodic',
    everyMs: 500,
    async run() {
      runs.periodicRunning += 1;
      if (runs.periodicRunning > 1) runs.periodicOverlap = true;
      runs.periodicAt.push(Date.now());
      await sleep(50);
      runs.periodicRunning -= 1;
    },
  });
}

const queue = (app: App, tasks: NewTask[]) => app.unitOfWork.run((trx) => enqueueTasks(trx, tasks));
const jobRow = (app: App, kind: string, name: string) =>
  app.db
    .selectFrom('jobs')
    .selectAll()
    .where('kind', '=', kind)
    .where(sql<boolean>`payload->>'name' = ${name}`)
    .executeTakeFirstOrThrow();

describe('the background engine', { timeout: 120_000 }, () => {
  let t: TestApp;
  let second: App | undefined;
  const settings = { SCHEDULER_INTERVAL_MS: 60_000, JOB_LEASE_MS: 11_000, SHUTDOWN_GRACE_MS: 1_000 };

  beforeAll(async () => {
    t = await createTestApp(settings, { beforeReady: (app) => defineTestKinds(app, 'first') });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    // Several instances share one PostgreSQL database; the embedded one serves one process only.
    if (testDatabaseUrl) {
      second = await buildApp({ ...t.config }, { logger: false });
      defineTestKinds(second, 'second');
      await second.listen({ host: '127.0.0.1', port: 0 });
    }
  });
  afterAll(async () => {
    await second?.close();
    await t.close();
  });

  it('runs every queued task exactly once, one at a time per lane, woken by the commit (no polling: 60 s)', async () => {
    const names = Array.from({ length: 120 }, (_, index) => `task-${index}`);
    // Queued through both instances, as requests spread over a load balancer would be.
    for (let index = 0; index < names.length; index += 10) {
      const app = second && index % 20 === 0 ? second : t.app;
      await queue(
        app,
        names.slice(index, index + 10).map((name, offset) => ({ kind: 'test.record', payload: { name }, lane: `lane-${(index + offset) % 12}` })),
      );
    }
    await eventually(async () => ran().length >= names.length, 30_000);
    await sleep(300);
    expect(ran().sort()).toEqual([...names].sort());
    expect(runs.laneOverlap).toBe(false);
    if (second) {
      // Both instances worked (the numbers are in the report of issue 20).
      expect(runs.byInstance.get('first')?.length ?? 0).toBeGreaterThan(0);
      expect(runs.byInstance.get('second')?.length ?? 0).toBeGreaterThan(0);
    }
    await eventually(async () => {
      const states = await t.app.db.selectFrom('jobs').select(['state', 'attempts', 'locked_until']).where('kind', '=', 'test.record').execute();
      return states.every((row) => row.state === 'done' && row.attempts === 1 && row.locked_until === null);
    });
  });

  it('runs a lane oldest first', async () => {
    const before = runs.byInstance.get('first')?.length ?? 0;
    const names = Array.from({ length: 12 }, (_, index) => `ordered-${index}`);
    await queue(
      t.app,
      names.map((name) => ({ kind: 'test.record', payload: { name }, lane: 'ordered' })),
    );
    await eventually(async () => ran().filter((name) => name.startsWith('ordered-')).length === names.length);
    const order = ran().filter((name) => name.startsWith('ordered-'));
    if (!second) expect(runs.byInstance.get('first')!.length).toBe(before + names.length);
    // Each instance saw its share in order; one at a time per lane makes the whole lane ordered.
    for (const list of runs.byInstance.values()) {
      const mine = list.filter((name) => name.startsWith('ordered-'));
      expect(mine).toEqual([...mine].sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1])));
    }
    expect(order.sort()).toEqual([...names].sort());
  });

  it('takes over a task whose instance died holding its lease, once the lease runs out', async () => {
    // A "dead instance" queues and claims it for 1.5 s, and never comes back.
    const beforeClaim = Date.now();
    const [claimed] = await t.app.unitOfWork.run(async (trx) => {
      // Due a second ago: now() is the transaction's start, and run_at's millisecond rounding may pass it.
      await enqueueTasks(trx, [{ kind: 'test.record', payload: { name: 'orphan' }, runAt: new Date(Date.now() - 1_000).toISOString() }]);
      return claimTasks(trx, ['test.record'], 1, 1_500);
    });
    expect(claimed).toMatchObject({ kind: 'test.record', attempt: 1 });
    await eventually(async () => ran().includes('orphan'), 15_000);
    expect(Date.now() - beforeClaim).toBeGreaterThanOrEqual(1_500);
    const row = await eventually(async () => {
      const job = await jobRow(t.app, 'test.record', 'orphan');
      return job.state === 'done' && job;
    });
    expect(row).toMatchObject({ attempts: 1, lease_id: null });
    expect(ran().filter((name) => name === 'orphan')).toHaveLength(1);
  });

  it('retries with backoff and gives up after the kind’s attempts, recording the last error', async () => {
    await queue(t.app, [{ kind: 'test.flaky', payload: { name: 'flaky' } }]);
    const row = await eventually(async () => {
      const job = await jobRow(t.app, 'test.flaky', 'flaky');
      return job.state === 'failed' && job;
    });
    expect(row).toMatchObject({ attempts: 3, last_error: 'attempt 3 failed', locked_until: null });
    // Each instance counts what it ran: together, two retries and the failure.
    const total = async (outcome: string) => {
      let sum = 0;
      for (const app of second ? [t.app, second] : [t.app]) {
        const { body } = await app.inject({ url: '/metrics' });
        sum += Number(new RegExp(`invoice_api_jobs_total\\{kind="test.flaky",outcome="${outcome}"\\} (\\d+)`).exec(body)?.[1]);
      }
      return sum;
    };
    expect(await total('retry')).toBe(2);
    expect(await total('failed')).toBe(1);
    const metrics = (await Promise.all((second ? [t.app, second] : [t.app]).map((app) => app.inject({ url: '/metrics' })))).map(
      (response) => response.body,
    );
    expect(metrics[0]).toMatch(/invoice_api_jobs_due\{kind="test.record"\} 0/);
    expect(metrics[0]).toMatch(/invoice_api_job_lag_seconds\{kind="webhook.deliver"\} 0/);
    expect(metrics.join('\n')).toMatch(/invoice_api_job_duration_seconds_count\{kind="test.record"\} [1-9]/);
  });

  it('claims each period of a periodic task once across instances, and catches a missed period up once', async () => {
    runs.periodicAt.length = 0;
    await sleep(2_600);
    expect(runs.periodicOverlap).toBe(false);
    // One run per 500 ms period at most (a period's run is claimed in the database).
    expect(runs.periodicAt.length).toBeGreaterThanOrEqual(3);
    expect(runs.periodicAt.length).toBeLessThanOrEqual(6);
    const rows = await t.app.db.selectFrom('jobs').select('id').where('kind', '=', 'test.periodic').execute();
    expect(rows).toHaveLength(1);

    // Down for "an hour" (7,200 periods): the row says the run is long overdue; it runs once, then
    // the next period is due as usual.
    await eventually(async () => {
      const result = await t.app.db
        .updateTable('jobs')
        .set({ run_at: sql`now() - interval '1 hour'` })
        .where('kind', '=', 'test.periodic')
        .where('lease_id', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    });
    runs.periodicAt.length = 0;
    t.app.jobs.wake();
    await sleep(700);
    expect(runs.periodicAt.length).toBeGreaterThanOrEqual(1);
    expect(runs.periodicAt.length).toBeLessThanOrEqual(3);
    const { run_at: next } = await t.app.db.selectFrom('jobs').select('run_at').where('kind', '=', 'test.periodic').executeTakeFirstOrThrow();
    expect(Date.parse(next)).toBeGreaterThan(Date.now() - 1_000);
  });

  it.skipIf(!testDatabaseUrl)('reconnects its LISTEN connection when it is cut, and is woken through it again', async () => {
    const listeners = () =>
      t.app.db
        .selectFrom(sql<{ pid: number; application_name: string }>`pg_stat_activity`.as('activity'))
        .select('pid')
        .where('application_name', '=', LISTENER_APPLICATION_NAME)
        .where(sql<boolean>`datname = current_database()`)
        .execute();
    expect(await listeners()).toHaveLength(2);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`.execute(t.app.db);
    await eventually(async () => (await listeners()).length === 2, 10_000);
    // Queued outside both apps (no local wake-up): only the NOTIFY can wake them before the 60 s poll.
    await t.app.db.transaction().execute((trx) => enqueueTasks(trx, [{ kind: 'test.record', payload: { name: 'notified' } }]));
    const started = Date.now();
    await eventually(async () => ran().includes('notified'), 10_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('on close stops claiming and gives a running task back, uncounted, within half the shutdown grace', async () => {
    let atClose: { state: string; attempts: number; lease_id: string | null } | undefined;
    let started = false;
    const u = await createTestApp(settings, {
      beforeReady: (app) => {
        app.jobs.define({
          kind: 'test.block',
          retryBaseMs: 10,
          async run(_task, signal) {
            started = true;
            await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
            throw new Error('aborted');
          },
        });
        // Runs after the engine stopped, before the database closes.
        app.addHook('preClose', async () => {
          atClose = await app.db.selectFrom('jobs').select(['state', 'attempts', 'lease_id']).where('kind', '=', 'test.block').executeTakeFirst();
        });
      },
    });
    try {
      await u.app.listen({ host: '127.0.0.1', port: 0 });
      await queue(u.app, [{ kind: 'test.block' }]);
      await eventually(async () => started);
      const closing = Date.now();
      await u.app.close();
      expect(Date.now() - closing).toBeGreaterThanOrEqual(400);
      expect(Date.now() - closing).toBeLessThan(3_000);
      expect(atClose).toEqual({ state: 'pending', attempts: 0, lease_id: null });
    } finally {
      await u.close();
    }
  });
});
