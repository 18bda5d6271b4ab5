import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../schemas/clients.js';
import type { Event } from '../../schemas/events.js';
import type { Invoice } from '../../schemas/invoices.js';
import { createClient as createClientRow } from '../../src/services/clients.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { type TestUser, createUser } from '../helpers/users.js';
import { profileBody } from '../business/helpers.js';
import { clientBody, createClient } from '../clients/helpers.js';
import { createInvoice } from '../invoices/helpers.js';
import { createEndpoint, eventually } from './helpers.js';
import { type Receiver, sleep, startReceiver } from './receiver.js';

type EventPage = { data: Event[] };

describe('the transactional outbox: every change writes its events in its own transaction', () => {
  let t: TestApp;
  let user: TestUser;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    t = await createTestApp(
      { WEBHOOK_ALLOW_PRIVATE_URLS: true, WEBHOOK_RETRY_BASE_MS: 100 },
      {
        // A write that reports its event, then fails before the commit.
        beforeReady: (app) => {
          app.post('/test/rolled-back-client', async (request) => {
            const userId = (request.body as { userId: string }).userId;
            await app.unitOfWork.run(async (trx) => {
              await createClientRow(trx, userId, { kind: 'customer', companyName: 'Never Ltd', currency: 'EUR' });
              throw new Error('failure after the change was made');
            });
          });
        },
      },
    );
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    user = await createUser(t.app);
    await createEndpoint(t.app, user, { url: `${receiver.url}/hooks` });
  });
  afterEach(async () => {
    // Every event written so far is delivered: a later test's "nothing sent" is about its own request.
    await eventually(async () => {
      const events = await t.app.db.selectFrom('events').select('id').where('user_id', '=', user.id).execute();
      return receiver.received.length >= events.length;
    });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const events = async (query = '') =>
    (await call<EventPage>(t.app, { method: 'GET', url: `/api/v1/events${query}`, token: user.token }, 200)).body.data;
  const eventCount = async () =>
    Number(
      (
        await t.app.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('user_id', '=', user.id)
          .executeTakeFirstOrThrow()
      ).count,
    );

  it('writes client.created, updated and deleted with the resource as GET shows it (deleted: as it was)', async () => {
    const client = await createClient(t.app, user.token, { companyName: 'Outbox GmbH' });
    const { body: updated } = await call<Client>(
      t.app,
      { method: 'PATCH', url: `/api/v1/clients/${client.id}`, token: user.token, body: { notes: 'VIP' } },
      200,
    );
    await call(t.app, { method: 'DELETE', url: `/api/v1/clients/${client.id}`, token: user.token }, 204);
    const [deleted, changed, created] = await events('?type=client.created,client.updated,client.deleted&limit=3');
    expect(created).toMatchObject({ type: 'client.created', data: { object: client } });
    expect(changed).toMatchObject({ type: 'client.updated', data: { object: updated } });
    expect(deleted).toMatchObject({ type: 'client.deleted', data: { object: updated } });
    expect(created!.createdAt).toBe(client.createdAt);

    const request = await eventually(async () => receiver.received.find((r) => r.headers['webhook-id'] === deleted!.id));
    expect(JSON.parse(request.body)).toEqual(deleted);
  });

  it('writes nothing for a refused request', async () => {
    const before = await eventCount();
    await call(t.app, { method: 'POST', url: '/api/v1/clients', token: user.token, body: clientBody({ currency: 'XXX1' }) }, 400);
    const client = await createClient(t.app, user.token);
    await createInvoice(t.app, user.token, client.id);
    await call(t.app, { method: 'DELETE', url: `/api/v1/clients/${client.id}`, token: user.token }, 409);
    await call(t.app, { method: 'PATCH', url: `/api/v1/clients/${crypto.randomUUID()}`, token: user.token, body: { notes: 'x' } }, 404);
    expect(await eventCount()).toBe(before + 2);
  });

  it('writes and sends nothing for a change that rolled back after reporting its event', async () => {
    const beforeEvents = await eventCount();
    const beforeRequests = receiver.received.length;
    const response = await t.app.inject({ method: 'POST', url: '/test/rolled-back-client', payload: { userId: user.id } });
    expect(response.statusCode).toBe(500);
    expect(await eventCount()).toBe(beforeEvents);
    const clients = await t.app.db.selectFrom('clients').select('id').where('company_name', '=', 'Never Ltd').execute();
    expect(clients).toEqual([]);
    await sleep(500);
    expect(receiver.received.length).toBe(beforeRequests);
  });

  it('writes payment.created then invoice.paid for /pay, and nothing more for an idempotent replay', async () => {
    const client = await createClient(t.app, user.token);
    const invoice = await createInvoice(t.app, user.token, client.id);
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/publish`, token: user.token }, 200);
    const pay = () =>
      call<Invoice>(
        t.app,
        {
          method: 'POST',
          url: `/api/v1/invoices/${invoice.id}/pay`,
          token: user.token,
          body: { method: 'card' },
          headers: { 'idempotency-key': `pay-${invoice.id}` },
        },
        200,
      );
    const { body: paid } = await pay();
    const before = await eventCount();
    const { response: replay } = await pay();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await eventCount()).toBe(before);

    const [invoicePaid, paymentCreated, published] = await events('?limit=3');
    expect(published).toMatchObject({ type: 'invoice.published', data: { object: { id: invoice.id, status: 'published' } } });
    expect(paymentCreated).toMatchObject({ type: 'payment.created', data: { object: { invoiceId: invoice.id, method: 'card', currency: invoice.currency } } });
    expect(invoicePaid).toMatchObject({ type: 'invoice.paid', data: { object: paid } });
    await eventually(async () => receiver.received.some((r) => r.headers['webhook-id'] === invoicePaid!.id));
    const sent = receiver.received.slice(-3).map((request) => (JSON.parse(request.body) as Event).type);
    expect(sent).toEqual(['invoice.published', 'payment.created', 'invoice.paid']);
  });

  it('writes business.updated when the profile is first put, with the profile as GET shows it', async () => {
    const { body: profile } = await call(t.app, { method: 'PUT', url: '/api/v1/business', token: user.token, body: profileBody() }, 200);
    const [event] = await events('?type=business.updated');
    expect(event).toMatchObject({ type: 'business.updated', data: { object: profile } });
  });

  it('counts committed events in /metrics', async () => {
    const response = await t.app.inject({ url: '/metrics' });
    expect(response.body).toMatch(/invoice_api_events_total\{type="client.created"\} [1-9]/);
    expect(response.body).toMatch(/invoice_api_events_total\{type="invoice.paid"\} 1\b/);
  });
});
