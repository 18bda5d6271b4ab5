import { describe, expect, it } from 'vitest';
import type { Invoice, InvoiceStatus } from '../../schemas/invoices.js';
import { call, type TestApp, useTestApp } from '../helpers/app.js';
import { expectUnchanged, invoiceSnapshot, seedInvoice, seedInvoiceIn } from '../helpers/seed.js';
import { createUser, type TestUser, useTestUser } from '../helpers/users.js';


const actionBodies = {
  publish: undefined,
  send: undefined,
  void: undefined,
  'mark-uncollectible': undefined,
  pay: { method: 'card' },
  payments: { amount: 100, method: 'cash' },
  'credit-notes': { reason: 'Discount agreed', items: [{ description: 'Goodwill', quantity: 1, unitPrice: 100 }] },
} as const;
type HttpAction = keyof typeof actionBodies;

/** Where each action leads from each status over HTTP; absent = 409 invalid_transition. */
const allowed: Record<InvoiceStatus, Partial<Record<HttpAction, InvoiceStatus>>> = {
  draft: { publish: 'published' },
  published: {
    send: 'sent',
    pay: 'paid',
    void: 'void',
    'mark-uncollectible': 'uncollectible',
    payments: 'published',
    'credit-notes': 'published',
  },
  sent: {
    send: 'sent',
    pay: 'paid',
    void: 'void',
    'mark-uncollectible': 'uncollectible',
    payments: 'sent',
    'credit-notes': 'sent',
  },
  paid: { 'credit-notes': 'paid' },
  void: {},
  uncollectible: { pay: 'paid', void: 'void', payments: 'uncollectible', 'credit-notes': 'uncollectible' },
};
const created = new Set<HttpAction>(['payments', 'credit-notes']);

const statuses = Object.keys(allowed) as InvoiceStatus[];
const actions = Object.keys(actionBodies) as HttpAction[];
const pairs = statuses.flatMap((status) => actions.map((action) => ({ status, action })));

function act(t: TestApp, user: TestUser, id: string, action: HttpAction, expected: number, body: unknown = actionBodies[action]) {
  return call<Invoice & { code?: string; detail?: string }>(
    t.app,
    { method: 'POST', url: `/api/v1/invoices/${id}/${action}`, token: user.token, body },
    expected,
  );
}

