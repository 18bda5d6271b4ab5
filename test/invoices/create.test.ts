import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../schemas/clients.js';
import type { Invoice } from '../../schemas/invoices.js';
import { todayUtc } from '../../src/services/invoice-records.js';
import { type Problem, createClient, expectFieldError, snapshot } from '../clients/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, useTestUser } from '../helpers/users.js';
import { createInvoice, invalidInvoiceFields, invoiceBody, item } from './helpers.js';

const MAX = Number.MAX_SAFE_INTEGER;

describe('creating and reading invoices', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  let client: Client;
  beforeAll(async () => {
    client = await createClient(t.app, user.token, { currency: 'EUR' });
  });

  it('creates a draft with server-computed totals, Location and ETag, and stores every line', async () => {
    const body = invoiceBody(client.id, {
      notes: 'Thanks!',
      items: [
        item({ description: 'Design', quantity: 1.5, unitPrice: 12_000, taxRate: 19 }),
        item({ description: 'Hosting', quantity: 3, unitPrice: 1999, taxRate: 7.5 }),
        item({ description: 'Stickers', quantity: 0.001, unitPrice: 500, taxRate: undefined }),
      ],
    });
    const { body: invoice, response } = await call<Invoice>(t.app, { method: 'POST', url: '/api/v1/invoices', token: user.token, body }, 201);

    // 1.5 × 12000 = 18000, 19% = 3420; 3 × 1999 = 5997, 7.5% = 449.775 → 450; 0.001 × 500 = 0.5 → 1.
    expect(invoice).toMatchObject({
      number: null,
      clientId: client.id,
      status: 'draft',
      currency: 'EUR',
      issueDate: todayUtc(),
      dueDate: '2099-12-31',
      notes: 'Thanks!',
      subtotal: 23_998,
      tax: 3870,
      total: 27_868,
      amountPaid: 0,
      amountDue: 27_868,
      overdue: false,
      publishedAt: null,
    });
    expect(invoice.items).toEqual([
      { id: expect.any(String), description: 'Design', quantity: 1.5, unitCode: 'C62', unitPrice: 12_000, taxCategory: 'S', taxRate: 19, discount: null, gross: 18_000, discountAmount: 0, subtotal: 18_000, tax: 3420, total: 21_420 },
      { id: expect.any(String), description: 'Hosting', quantity: 3, unitCode: 'C62', unitPrice: 1999, taxCategory: 'S', taxRate: 7.5, discount: null, gross: 5997, discountAmount: 0, subtotal: 5997, tax: 450, total: 6447 },
      { id: expect.any(String), description: 'Stickers', quantity: 0.001, unitCode: 'C62', unitPrice: 500, taxCategory: 'Z', taxRate: 0, discount: null, gross: 1, discountAmount: 0, subtotal: 1, tax: 0, total: 1 },
    ]);
    expect(response.headers.location).toBe(`/api/v1/invoices/${invoice.id}`);
    expect(response.headers.etag).toBe(`"${invoice.id}.1"`);

    const row = await t.app.db.selectFrom('invoices').selectAll().where('id', '=', invoice.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: user.id, status: 'draft', number: null, subtotal: 23_998, tax: 3870, total: 27_868, version: 1 });
    const items = await t.app.db.selectFrom('invoice_items').selectAll().where('invoice_id', '=', invoice.id).orderBy('position').execute();
    expect(items.map(({ position, description, quantity, unit_price, tax_rate, subtotal, tax, total }) => ({ position, description, quantity, unit_price, tax_rate, subtotal, tax, total }))).toEqual([
      { position: 0, description: 'Design', quantity: '1.500', unit_price: 12_000, tax_rate: '19.0000', subtotal: 18_000, tax: 3420, total: 21_420 },
      { position: 1, description: 'Hosting', quantity: '3.000', unit_price: 1999, tax_rate: '7.5000', subtotal: 5997, tax: 450, total: 6447 },
      { position: 2, description: 'Stickers', quantity: '0.001', unit_price: 500, tax_rate: '0.0000', subtotal: 1, tax: 0, total: 1 },
    ]);
  });

  it('defaults items to none and takes an explicit currency and issueDate', async () => {
    const { body: invoice } = await call<Invoice>(
      t.app,
      { method: 'POST', url: '/api/v1/invoices', token: user.token, body: { clientId: client.id, currency: 'JPY', issueDate: '2026-01-10', dueDate: '2026-01-10' } },
      201,
    );
    expect(invoice).toMatchObject({ currency: 'JPY', issueDate: '2026-01-10', dueDate: '2026-01-10', items: [], subtotal: 0, tax: 0, total: 0, notes: null });
  });

  it('takes what date- and int64-aware generators send: dates at midnight UTC, prices as strings of digits', async () => {
    const { body: invoice } = await call<Invoice>(
      t.app,
      {
        method: 'POST',
        url: '/api/v1/invoices',
        token: user.token,
        body: {
          clientId: client.id,
          issueDate: '2026-01-10T00:00:00.000Z',
          dueDate: '2026-02-10T00:00:00Z',
          items: [item({ quantity: 2, unitPrice: '1250', taxRate: 0 }), item({ quantity: 1, unitPrice: String(MAX - 2500), taxRate: 0 })],
        },
      },
      201,
    );
    expect(invoice).toMatchObject({ issueDate: '2026-01-10', dueDate: '2026-02-10', total: MAX });
    expect(invoice.items.map((line) => line.unitPrice)).toEqual([1250, MAX - 2500]);
    const row = await t.app.db.selectFrom('invoices').select(['issue_date', 'due_date', 'total']).where('id', '=', invoice.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ issue_date: '2026-01-10', due_date: '2026-02-10', total: MAX });
  });

  it('accepts the largest safe amounts', async () => {
    const invoice = await createInvoice(t.app, user.token, client.id, { items: [item({ quantity: 1, unitPrice: MAX, taxRate: 0 })] });
    expect(invoice.total).toBe(MAX);
  });

  it('keeps 200 items in the order given', async () => {
    const items = Array.from({ length: 200 }, (_, i) => item({ description: `Line ${i}`, quantity: 1, unitPrice: i }));
    const invoice = await createInvoice(t.app, user.token, client.id, { items });
    expect(invoice.items.map((line) => line.description)).toEqual(items.map((line) => line.description));
    expect(invoice.subtotal).toBe((199 * 200) / 2);
  });

  it('returns the invoice with its items and the same ETag on GET', async () => {
    const { body: created, response: createdResponse } = await call<Invoice>(
      t.app,
      { method: 'POST', url: '/api/v1/invoices', token: user.token, body: invoiceBody(client.id) },
      201,
    );
    const { body, response } = await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${created.id}`, token: user.token }, 200);
    expect(body).toEqual(created);
    expect(response.headers.etag).toBe(createdResponse.headers.etag);
  });

  it('counts created invoices in the business metrics', async () => {
    const createdCount = async () => {
      const { body } = await t.app.inject({ method: 'GET', url: '/metrics' });
      return Number(/invoice_api_invoices_total\{event="created"\} (\d+)/.exec(body)?.[1]);
    };
    const before = await createdCount();
    await createInvoice(t.app, user.token, client.id);
    expect(await createdCount()).toBe(before + 1);
  });

  it.each(invalidInvoiceFields)('POST with %s → 400 naming the field, nothing written', async (_name, fields, path) => {
    const before = [await snapshot(t.app, 'invoices'), await snapshot(t.app, 'invoice_items')];
    const { body } = await call<Problem>(
      t.app,
      { method: 'POST', url: '/api/v1/invoices', token: user.token, body: invoiceBody(client.id, fields) },
      400,
    );
    expectFieldError(body, path);
    expect([await snapshot(t.app, 'invoices'), await snapshot(t.app, 'invoice_items')]).toEqual(before);
  });

  it('POST without clientId names it', async () => {
    const { body } = await call<Problem>(t.app, { method: 'POST', url: '/api/v1/invoices', token: user.token, body: {} }, 400);
    expectFieldError(body, '/clientId');
  });

  it('POST without dueDate and without a business profile is 400 naming dueDate, nothing written', async () => {
    const before = await snapshot(t.app, 'invoices');
    const { body } = await call<Problem>(
      t.app,
      { method: 'POST', url: '/api/v1/invoices', token: user.token, body: invoiceBody(client.id, { dueDate: undefined }) },
      400,
    );
    expectFieldError(body, '/dueDate');
    expect(await snapshot(t.app, 'invoices')).toEqual(before);
  });

  it('validates before checking the client: a bad body for an unknown client is 400, not 422', async () => {
    const { body } = await call<Problem>(
      t.app,
      { method: 'POST', url: '/api/v1/invoices', token: user.token, body: invoiceBody('4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c', { currency: 'usd' }) },
      400,
    );
    expectFieldError(body, '/currency');
  });

  it("answers 422 alike for an unknown client and another user's client, writing nothing", async () => {
    const stranger = await createUser(t.app);
    const theirClient = await createClient(t.app, stranger.token);
    const before = await snapshot(t.app, 'invoices');
    const attempt = async (clientId: string) => {
      const { body } = await call<Problem & { requestId?: string; instance?: string }>(
        t.app,
        { method: 'POST', url: '/api/v1/invoices', token: user.token, body: invoiceBody(clientId) },
        422,
      );
      const { requestId: _requestId, ...rest } = body;
      return rest;
    };
    const forTheirs = await attempt(theirClient.id);
    const forNobody = await attempt('4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c');
    expect(forTheirs.code).toBe('unprocessable');
    expect(forTheirs).toEqual(forNobody);
    expect(await snapshot(t.app, 'invoices')).toEqual(before);
  });

  it('answers 404 for unknown, malformed and other users\' invoice ids', async () => {
    const stranger = await createUser(t.app);
    const theirs = await createInvoice(t.app, stranger.token, (await createClient(t.app, stranger.token)).id);
    for (const id of [theirs.id, '4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c', 'not-a-uuid', '%20', 'urn:uuid:4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c']) {
      const { body } = await call<Problem>(t.app, { method: 'GET', url: `/api/v1/invoices/${id}`, token: user.token }, 404);
      expect(body.code).toBe('not_found');
    }
  });

  it('needs authentication', async () => {
    const { body } = await call<Problem>(t.app, { method: 'POST', url: '/api/v1/invoices', body: invoiceBody(client.id) }, 401);
    expect(body.code).toBe('unauthorized');
    await call(t.app, { method: 'GET', url: '/api/v1/invoices' }, 401);
  });
});
