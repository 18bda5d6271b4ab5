/**
 * Every POST under /api/v1 (but auth and API-key creation) takes an Idempotency-Key through the
 * unit of work's one seam: a retry with the same key and body gets the first response back with
 * `Idempotent-Replayed: true` and changes nothing (no event either); another body is a 422.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/users.js';
import { createClient } from '../clients/helpers.js';
import { createInvoice, item } from '../invoices/helpers.js';
import { createEndpoint } from '../webhooks/helpers.js';
import type { App } from '../../src/app.js';

interface Case {
  operation: string;
  /** Makes what the POST needs; returns its URL, body and (when it has a body) another body. */
  prepare(app: App, user: TestUser): Promise<{ url: string; body?: unknown; otherBody?: unknown }>;
  status: number;
  /** What the POST changed, to compare after a replay: the user's events unless it writes none. */
  changed?: (app: App, userId: string) => Promise<unknown>;
}

/** Webhook endpoints report no events: their rows (and secrets) are what a replay must leave alone. */
const endpointRows = (app: App, userId: string) =>
  app.db.selectFrom('webhook_endpoints').selectAll().where('user_id', '=', userId).orderBy('id').execute();

async function publishedInvoice(app: App, user: TestUser) {
  const client = await createClient(app, user.token);
  const invoice = await createInvoice(app, user.token, client.id, { items: [item({ quantity: 1, unitPrice: 10_000 })] });
  await call(app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/publish`, token: user.token }, 200);
  return invoice;
}

const cases: Case[] = [
  {
    operation: 'createBillingClient',
    status: 201,
    prepare: async () => ({
      url: '/api/v1/clients',
      body: { kind: 'customer', companyName: 'Retry GmbH', currency: 'EUR' },
      otherBody: { kind: 'customer', companyName: 'Other GmbH', currency: 'EUR' },
    }),
  },
  {
    operation: 'createInvoice',
    status: 201,
    prepare: async (app, user) => {
      const client = await createClient(app, user.token);
      return {
        url: '/api/v1/invoices',
        body: { clientId: client.id, dueDate: '2099-12-31', items: [item()] },
        otherBody: { clientId: client.id, dueDate: '2099-12-30', items: [item()] },
      };
    },
  },
  ...(['publish', 'send', 'void', 'mark-uncollectible'] as const).map((action) => ({
    operation: `${action} invoice`,
    status: 200,
    prepare: async (app: App, user: TestUser) => {
      if (action === 'publish') {
        const client = await createClient(app, user.token);
        return { url: `/api/v1/invoices/${(await createInvoice(app, user.token, client.id)).id}/publish` };
      }
      return { url: `/api/v1/invoices/${(await publishedInvoice(app, user)).id}/${action}` };
    },
  })),
  {
    operation: 'payInvoice',
    status: 200,
    prepare: async (app, user) => ({
      url: `/api/v1/invoices/${(await publishedInvoice(app, user)).id}/pay`,
      body: { method: 'cash' },
      otherBody: { method: 'card' },
    }),
  },
  {
    operation: 'createInvoicePayment',
    status: 201,
    prepare: async (app, user) => ({
      url: `/api/v1/invoices/${(await publishedInvoice(app, user)).id}/payments`,
      body: { amount: 1_000, method: 'cash' },
      otherBody: { amount: 2_000, method: 'cash' },
    }),
  },
  {
    operation: 'createCreditNote',
    status: 201,
    prepare: async (app, user) => ({
      url: `/api/v1/invoices/${(await publishedInvoice(app, user)).id}/credit-notes`,
      body: { reason: 'Goodwill' },
      otherBody: { reason: 'Another reason' },
    }),
  },
  {
    operation: 'createWebhookEndpoint',
    status: 201,
    changed: endpointRows,
    prepare: async () => ({
      url: '/api/v1/webhook-endpoints',
      body: { url: 'https://127.0.0.1:9/hook' },
      otherBody: { url: 'https://127.0.0.1:9/other' },
    }),
  },
  {
    operation: 'rotateWebhookSecret',
    status: 200,
    changed: endpointRows,
    prepare: async (app, user) => ({
      url: `/api/v1/webhook-endpoints/${(await createEndpoint(app, user, { url: 'https://127.0.0.1:9/hook' })).id}/rotate-secret`,
    }),
  },
];

describe('Idempotency-Key on every POST', () => {
  const t = useTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: true });
  const eventsOf = (_app: App, userId: string) =>
    t.app.db.selectFrom('events').select('id').where('user_id', '=', userId).orderBy('id').execute();

  it.each(cases)('$operation: replays the first response and does nothing again', async ({ prepare, status, changed = eventsOf }) => {
    const user = await createUser(t.app);
    const { url, body, otherBody } = await prepare(t.app, user);
    const headers = { 'idempotency-key': randomUUID() };
    const first = await call(t.app, { method: 'POST', url, token: user.token, body, headers }, status);
    expect(first.response.headers['idempotent-replayed']).toBeUndefined();
    const after = await changed(t.app, user.id);
    expect(after).not.toEqual([]);

    const replay = await call(t.app, { method: 'POST', url, token: user.token, body, headers }, status);
    expect(replay.response.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    for (const name of ['location', 'etag']) expect(replay.response.headers[name], name).toBe(first.response.headers[name]);
    expect(await changed(t.app, user.id)).toEqual(after);

    if (otherBody !== undefined) {
      const { body: problem } = await call<{ code: string }>(t.app, { method: 'POST', url, token: user.token, body: otherBody, headers }, 422);
      expect(problem.code).toBe('idempotency_key_reused');
      expect(await changed(t.app, user.id)).toEqual(after);
    }
    // Keys are per user: another user's same key runs afresh (and finds nothing of theirs to act on, or creates their own).
    const stranger = await createUser(t.app);
    const theirs = await t.app.inject({ method: 'POST', url, headers: { ...headers, authorization: `Bearer ${stranger.token}` }, ...(body === undefined ? {} : { payload: body as object }) });
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
  });

  it('runs a request with a new key afresh', async () => {
    const user = await createUser(t.app);
    const body = { kind: 'customer', companyName: 'Twice Ltd', currency: 'EUR' };
    const first = await call<{ id: string }>(t.app, { method: 'POST', url: '/api/v1/clients', token: user.token, body, headers: { 'idempotency-key': 'a' } }, 201);
    const second = await call<{ id: string }>(t.app, { method: 'POST', url: '/api/v1/clients', token: user.token, body, headers: { 'idempotency-key': 'b' } }, 201);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('refuses a malformed key with a 400 naming the header, and writes nothing', async () => {
    const user = await createUser(t.app);
    const { body } = await call<{ code: string; errors: { path: string }[] }>(
      t.app,
      {
        method: 'POST',
        url: '/api/v1/clients',
        token: user.token,
        body: { kind: 'customer', companyName: 'Long Key', currency: 'EUR' },
        headers: { 'idempotency-key': 'k'.repeat(256) },
      },
      400,
    );
    expect(body.code).toBe('validation_failed');
    expect(JSON.stringify(body.errors)).toContain('idempotency-key');
    expect(await t.app.db.selectFrom('clients').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
  });
});
