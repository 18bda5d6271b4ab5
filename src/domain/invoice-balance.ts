/**
 * What an issued invoice is still owed, and how payments and credit notes change it. Pure: the
 * services apply these results to the invoice row they hold locked, and the database CHECKs
 * re-state the same invariants as the last line of defence:
 * - amountPaid + creditApplied ≤ total (amountDue is never negative);
 * - creditApplied ≤ amountCredited ≤ total (notes never credit more than the invoice's total);
 * - a paid invoice owes nothing (status paid ⇒ amountDue = 0).
 * `creditApplied` is Σ appliedToBalance of the invoice's credit notes.
 */
import type { InvoiceStatus } from '../../base/vocabulary.js';
import { type InvoiceState, assertTransition } from './invoice-state.js';

/** An amount the balance rules refuse; the errors plugin answers it with `422` and this code. */
export class BalanceError extends Error {
  override readonly name = 'BalanceError';

  constructor(
    readonly code: 'overpayment' | 'unprocessable',
    message: string,
  ) {
    super(message);
  }
}

export interface InvoiceBalance extends InvoiceState {
  total: number;
  creditApplied: number;
}

export const amountDue = ({ total, amountPaid, creditApplied }: InvoiceBalance) => total - amountPaid - creditApplied;

/** What is left to credit: the total less every credit note already issued. */
export const creditable = ({ total, amountCredited }: InvoiceBalance) => total - amountCredited;

/** Nothing left due settles an open invoice; a paid one stays paid. */
const statusAfter = (balance: InvoiceBalance): InvoiceStatus => (amountDue(balance) === 0 ? 'paid' : balance.status);

/**
 * A payment of `amount` (> 0). Refused in a status that takes no payments (`409`) or above the
 * amount due (`422 overpayment`); reaching amountDue 0 makes the invoice paid.
 */
export function withPayment(balance: InvoiceBalance, amount: number): InvoiceBalance {
  assertTransition(balance, 'record-payment');
  const due = amountDue(balance);
  if (amount > due) throw new BalanceError('overpayment', `Payment of ${amount} exceeds the amount due of ${due}`);
  const after = { ...balance, amountPaid: balance.amountPaid + amount };
  return { ...after, status: statusAfter(after) };
}

/**
 * `/pay`: one payment of the whole amount due (none when nothing is due: payments are > 0),
 * and the invoice is paid.
 */
export function withFullPayment(balance: InvoiceBalance): { balance: InvoiceBalance; payment: number } {
  assertTransition(balance, 'pay');
  const payment = amountDue(balance);
  return { balance: { ...balance, amountPaid: balance.amountPaid + payment, status: 'paid' }, payment };
}

export interface CreditEffect {
  balance: InvoiceBalance;
  /** The part of the note that reduces what the customer still owes: min(note total, amountDue). */
  appliedToBalance: number;
  /** The rest, owed back to the customer (settled outside the API). */
  refundDue: number;
}

/**
 * A credit note of `noteTotal`. Refused on an invoice that cannot be credited (`409`), for 0 or
 * more than is left to credit (`422 unprocessable`). It reduces the amount due as far as there
 * is one (reaching 0 makes the invoice paid); the rest is a refund due.
 */
export function withCredit(balance: InvoiceBalance, noteTotal: number): CreditEffect {
  assertTransition(balance, 'credit');
  const left = creditable(balance);
  if (noteTotal <= 0) throw new BalanceError('unprocessable', 'A credit note must credit an amount greater than 0');
  if (noteTotal > left) {
    throw new BalanceError(
      'unprocessable',
      `The credit note total of ${noteTotal} exceeds what is left to credit on the invoice (total − amountCredited = ${left})`,
    );
  }
  const appliedToBalance = Math.min(noteTotal, amountDue(balance));
  const after = {
    ...balance,
    amountCredited: balance.amountCredited + noteTotal,
    creditApplied: balance.creditApplied + appliedToBalance,
  };
  return { balance: { ...after, status: statusAfter(after) }, appliedToBalance, refundDue: noteTotal - appliedToBalance };
}
