import { describe, expect, it } from 'vitest';
import type { Invoice, InvoiceSummary } from '../../schemas/invoices.js';
import { call, useTestApp } from '../helpers/app.js';
import { expectUnchanged, invoiceSnapshot, seedInvoiceIn } from '../helpers/seed.js';
import { createUser, type TestUser, useTestUser } from '../helpers/users.js';

describe('uncollectible invoices', () => {
  const t = useTestApp();
  const user = useTestUser(t);

  const post = (id: string, action: string, expected: number, body?: unknown, as = user) =>
    call<Invoice & { code?: string; detail?: string }>(
      t.app,
      { method: 'POST', url: `/api/v1/invoices/${id}/${action}`, token: as.token, body },
      expected,
    );
  const list = async (query: string, as: TestUser) =>
    (await call<{ data: InvoiceSummary[] }>(t.app, { method: 'GET', url: `/api/v1/invoices${query}`, token: as.token }, 200))
      .body.data.map(({ id }) => id);

  it('marks a sent, overdue invoice: status, markedUncollectibleAt, no longer overdue, ETag', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent', { dueDate: '2026-01-15' });
    const before = await invoiceSnapshot(t.app, id);
    const { body, response } = await post(id, 'mark-uncollectible', 200);
    expect(body).toMatchObject({ id, status: 'uncollectible', overdue: false, amountDue: before.invoice.total });
    expect(Math.abs(Date.parse(body.markedUncollectibleAt ?? '') - Date.now())).toBeLessThan(60_000);
    const { invoice } = await invoiceSnapshot(t.app, id);
    expect(invoice.version).toBe(before.invoice.version + 1);
    expect(response.headers.etag).toBe(`"${id}.${invoice.version}"`);
    expect(invoice.marked_uncollectible_at).toBe(body.markedUncollectibleAt);
  });

  it('takes payments and keeps markedUncollectibleAt once a payment settles it', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'uncollectible', { items: [{ unitPrice: 1_000 }] });
    const marked = (await invoiceSnapshot(t.app, id)).invoice.marked_uncollectible_at;
    await post(id, 'payments', 201, { amount: 400, method: 'cash' });
    expect((await invoiceSnapshot(t.app, id)).invoice).toMatchObject({ status: 'uncollectible', amount_paid: 400 });
    const { body } = await post(id, 'payments', 201, { amount: 600, method: 'cash' });
    expect(body).toMatchObject({ amount: 600 });
    const { invoice } = await invoiceSnapshot(t.app, id);
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 1_000, marked_uncollectible_at: marked });
  });

  it('is paid in full by /pay', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'uncollectible', { items: [{ unitPrice: 2_000 }] });
    const { body } = await post(id, 'pay', 200, { method: 'bank_transfer' });
    expect(body).toMatchObject({ status: 'paid', amountPaid: 2_000, amountDue: 0 });
  });

  it.each(['send', 'publish', 'mark-uncollectible'])('refuses %s with 409 naming the status, nothing changed', async (action) => {
    const { id } = await seedInvoiceIn(t.app, user, 'uncollectible');
    const before = await invoiceSnapshot(t.app, id);
    const { body } = await post(id, action, 409);
    expect(body).toMatchObject({ code: 'invalid_transition', detail: expect.stringContaining("'uncollectible'") });
    await expectUnchanged(t.app, id, before);
  });

  it('is voided when nothing was paid or credited', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'uncollectible');
    expect((await post(id, 'void', 200)).body).toMatchObject({ status: 'void' });
  });

  it.each(['draft', 'paid', 'void'] as const)('cannot be reached from %s: 409, nothing changed', async (status) => {
    const { id } = await seedInvoiceIn(t.app, user, status);
    const before = await invoiceSnapshot(t.app, id);
    await post(id, 'mark-uncollectible', 409);
    await expectUnchanged(t.app, id, before);
  });

  it('answers 404 for another user’s invoice', async () => {
    const other = await createUser(t.app);
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const before = await invoiceSnapshot(t.app, id);
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${id}/mark-uncollectible`, token: other.token }, 404);
    await expectUnchanged(t.app, id, before);
  });

  it('is found by status=uncollectible and never among the overdue', async () => {
    const lister = await createUser(t.app);
    const { id: gaveUp } = await seedInvoiceIn(t.app, lister, 'sent', { dueDate: '2026-01-15' });
    const { id: late } = await seedInvoiceIn(t.app, lister, 'sent', { dueDate: '2026-01-15' });
    await post(gaveUp, 'mark-uncollectible', 200, undefined, lister);
    expect(await list('?status=uncollectible', lister)).toEqual([gaveUp]);
    expect(await list('?overdue=true', lister)).toEqual([late]);
    expect(await list('?overdue=false', lister)).toEqual([gaveUp]);
  });

  it('counts marked_uncollectible in the invoice events metric', async () => {
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/invoice_api_invoices_total\{event="marked_uncollectible"\} [1-9]/);
  });
});
