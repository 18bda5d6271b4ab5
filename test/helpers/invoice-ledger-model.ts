/**
 * An independent model of an issued invoice's money, for property tests: it keeps only the sums
 * of payments (P) and credit notes (C) and derives everything else by closed formulas, never
 * by the step-by-step rules of src/domain/invoice-balance.ts:
 * - amountDue = max(0, total − P − C): credits reduce the balance until nothing is owed;
 * - Σ appliedToBalance = total − P − amountDue, and a note's applied part is the fall in amountDue.
 * Operations are data, so the same sequence can run against the domain functions or the HTTP API.
 */
import fc from 'fast-check';

export type ModelStatus = 'published' | 'sent' | 'paid' | 'void' | 'uncollectible';

/** An amount as a sequence step names it: a fixed number, or one relative to the invoice as it is then. */
export type AmountSpec = { fixed: number } | { ofDue: 'all' | 'half' | 'plusOne' } | { ofCreditable: 'all' | 'plusOne' };

export type Operation =
  | { kind: 'payment'; amount: AmountSpec }
  | { kind: 'credit'; amount: AmountSpec }
  | { kind: 'pay' | 'send' | 'void' | 'mark-uncollectible' };

export type Outcome =
  | { ok: true; appliedToBalance?: number; refundDue?: number; payment?: number }
  | { ok: false; code: 'invalid_transition' | 'overpayment' | 'unprocessable' };

export class InvoiceModel {
  status: ModelStatus = 'published';
  paid = 0;
  credited = 0;

  constructor(readonly total: number) {}

  get amountDue() {
    return Math.max(0, this.total - this.paid - this.credited);
  }

  get creditApplied() {
    return this.total - this.paid - this.amountDue;
  }

  /** The amount `operation` names now; payments are at least 1 (the API refuses 0 with a 400). */
  amountOf(operation: Operation): number {
    if (operation.kind === 'payment') return Math.max(1, this.resolve(operation.amount));
    return operation.kind === 'credit' ? this.resolve(operation.amount) : 0;
  }

  private resolve(spec: AmountSpec): number {
    if ('fixed' in spec) return spec.fixed;
    if ('ofDue' in spec) {
      const due = this.amountDue;
      return spec.ofDue === 'all' ? due : spec.ofDue === 'half' ? Math.ceil(due / 2) : due + 1;
    }
    const left = this.total - this.credited;
    return spec.ofCreditable === 'all' ? left : left + 1;
  }

  private isOpen() {
    return this.status === 'published' || this.status === 'sent' || this.status === 'uncollectible';
  }

  /** Applies a resolved operation; returns what the API must answer. */
  apply(operation: Operation, amount: number): Outcome {
    const refused = (code: 'invalid_transition' | 'overpayment' | 'unprocessable') => ({ ok: false, code }) as const;
    switch (operation.kind) {
      case 'payment': {
        if (!this.isOpen()) return refused('invalid_transition');
        if (amount > this.amountDue) return refused('overpayment');
        this.paid += amount;
        if (this.amountDue === 0) this.status = 'paid';
        return { ok: true };
      }
      case 'credit': {
        if (!this.isOpen() && this.status !== 'paid') return refused('invalid_transition');
        if (amount <= 0 || this.credited + amount > this.total) return refused('unprocessable');
        const dueBefore = this.amountDue;
        this.credited += amount;
        const appliedToBalance = dueBefore - this.amountDue;
        if (this.amountDue === 0) this.status = 'paid';
        return { ok: true, appliedToBalance, refundDue: amount - appliedToBalance };
      }
      case 'pay': {
        if (!this.isOpen()) return refused('invalid_transition');
        const payment = this.amountDue;
        this.paid += payment;
        this.status = 'paid';
        return { ok: true, payment };
      }
      case 'send': {
        if (this.status !== 'published' && this.status !== 'sent') return refused('invalid_transition');
        this.status = 'sent';
        return { ok: true };
      }
      case 'mark-uncollectible': {
        if (this.status !== 'published' && this.status !== 'sent') return refused('invalid_transition');
        this.status = 'uncollectible';
        return { ok: true };
      }
      case 'void': {
        if (!this.isOpen() || this.paid > 0 || this.credited > 0) return refused('invalid_transition');
        this.status = 'void';
        return { ok: true };
      }
    }
  }
}

const amountSpec = (maxFixed: number) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: maxFixed }).map((fixed) => ({ fixed })), weight: 3 },
    { arbitrary: fc.constantFrom('all', 'half', 'plusOne').map((ofDue) => ({ ofDue }) as const), weight: 2 },
    { arbitrary: fc.constantFrom('all', 'plusOne').map((ofCreditable) => ({ ofCreditable }) as const), weight: 1 },
  );

/** A sequence of operations on an invoice of `total`; money moves far more often than status. */
export const operations = (maxFixed: number, maxLength: number) =>
  fc.array(
    fc.oneof(
      { arbitrary: amountSpec(maxFixed).map((amount) => ({ kind: 'payment', amount }) as const), weight: 4 },
      { arbitrary: amountSpec(maxFixed).map((amount) => ({ kind: 'credit', amount }) as const), weight: 4 },
      { arbitrary: fc.constantFrom('pay', 'send', 'void', 'mark-uncollectible').map((kind) => ({ kind }) as const), weight: 1 },
    ),
    { maxLength },
  );
