import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

const allowed = 'https://app.example.com';
const preflight = (origin: string) => ({
  method: 'OPTIONS' as const,
  url: '/api/v1/clients',
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
});

describe('CORS with CORS_ORIGINS set', () => {
  const t = useTestApp({ CORS_ORIGINS: allowed });

  it('answers a preflight from an allowed origin with 204 and the allow headers', async () => {
    const response = await t.app.inject(preflight(allowed));
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers['access-control-allow-origin']).toBe(allowed);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
    expect(response.headers['access-control-allow-methods']).toContain('PATCH');
    expect(String(response.headers['access-control-allow-headers'])).toMatch(/Authorization/);
  });

  it('does not allow another origin', async () => {
    const response = await t.app.inject(preflight('https://evil.example.com'));
    expect(response.headers).not.toHaveProperty('access-control-allow-origin');
    const simple = await t.app.inject({ method: 'GET', url: '/health/live', headers: { origin: 'https://evil.example.com' } });
    expect(simple.headers).not.toHaveProperty('access-control-allow-origin');
  });

  it('exposes the rate-limit and request-id headers to an allowed origin', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health/live', headers: { origin: allowed } });
    expect(response.headers['access-control-allow-origin']).toBe(allowed);
    expect(String(response.headers['access-control-expose-headers'])).toMatch(/X-Request-Id.*X-RateLimit-Limit/);
  });

  it('answers an OPTIONS without Origin with 204, not a text/plain 400', async () => {
    const response = await t.app.inject({ method: 'OPTIONS', url: '/api/v1/clients' });
    expect(response.statusCode).toBe(204);
  });
});

describe('CORS with no CORS_ORIGINS', () => {
  const t = useTestApp({ CORS_ORIGINS: '' });

  it('sends no CORS headers, and OPTIONS is an unknown route (404 problem)', async () => {
    const response = await t.app.inject(preflight(allowed));
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 404, code: 'not_found' });
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    const plain = await t.app.inject({ method: 'OPTIONS', url: '/api/v1/clients' });
    expect(plain.statusCode).toBe(404);
    expect(plain.json()).toMatchObject({ code: 'not_found' });
  });
});
