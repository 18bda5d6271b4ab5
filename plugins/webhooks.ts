/**
 * Events and webhooks, the infrastructure half: the unit of work's events hook that writes every
 * reported event (and its deliveries) in the change's own transaction, the dispatcher that
 * delivers them (started when the app listens, stopped gracefully before the database closes),
 * the events pruning timer, and the metrics.
 */
import fp from 'fastify-plugin';
import client from 'prom-client';
import type { Config } from '../base/config.js';
import { schedulePruning } from './expired-rows.js';
import { pruneEvents, writeEvents } from '../src/services/events.js';
import { deliveryQueue, outboxLagSeconds } from '../src/services/webhook-deliveries.js';
import { createDeliveryClient } from '../src/webhooks/delivery-client.js';
import { type DeliveryResult, createDispatcher } from '../src/webhooks/dispatcher.js';

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: {
      /** New deliveries were committed: deliver them now rather than at the next poll. */
      wake(): void;
    };
  }
}

const PRUNE_EVERY_MS = 60 * 60_000;
const deliveryResults: DeliveryResult[] = ['delivered', 'http_error', 'timeout', 'network_error', 'refused'];

type WebhookConfig = Pick<
  Config,
  'WEBHOOK_ALLOW_PRIVATE_URLS' | 'SCHEDULER_INTERVAL_MS' | 'WEBHOOK_RETRY_BASE_MS' | 'WEBHOOK_TIMEOUT_MS' | 'SHUTDOWN_GRACE_MS'
>;

export default fp<{ config: WebhookConfig }>(
  async (app, { config }) => {
    const registers = [app.metricsRegistry];
    const events = new client.Counter({
      name: 'invoice_api_events_total',
      help: 'Events written (committed), by type',
      labelNames: ['type'],
      registers,
    });
    const attempts = new client.Counter({
      name: 'invoice_api_webhook_deliveries_total',
      help: 'Finished webhook delivery attempts, by result',
      labelNames: ['result'],
      registers,
    });
    for (const result of deliveryResults) attempts.inc({ result }, 0);
    const latency = new client.Histogram({
      name: 'invoice_api_webhook_delivery_duration_seconds',
      help: 'Time from sending a webhook request to its outcome',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    new client.Gauge({
      name: 'invoice_api_webhook_outbox_lag_seconds',
      help: 'Age of the oldest due, undelivered webhook attempt (0 when none is waiting)',
      registers,
      // A scrape must answer while the database is down (readiness reports that), so a failed
      // query drops this series for the scrape instead of failing the whole /metrics response.
      async collect() {
        try {
          this.set(await outboxLagSeconds(app.db));
        } catch {
          this.reset();
        }
      },
    });

    const deliveryClient = createDeliveryClient({
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_URLS,
    });
    const dispatcher = createDispatcher({
      db: app.db,
      queue: deliveryQueue,
      transact: (work) => app.unitOfWork.run(work),
      client: deliveryClient,
      intervalMs: config.SCHEDULER_INTERVAL_MS,
      retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      onAttempt: (result, durationMs) => {
        attempts.inc({ result });
        latency.observe(durationMs / 1000);
      },
      onError: (error) => app.log.error({ err: error }, 'webhook dispatcher'),
    });

    app.decorate('webhooks', { wake: () => dispatcher.wake() });
    app.unitOfWork.onEvents(async (trx, reported) => {
      await writeEvents(trx, reported);
    });
    app.unitOfWork.afterCommit((committed) => {
      for (const { type } of committed) events.inc({ type });
      dispatcher.wake();
    });

    let stopPruning = () => {};
    // Only a serving instance delivers and prunes: scripts and inject-only tests never touch the queue.
    app.addHook('onListen', async () => {
      dispatcher.start();
      stopPruning = schedulePruning(() => pruneEvents(app.db), PRUNE_EVERY_MS, (error, count) => {
        if (error) app.log.error({ err: error }, 'pruning events failed');
        else if (count) app.log.info(`pruned ${count} events past their retention`);
      });
    });
    // Before the database closes: in-flight deliveries finish within half the shutdown grace
    // (bounded by their own timeout), the rest go back to the queue for the next instance.
    app.addHook('preClose', async () => {
      stopPruning();
      await dispatcher.stop(Math.min(config.WEBHOOK_TIMEOUT_MS, config.SHUTDOWN_GRACE_MS / 2));
      await deliveryClient.close();
    });
  },
  { name: 'webhooks', dependencies: ['db', 'unit-of-work', 'metrics'] },
);
