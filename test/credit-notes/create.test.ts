import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { call, useTestApp } from '../helpers/app.js';
import { seedInvoiceIn } from '../helpers/seed.js';
import { createUser, useTestUser } from '../helpers/users.js';
import { creditLine, creditSnapshot, expectNothingWritten, issueCreditNote } from './helpers.js';

describe('issuing credit notes', () => {
  const t = useTestApp();
  const user = useTestUser(t);

  const credit = (id: string, body: unknown, expected: number, headers?: Record<string, string>) =>
    issueCreditNote(t.app, user, id, body, expected, headers);
  const getInvoice = async (id: string, token = user.token) =>
    (await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${id}`, token }, 200)).body;
  const post = (id: string, action: string, body: unknown, expected: number) =>
    call<Invoice & { code?: string; detail?: string }>(
      t.app,
      { method: 'POST', url: `/api/v1/invoices/${id}/${action}`, token: user.token, body },
      expected,
    );

  it('without items credits every line in full: the whole total applied, the invoice paid', async () => {
    const fresh = await createUser(t.app);
    const { id } = await seedInvoiceIn(t.app, fresh, 'sent', {
      items: [{ quantity: 2, unitPrice: 1_500, taxRate: 20 }, { unitPrice: 400 }],
    });
    const { body, response } = await issueCreditNote(t.app, fresh, id, { reason: 'Order cancelled' }, 201);
    expect(body).toEqual({
      id: expect.any(String),
      number: 'CN-000001',
      invoiceId: id,
      currency: 'EUR',
      issueDate: new Date().toISOString().slice(0, 10),
      reason: 'Order cancelled',
      items: [
        { id: expect.any(String), description: 'Line 1', quantity: 2, unitCode: 'C62', unitPrice: 1_500, taxCategory: 'S', taxRate: 20, discount: null, gross: 3_000, discountAmount: 0, subtotal: 3_000, tax: 600, total: 3_600 },
        { id: expect.any(String), description: 'Line 2', quantity: 1, unitCode: 'C62', unitPrice: 400, taxCategory: 'Z', taxRate: 0, discount: null, gross: 400, discountAmount: 0, subtotal: 400, tax: 0, total: 400 },
      ],
      taxExemptions: [],
      taxRounding: 'line',
      taxBreakdown: [
        { taxCategory: 'S', taxRate: 20, taxableAmount: 3_000, taxAmount: 600 },
        { taxCategory: 'Z', taxRate: 0, taxableAmount: 400, taxAmount: 0 },
      ],
      seller: null,
      buyer: expect.objectContaining({ name: expect.stringMatching(/^Client /) }),
      allowances: [],
      charges: [],
      lineTotal: 3_400,
      allowanceTotal: 0,
      chargeTotal: 0,
      subtotal: 3_400,
      tax: 600,
      total: 4_000,
      appliedToBalance: 4_000,
      refundDue: 0,
      hostedUrl: expect.stringMatching(/^http:\/\/localhost:80\/c\/[A-Za-z0-9_-]{43}$/),
      metadata: {},
      createdAt: expect.stringMatching(/Z$/),
    });
    expect(response.headers.location).toBe(`/api/v1/credit-notes/${body.id}`);
    const invoice = await getInvoice(id, fresh.token);
    expect(invoice).toMatchObject({ status: 'paid', total: 4_000, amountPaid: 0, amountCredited: 4_000, amountDue: 0 });
    expect(invoice.paidAt).not.toBeNull();
    const stored = await creditSnapshot(t.app, fresh.id, id);
    expect(stored.invoice).toMatchObject({ amount_credited: 4_000, credit_applied: 4_000, status: 'paid' });
    expect(stored.notes).toHaveLength(1);
    expect(stored.items.map((item) => item.tax_category).sort()).toEqual(['S', 'Z']);
    expect(stored.counter).toEqual({ user_id: fresh.id, last_number: 1 });
  });

  it('with items credits just those: amountDue falls, the status stays', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'published', { items: [{ unitPrice: 10_000 }] });
    const { body } = await credit(id, { reason: 'Late delivery', items: [creditLine(1_000, { taxRate: 10 })], issueDate: '2026-01-01' }, 201);
    expect(body).toMatchObject({ issueDate: '2026-01-01', subtotal: 1_000, tax: 100, total: 1_100, appliedToBalance: 1_100, refundDue: 0 });
    expect(await getInvoice(id)).toMatchObject({ status: 'published', amountCredited: 1_100, amountDue: 8_900, paidAt: null });
  });

  it('on a partly paid invoice applies what is due and owes the rest back', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent', { items: [{ unitPrice: 10_000 }] });
    await post(id, 'payments', { amount: 4_000, method: 'cash' }, 201);
    const { body } = await credit(id, { reason: 'Returned goods', items: [creditLine(8_000)] }, 201);
    expect(body).toMatchObject({ total: 8_000, appliedToBalance: 6_000, refundDue: 2_000 });
    expect(await getInvoice(id)).toMatchObject({ status: 'paid', amountPaid: 4_000, amountCredited: 8_000, amountDue: 0 });
  });

  it('on a paid invoice owes the whole note back and leaves it paid', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'paid', { items: [{ unitPrice: 5_000 }] });
    const paidAt = (await getInvoice(id)).paidAt;
    const { body } = await credit(id, { reason: 'Price error', items: [creditLine(500)] }, 201);
    expect(body).toMatchObject({ total: 500, appliedToBalance: 0, refundDue: 500 });
    expect(await getInvoice(id)).toMatchObject({ status: 'paid', amountPaid: 5_000, amountCredited: 500, amountDue: 0, paidAt });
  });

  it('on an uncollectible invoice reduces the balance, and settling it makes it paid', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'uncollectible', { items: [{ unitPrice: 3_000 }] });
    await credit(id, { reason: 'Partial write-off', items: [creditLine(1_000)] }, 201);
    expect(await getInvoice(id)).toMatchObject({ status: 'uncollectible', amountDue: 2_000 });
    await credit(id, { reason: 'Write-off', items: [creditLine(2_000)] }, 201);
    expect(await getInvoice(id)).toMatchObject({ status: 'paid', amountCredited: 3_000, amountDue: 0 });
  });

  it('caps payments at the new amountDue and /pay pays just what is left', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent', { items: [{ unitPrice: 10_000 }] });
    await credit(id, { reason: 'Discount', items: [creditLine(3_000)] }, 201);
    const before = await creditSnapshot(t.app, user.id, id);
    const { body } = await post(id, 'payments', { amount: 7_001, method: 'card' }, 422);
    expect(body).toMatchObject({ code: 'overpayment', detail: expect.stringContaining('7000') });
    await expectNothingWritten(t.app, user.id, id, before);
    const paid = await post(id, 'pay', { method: 'card' }, 200);
    expect(paid.body).toMatchObject({ status: 'paid', amountPaid: 7_000, amountCredited: 3_000, amountDue: 0 });
  });

  it('refuses a note above what is left to credit with 422, across several notes', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'paid', { items: [{ unitPrice: 1_000 }] });
    await credit(id, { reason: 'First', items: [creditLine(600)] }, 201);
    const before = await creditSnapshot(t.app, user.id, id);
    const { body } = await credit(id, { reason: 'Too much', items: [creditLine(401)] }, 422);
    expect(body).toMatchObject({ code: 'unprocessable', detail: expect.stringContaining('400') });
    await expectNothingWritten(t.app, user.id, id, before);
    await credit(id, { reason: 'The rest', items: [creditLine(400)] }, 201);
    await credit(id, { reason: 'Nothing left' }, 422);
    expect(await getInvoice(id)).toMatchObject({ amountCredited: 1_000, status: 'paid' });
  });

  it('refuses a note whose total is 0 with 422, writing nothing', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const before = await creditSnapshot(t.app, user.id, id);
    const { body } = await credit(id, { reason: 'Nothing', items: [creditLine(0)] }, 422);
    expect(body).toMatchObject({ code: 'unprocessable' });
    await expectNothingWritten(t.app, user.id, id, before);
  });

  it('refuses an issueDate before the invoice’s with 422; the same day is fine', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const before = await creditSnapshot(t.app, user.id, id);
    const { body } = await credit(id, { reason: 'Backdated', items: [creditLine(100)], issueDate: '2025-12-31' }, 422);
    expect(body).toMatchObject({ code: 'unprocessable', errors: [{ path: '/issueDate' }] });
    await expectNothingWritten(t.app, user.id, id, before);
    await credit(id, { reason: 'Same day', items: [creditLine(100)], issueDate: '2026-01-01' }, 201);
  });

  it.each(['draft', 'void'] as const)('refuses a %s invoice with 409 invalid_transition, writing nothing', async (status) => {
    const { id } = await seedInvoiceIn(t.app, user, status);
    const before = await creditSnapshot(t.app, user.id, id);
    const { body } = await credit(id, { reason: 'Nope' }, 409);
    expect(body).toMatchObject({ code: 'invalid_transition', detail: expect.stringContaining(`'${status}'`) });
    await expectNothingWritten(t.app, user.id, id, before);
  });

  it('checks state before amounts: an over-large note on a void invoice is 409', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'void');
    await credit(id, { reason: 'Nope', items: [creditLine(10 ** 9)] }, 409);
  });

  it.each([
    ['items: []', { reason: 'x', items: [] }, '/items'],
    ['no reason', { items: [creditLine(100)] }, '/reason'],
    ['a blank reason', { reason: '  ', items: [creditLine(100)] }, '/reason'],
    ['a 501-character reason', { reason: 'x'.repeat(501) }, '/reason'],
    ['an unknown property', { reason: 'x', total: 100 }, '/total'],
    ['a line total sent by the client', { reason: 'x', items: [creditLine(100, { total: 100 })] }, '/items/0/total'],
    ['a negative price', { reason: 'x', items: [creditLine(-1)] }, '/items/0/unitPrice'],
    ['a zero quantity', { reason: 'x', items: [creditLine(1, { quantity: 0 })] }, '/items/0/quantity'],
    ['an impossible issueDate', { reason: 'x', issueDate: '2026-02-30' }, '/issueDate'],
    ['a line past MAX_SAFE_INTEGER', { reason: 'x', items: [creditLine(10 ** 13, { quantity: 1000 })] }, '/items/0/unitPrice'],
  ])('refuses %s with 400 naming the field, writing nothing', async (_name, body, path) => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const before = await creditSnapshot(t.app, user.id, id);
    const { body: problem } = await credit(id, body, 400);
    expect(problem).toMatchObject({ code: 'validation_failed' });
    expect(problem.errors?.map((error) => error.path)).toContain(path);
    await expectNothingWritten(t.app, user.id, id, before);
  });

  it('answers 404 for another user’s, an unknown or a malformed invoice, writing nothing', async () => {
    const other = await createUser(t.app);
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const before = await creditSnapshot(t.app, user.id, id);
    const { body } = await issueCreditNote(t.app, other, id, { reason: 'Not mine' }, 404);
    expect(body).toMatchObject({ code: 'not_found' });
    await expectNothingWritten(t.app, user.id, id, before);
    await credit('00000000-0000-4000-8000-000000000000', { reason: 'x' }, 404);
    await credit('not-a-uuid', { reason: 'x' }, 404);
  });

  it('requires authentication', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/invoices/${id}/credit-notes`, payload: { reason: 'x' } });
    expect(response.statusCode).toBe(401);
  });

  it('makes a credited invoice impossible to void', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    await credit(id, { reason: 'Discount', items: [creditLine(100)] }, 201);
    const { body } = await post(id, 'void', undefined, 409);
    expect(body).toMatchObject({ code: 'invalid_transition', detail: expect.stringContaining('amountCredited 100') });
  });

  it('counts issued notes and their amounts per currency in /metrics', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent', { currency: 'CHF', items: [{ unitPrice: 900 }] });
    await credit(id, { reason: 'Discount', items: [creditLine(250)] }, 201);
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('invoice_api_credit_notes_total{currency="CHF"} 1');
    expect(metrics).toContain('invoice_api_credit_notes_amount_total{currency="CHF"} 250');
  });
});
