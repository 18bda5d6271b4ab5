/**
 * The background engine (src/jobs/) as the app's `jobs`: other plugins define their kinds of task
 * on it while the app builds (`app.jobs.define`, `app.jobs.definePeriodic`); it starts when the app
 * listens (scripts and inject-only tests never run tasks) and stops before the database closes. On
 * PostgreSQL the app's LISTEN connection (plugins/notifications.ts) hears commits that queued work;
 * every commit here that queued a task wakes it too (the embedded database's only wake-up besides
 * polling). Metrics:
 * `invoice_api_jobs_total{kind,outcome}`, `invoice_api_job_duration_seconds{kind}`, and the
 * `invoice_api_jobs_due` / `invoice_api_job_lag_seconds` gauges read from the queue at each scrape.
 */
import fp from 'fastify-plugin';
import client from 'prom-client';
import type { Config } from '../base/config.js';
import { type Engine, type Outcome, createEngine } from '../src/jobs/engine.js';
import { pruneInBatches } from '../src/jobs/batches.js';
import { JOBS_CHANNEL, backlog, pruneFinishedTasksBatch, queuedTasksIn } from '../src/jobs/queue.js';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: Pick<Engine, 'define' | 'definePeriodic' | 'wake'>;
  }
}

/** Finished tasks (and the attempt logs that hang off them, like webhook deliveries') are kept this long. */
export const FINISHED_TASK_RETENTION_DAYS = 30;
const outcomes: Outcome[] = ['done', 'retry', 'failed'];

type JobsConfig = Pick<Config, 'SCHEDULER_INTERVAL_MS' | 'JOB_LEASE_MS' | 'SHUTDOWN_GRACE_MS'>;

export default fp<{ config: JobsConfig }>(
  async (app, { config }) => {
    const registers = [app.metricsRegistry];
    const total = new client.Counter({
      name: 'invoice_api_jobs_total',
      help: 'Finished background task runs, by kind and outcome (done, retry, failed)',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    const duration = new client.Histogram({
      name: 'invoice_api_job_duration_seconds',
      help: 'How long a background task run took, by kind',
      labelNames: ['kind'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    const engine = createEngine({
      db: app.db,
      transact: (work) => app.unitOfWork.run(work),
      intervalMs: config.SCHEDULER_INTERVAL_MS,
      leaseMs: config.JOB_LEASE_MS,
      onOutcome: (kind, outcome, durationMs) => {
        total.inc({ kind, outcome });
        duration.observe({ kind }, durationMs / 1000);
      },
      onError: (error, kind) => app.log.error({ err: error, kind }, 'background task'),
    });
    // A scrape must answer while the database is down (readiness reports that): a failed query
    // drops these series for the scrape instead of failing the whole /metrics response.
    const due = new client.Gauge({ name: 'invoice_api_jobs_due', help: 'Background tasks due and not leased, by kind', labelNames: ['kind'], registers });
    new client.Gauge({
      name: 'invoice_api_job_lag_seconds',
      help: 'Age of the oldest due background task, by kind (0 when none is due)',
      labelNames: ['kind'],
      registers,
      async collect() {
        this.reset();
        due.reset();
        let rows;
        try {
          rows = await backlog(app.db);
        } catch {
          return;
        }
        for (const kind of engine.kinds()) {
          const row = rows.find((candidate) => candidate.kind === kind);
          this.set({ kind }, row?.lagSeconds ?? 0);
          due.set({ kind }, row?.due ?? 0);
        }
      },
    });

    engine.definePeriodic({
      kind: 'jobs.prune',
      everyMs: 60 * 60_000,
      run: async () => {
        const count = await pruneInBatches(() => app.unitOfWork.run((trx) => pruneFinishedTasksBatch(trx, FINISHED_TASK_RETENTION_DAYS)));
        if (count) app.log.info(`pruned ${count} finished background tasks`);
      },
    });

    app.decorate('jobs', { define: engine.define, definePeriodic: engine.definePeriodic, wake: engine.wake });
    app.unitOfWork.probeCommit((trx) => (queuedTasksIn(trx) ? engine.wake : undefined));

    // Once (re)connected the queue is looked at: what was queued while the connection was away went unheard.
    app.notifications.subscribe(JOBS_CHANNEL, { onNotify: engine.wake, onListening: engine.wake });

    app.addHook('onListen', async () => {
      for (const kind of engine.kinds()) for (const outcome of outcomes) total.inc({ kind, outcome }, 0);
      engine.start();
    });
    // Before the database closes: running tasks finish within half the shutdown grace, the rest
    // go back to the queue for the next instance.
    app.addHook('preClose', async () => {
      await engine.stop(config.SHUTDOWN_GRACE_MS / 2);
    });
  },
  { name: 'jobs', dependencies: ['db', 'unit-of-work', 'metrics', 'notifications'] },
);