describe('invoice lifecycle', () => {
  const t = useTestApp();
  const user = useTestUser(t);

  describe.each(pairs.filter(({ status, action }) => allowed[status][action] === undefined))(
    'refuses $action on a $status invoice',
    ({ status, action }) => {
      it('with 409 invalid_transition naming the status, changing nothing', async () => {
        const { id } = await seedInvoiceIn(t.app, user, status);
        const before = await invoiceSnapshot(t.app, id);
        const { body, response } = await act(t, user, id, action, 409);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(body).toMatchObject({ status: 409, code: 'invalid_transition' });
        expect(body.detail).toContain(`'${status}'`);
        await expectUnchanged(t.app, id, before);
      });
    },
  );

  describe.each(pairs.filter(({ status, action }) => allowed[status][action] !== undefined))(
    'allows $action on a $status invoice',
    ({ status, action }) => {
      it('and changes the status as the state machine says', async () => {
        const { id } = await seedInvoiceIn(t.app, user, status);
        const before = await invoiceSnapshot(t.app, id);
        await act(t, user, id, action, created.has(action) ? 201 : 200);
        const after = await invoiceSnapshot(t.app, id);
        expect(after.invoice.status).toBe(allowed[status][action]);
        expect(after.invoice.version).toBe(before.invoice.version + 1);
        expect(Date.parse(after.invoice.updated_at)).toBeGreaterThanOrEqual(Date.parse(before.invoice.updated_at));
      });
    },
  );

  it.each(['published', 'sent', 'uncollectible'] as const)('refuses to void a %s invoice with a payment recorded', async (status) => {
    const { id } = await seedInvoiceIn(t.app, user, status);
    await act(t, user, id, 'payments', 201);
    const before = await invoiceSnapshot(t.app, id);
    const { body } = await act(t, user, id, 'void', 409);
    expect(body).toMatchObject({ code: 'invalid_transition' });
    expect(body.detail).toContain('amountPaid 100');
    await expectUnchanged(t.app, id, before);
  });

  it('publishes a draft: number, publishedAt, the whole invoice and its ETag', async () => {
    const { id } = await seedInvoice(t.app, user.id, { items: [{ quantity: 2, unitPrice: 1_500, taxRate: 20 }] });
    const { body, response } = await act(t, user, id, 'publish', 200);
    const row = await t.app.db.selectFrom('invoices').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    expect(response.headers.etag).toBe(`"${id}.${row.version}"`);
    expect(body).toMatchObject({ id, status: 'published', subtotal: 3_000, tax: 600, total: 3_600, amountDue: 3_600 });
    expect(body.number).toMatch(/^INV-\d{6}$/);
    expect(body.items).toHaveLength(1);
    expect(Date.parse(body.publishedAt ?? '')).not.toBeNaN();
    expect(body).toMatchObject({ sentAt: null, paidAt: null, voidedAt: null });
  });

  it('refuses to publish a draft without items: 422 unprocessable, nothing changed, no number used', async () => {
    const { id } = await seedInvoice(t.app, user.id, { items: [] });
    const before = await invoiceSnapshot(t.app, id);
    const counter = () =>
      t.app.db.selectFrom('invoice_number_counters').selectAll().where('user_id', '=', user.id).executeTakeFirst();
    const counterBefore = await counter();
    const { body } = await act(t, user, id, 'publish', 422);
    expect(body).toMatchObject({ status: 422, code: 'unprocessable' });
    await expectUnchanged(t.app, id, before);
    expect(await counter()).toEqual(counterBefore);
  });

  it('sends, and re-sending moves sentAt forward', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'published');
    const first = await act(t, user, id, 'send', 200);
    expect(first.body.status).toBe('sent');
    const second = await act(t, user, id, 'send', 200);
    expect(Date.parse(second.body.sentAt ?? '')).toBeGreaterThanOrEqual(Date.parse(first.body.sentAt ?? ''));
    expect(second.response.headers.etag).not.toBe(first.response.headers.etag);
  });

  it('voids a published invoice, keeping its number', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'published');
    const { body } = await act(t, user, id, 'void', 200);
    expect(body).toMatchObject({ status: 'void', amountPaid: 0, overdue: false });
    expect(body.number).toMatch(/^INV-/);
    expect(Date.parse(body.voidedAt ?? '')).not.toBeNaN();
  });

  it('is not overdue once paid or void, and is while published past its due date', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'published', { dueDate: '2026-01-01' });
    const sent = await act(t, user, id, 'send', 200);
    expect(sent.body.overdue).toBe(true);
    const paid = await act(t, user, id, 'pay', 200);
    expect(paid.body.overdue).toBe(false);
  });

  describe('bodiless actions', () => {
    it('accept an empty JSON object and a JSON content type with no body', async () => {
      const { id } = await seedInvoice(t.app, user.id);
      await act(t, user, id, 'publish', 200, {});
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/v1/invoices/${id}/send`,
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBe(200);
    });

    it.each([
      ['{"status":"paid"}', '/status'],
      ['[]', '/'],
      ['"publish"', '/'],
      ['null', '/'],
    ])('refuse the JSON body %s with 400, nothing changed', async (payload, path) => {
      const { id } = await seedInvoice(t.app, user.id);
      const before = await invoiceSnapshot(t.app, id);
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/v1/invoices/${id}/publish`,
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed', errors: [{ path }] });
      await expectUnchanged(t.app, id, before);
    });
  });

  it('answers 404 for an unknown or malformed invoice id', async () => {
    await act(t, user, '00000000-0000-4000-8000-000000000000', 'publish', 404);
    await act(t, user, 'not-a-uuid', 'send', 404);
  });

  it('requires authentication', async () => {
    const { id } = await seedInvoice(t.app, user.id);
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/invoices/${id}/publish` });
    expect(response.statusCode).toBe(401);
  });

  describe("another user's invoice", () => {
    it.each(actions)('cannot be the target of %s: 404, nothing changed', async (action) => {
      const other = await createUser(t.app);
      const status: InvoiceStatus = action === 'publish' ? 'draft' : 'published';
      const { id } = await seedInvoiceIn(t.app, user, status);
      const before = await invoiceSnapshot(t.app, id);
      const { body } = await act(t, other, id, action, 404);
      expect(body).toMatchObject({ code: 'not_found' });
      await expectUnchanged(t.app, id, before);
    });
  });
});
