import { describe, expect, it } from 'vitest';
import type { InvoiceStatus } from '../../schemas/invoices.js';
import {
  type InvoiceAction,
  TransitionError,
  assertTransition,
  checkTransition,
  invoiceActions,
  invoiceStatuses,
} from '../../src/domain/invoice-state.js';

/** Where each action leads from each status with nothing paid; absent = refused. */
const expected: Record<InvoiceStatus, Partial<Record<InvoiceAction, InvoiceStatus | null>>> = {
  draft: { publish: 'published', edit: null, delete: null },
  published: { send: 'sent', pay: 'paid', void: 'void', 'record-payment': null },
  sent: { send: 'sent', pay: 'paid', void: 'void', 'record-payment': null },
  paid: {},
  void: {},
};

const pairs = invoiceStatuses.flatMap((status) => invoiceActions.map((action) => ({ status, action })));

describe('invoice state machine', () => {
  it.each(pairs)('$action from $status', ({ status, action }) => {
    const check = checkTransition({ status, amountPaid: 0 }, action);
    const to = expected[status][action];
    if (to === undefined) {
      expect(check.allowed).toBe(false);
      if (!check.allowed) expect(check.reason).toContain(`'${status}'`);
      expect(() => assertTransition({ status, amountPaid: 0 }, action)).toThrow(TransitionError);
    } else {
      expect(check).toEqual({ allowed: true, to });
      expect(assertTransition({ status, amountPaid: 0 }, action)).toBe(to);
    }
  });

  it.each(['published', 'sent'] as const)('refuses to void a %s invoice with payments recorded', (status) => {
    const check = checkTransition({ status, amountPaid: 1 }, 'void');
    expect(check).toEqual({ allowed: false, reason: expect.stringContaining(`'${status}'`) });
    if (!check.allowed) expect(check.reason).toContain('amountPaid 1');
  });

  it('lets payments, sending and paying proceed whatever has been paid so far', () => {
    for (const action of ['send', 'pay', 'record-payment'] as const) {
      expect(checkTransition({ status: 'sent', amountPaid: 500 }, action).allowed).toBe(true);
    }
  });

  it('throws a TransitionError whose message names the current status', () => {
    try {
      assertTransition({ status: 'paid', amountPaid: 100 }, 'record-payment');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TransitionError);
      expect((error as TransitionError).message).toBe(
        "Cannot record a payment on an invoice in status 'paid'; only from 'published' or 'sent'",
      );
    }
  });
});
