import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { seedInvoiceIn } from '../helpers/seed.js';
import { createUser, type TestUser } from '../helpers/users.js';
import { creditLine, creditSnapshot } from './helpers.js';

describe('concurrent credit notes', () => {
  const t = useTestApp();

  const post = (user: TestUser, invoiceId: string, body: object, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/invoices/${invoiceId}/credit-notes`,
      headers: { authorization: `Bearer ${user.token}`, ...headers },
      payload: body,
    });

  it('20 at once on four invoices: the 16 that fit are numbered CN-000001…16 without gaps, money consistent', async () => {
    const user = await createUser(t.app);
    const invoices = await Promise.all(
      Array.from({ length: 4 }, () => seedInvoiceIn(t.app, user, 'sent', { items: [{ unitPrice: 10_000 }] })),
    );
    // Five notes of 2,500 per invoice: each invoice is credited exactly to zero.
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        post(user, (invoices[index % 4] as { id: string }).id, { reason: `Note ${index}`, items: [creditLine(2_500)] }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    const created = responses.filter((response) => response.statusCode === 201).map((response) => response.json<{ number: string }>());
    // 4 × 10,000 / 2,500 = 16 fit; the 4 notes that find nothing left to credit are 422.
    expect(statuses.filter((status) => status === 201)).toHaveLength(16);
    expect(statuses.filter((status) => status === 422)).toHaveLength(4);
    expect(created.map(({ number }) => number).sort()).toEqual(
      Array.from({ length: 16 }, (_, index) => `CN-${String(index + 1).padStart(6, '0')}`),
    );
    for (const { id } of invoices) {
      const { invoice, notes, counter } = await creditSnapshot(t.app, user.id, id);
      expect(invoice).toMatchObject({ status: 'paid', amount_credited: 10_000, credit_applied: 10_000 });
      expect(notes.reduce((sum, note) => sum + note.total, 0)).toBe(10_000);
      expect(counter?.last_number).toBe(16);
    }
  });

  it('20 at once that all fit: every one numbered, gapless', async () => {
    const user = await createUser(t.app);
    const { id } = await seedInvoiceIn(t.app, user, 'paid', { items: [{ unitPrice: 100_000 }] });
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => post(user, id, { reason: `Note ${index}`, items: [creditLine(1_000)] })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array<number>(20).fill(201));
    const numbers = responses.map((response) => response.json<{ number: string }>().number).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, index) => `CN-${String(index + 1).padStart(6, '0')}`));
    const { invoice, notes } = await creditSnapshot(t.app, user.id, id);
    expect(invoice).toMatchObject({ status: 'paid', amount_credited: 20_000, credit_applied: 0 });
    expect(notes.every((note) => note.refund_due === 1_000)).toBe(true);
  });

  it('payments and credit notes racing on one invoice never take amountDue below zero', async () => {
    const user = await createUser(t.app);
    const { id } = await seedInvoiceIn(t.app, user, 'sent', { items: [{ unitPrice: 10_000 }] });
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, index) =>
        index % 2 === 0
          ? post(user, id, { reason: `Note ${index}`, items: [creditLine(1_500)] })
          : t.app.inject({
              method: 'POST',
              url: `/api/v1/invoices/${id}/payments`,
              headers: { authorization: `Bearer ${user.token}` },
              payload: { amount: 1_500, method: 'cash' },
            }),
      ),
    );
    expect(responses.every((response) => [201, 409, 422].includes(response.statusCode))).toBe(true);
    const { invoice, payments, notes } = await creditSnapshot(t.app, user.id, id);
    const paid = payments.reduce((sum, payment) => sum + payment.amount, 0);
    const applied = notes.reduce((sum, note) => sum + note.applied_to_balance, 0);
    expect(invoice.amount_paid).toBe(paid);
    expect(invoice.credit_applied).toBe(applied);
    expect(invoice.amount_credited).toBe(notes.reduce((sum, note) => sum + note.total, 0));
    expect(paid + applied).toBeLessThanOrEqual(10_000);
  });

  it('the same Idempotency-Key sent 5 times at once: one note, five identical answers', async () => {
    const user = await createUser(t.app);
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => post(user, id, { reason: 'Once', items: [creditLine(700)] }, { 'idempotency-key': key })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array<number>(5).fill(201));
    expect(new Set(responses.map((response) => response.body)).size).toBe(1);
    const { notes, invoice } = await creditSnapshot(t.app, user.id, id);
    expect(notes).toHaveLength(1);
    expect(invoice.amount_credited).toBe(700);
  });
});
