import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BalanceError,
  type InvoiceBalance,
  amountDue,
  withCredit,
  withFullPayment,
  withPayment,
} from '../../src/domain/invoice-balance.js';
import { TransitionError, assertTransition } from '../../src/domain/invoice-state.js';
import { InvoiceModel, type Operation, type Outcome, operations } from '../helpers/invoice-ledger-model.js';

/** Runs one operation through the domain functions, as the services do. */
function run(balance: InvoiceBalance, operation: Operation, amount: number): { balance: InvoiceBalance; outcome: Outcome } {
  try {
    switch (operation.kind) {
      case 'payment':
        return { balance: withPayment(balance, amount), outcome: { ok: true } };
      case 'credit': {
        const { balance: after, appliedToBalance, refundDue } = withCredit(balance, amount);
        return { balance: after, outcome: { ok: true, appliedToBalance, refundDue } };
      }
      case 'pay': {
        const { balance: after, payment } = withFullPayment(balance);
        return { balance: after, outcome: { ok: true, payment } };
      }
      default: {
        const to = assertTransition(balance, operation.kind);
        return { balance: to ? { ...balance, status: to } : balance, outcome: { ok: true } };
      }
    }
  } catch (error) {
    if (error instanceof TransitionError) return { balance, outcome: { ok: false, code: 'invalid_transition' } };
    if (error instanceof BalanceError) return { balance, outcome: { ok: false, code: error.code } };
    throw error;
  }
}

function expectInvariants(balance: InvoiceBalance) {
  const { total, amountPaid, amountCredited, creditApplied, status } = balance;
  expect(amountPaid + creditApplied).toBeLessThanOrEqual(total);
  expect(creditApplied).toBeLessThanOrEqual(amountCredited);
  expect(amountCredited).toBeLessThanOrEqual(total);
  expect(Math.min(amountPaid, amountCredited, creditApplied, amountDue(balance))).toBeGreaterThanOrEqual(0);
  if (status === 'paid') expect(amountDue(balance)).toBe(0);
}

const sequences = (maxTotal: number) =>
  fc.record({ total: fc.integer({ min: 0, max: maxTotal }), steps: operations(maxTotal, 40) });

function check({ total, steps }: { total: number; steps: Operation[] }) {
  const model = new InvoiceModel(total);
  let balance: InvoiceBalance = { status: 'published', total, amountPaid: 0, amountCredited: 0, creditApplied: 0 };
  let refunds = 0;
  for (const step of steps) {
    const amount = model.amountOf(step);
    const result = run(balance, step, amount);
    expect(result.outcome).toEqual(model.apply(step, amount));
    balance = result.balance;
    if (result.outcome.ok) refunds += result.outcome.refundDue ?? 0;
    expectInvariants(balance);
    expect(balance).toEqual({
      status: model.status,
      total,
      amountPaid: model.paid,
      amountCredited: model.credited,
      creditApplied: model.creditApplied,
    });
    expect(amountDue(balance)).toBe(model.amountDue);
    // Every credited unit either reduced the balance or is owed back: nothing is lost or doubled.
    expect(balance.creditApplied + refunds).toBe(balance.amountCredited);
  }
}

describe('invoice balance under random payments, credit notes and transitions', () => {
  it('agrees with the independent model and keeps every invariant (small amounts: many exact hits)', () => {
    fc.assert(fc.property(sequences(500), check), { numRuns: 5_000 });
  });

  it('does the same near the safe-integer limit', () => {
    const big = fc.record({
      total: fc.integer({ min: Number.MAX_SAFE_INTEGER - 1_000, max: Number.MAX_SAFE_INTEGER }),
      steps: operations(Number.MAX_SAFE_INTEGER, 20),
    });
    fc.assert(fc.property(big, check), { numRuns: 1_000 });
  });

  it('a paid invoice credited keeps amountDue 0 and owes the whole note back', () => {
    const paid: InvoiceBalance = { status: 'paid', total: 1_000, amountPaid: 1_000, amountCredited: 0, creditApplied: 0 };
    expect(withCredit(paid, 300)).toEqual({
      balance: { ...paid, amountCredited: 300 },
      appliedToBalance: 0,
      refundDue: 300,
    });
  });

  it('a note larger than what is due settles the invoice and refunds the difference', () => {
    const partly: InvoiceBalance = { status: 'sent', total: 1_000, amountPaid: 400, amountCredited: 0, creditApplied: 0 };
    expect(withCredit(partly, 800)).toEqual({
      balance: { ...partly, status: 'paid', amountCredited: 800, creditApplied: 600 },
      appliedToBalance: 600,
      refundDue: 200,
    });
  });
});
