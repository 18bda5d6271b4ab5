import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

const metricName = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const label = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
const number = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?Inf|NaN';
const sampleLine = new RegExp(`^(${metricName})(?:\\{(?:${label}(?:,${label})*,?)?\\})? (?:${number})(?: -?\\d+)?$`, 'i');
const typeLine = new RegExp(`^# TYPE (${metricName}) (counter|gauge|histogram|summary|untyped)$`);
const helpLine = new RegExp(`^# HELP ${metricName} .*$`);
const suffixes: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

/**
 * Checks the Prometheus text exposition format: every line is a HELP, TYPE, sample or blank
 * line, each family is typed once, and every sample belongs to the family typed before it.
 */
function parseExposition(text: string): { types: Map<string, string>; samples: string[] } {
  const types = new Map<string, string>();
  const samples: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || helpLine.test(line)) continue;
    const typed = typeLine.exec(line);
    if (typed) {
      expect(types.has(typed[1] as string), `family typed twice: ${line}`).toBe(false);
      types.set(typed[1] as string, typed[2] as string);
      continue;
    }
    const sample = sampleLine.exec(line);
    expect(sample, `not in the exposition format: ${JSON.stringify(line)}`).not.toBeNull();
    const name = sample?.[1] as string;
    const family = [...types].some(
      ([family, type]) => name === family || (suffixes[type] ?? []).some((suffix) => name === `${family}${suffix}`),
    );
    expect(family, `sample without a TYPE line: ${line}`).toBe(true);
    samples.push(line);
  }
  return { types, samples };
}

describe('/metrics', () => {
  const thingId = randomUUID();
  const t = useTestApp({}, {
    beforeReady: (app) => {
      app.get('/things/:id', async () => ({ ok: true }));
    },
  });
  beforeAll(async () => {
    for (const url of ['/health/live', `/things/${thingId}`, `/things/${thingId}`, '/no-such-route', `/no-such-route/${thingId}`]) {
      await t.app.inject({ url });
    }
    t.app.businessMetrics.userRegistered();
    t.app.businessMetrics.invoiceEvent('published');
    t.app.businessMetrics.paymentRecorded('EUR', 1999);
    t.app.businessMetrics.paymentRecorded('EUR', 1);
  });

  const scrape = async () => {
    const response = await t.app.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return { text: response.body, ...parseExposition(response.body) };
  };

  it('is valid Prometheus text with process and event-loop metrics', async () => {
    const { types } = await scrape();
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(types.has(name), name).toBe(true);
    }
    expect(types.get('http_request_duration_seconds')).toBe('histogram');
    expect(types.get('http_requests_total')).toBe('counter');
  });

  it('has no gauge named like a counter (promtool check metrics)', async () => {
    const { types } = await scrape();
    const misnamed = [...types].filter(([name, type]) => type !== 'counter' && name.endsWith('_total'));
    expect(misnamed).toEqual([]);
    expect(types.get('nodejs_active_handles')).toBe('gauge');
  });

  it('labels HTTP metrics with the route template, never the raw URL, and folds unknown URLs into one label', async () => {
    const { text, samples } = await scrape();
    expect(samples).toContain('http_request_duration_seconds_count{method="GET",route="/things/:id",status_code="200"} 2');
    expect(samples).toContain('http_request_duration_seconds_count{method="GET",route="/health/live",status_code="200"} 1');
    expect(samples).toContain('http_requests_total{method="GET",route="/things/:id",status_code="200"} 2');
    expect(samples).toContain('http_requests_total{method="GET",route="/health/live",status_code="200"} 1');
    expect(samples).toContain('http_requests_total{method="GET",route="unmatched",status_code="404"} 2');
    expect(samples).toContain('http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 2');
    expect(text).not.toContain(thingId);
    expect(text).not.toContain('no-such-route');
  });

  it('has the database pool gauges', async () => {
    const { types, samples } = await scrape();
    expect(types.get('invoice_api_db_pool_connections')).toBe('gauge');
    for (const state of ['total', 'idle', 'waiting']) {
      expect(samples.some((line) => line.startsWith(`invoice_api_db_pool_connections{state="${state}"} `)), state).toBe(true);
    }
  });

  it('has the business counters', async () => {
    const { types, samples } = await scrape();
    for (const name of ['invoice_api_users_registered_total', 'invoice_api_invoices_total', 'invoice_api_payments_total', 'invoice_api_payments_amount_total']) {
      expect(types.get(name), name).toBe('counter');
    }
    expect(samples).toEqual(
      expect.arrayContaining([
        'invoice_api_users_registered_total 1',
        'invoice_api_invoices_total{event="created"} 0',
        'invoice_api_invoices_total{event="published"} 1',
        'invoice_api_payments_total{currency="EUR"} 2',
        'invoice_api_payments_amount_total{currency="EUR"} 2000',
      ]),
    );
  });

  it('times database statements by operation and table, and connection waits', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: `${randomUUID()}@example.com`, password: 'correct horse battery staple' } });
    const { types, samples } = await scrape();
    expect(types.get('invoice_api_db_query_duration_seconds')).toBe('histogram');
    expect(types.get('invoice_api_db_pool_acquire_seconds')).toBe('histogram');
    const count = (prefix: string) => Number(samples.find((line) => line.startsWith(prefix))?.split(' ')[1] ?? 0);
    expect(count('invoice_api_db_query_duration_seconds_count{operation="insert",table="users"}')).toBeGreaterThanOrEqual(1);
    expect(count('invoice_api_db_query_duration_seconds_count{operation="begin",table="none"}')).toBeGreaterThanOrEqual(1);
    expect(count('invoice_api_db_query_duration_seconds_count{operation="commit",table="none"}')).toBeGreaterThanOrEqual(1);
    expect(count('invoice_api_db_pool_acquire_seconds_count')).toBeGreaterThanOrEqual(1);
    const tables = new Set(samples.flatMap((line) => /^invoice_api_db_query_duration_seconds_count\{.*table="([^"]+)"/.exec(line)?.[1] ?? []));
    expect([...tables].every((table) => /^[a-z_]+$/.test(table)), [...tables].join()).toBe(true);
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  const token = 'a-scrape-token-of-some-length';
  const t = useTestApp({ METRICS_TOKEN: token });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer a-scrape-token-of-some-lengtX' }],
    ['the token without the scheme', { authorization: token }],
  ])('refuses %s with a 401 problem naming the Bearer scheme', async (_case, headers) => {
    const response = await t.app.inject({ url: '/metrics', headers });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toMatchObject({ code: 'unauthorized' });
    expect(response.body).not.toContain('process_cpu');
  });

  it('answers the scraper that presents it', async () => {
    const response = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('process_cpu_seconds_total');
  });
});

describe('rate-limit rejections', () => {
  const t = useTestApp({ RATE_LIMIT_MAX: 1, RATE_LIMIT_WINDOW: 60 });

  it('are counted by route template, unknown routes under one label', async () => {
    const statuses = [];
    for (const url of ['/api/v1/users/me', '/api/v1/users/me', `/api/v1/nowhere/${randomUUID()}`]) {
      statuses.push((await t.app.inject({ url, remoteAddress: '203.0.113.9' })).statusCode);
    }
    expect(statuses).toEqual([401, 429, 429]);
    const text = (await t.app.inject({ url: '/metrics' })).body;
    expect(text).toContain('invoice_api_rate_limit_rejections_total{route="/api/v1/users/me"} 1');
    expect(text).toContain('invoice_api_rate_limit_rejections_total{route="unmatched"} 1');
  });
});
