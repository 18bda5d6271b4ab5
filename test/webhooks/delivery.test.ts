import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../schemas/events.js';
import type { WebhookDeliveryAttempt } from '../../schemas/webhooks.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { type TestUser, createUser } from '../helpers/users.js';
import { type Receiver, type Responder, sleep, startReceiver } from './receiver.js';
import { createEndpoint, deliveryStates, eventually, writeTestEvents } from './helpers.js';

const clientObject = (name: string) => ({ id: crypto.randomUUID(), companyName: name });

describe('webhook delivery to a real receiver', () => {
  let t: TestApp;
  let user: TestUser;
  let receiver: Receiver | undefined;
  beforeAll(async () => {
    t = await createTestApp({
      WEBHOOK_ALLOW_PRIVATE_URLS: true,
      WEBHOOK_RETRY_BASE_MS: 100,
      WEBHOOK_TIMEOUT_MS: 3_000,
      SCHEDULER_INTERVAL_MS: 60_000,
    });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    user = await createUser(t.app);
  });
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });
  afterAll(() => t.close());

  async function endpointFor(respond?: Responder, body: Record<string, unknown> = {}) {
    receiver = await startReceiver(respond);
    return createEndpoint(t.app, user, { url: `${receiver.url}/hooks`, ...body });
  }

  const attemptsOf = async (endpointId: string) =>
    (
      await call<{ data: WebhookDeliveryAttempt[] }>(
        t.app,
        { method: 'GET', url: `/api/v1/webhook-endpoints/${endpointId}/deliveries`, token: user.token },
        200,
      )
    ).body.data;

  it('POSTs the event as GET /events/:id shows it, signed so the standardwebhooks verifier accepts it', async () => {
    const endpoint = await endpointFor();
    await writeTestEvents(t.app, user.id, [{ type: 'client.created', object: clientObject('Ünïcode “Ltd” 東京') }]);
    const [request] = await receiver!.waitFor(1);
    const payload = new Webhook(endpoint.secret).verify(request!.body, request!.headers as Record<string, string>) as Event;
    const { body: event } = await call<Event>(t.app, { method: 'GET', url: `/api/v1/events/${payload.id}`, token: user.token }, 200);
    expect(payload).toEqual(event);
    expect(request!.headers['webhook-id']).toBe(event.id);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.path).toBe('/hooks');
    expect(Math.abs(Number(request!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);

    const attempts = await eventually(async () => {
      const list = await attemptsOf(endpoint.id);
      return list.length === 1 && list;
    });
    expect(attempts[0]).toEqual({
      id: expect.any(String),
      eventId: event.id,
      attempt: 1,
      status: 200,
      durationMs: expect.any(Number),
      createdAt: expect.any(String),
    });
    expect(await deliveryStates(t.app, endpoint.id)).toEqual([{ event_id: event.id, state: 'done', attempts: 1 }]);
  });

  it('retries a 500 with backoff and delivers once on the 200', async () => {
    const endpoint = await endpointFor((_request, n) => (n === 1 ? 500 : 200));
    await writeTestEvents(t.app, user.id, [{ type: 'client.updated', object: clientObject('Retry Co') }]);
    const [first, second] = await receiver!.waitFor(2);
    expect(second!.body).toBe(first!.body);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    await eventually(async () => (await deliveryStates(t.app, endpoint.id))[0]?.state === 'done');
    await sleep(500);
    expect(receiver!.received).toHaveLength(2);
    const attempts = await attemptsOf(endpoint.id);
    expect(attempts.map(({ attempt, status }) => [attempt, status])).toEqual([
      [2, 200],
      [1, 500],
    ]);
  });

  it('records a timeout as status null, error "timeout", and tries again', async () => {
    const endpoint = await endpointFor(async (_request, n) => {
      if (n === 1) await sleep(3_500);
      return 204;
    });
    await writeTestEvents(t.app, user.id, [{ type: 'client.deleted', object: clientObject('Slow Co') }]);
    await receiver!.waitFor(2);
    const attempts = await eventually(async () => {
      const list = await attemptsOf(endpoint.id);
      return list.length === 2 && list;
    });
    expect(attempts[1]).toMatchObject({ attempt: 1, status: null, error: 'timeout' });
    expect(attempts[1]!.durationMs).toBeGreaterThanOrEqual(2_900);
    expect(attempts[0]).toMatchObject({ attempt: 2, status: 204 });
  });

  it('disables the endpoint on 410 Gone and sends it nothing more', async () => {
    const endpoint = await endpointFor(() => 410);
    await writeTestEvents(t.app, user.id, [{ type: 'client.created', object: clientObject('Gone Co') }]);
    await receiver!.waitFor(1);
    await eventually(async () => {
      const row = await t.app.db.selectFrom('webhook_endpoints').select('enabled').where('id', '=', endpoint.id).executeTakeFirstOrThrow();
      return !row.enabled;
    });
    expect(await deliveryStates(t.app, endpoint.id)).toEqual([expect.objectContaining({ state: 'failed', attempts: 1 })]);
    await writeTestEvents(t.app, user.id, [{ type: 'client.created', object: clientObject('Later Co') }]);
    await sleep(500);
    expect(receiver!.received).toHaveLength(1);
    expect(await deliveryStates(t.app, endpoint.id)).toHaveLength(1);
  });

  it('sends only the subscribed types, and only events written while the endpoint exists and is enabled', async () => {
    await writeTestEvents(t.app, user.id, [{ type: 'invoice.paid', object: { id: crypto.randomUUID() } }]);
    const endpoint = await endpointFor(undefined, { events: ['invoice.paid'] });
    await writeTestEvents(t.app, user.id, [
      { type: 'client.created', object: clientObject('Ignored Co') },
      { type: 'invoice.paid', object: { id: 'wanted' } },
    ]);
    const [request] = await receiver!.waitFor(1);
    expect(JSON.parse(request!.body)).toMatchObject({ type: 'invoice.paid', data: { object: { id: 'wanted' } } });

    await call(t.app, { method: 'PATCH', url: `/api/v1/webhook-endpoints/${endpoint.id}`, token: user.token, body: { enabled: false } }, 200);
    await writeTestEvents(t.app, user.id, [{ type: 'invoice.paid', object: { id: 'while disabled' } }]);
    await call(t.app, { method: 'PATCH', url: `/api/v1/webhook-endpoints/${endpoint.id}`, token: user.token, body: { enabled: true } }, 200);
    await writeTestEvents(t.app, user.id, [{ type: 'invoice.paid', object: { id: 'after' } }]);
    const requests = await receiver!.waitFor(2);
    await sleep(300);
    expect(receiver!.received).toHaveLength(2);
    expect(JSON.parse(requests[1]!.body)).toMatchObject({ data: { object: { id: 'after' } } });
  });

  it('delivers one endpoint its events in the order they were written', async () => {
    await endpointFor(async () => {
      await sleep(20);
      return 200;
    });
    const names = Array.from({ length: 8 }, (_, index) => `Ordered ${index}`);
    await writeTestEvents(t.app, user.id, names.slice(0, 4).map((name) => ({ type: 'client.created', object: clientObject(name) })));
    await writeTestEvents(t.app, user.id, names.slice(4).map((name) => ({ type: 'client.created', object: clientObject(name) })));
    const requests = await receiver!.waitFor(8);
    expect(requests.map((request) => (JSON.parse(request.body) as Event).data.object.companyName)).toEqual(names);
  });

  it('signs with both secrets during a rotation overlap', async () => {
    const endpoint = await endpointFor();
    const { body: rotated } = await call<{ secret: string }>(
      t.app,
      { method: 'POST', url: `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, token: user.token },
      200,
    );
    await writeTestEvents(t.app, user.id, [{ type: 'client.created', object: clientObject('Rotated Co') }]);
    const [request] = await receiver!.waitFor(1);
    const headers = request!.headers as Record<string, string>;
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(rotated.secret).verify(request!.body, headers)).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(request!.body, headers)).not.toThrow();
  });

  it('exports delivery metrics', async () => {
    const response = await t.app.inject({ url: '/metrics' });
    expect(response.body).toMatch(/invoice_api_webhook_deliveries_total\{result="delivered"\} [1-9]/);
    expect(response.body).toMatch(/invoice_api_webhook_deliveries_total\{result="http_error"\} [1-9]/);
    expect(response.body).toMatch(/invoice_api_webhook_deliveries_total\{result="timeout"\} [1-9]/);
    expect(response.body).toMatch(/invoice_api_webhook_delivery_duration_seconds_count [1-9]/);
    expect(response.body).toMatch(/invoice_api_webhook_outbox_lag_seconds \d/);
  });
});
