import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { Agent, type IncomingMessage, request } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { temporaryDirectory } from '../helpers/databases.js';
import { type ServerProcess, spawnServer, waitForListening } from './server-process.js';

/** Whether a new TCP connection to the port is refused (the listener is closed). */
async function connectionRefused(port: number): Promise<boolean> {
  const socket = connect(port, '127.0.0.1');
  try {
    await once(socket, 'connect');
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
  } finally {
    socket.destroy();
  }
}

describe('graceful shutdown of the server process', { timeout: 90_000 }, () => {
  let dir: string;
  let server: ServerProcess;
  const lines: Record<string, unknown>[] = [];
  let port: number;
  let stderr = '';

  beforeAll(async () => {
    dir = await temporaryDirectory('igp-shutdown');
    server = spawnServer(dir, {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dir,
      LOG_LEVEL: 'info',
      JWT_ACCESS_SECRET: 'a-production-secret-of-at-least-32-bytes!',
    });
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    port = await waitForListening(server, lines);
  });
  afterAll(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('finishes the in-flight request, refuses new connections, and exits 0 on SIGTERM', async () => {
    const body = JSON.stringify({ note: 'sent in two halves around SIGTERM' });
    const half = Math.floor(body.length / 2);
    // A keep-alive client that never closes idle sockets: the server must end the connection itself.
    const agent = new Agent({ keepAlive: true });
    const inFlight = request({
      agent,
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/does-not-exist',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const responded = once(inFlight, 'response');
    inFlight.write(body.slice(0, half));
    await sleep(500);

    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    let refused = false;
    for (let attempt = 0; attempt < 50 && !refused; attempt += 1) {
      refused = await connectionRefused(port);
      if (!refused) await sleep(100);
    }
    expect(refused, 'new connections are refused once shutdown starts').toBe(true);
    expect(server.exitCode, 'the process waits for the in-flight request').toBeNull();

    inFlight.end(body.slice(half));
    const [response] = (await responded) as [IncomingMessage];
    let text = '';
    for await (const chunk of response) text += String(chunk);
    expect(response.statusCode).toBe(404);
    expect(response.headers.connection).toBe('close');
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(text)).toMatchObject({ code: 'not_found', requestId: response.headers['x-request-id'] });

    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(lines.map((line) => line.msg)).toContain('SIGTERM received: closing');
    agent.destroy();
  });
});

describe('a request that arrives while the app closes', () => {
  it('gets a 503 service_unavailable problem with Retry-After and the security headers', async () => {
    const t = await createTestApp();
    const { port } = new URL(await t.app.listen({ host: '127.0.0.1', port: 0 }));
    // A connection that has started a request (so close() waits for it) and finishes it after close() began.
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    await once(socket, 'connect');
    socket.write('GET /api/v1/clients HTTP/1.1\r\nHost: x\r\n');
    await sleep(100);
    const closed = t.close();
    await sleep(100);
    socket.write('\r\n');
    await once(socket, 'close');
    await closed;
    const [head = '', body = ''] = received.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1.1 503 /);
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    expect(head).toMatch(/retry-after: \d+/i);
    expect(head).toMatch(/x-content-type-options: nosniff/i);
    expect(JSON.parse(body)).toMatchObject({ status: 503, code: 'service_unavailable' });
  });
});
