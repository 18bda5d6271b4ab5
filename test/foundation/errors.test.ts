import { connect } from 'node:net';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { call, useTestApp } from '../helpers/app.js';
import { testDatabaseUrl } from '../helpers/databases.js';
import { captureLogs } from './log-capture.js';

const internalMessage = 'connection to 10.1.2.3 failed for user billing_admin';

/** Test-only routes: one that writes a row from a schema'd body, one without a body, two that fail. */
function registerTestRoutes(app: App) {
  app.post(
    '/api/v1/test/users',
    {
      schema: {
        body: Type.Object(
          { email: Type.String({ format: 'email', maxLength: 254 }), name: Type.Optional(Type.String({ maxLength: 200 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { email, name } = request.body;
      const row = await app.db
        .insertInto('users')
        .values({ email, name, password_hash: 'not-a-hash' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return reply.code(201).send(row);
    },
  );
  app.post('/api/v1/test/ping', async (_request, reply) => reply.code(204).send());
  app.get('/api/v1/test/boom', async () => {
    throw new Error(internalMessage);
  });
  app.get('/api/v1/test/broken-query', async () => sql`select password_hash from no_such_table`.execute(app.db));
  app.get('/api/v1/test/slow-query', async () =>
    app.db.transaction().execute(async (trx) => {
      await sql`set local statement_timeout = 50`.execute(trx);
      return sql`select pg_sleep(2)`.execute(trx);
    }),
  );
}

const problemFields = ['type', 'title', 'status', 'detail', 'code', 'requestId'];

function expectProblem(response: { headers: Record<string, unknown>; json: () => Record<string, unknown> }, status: number, code: string) {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json();
  for (const field of problemFields) expect(body).toHaveProperty(field);
  expect(body).toMatchObject({ status, code, type: `urn:invoice-api:problem:${code}`, requestId: response.headers['x-request-id'] });
  return body;
}

describe('errors as problem+json', () => {
  const logs = captureLogs();
  const t = useTestApp({}, { logger: logs.logger, beforeReady: registerTestRoutes });
  const countUsers = async () => (await t.app.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  let usersBefore: number;

  const post = (url: string, payload: string, contentType = 'application/json') =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });

  beforeAll(async () => {
    usersBefore = Number(await countUsers());
  });
  afterAll(async () => {
    // Every bad input above left the database as it was (runs before useTestApp closes the app).
    expect(Number(await countUsers())).toBe(usersBefore);
  });

  it.each([
    ['GET', '/api/v1/no-such-thing'],
    ['GET', '/no-such-thing?x=1'],
    ['DELETE', '/health/live'],
    ['PATCH', '/api/v1/test/ping'],
  ] as const)('%s %s: unknown route or method is a 404 problem', async (method, url) => {
    const response = await t.app.inject({ method, url });
    expect(response.statusCode).toBe(404);
    const body = expectProblem(response, 404, 'not_found');
    expect(body.title).toBe('Not found');
    expect(body.instance).toBe(url.split('?')[0]);
  });

  it('answers an unknown route with 404 even when its JSON body is malformed', async () => {
    const response = await post('/api/v1/no-such-thing', '{"email": ');
    expect(response.statusCode).toBe(404);
    expectProblem(response, 404, 'not_found');
  });

  it.each([
    ['/api/v1/clients/%E0%A4%A', 400, 'validation_failed'],
    ['/api/v1/clients/%zz', 400, 'validation_failed'],
    [`/api/v1/clients/${'a'.repeat(300)}`, 404, 'not_found'],
  ])('answers a URL refused before routing (%s) with a problem and a request id', async (url, status, code) => {
    const response = await t.app.inject({ method: 'GET', url, headers: { 'x-request-id': 'bad-url-1' } });
    expect(response.statusCode).toBe(status);
    expect(response.headers['x-request-id']).toBe('bad-url-1');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expectProblem(response, status, code);
  });

  it('answers malformed JSON with 400 validation_failed', async () => {
    const response = await post('/api/v1/test/users', '{"email": "a@example.test",');
    expect(response.statusCode).toBe(400);
    expectProblem(response, 400, 'validation_failed');
  });

  it.each([
    ['a lone high surrogate in a value', '{"email":"a@example.test","name":"x\\ud800y"}', /lone UTF-16 surrogate/],
    ['a lone low surrogate in a value', '{"email":"a@example.test","name":"\\udfff"}', /lone UTF-16 surrogate/],
    ['a lone surrogate in a key', '{"email":"a@example.test","\\ud800":1}', /lone UTF-16 surrogate/],
    ['bytes that are not UTF-8', Buffer.from([...Buffer.from('{"email":"a@example.test","name":"'), 0xff, 0xfe, ...Buffer.from('"}')]), /not valid UTF-8/],
  ])('refuses %s with 400 and writes nothing', async (_name, payload, detail) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/test/users', headers: { 'content-type': 'application/json' }, payload });
    expect(response.statusCode).toBe(400);
    expect(expectProblem(response, 400, 'validation_failed').detail).toMatch(detail);
  });

  it('answers a 2 MiB body with 413 payload_too_large', async () => {
    const response = await post('/api/v1/test/users', JSON.stringify({ email: 'a@example.test', name: 'x'.repeat(2 * 1024 * 1024) }));
    expect(response.statusCode).toBe(413);
    expectProblem(response, 413, 'payload_too_large');
  });

  it.each(['{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '{"email":"a@example.test","nested":{"__proto__":{"x":1}}}'])(
    'refuses prototype poisoning %s with 400',
    async (payload) => {
      const response = await post('/api/v1/test/users', payload);
      expect(response.statusCode).toBe(400);
      expectProblem(response, 400, 'validation_failed');
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    },
  );

  it('rejects an unknown property with its path in errors[]', async () => {
    const response = await post('/api/v1/test/users', JSON.stringify({ email: 'a@example.test', role: 'admin' }));
    expect(response.statusCode).toBe(400);
    const body = expectProblem(response, 400, 'validation_failed');
    expect(body.errors).toEqual([{ path: '/role', message: 'is not an allowed property' }]);
  });

  it('does not coerce body types and names every bad field', async () => {
    const response = await post('/api/v1/test/users', JSON.stringify({ email: 42, name: 7 }));
    expect(response.statusCode).toBe(400);
    const body = expectProblem(response, 400, 'validation_failed');
    expect(body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '/email' }), expect.objectContaining({ path: '/name' })]),
    );
  });

  it('treats an empty JSON body as no body: accepted on a bodiless route, 400 where a body is required', async () => {
    await call(t.app, { method: 'POST', url: '/api/v1/test/ping', headers: { 'content-type': 'application/json' }, body: '' }, 204);
    const response = await post('/api/v1/test/users', '');
    expect(response.statusCode).toBe(400);
    expectProblem(response, 400, 'validation_failed');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])('answers a %s body with 415', async (type) => {
    const response = await post('/api/v1/test/users', 'email=a@example.test', type);
    expect(response.statusCode).toBe(415);
    expectProblem(response, 415, 'unsupported_media_type');
  });

  it('answers a body of any type or size sent to an operation that takes none with 400, never 413 or 415', async () => {
    for (const [payload, type] of [['hello', 'text/plain'], ['x'.repeat(2 * 1024 * 1024), 'application/json']] as const) {
      const response = await post('/api/v1/test/ping', payload, type);
      expect(response.statusCode, type).toBe(400);
      expect(expectProblem(response, 400, 'validation_failed').detail).toBe('This operation takes no request body');
    }
  });

  it('answers oversized headers (431), malformed HTTP (400) and a missing Host (400) with a problem and the security headers', async () => {
    const { port } = new URL(await t.app.listen({ host: '127.0.0.1', port: 0 }));
    const exchange = (request: string) =>
      new Promise<string>((resolve, reject) => {
        let received = '';
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
      });
    const cases = [
      [`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
      ['NOT HTTP AT ALL\r\n\r\n', 400, 'validation_failed'],
      ['GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n', 400, 'validation_failed'],
    ] as const;
    for (const [request, status, code] of cases) {
      const [head = '', body = ''] = (await exchange(request)).split('\r\n\r\n');
      expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      expect(head).toMatch(/content-type: application\/problem\+json/i);
      expect(head).toMatch(/x-content-type-options: nosniff/i);
      expect(head).toMatch(/content-security-policy: default-src 'none'; frame-ancestors 'none'/i);
      const problem = JSON.parse(body) as Record<string, unknown>;
      for (const field of problemFields) expect(problem).toHaveProperty(field);
      expect(problem).toMatchObject({ status, code, type: `urn:invoice-api:problem:${code}`, requestId: /x-request-id: (\S+)/i.exec(head)?.[1] });
    }
  });

  it('accepts a valid body (the control case)', async () => {
    await call(t.app, { method: 'POST', url: '/api/v1/test/users', body: { email: 'control@example.test' } }, 201);
    await t.app.db.deleteFrom('users').where('email', '=', 'control@example.test').execute();
  });

  it.each([
    ['/api/v1/test/boom', internalMessage],
    ['/api/v1/test/broken-query', 'no_such_table'],
  ])('%s: a 500 shows no internals and the full error is logged with the request id', async (url, secret) => {
    const response = await t.app.inject({ method: 'GET', url, headers: { 'x-request-id': `boom-${url.length}` } });
    expect(response.statusCode).toBe(500);
    const body = expectProblem(response, 500, 'internal');
    expect(Object.keys(body).sort()).toEqual([...problemFields, 'instance'].sort());
    expect(response.body).not.toContain(secret);
    expect(response.body).not.toMatch(/select|stack|\bat \w|Error:/i);

    const logged = logs.lines.find((line) => line.level === 50 && line.reqId === `boom-${url.length}`);
    expect(logged).toBeDefined();
    const err = logged?.err as { message: string; stack: string };
    expect(err.message).toContain(secret);
    expect(err.stack).toMatch(/\n\s+at /);
  });

  // PGlite runs in-process without statement timers, so only PostgreSQL can cut a statement off.
  it.skipIf(!testDatabaseUrl)('answers a statement cut off by statement_timeout with 503 service_unavailable', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/test/slow-query' });
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toMatch(/statement|timeout|pg_sleep/i);
    expectProblem(response, 503, 'service_unavailable');
  });
});
