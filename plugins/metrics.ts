/**
 * Prometheus metrics at /metrics, behind a bearer token when METRICS_TOKEN is set: HTTP requests
 * and durations by route template (URLs matching no route share one label), process and
 * event-loop metrics and the operational families (database, readiness, rate limits, replays).
 * Registered before the plugins it instruments, which report into it; the business counters
 * (business-metrics.ts) join its registry. Each app owns its own registry, so several apps in one
 * process (tests) never collide.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import fastifyMetrics from 'fastify-metrics';
import client from 'prom-client';
import type { Config } from '../src/config.js';
import { AppError } from '../src/errors.js';
import { createOperationalMetrics, type OperationalMetrics } from './operational-metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    metricsRegistry: client.Registry;
    operationalMetrics: OperationalMetrics;
  }
}

const uncountedMethods = new Set(['HEAD', 'OPTIONS', 'TRACE', 'CONNECT']);

/** The route label of requests that matched no route, so scanners cannot mint label values. */
const unmatchedRoute = 'unmatched';
export const routeLabel = (request: FastifyRequest) => request.routeOptions.url ?? unmatchedRoute;

// prom-client names these gauges like counters; `sum without (type) (nodejs_active_handles)` (and
// the same for requests and resources) gives the totals they duplicate.
const countersInName = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Refuses a request without `Authorization: Bearer <token>`, comparing in constant time. */
function requireBearer(token: string) {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const expected = digest(`Bearer ${token}`);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      reply.header('www-authenticate', 'Bearer');
      throw new AppError('unauthorized', 'A valid Bearer token (METRICS_TOKEN) is required for /metrics');
    }
  };
}

export default fp<{ config: Pick<Config, 'METRICS_TOKEN'> }>(
  async (app, { config }) => {
    const registry = new client.Registry();
    app.decorate('metricsRegistry', registry);
    await app.register(fastifyMetrics.default, {
      endpoint: {
        url: '/metrics',
        method: 'GET',
        logLevel: 'fatal',
        exposeHeadRoute: false,
        schema: { hide: true },
        ...(config.METRICS_TOKEN ? { onRequest: requireBearer(config.METRICS_TOKEN) } : {}),
        handler: () => undefined, // replaced by fastify-metrics' own
      },
      defaultMetrics: { enabled: true, register: registry },
      routeMetrics: {
        // The histogram answers every latency question; a summary per route costs CPU on every request.
        enabled: { histogram: true, summary: false },
        registeredRoutesOnly: false,
        invalidRouteGroup: unmatchedRoute,
        overrides: { histogram: { registers: [registry] }, summary: { registers: [] } },
      },
    });
    for (const name of countersInName) registry.removeSingleMetric(name);

    // The histogram's _count counts requests too; this is the counter dashboards look for by name.
    // Labelled like the histogram: route template or `unmatched`, no HEAD/OPTIONS.
    const requests = new client.Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'],
      registers: [registry],
    });
    const operational = createOperationalMetrics(registry);
    app.decorate('operationalMetrics', operational);
    app.addHook('onResponse', async (request, reply) => {
      if (uncountedMethods.has(request.method)) return;
      const route = routeLabel(request);
      requests.inc({ method: request.method, route, status_code: reply.statusCode });
      // The contract's replay header is the one signal of a replay, wherever the replay happens.
      if (reply.getHeader('idempotent-replayed') === 'true') operational.idempotentReplay(route);
    });
  },
  { name: 'metrics' },
);
