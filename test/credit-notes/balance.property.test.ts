/**
 * The balance property over HTTP and the real database: random sequences of payments, credit
 * notes and transitions against the independent model (fewer runs than the pure test in
 * test/domain, since each step is a request).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { call, useTestApp } from '../helpers/app.js';
import { InvoiceModel, type Operation, type Outcome, operations } from '../helpers/invoice-ledger-model.js';
import { seedInvoiceIn } from '../helpers/seed.js';
import { useTestUser } from '../helpers/users.js';
import { creditSnapshot } from './helpers.js';

describe('invoice balance over HTTP under random payments, credit notes and transitions', () => {
  const t = useTestApp();
  const user = useTestUser(t);

  function request(id: string, operation: Operation, amount: number) {
    const url = `/api/v1/invoices/${id}/${operation.kind === 'payment' ? 'payments' : operation.kind === 'credit' ? 'credit-notes' : operation.kind}`;
    const payload =
      operation.kind === 'payment'
        ? { amount, method: 'cash' }
        : operation.kind === 'credit'
          ? { reason: 'Property test', items: [{ description: 'Credit', quantity: 1, unitPrice: amount }] }
          : operation.kind === 'pay'
            ? { method: 'card' }
            : undefined;
    return t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${user.token}` }, ...(payload ? { payload } : {}) });
  }

  async function outcomeOf(id: string, operation: Operation, amount: number, paidBefore: number): Promise<Outcome> {
    const response = await request(id, operation, amount);
    const body = response.json<{ code?: 'invalid_transition'; appliedToBalance?: number; refundDue?: number; amountPaid?: number }>();
    if (response.statusCode >= 400) return { ok: false, code: body.code ?? 'invalid_transition' };
    if (operation.kind === 'credit') return { ok: true, appliedToBalance: body.appliedToBalance, refundDue: body.refundDue };
    if (operation.kind === 'pay') return { ok: true, payment: (body.amountPaid ?? 0) - paidBefore };
    return { ok: true };
  }

  it('agrees with the model after every step, in the API and in the database', { timeout: 600_000 }, async () => {
    const sequences = fc.record({ total: fc.integer({ min: 0, max: 5_000 }), steps: operations(5_000, 10) });
    await fc.assert(
      fc.asyncProperty(sequences, async ({ total, steps }) => {
        const { id } = await seedInvoiceIn(t.app, user, 'published', { items: [{ unitPrice: total }] });
        const model = new InvoiceModel(total);
        for (const step of steps) {
          const amount = model.amountOf(step);
          const paidBefore = model.paid;
          expect(await outcomeOf(id, step, amount, paidBefore)).toEqual(model.apply(step, amount));
          const { body } = await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${id}`, token: user.token }, 200);
          expect(body).toMatchObject({
            status: model.status,
            amountPaid: model.paid,
            amountCredited: model.credited,
            amountDue: model.amountDue,
          });
        }
        const { invoice, payments, notes } = await creditSnapshot(t.app, user.id, id);
        expect(invoice.amount_paid).toBe(payments.reduce((sum, payment) => sum + payment.amount, 0));
        expect(invoice.amount_credited).toBe(notes.reduce((sum, note) => sum + note.total, 0));
        expect(invoice.credit_applied).toBe(notes.reduce((sum, note) => sum + note.applied_to_balance, 0));
        expect(invoice.credit_applied).toBe(model.creditApplied);
      }),
      { numRuns: 30 },
    );
  });
});
