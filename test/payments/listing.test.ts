import { beforeAll, describe, expect, it } from 'vitest';
import type { Payment } from '../../schemas/payments.js';
import { call, useTestApp } from '../helpers/app.js';
import { seedInvoiceIn } from '../helpers/seed.js';
import { createUser, type TestUser } from '../helpers/users.js';

interface PaymentPage {
  data: Payment[];
  nextCursor: string | null;
}

describe('reading payments', () => {
  const t = useTestApp();
  let alice: TestUser;
  let bob: TestUser;
  let aliceInvoice: string;
  let aliceOther: string;
  let bobInvoice: string;
  const alicePayments: Payment[] = [];
  let bobPayment: Payment;

  const get = <T = PaymentPage>(user: TestUser, url: string, expected = 200) =>
    call<T>(t.app, { method: 'GET', url: `/api/v1${url}`, token: user.token }, expected);
  const pay = async (user: TestUser, invoiceId: string, amount: number) =>
    (
      await call<Payment>(
        t.app,
        { method: 'POST', url: `/api/v1/invoices/${invoiceId}/payments`, token: user.token, body: { amount, method: 'card' } },
        201,
      )
    ).body;

  beforeAll(async () => {
    [alice, bob] = [await createUser(t.app), await createUser(t.app)];
    aliceInvoice = (await seedInvoiceIn(t.app, alice, 'sent')).id;
    aliceOther = (await seedInvoiceIn(t.app, alice, 'published', { currency: 'JPY' })).id;
    bobInvoice = (await seedInvoiceIn(t.app, bob, 'published')).id;
    for (const amount of [100, 200, 300]) alicePayments.push(await pay(alice, aliceInvoice, amount));
    alicePayments.push(await pay(alice, aliceOther, 400));
    bobPayment = await pay(bob, bobInvoice, 500);
  });

  /** The keyset order, computed: payments made in the same millisecond are ordered by id. */
  const newestFirst = (payments: Payment[]) =>
    [...payments].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || (b.id < a.id ? -1 : 1));

  it("lists an invoice's payments newest first, page by page", async () => {
    const expected = newestFirst(alicePayments.slice(0, 3));
    const first = await get(alice, `/invoices/${aliceInvoice}/payments?limit=2`);
    expect(first.body).toEqual({ data: expected.slice(0, 2), nextCursor: expect.any(String) });
    const second = await get(alice, `/invoices/${aliceInvoice}/payments?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ data: expected.slice(2), nextCursor: null });
  });

  it("answers 404 for another user's or an unknown invoice's payments", async () => {
    expect((await get(bob, `/invoices/${aliceInvoice}/payments`, 404)).body).toMatchObject({ code: 'not_found' });
    await get(alice, '/invoices/00000000-0000-4000-8000-000000000000/payments', 404);
  });

  it("lists all the user's payments and only theirs", async () => {
    const { body } = await get(alice, '/payments?limit=100');
    expect(body).toEqual({ data: newestFirst(alicePayments), nextCursor: null });
    const bobs = await get(bob, '/payments');
    expect(bobs.body).toEqual({ data: [bobPayment], nextCursor: null });
  });

  it('gives each payment its invoice’s currency, in every list and read', async () => {
    const invoices = await t.app.db.selectFrom('invoices').select(['id', 'currency']).where('id', 'in', [aliceInvoice, aliceOther]).execute();
    const currencyOf = new Map(invoices.map(({ id, currency }) => [id, currency]));
    expect(currencyOf.get(aliceOther)).toBe('JPY');
    expect(currencyOf.get(aliceInvoice)).not.toBe('JPY');
    const { body } = await get(alice, '/payments?limit=100');
    for (const payment of body.data) expect(payment.currency).toBe(currencyOf.get(payment.invoiceId));
    const one = await get<Payment>(alice, `/payments/${alicePayments[3]?.id}`);
    expect(one.body.currency).toBe('JPY');
    const ofInvoice = await get(alice, `/invoices/${aliceOther}/payments`);
    expect(ofInvoice.body.data.map(({ currency }) => currency)).toEqual(['JPY']);
  });

  it('filters by invoiceId; an invoice that is not the user’s gives an empty page', async () => {
    const { body } = await get(alice, `/payments?invoiceId=${aliceOther}`);
    expect(body.data.map(({ amount }) => amount)).toEqual([400]);
    expect((await get(bob, `/payments?invoiceId=${aliceInvoice}`)).body).toEqual({ data: [], nextCursor: null });
  });

  it('refuses a malformed invoiceId, cursor or limit with 400', async () => {
    for (const query of ['invoiceId=nope', 'cursor=garbage!', 'limit=0', 'limit=101']) {
      expect((await get(alice, `/payments?${query}`, 400)).body).toMatchObject({ code: 'validation_failed' });
    }
  });

  it("checks the cursor before the invoice: a malformed one is 400 even on another user's invoice", async () => {
    for (const invoiceId of [bobInvoice, '00000000-0000-4000-8000-000000000000', aliceInvoice]) {
      const { body } = await get(alice, `/invoices/${invoiceId}/payments?cursor=garbage`, 400);
      expect(body).toMatchObject({ code: 'validation_failed', errors: [{ path: '/cursor' }] });
    }
  });

  it('gets one payment; another user’s, an unknown or a malformed id is 404', async () => {
    const [payment] = alicePayments;
    expect((await get<Payment>(alice, `/payments/${payment?.id}`)).body).toEqual(payment);
    expect((await get(bob, `/payments/${payment?.id}`, 404)).body).toMatchObject({ code: 'not_found' });
    await get(alice, '/payments/00000000-0000-4000-8000-000000000000', 404);
    await get(alice, '/payments/not-a-uuid', 404);
  });

  it('requires authentication', async () => {
    for (const url of ['/api/v1/payments', `/api/v1/invoices/${aliceInvoice}/payments`]) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
  });
});
