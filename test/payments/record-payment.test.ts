import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import type { Payment } from '../../schemas/payments.js';
import { call, useTestApp } from '../helpers/app.js';
import { expectUnchanged, invoiceSnapshot, seedInvoiceIn } from '../helpers/seed.js';
import { useTestUser } from '../helpers/users.js';


describe('recording payments', () => {
  const t = useTestApp();
  const user = useTestUser(t);

  const pay = (id: string, body: unknown, expected: number) =>
    call<Payment & { code?: string }>(
      t.app,
      { method: 'POST', url: `/api/v1/invoices/${id}/payments`, token: user.token, body },
      expected,
    );

  it('applies a partial then a final payment; the final one makes the invoice paid', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent', { items: [{ unitPrice: 10_000 }], currency: 'JPY' });
    const first = await pay(id, { amount: 4_000, method: 'bank_transfer', reference: 'TX-1' }, 201);
    expect(first.body).toEqual({
      id: expect.any(String),
      invoiceId: id,
      amount: 4_000,
      currency: 'JPY',
      method: 'bank_transfer',
      paidAt: expect.stringMatching(/Z$/),
      reference: 'TX-1',
      metadata: {},
      createdAt: expect.stringMatching(/Z$/),
    });
    expect(first.response.headers.location).toBe(`/api/v1/payments/${first.body.id}`);
    expect(Math.abs(Date.parse(first.body.paidAt) - Date.now())).toBeLessThan(60_000);
    const { invoice } = await invoiceSnapshot(t.app, id);
    expect(invoice).toMatchObject({ status: 'sent', amount_paid: 4_000, paid_at: null, version: 4 });

    const last = await pay(id, { amount: 6_000, method: 'cash', paidAt: '2026-03-01T12:00:00+02:00' }, 201);
    expect(last.body).toMatchObject({ paidAt: '2026-03-01T10:00:00.000Z', reference: null });
    const row = await t.app.db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'paid', amount_paid: 10_000, total: 10_000 });
    expect(row.paid_at).toBe('2026-03-01T10:00:00.000Z');
  });

  it('takes reference: null as no reference, as the Payment it returns says', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'published');
    const { body } = await pay(id, { amount: 100, method: 'card', reference: null }, 201);
    expect(body).toMatchObject({ amount: 100, reference: null });
    const { invoice, payments } = await invoiceSnapshot(t.app, id);
    expect(invoice.amount_paid).toBe(100);
    expect(payments.map(({ reference }) => reference)).toEqual([null]);
  });

  it('refuses a payment above the amount due with 422 overpayment, recording nothing', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'published', { items: [{ unitPrice: 5_000 }] });
    await pay(id, { amount: 2_000, method: 'card' }, 201);
    const before = await invoiceSnapshot(t.app, id);
    const { body } = await pay(id, { amount: 3_001, method: 'card' }, 422);
    expect(body).toMatchObject({ status: 422, code: 'overpayment' });
    await expectUnchanged(t.app, id, before);
  });

  it.each(['draft', 'paid', 'void'] as const)(
    'refuses a payment on a %s invoice with 409 before looking at the amount',
    async (status) => {
      const { id } = await seedInvoiceIn(t.app, user, status);
      const before = await invoiceSnapshot(t.app, id);
      const { body } = await pay(id, { amount: 1_000_000, method: 'card' }, 409);
      expect(body).toMatchObject({ code: 'invalid_transition' });
      await expectUnchanged(t.app, id, before);
    },
  );

  it.each([
    ['amount 0', { amount: 0, method: 'card' }],
    ['a negative amount', { amount: -100, method: 'card' }],
    ['a fractional amount', { amount: 1.5, method: 'card' }],
    ['amount "0"', { amount: '0', method: 'card' }],
    ['a negative string amount', { amount: '-100', method: 'card' }],
    ['a decimal string amount', { amount: '1.5', method: 'card' }],
    ['an exponent string amount', { amount: '1e3', method: 'card' }],
    ['a zero-padded string amount', { amount: '0100', method: 'card' }],
    ['a string amount with spaces', { amount: ' 100', method: 'card' }],
    ['an empty string amount', { amount: '', method: 'card' }],
    ['a string amount past MAX_SAFE_INTEGER', { amount: '9007199254740992', method: 'card' }],
    ['a 17-digit string amount', { amount: '10000000000000000', method: 'card' }],
    ['no amount', { method: 'card' }],
    ['no method', { amount: 100 }],
    ['an unknown method', { amount: 100, method: 'bitcoin' }],
    ['an unknown property', { amount: 100, method: 'card', currency: 'EUR' }],
    ['a date without time', { amount: 100, method: 'card', paidAt: '2026-01-01' }],
    ['an impossible date', { amount: 100, method: 'card', paidAt: '2026-13-01T00:00:00Z' }],
    ['a word for paidAt', { amount: 100, method: 'card', paidAt: 'yesterday' }],
    ['year 0000', { amount: 100, method: 'card', paidAt: '0000-01-01T00:00:00Z' }],
    ['an empty reference', { amount: 100, method: 'card', reference: '' }],
    ['a 201-character reference', { amount: 100, method: 'card', reference: 'r'.repeat(201) }],
    ['an array', [{ amount: 100, method: 'card' }]],
    ['no body', undefined],
  ])('refuses %s with 400 validation_failed, recording nothing', async (_case, body) => {
    const { id } = await seedInvoiceIn(t.app, user, 'published');
    const before = await invoiceSnapshot(t.app, id);
    const { body: problem } = await pay(id, body, 400);
    expect(problem).toMatchObject({ status: 400, code: 'validation_failed' });
    await expectUnchanged(t.app, id, before);
  });

  it('takes the amount as a string of digits, as int64-aware clients send it, and records the number', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'published');
    const { body } = await pay(id, { amount: '1500', method: 'card' }, 201);
    expect(body).toMatchObject({ amount: 1_500 });
    const row = await t.app.db.selectFrom('payments').select('amount').where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.amount).toBe(1_500);
  });

  it('refuses an amount beyond Number.MAX_SAFE_INTEGER with 400', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'published');
    const before = await invoiceSnapshot(t.app, id);
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invoices/${id}/payments`,
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      payload: '{"amount": 9007199254740993, "method": "card"}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed' });
    await expectUnchanged(t.app, id, before);
  });

  it.each([
    ['empty', ''],
    ['256 characters long', 'k'.repeat(256)],
  ])('refuses an Idempotency-Key that is %s with 400, recording nothing', async (_case, key) => {
    const { id } = await seedInvoiceIn(t.app, user, 'published');
    const before = await invoiceSnapshot(t.app, id);
    const { body } = await call(
      t.app,
      {
        method: 'POST',
        url: `/api/v1/invoices/${id}/payments`,
        token: user.token,
        body: { amount: 100, method: 'card' },
        headers: { 'idempotency-key': key },
      },
      400,
    );
    expect(body).toMatchObject({ code: 'validation_failed' });
    await expectUnchanged(t.app, id, before);
  });

  describe('POST /invoices/:id/pay', () => {
    const payInFull = (id: string, body: unknown, expected: number) =>
      call<Invoice & { code?: string }>(
        t.app,
        { method: 'POST', url: `/api/v1/invoices/${id}/pay`, token: user.token, body },
        expected,
      );

    it('records one payment of the whole amount due and marks the invoice paid', async () => {
      const { id } = await seedInvoiceIn(t.app, user, 'sent', { items: [{ quantity: 3, unitPrice: 1_000, taxRate: 10 }] });
      await pay(id, { amount: 1_300, method: 'cash' }, 201);
      const { body, response } = await payInFull(
        id,
        { method: 'check', paidAt: '2026-04-01T09:30:00Z', reference: 'CHQ 42' },
        200,
      );
      expect(body).toMatchObject({ status: 'paid', total: 3_300, amountPaid: 3_300, amountDue: 0 });
      expect(body.paidAt).toBe('2026-04-01T09:30:00.000Z');
      expect(response.headers.etag).toMatch(new RegExp(`^"${id}\\.\\d+"$`));
      const { payments } = await invoiceSnapshot(t.app, id);
      expect(payments.map(({ amount, method, reference }) => ({ amount, method, reference }))).toEqual([
        { amount: 1_300, method: 'cash', reference: null },
        { amount: 2_000, method: 'check', reference: 'CHQ 42' },
      ]);
    });

    it('takes reference: null as no reference', async () => {
      const { id } = await seedInvoiceIn(t.app, user, 'sent', { items: [{ unitPrice: 2_500 }] });
      expect((await payInFull(id, { method: 'cash', reference: null }, 200)).body).toMatchObject({ status: 'paid' });
      const { payments } = await invoiceSnapshot(t.app, id);
      expect(payments.map(({ amount, reference }) => ({ amount, reference }))).toEqual([{ amount: 2_500, reference: null }]);
    });

    it('pays an invoice with a zero total without a payment row', async () => {
      const { id } = await seedInvoiceIn(t.app, user, 'published', { items: [{ unitPrice: 0 }] });
      const { body } = await payInFull(id, { method: 'other' }, 200);
      expect(body).toMatchObject({ status: 'paid', total: 0, amountPaid: 0 });
      expect(Date.parse(body.paidAt ?? '')).not.toBeNaN();
      expect((await invoiceSnapshot(t.app, id)).payments).toEqual([]);
    });

    it.each([
      ['no body', undefined],
      ['no method', {}],
      ['an amount', { method: 'card', amount: 100 }],
      ['a bad paidAt', { method: 'card', paidAt: 'now' }],
    ])('refuses %s with 400, changing nothing', async (_case, body) => {
      const { id } = await seedInvoiceIn(t.app, user, 'published');
      const before = await invoiceSnapshot(t.app, id);
      expect((await payInFull(id, body, 400)).body).toMatchObject({ code: 'validation_failed' });
      await expectUnchanged(t.app, id, before);
    });

    it('concurrent pays settle the invoice once: one 200, the rest 409, one payment', async () => {
      const { id } = await seedInvoiceIn(t.app, user, 'published', { items: [{ unitPrice: 7_000 }] });
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.app.inject({
            method: 'POST',
            url: `/api/v1/invoices/${id}/pay`,
            headers: { authorization: `Bearer ${user.token}` },
            payload: { method: 'card' },
          }),
        ),
      );
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
      const { invoice, payments } = await invoiceSnapshot(t.app, id);
      expect(invoice).toMatchObject({ status: 'paid', amount_paid: 7_000 });
      expect(payments.map(({ amount }) => amount)).toEqual([7_000]);
    });
  });
});
