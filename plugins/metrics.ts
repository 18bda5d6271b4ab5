/**
 * Prometheus metrics at /metrics: HTTP durations labelled by route template, process and
 * event-loop metrics, database pool gauges and the business counters, which count the domain
 * events each committed unit of work reported. Each app owns its own registry, so several apps
 * in one process (tests) never collide.
 */
import fp from 'fastify-plugin';
import fastifyMetrics from 'fastify-metrics';
import client from 'prom-client';
import type { DomainEvent } from '../src/unit-of-work/events.js';

export type InvoiceEvent = 'created' | 'published' | 'sent' | 'paid' | 'voided';

export interface BusinessMetrics {
  userRegistered(): void;
  invoiceEvent(event: InvoiceEvent): void;
  paymentRecorded(currency: string, amount: number): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    businessMetrics: BusinessMetrics;
  }
}

/** The `event` label each counted invoice event type gets. */
const invoiceEventLabels: Partial<Record<DomainEvent['type'], InvoiceEvent>> = {
  'invoice.created': 'created',
  'invoice.published': 'published',
  'invoice.sent': 'sent',
  'invoice.paid': 'paid',
  'invoice.voided': 'voided',
};
const invoiceEvents = Object.values(invoiceEventLabels);
const uncountedMethods = new Set(['HEAD', 'OPTIONS', 'TRACE', 'CONNECT']);

export default fp(
  async (app) => {
    const registry = new client.Registry();
    app.addHook('onRoute', (route) => {
      if (route.url === '/metrics') route.schema = { ...route.schema, hide: true };
    });
    await app.register(fastifyMetrics.default, {
      endpoint: '/metrics',
      defaultMetrics: { enabled: true, register: registry },
      routeMetrics: {
        // The histogram answers every latency question; a summary per route costs CPU on every request.
        enabled: { histogram: true, summary: false },
        registeredRoutesOnly: true,
        overrides: { histogram: { registers: [registry] }, summary: { registers: [] } },
      },
    });

    // The histogram's _count counts requests too; this is the counter dashboards look for by name.
    // Labelled like the histogram: route template, registered routes only, no HEAD/OPTIONS.
    const requests = new client.Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url;
      if (route === undefined || uncountedMethods.has(request.method)) return;
      requests.inc({ method: request.method, route, status_code: reply.statusCode });
    });

    new client.Gauge({
      name: 'invoice_api_db_pool_connections',
      help: 'Database connections by state',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        for (const [state, value] of Object.entries(app.dbPoolStats())) this.set({ state }, value);
      },
    });
    const usersRegistered = new client.Counter({
      name: 'invoice_api_users_registered_total',
      help: 'Users registered',
      registers: [registry],
    });
    const invoices = new client.Counter({
      name: 'invoice_api_invoices_total',
      help: 'Invoice lifecycle events',
      labelNames: ['event'],
      registers: [registry],
    });
    for (const event of invoiceEvents) invoices.inc({ event }, 0);
    const payments = new client.Counter({
      name: 'invoice_api_payments_total',
      help: 'Payments recorded',
      labelNames: ['currency'],
      registers: [registry],
    });
    const paymentAmounts = new client.Counter({
      name: 'invoice_api_payments_amount_total',
      help: 'Sum of recorded payments in minor units',
      labelNames: ['currency'],
      registers: [registry],
    });

    const metrics: BusinessMetrics = {
      userRegistered: () => usersRegistered.inc(),
      invoiceEvent: (event) => invoices.inc({ event }),
      paymentRecorded: (currency, amount) => {
        payments.inc({ currency });
        paymentAmounts.inc({ currency }, amount);
      },
    };
    app.decorate<BusinessMetrics>('businessMetrics', metrics);
    app.unitOfWork.afterCommit((events) => {
      for (const event of events) {
        if (event.type === 'payment.created') metrics.paymentRecorded(event.currency, event.object.amount);
        const label = invoiceEventLabels[event.type];
        if (label) metrics.invoiceEvent(label);
      }
    });
  },
  { name: 'metrics', dependencies: ['db', 'unit-of-work'] },
);
