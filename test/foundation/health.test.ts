import { describe, expect, it } from 'vitest';
import { call, createTestApp, useTestApp } from '../helpers/app.js';

describe('health', () => {
  const t = useTestApp();

  it('is live', async () => {
    const { body } = await call(t.app, { method: 'GET', url: '/health/live' }, 200);
    expect(body).toEqual({ status: 'ok' });
  });

  it('is ready when the database answers', async () => {
    const { body } = await call(t.app, { method: 'GET', url: '/health/ready' }, 200);
    expect(body).toEqual({ status: 'ok' });
  });

  it('reports readiness to the metrics at every scrape', async () => {
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.body.split('\n')).toContain('invoice_api_ready 1');
  });
});

describe('readiness without a database', () => {
  it('answers 503 service_unavailable when the pool points at a dead port', async () => {
    const t = await createTestApp({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    try {
      const { body, response } = await call(t.app, { method: 'GET', url: '/health/ready' }, 503);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(body).toMatchObject({ status: 503, code: 'service_unavailable' });
      expect(response.headers['retry-after']).toBe('5');
      const metrics = await t.app.inject({ url: '/metrics' });
      expect(metrics.body.split('\n')).toContain('invoice_api_ready 0');
    } finally {
      await t.close();
    }
  });
});
