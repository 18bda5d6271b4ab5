import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { captureLogs } from './log-capture.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('x-request-id', () => {
  const logs = captureLogs();
  const t = useTestApp({}, { logger: logs.logger });

  const requestWithId = (id?: string, url = '/health/live') =>
    t.app.inject({ method: 'GET', url, headers: id === undefined ? {} : { 'x-request-id': id } });

  it.each(['a', 'req-123', 'Trace.ID:42_x-Y', 'x'.repeat(128)])('echoes the valid id %s', async (id) => {
    const response = await requestWithId(id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe(id);
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['a space', 'bad id'],
    ['a slash', 'a/b'],
    ['non-ASCII', 'café'],
    ['quotes', '"quoted"'],
    ['empty', ''],
  ])('replaces an id with %s by a fresh UUID', async (_why, id) => {
    const response = await requestWithId(id);
    expect(response.headers['x-request-id']).toMatch(uuid);
    expect(response.headers['x-request-id']).not.toBe(id);
  });

  it('issues a new UUID per request when none is sent', async () => {
    const first = await requestWithId();
    const second = await requestWithId();
    expect(first.headers['x-request-id']).toMatch(uuid);
    expect(second.headers['x-request-id']).toMatch(uuid);
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
  });

  it('is on error responses, in the problem body too', async () => {
    const echoed = await requestWithId('trace-404', '/api/v1/nowhere');
    expect(echoed.statusCode).toBe(404);
    expect(echoed.headers['x-request-id']).toBe('trace-404');
    expect(echoed.json()).toMatchObject({ requestId: 'trace-404' });

    const issued = await requestWithId('not valid!', '/api/v1/nowhere');
    expect(issued.headers['x-request-id']).toMatch(uuid);
    expect(issued.json()).toMatchObject({ requestId: issued.headers['x-request-id'] });
  });

  it('is on the one info line a request logs, which says what was asked, the answer and the time taken', async () => {
    await requestWithId('trace-logged', '/api/v1/nowhere');
    const lines = logs.lines.filter((line) => line.reqId === 'trace-logged');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        req: expect.objectContaining({ method: 'GET', url: '/api/v1/nowhere' }),
        res: { statusCode: 404 },
        responseTime: expect.any(Number),
      }),
    ]);
  });

  it('logs a health probe’s answer only at debug level, so probes every few seconds do not flood the log', async () => {
    await requestWithId('probe-live', '/health/live');
    expect(logs.lines.filter((line) => line.reqId === 'probe-live')).toEqual([]);
  });
});
