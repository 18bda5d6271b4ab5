import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { invoiceSnapshot, seedInvoiceIn } from '../helpers/seed.js';
import { createUser } from '../helpers/users.js';

describe('concurrent payments on one invoice', () => {
  const t = useTestApp();

  it('50 payments of a tenth of the total: exactly 10 succeed, amountPaid never passes the total', async () => {
    const user = await createUser(t.app);
    const total = 10_000;
    const { id } = await seedInvoiceIn(t.app, user, 'sent', { items: [{ unitPrice: total }] });

    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/invoices/${id}/payments`,
          headers: { authorization: `Bearer ${user.token}` },
          payload: { amount: total / 10, method: 'card', reference: `attempt ${index}` },
        }),
      ),
    );

    const count = (status: number) => responses.filter((response) => response.statusCode === status).length;
    // Each payment is exactly a tenth, so none can overpay while the invoice is open; once the tenth
    // settles it, the state check (409) comes before the amount check (422).
    expect({ created: count(201), refused: count(409) }).toEqual({ created: 10, refused: 40 });
    for (const response of responses.filter(({ statusCode }) => statusCode === 409)) {
      expect(response.json()).toMatchObject({ code: 'invalid_transition' });
    }

    const { invoice, payments } = await invoiceSnapshot(t.app, id);
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: total });
    expect(invoice.paid_at).not.toBeNull();
    expect(payments).toHaveLength(10);
    expect(payments.reduce((sum, payment) => sum + payment.amount, 0)).toBe(invoice.amount_paid);
  });

  it('payments of uneven sizes racing for the rest: 422 overpayment for those that no longer fit', async () => {
    const user = await createUser(t.app);
    const { id } = await seedInvoiceIn(t.app, user, 'published', { items: [{ unitPrice: 1_000 }] });

    const responses = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/invoices/${id}/payments`,
          headers: { authorization: `Bearer ${user.token}` },
          payload: { amount: 300, method: 'cash' },
        }),
      ),
    );

    const statuses = responses.map((response) => response.statusCode).sort();
    // 3 × 300 fit into 1,000; the remaining 100 is too little for any other: all 422 overpayment.
    expect(statuses).toEqual([201, 201, 201, ...Array<number>(9).fill(422)]);
    const { invoice, payments } = await invoiceSnapshot(t.app, id);
    expect(invoice).toMatchObject({ status: 'published', amount_paid: 900 });
    expect(payments.reduce((sum, payment) => sum + payment.amount, 0)).toBe(900);
  });
});
