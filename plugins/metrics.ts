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
import type { Config } from '../base/config.js';
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
      // Request metrics are recorded below, in one hook.
      routeMetrics: { enabled: false },
    });
    for (const name of countersInName) registry.removeSingleMetric(name);

    // Both labelled by route template or `unmatched`, without HEAD/OPTIONS. The counter is what
    // dashboards look for by name, though the histogram's _count counts the same requests.
    const labelNames = ['method', 'route', 'status_code'];
    const durations = new client.Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, from arrival to the response sent, by method, route template and status code',
      labelNames,
      registers: [registry],
    });
    const requests = new client.Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route template and status code',
      labelNames,
      registers: [registry],
    });
    const operational = createOperationalMetrics(registry);
    app.decorate('operationalMetrics', operational);
    app.addHook('onResponse', (request, reply, done) => {
      if (!uncountedMethods.has(request.method)) {
        const route = routeLabel(request);
        const labels = { method: request.method, route, status_code: reply.statusCode };
        durations.observe(labels, reply.elapsedTime / 1_000);
        requests.inc(labels);
        // The contract's replay header is the one signal of a replay, wherever the replay happens.
        if (reply.getHeader('idempotent-replayed') === 'true') operational.idempotentReplay(route);
      }
      done();
    });
  },
  { name: 'metrics' },
);
