import { describe, expect, it } from 'vitest';
import { type InvoiceStatus, invoiceStatuses } from '../../base/vocabulary.js';
import {
  type InvoiceAction,
  TransitionError,
  assertTransition,
  checkTransition,
  invoiceActions,
} from '../../src/domain/invoice-state.js';

/** Where each action leads from each status with nothing paid or credited; absent = refused. */
const expected: Record<InvoiceStatus, Partial<Record<InvoiceAction, InvoiceStatus | null>>> = {
  draft: { publish: 'published', edit: null, delete: null },
  published: {
    send: 'sent',
    pay: 'paid',
    void: 'void',
    'mark-uncollectible': 'uncollectible',
    'record-payment': null,
    credit: null,
  },
  sent: {
    send: 'sent',
    pay: 'paid',
    void: 'void',
    'mark-uncollectible': 'uncollectible',
    'record-payment': null,
    credit: null,
  },
  paid: { credit: null },
  void: {},
  uncollectible: { pay: 'paid', void: 'void', 'record-payment': null, credit: null },
};

const pairs = invoiceStatuses.flatMap((status) => invoiceActions.map((action) => ({ status, action })));
const clean = (status: InvoiceStatus) => ({ status, amountPaid: 0, amountCredited: 0 });

describe('invoice state machine', () => {
  it.each(pairs)('$action from $status', ({ status, action }) => {
    const check = checkTransition(clean(status), action);
    const to = expected[status][action];
    if (to === undefined) {
      expect(check.allowed).toBe(false);
      if (!check.allowed) expect(check.reason).toContain(`'${status}'`);
      expect(() => assertTransition(clean(status), action)).toThrow(TransitionError);
    } else {
      expect(check).toEqual({ allowed: true, to });
      expect(assertTransition(clean(status), action)).toBe(to);
    }
  });

  it.each(['published', 'sent', 'uncollectible'] as const)('refuses to void a %s invoice with payments recorded', (status) => {
    const check = checkTransition({ status, amountPaid: 1, amountCredited: 0 }, 'void');
    expect(check).toEqual({ allowed: false, reason: expect.stringContaining(`'${status}'`) });
    if (!check.allowed) expect(check.reason).toContain('amountPaid 1');
  });

  it.each(['published', 'sent', 'uncollectible'] as const)('refuses to void a %s invoice with a credit note', (status) => {
    const check = checkTransition({ status, amountPaid: 0, amountCredited: 250 }, 'void');
    expect(check).toEqual({ allowed: false, reason: expect.stringContaining(`'${status}'`) });
    if (!check.allowed) expect(check.reason).toContain('amountCredited 250');
  });

  it('lets payments, credits, sending and paying proceed whatever has been paid or credited so far', () => {
    const state = { status: 'sent', amountPaid: 500, amountCredited: 300 } as const;
    for (const action of ['send', 'pay', 'record-payment', 'credit', 'mark-uncollectible'] as const) {
      expect(checkTransition(state, action).allowed).toBe(true);
    }
    expect(checkTransition({ ...state, status: 'paid' }, 'credit').allowed).toBe(true);
  });

  it('throws a TransitionError whose message names the current status', () => {
    try {
      assertTransition({ status: 'paid', amountPaid: 100, amountCredited: 0 }, 'record-payment');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TransitionError);
      expect((error as TransitionError).message).toBe(
        "Cannot record a payment on an invoice in status 'paid'; only from 'published' or 'sent' or 'uncollectible'",
      );
    }
  });
});
