import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

const browserOnly = ['cross-origin-opener-policy', 'origin-agent-cluster', 'referrer-policy', 'x-dns-prefetch-control', 'x-frame-options'];

describe('security headers', () => {
  const t = useTestApp();

  it.each([
    ['an API answer', '/api/v1/invoices', 401],
    ['a health probe', '/health/live', 200],
    ['an unknown URL', '/nowhere', 404],
  ])('%s carries the API set and none of the browser-only headers', async (_what, url, status) => {
    const response = await t.app.inject({ url });
    expect(response.statusCode).toBe(status);
    expect(response.headers).toMatchObject({
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
    });
    for (const name of browserOnly) expect(response.headers).not.toHaveProperty(name);
  });

  it('gives the Swagger UI pages helmet’s browser set, with the CSP the page needs', async () => {
    const response = await t.app.inject({ url: '/docs' });
    expect(response.statusCode).toBe(200);
    for (const name of browserOnly) expect(response.headers).toHaveProperty(name);
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
