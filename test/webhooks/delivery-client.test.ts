import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryClient } from '../../src/webhooks/delivery-client.js';

const request = (url: string) => ({ url, body: '{}', headers: { 'webhook-id': 'msg_1' } });

describe('webhook delivery client', () => {
  let port: number;
  let bytesSent = 0;
  const server = createServer((req, res) => {
    req.resume();
    if (req.url === '/huge') {
      // An endless body: the client must stop reading, not buffer it.
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (res.write(chunk)) bytesSent += chunk.length;
      };
      res.on('drain', pump);
      pump();
      return;
    }
    res.writeHead(req.url === '/gone' ? 410 : 204).end();
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses, at delivery time, a URL that is or resolves to a loopback address', async () => {
    const client = createDeliveryClient({ timeoutMs: 2_000, allowPrivate: false });
    try {
      for (const url of [`https://127.0.0.1:${port}/in`, `https://localhost:${port}/in`, `http://93.184.215.14/in`]) {
        const outcome = await client.send(request(url));
        expect(outcome, url).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/^refused: /) });
      }
    } finally {
      await client.close();
    }
  });

  it('reports the status, and reads only a bounded part of the response body', async () => {
    const client = createDeliveryClient({ timeoutMs: 5_000, allowPrivate: true });
    try {
      expect(await client.send(request(`http://127.0.0.1:${port}/ok`))).toMatchObject({ ok: true, status: 204, error: null });
      expect(await client.send(request(`http://127.0.0.1:${port}/gone`))).toMatchObject({ ok: false, status: 410 });
      const huge = await client.send(request(`http://127.0.0.1:${port}/huge`));
      expect(huge).toMatchObject({ ok: true, status: 200 });
      expect(bytesSent).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await client.close();
    }
  });

  it('reports a refused connection as a network error', async () => {
    const client = createDeliveryClient({ timeoutMs: 2_000, allowPrivate: true });
    try {
      const outcome = await client.send(request('http://127.0.0.1:1/in'));
      expect(outcome).toMatchObject({ ok: false, status: null, error: expect.stringContaining('ECONNREFUSED') });
    } finally {
      await client.close();
    }
  });
});
