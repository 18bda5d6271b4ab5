/**
 * Events and webhooks, the infrastructure half: the unit of work's events hook that writes every
 * reported event (and its delivery tasks) in the change's own transaction, the `webhook.deliver`
 * kind of background task that sends one delivery and records the attempt, the events pruning
 * (a periodic task), and the metrics.
 */
import fp from 'fastify-plugin';
import client from 'prom-client';
import type { Config } from '../base/config.js';
import { notifyQueued } from '../src/jobs/queue.js';
import type { TaskResult } from '../src/jobs/engine.js';
import { pruneInBatches } from '../src/jobs/batches.js';
import { pruneEventsBatch, writeEvents } from '../src/services/events.js';
import {
  type DeliveryPayload,
  WEBHOOK_DELIVERY_KIND,
  deliveryRequest,
  outboxLagSeconds,
  recordAttempt,
} from '../src/services/webhook-deliveries.js';
import { DeliveryAbortedError, type DeliveryResult, createDeliveryClient, resultOf } from '../src/webhooks/delivery-client.js';
import { signDelivery } from '../src/webhooks/signature.js';

const PRUNE_EVERY_MS = 60 * 60_000;
const deliveryResults: DeliveryResult[] = ['delivered', 'http_error', 'timeout', 'network_error', 'refused'];

type WebhookConfig = Pick<Config, 'WEBHOOK_ALLOW_PRIVATE_URLS' | 'WEBHOOK_RETRY_BASE_MS' | 'WEBHOOK_TIMEOUT_MS'>;

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

    app.jobs.define({
      kind: WEBHOOK_DELIVERY_KIND,
      retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
      async run(task, signal): Promise<TaskResult> {
        const delivery = task.payload as DeliveryPayload;
        const request = await deliveryRequest(app.db, delivery);
        // Nothing to send: its endpoint was disabled or deleted meanwhile, or its event pruned.
        if (!request) return { outcome: 'failed', error: 'endpoint disabled or deleted, or event pruned' };
        const headers = signDelivery(delivery.eventId, request.body, request.secrets, new Date());
        let outcome;
        try {
          outcome = await deliveryClient.send({ url: request.url, body: request.body, headers: { ...headers } }, signal);
        } catch (error) {
          if (error instanceof DeliveryAbortedError) return { outcome: 'again' };
          throw error;
        }
        attempts.inc({ result: resultOf(outcome) });
        latency.observe(outcome.durationMs / 1000);
        const gone = outcome.status === 410;
        const record = (trx: Parameters<typeof recordAttempt>[0]) =>
          recordAttempt(trx, {
            deliveryId: task.id,
            delivery,
            attempt: task.attempt,
            status: outcome.status,
            error: outcome.error,
            durationMs: outcome.durationMs,
            disableEndpoint: gone,
          });
        if (outcome.ok) return { outcome: 'done', record };
        const error = outcome.error ?? `HTTP ${outcome.status}`;
        return gone ? { outcome: 'failed', error, record } : { outcome: 'retry', error, record };
      },
    });
    app.jobs.definePeriodic({
      kind: 'events.prune',
      everyMs: PRUNE_EVERY_MS,
      run: async () => {
        const count = await pruneInBatches(() => app.unitOfWork.run((trx) => pruneEventsBatch(trx)));
        if (count) app.log.info(`pruned ${count} events past their retention`);
      },
    });

    app.unitOfWork.onEvents(async (trx, reported) => {
      if ((await writeEvents(trx, reported)) > 0) await notifyQueued(trx);
    });
    app.unitOfWork.afterCommit((committed) => {
      for (const { type } of committed) events.inc({ type });
    });
    // After the engine stopped (preClose), so no delivery is still using it.
    app.addHook('onClose', () => deliveryClient.close());
  },
  { name: 'webhooks', dependencies: ['db', 'unit-of-work', 'metrics', 'jobs'] },
);
