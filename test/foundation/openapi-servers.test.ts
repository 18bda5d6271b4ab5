/**
 * The document's `servers`: "/" while PUBLIC_URL is unset, so Swagger UI's "Try it out" (and a
 * generator reading /docs/json) calls whatever host and port the document was read from; PUBLIC_URL
 * when it is set (behind a proxy that rewrites the path, say).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

interface Servers {
  servers: { url: string; description?: string }[];
}

/**
 * The base URL of an operation as OpenAPI 3.1 defines it (a relative server URL is resolved against
 * the document's own URL) and as Swagger UI builds it (no trailing slash before the path).
 */
const operationBase = (serverUrl: string, documentUrl: string) => new URL(serverUrl, documentUrl).href.replace(/\/$/, '');

describe('OpenAPI servers without PUBLIC_URL', () => {
  const t = useTestApp({ PUBLIC_URL: undefined });
  let port: number;
  beforeAll(async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(() => t.app.close());

  it('is the origin-relative "/" whatever host the document is read on', async () => {
    const seen = await Promise.all(
      ['other.example.test', `localhost:${port}`].map(async (host) => {
        const response = await t.app.inject({ url: '/docs/json', headers: { host } });
        expect(response.statusCode).toBe(200);
        return (response.json() as Servers).servers;
      }),
    );
    expect(seen[0]).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(seen[1]).toEqual(seen[0]);
  });

  it('lets "Try it out" reach this server from the page on any host name and port', async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const documentUrl = `${origin}/docs/json`;
      const { servers } = (await (await fetch(documentUrl)).json()) as Servers;
      const base = operationBase(servers[0]?.url ?? '', documentUrl);
      expect(base).toBe(origin);
      // An operation the document lists, called where Swagger UI would call it.
      const live = await fetch(`${base}/health/live`);
      expect(live.status, origin).toBe(200);
      const unauthenticated = await fetch(`${base}/api/v1/clients`);
      expect(unauthenticated.status, origin).toBe(401);
    }
  });
});

describe('OpenAPI servers with PUBLIC_URL', () => {
  const t = useTestApp({ PUBLIC_URL: 'https://api.example.com/invoicing' });

  it('is PUBLIC_URL, whatever host the document is read on', async () => {
    const response = await t.app.inject({ url: '/docs/json', headers: { host: 'internal:3000' } });
    expect((response.json() as Servers).servers).toEqual([{ url: 'https://api.example.com/invoicing', description: expect.any(String) }]);
  });
});
