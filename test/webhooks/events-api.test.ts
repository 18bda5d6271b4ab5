import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../schemas/events.js';
import { pruneInBatches } from '../../src/jobs/batches.js';
import { pruneEventsBatch } from '../../src/services/events.js';
import { call, useTestApp } from '../helpers/app.js';
import { useTestUser } from '../helpers/users.js';
import type { Problem } from '../clients/helpers.js';
import { writeTestEvents } from './helpers.js';

type EventPage = { data: Event[]; nextCursor: string | null };

describe('events API', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  const other = useTestUser(t);
  beforeAll(async () => {
    // Two transactions: the second's events are newer; within one, they keep their order.
    await writeTestEvents(t.app, user.id, [
      { type: 'client.created', object: { id: 'c1' } },
      { type: 'invoice.created', object: { id: 'i1' } },
    ]);
    await writeTestEvents(t.app, user.id, [
      { type: 'payment.created', object: { id: 'p1' } },
      { type: 'invoice.paid', object: { id: 'i1', status: 'paid' } },
      { type: 'business.updated', object: { legalName: 'Seller' } },
    ]);
    await writeTestEvents(t.app, other.id, [{ type: 'client.created', object: { id: 'theirs' } }]);
  });

  const list = (query: string, token = user.token, status = 200) =>
    call<EventPage>(t.app, { method: 'GET', url: `/api/v1/events${query}`, token }, status);
  const objectIds = (page: EventPage) => page.data.map((event) => event.data.object.id ?? event.type);

  it('lists the user’s events newest first, in report order within one change', async () => {
    const { body } = await list('');
    expect(body.data.map((event) => event.type)).toEqual([
      'business.updated',
      'invoice.paid',
      'payment.created',
      'invoice.created',
      'client.created',
    ]);
    expect(body.data[1]).toEqual({
      id: expect.any(String),
      type: 'invoice.paid',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      data: { object: { id: 'i1', status: 'paid' } },
    });
    expect(body.nextCursor).toBeNull();
  });

  it('pages with a keyset cursor', async () => {
    const first = await list('?limit=2');
    const second = await list(`?limit=2&cursor=${first.body.nextCursor}`);
    const third = await list(`?limit=2&cursor=${second.body.nextCursor}`);
    expect([...objectIds(first.body), ...objectIds(second.body), ...objectIds(third.body)]).toEqual(
      objectIds((await list('')).body),
    );
    expect(third.body.nextCursor).toBeNull();
    const { body: problem } = await call<Problem>(t.app, { method: 'GET', url: '/api/v1/events?cursor=garbage', token: user.token }, 400);
    expect(problem.code).toBe('validation_failed');
  });

  it('filters by one or more comma-separated types', async () => {
    expect(objectIds((await list('?type=invoice.paid')).body)).toEqual(['i1']);
    const { body } = await list('?type=invoice.paid,client.created');
    expect(body.data.map((event) => event.type)).toEqual(['invoice.paid', 'client.created']);
  });

  it.each(['invoice.exploded', 'invoice.paid,', 'invoice.paid,nope', '*'])('refuses the unknown type %j with 400', async (type) => {
    const { body } = await call<Problem>(
      t.app,
      { method: 'GET', url: `/api/v1/events?type=${encodeURIComponent(type)}`, token: user.token },
      400,
    );
    expect(body.code).toBe('validation_failed');
    expect(body.errors?.[0]?.path).toBe('/type');
  });

  it('filters strictly after createdAfter', async () => {
    const all = (await list('')).body.data;
    const newest = all[0]!.createdAt;
    const oldest = all.at(-1)!.createdAt;
    expect((await list(`?createdAfter=${newest}`)).body.data).toEqual([]);
    const after = (await list(`?createdAfter=${oldest}`)).body.data;
    expect(after.every((event) => event.createdAt > oldest)).toBe(true);
    expect(after.map((event) => event.type)).toEqual(['business.updated', 'invoice.paid', 'payment.created']);
    await list('?createdAfter=yesterday', user.token, 400);
    // A leap second passes the date-time format but no Date parses it (once a 500).
    const leapSecond = await list('?createdAfter=2026-06-30T23:59:60Z', user.token, 400);
    expect((leapSecond.body as unknown as { errors: { path: string }[] }).errors[0]?.path).toBe('/createdAfter');
  });

  it('gets one event; another user’s or an unknown one is a 404', async () => {
    const [event] = (await list('')).body.data;
    const { body } = await call<Event>(t.app, { method: 'GET', url: `/api/v1/events/${event!.id}`, token: user.token }, 200);
    expect(body).toEqual(event);
    await call(t.app, { method: 'GET', url: `/api/v1/events/${event!.id}`, token: other.token }, 404);
    await call(t.app, { method: 'GET', url: `/api/v1/events/${crypto.randomUUID()}`, token: user.token }, 404);
    await call(t.app, { method: 'GET', url: '/api/v1/events/not-a-uuid', token: user.token }, 404);
    expect(objectIds((await list('', other.token)).body)).toEqual(['theirs']);
  });

  it('keeps events 30 days, then prunes them with their deliveries', async () => {
    // Batches of one, as the periodic task runs them (of 1,000): the loop goes on past a full batch.
    const pruneEvents = () => pruneInBatches(() => t.app.unitOfWork.run((trx) => pruneEventsBatch(trx, 1)), 1);
    await writeTestEvents(t.app, other.id, [{ type: 'client.deleted', object: { id: 'old' } }]);
    const [old] = (await list('?type=client.deleted', other.token)).body.data;
    await t.app.db.updateTable('events').set({ created_at: sql`now() - interval '29 days 23 hours'` }).where('id', '=', old!.id).execute();
    expect(await pruneEvents()).toBe(0);
    await t.app.db.updateTable('events').set({ created_at: sql`now() - interval '30 days 1 minute'` }).where('id', '=', old!.id).execute();
    expect(await pruneEvents()).toBe(1);
    await call(t.app, { method: 'GET', url: `/api/v1/events/${old!.id}`, token: other.token }, 404);
    expect((await list('', user.token)).body.data).toHaveLength(5);
  });
});
