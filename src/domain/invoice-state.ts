/**
 * The invoice state machine, pure: which action is allowed from which status, where it leads,
 * and why it is refused. Services ask it before changing a locked row and write the status it
 * names; a refusal is a TransitionError, which the errors plugin answers with
 * `409 invalid_transition` and the reason (which names the current status) as the detail.
 */
import type { InvoiceStatus } from '../../base/vocabulary.js';

/** An action the invoice's status does not allow; the message says why. */
export class TransitionError extends Error {
  override readonly name = 'TransitionError';
}


export const invoiceActions = [
  'publish',
  'send',
  'pay',
  'void',
  'mark-uncollectible',
  'record-payment',
  'credit',
  'edit',
  'delete',
] as const;
export type InvoiceAction = (typeof invoiceActions)[number];

export interface InvoiceState {
  status: InvoiceStatus;
  amountPaid: number;
  amountCredited: number;
}

interface Rule {
  from: readonly InvoiceStatus[];
  /** The status the action leads to; null when the action itself leaves the status as it is. */
  to: InvoiceStatus | null;
  /** How the refusal names the action: "Cannot <phrase> …". */
  phrase: string;
}

/** Issued and still owed money: where payments go and an invoice may be given up on or voided. */
const open = ['published', 'sent', 'uncollectible'] as const;

const rules = {
  publish: { from: ['draft'], to: 'published', phrase: 'publish an invoice' },
  send: { from: ['published', 'sent'], to: 'sent', phrase: 'send an invoice' },
  pay: { from: open, to: 'paid', phrase: 'pay an invoice' },
  void: { from: open, to: 'void', phrase: 'void an invoice' },
  'mark-uncollectible': { from: ['published', 'sent'], to: 'uncollectible', phrase: 'mark an invoice uncollectible' },
  // Reaching the total makes the invoice paid; whether a payment or a credit does is an amount question.
  'record-payment': { from: open, to: null, phrase: 'record a payment on an invoice' },
  // A paid invoice is still corrected by a credit note (the overpaid part becomes a refund due).
  credit: { from: [...open, 'paid'], to: null, phrase: 'issue a credit note for an invoice' },
  edit: { from: ['draft'], to: null, phrase: 'edit an invoice' },
  delete: { from: ['draft'], to: null, phrase: 'delete an invoice' },
} as const satisfies Record<InvoiceAction, Rule>;

/** Where `action` leads: a status, or null when it leaves the status as it is. */
export type TargetOf<A extends InvoiceAction> = (typeof rules)[A]['to'];

export type TransitionCheck = { allowed: true; to: InvoiceStatus | null } | { allowed: false; reason: string };

export function checkTransition(
  { status, amountPaid, amountCredited }: InvoiceState,
  action: InvoiceAction,
): TransitionCheck {
  const rule: Rule = rules[action];
  if (!rule.from.includes(status)) {
    const from = rule.from.map((allowed) => `'${allowed}'`).join(' or ');
    return { allowed: false, reason: `Cannot ${rule.phrase} in status '${status}'; only from ${from}` };
  }
  // Voiding would erase money already received or a credit note already issued against it;
  // such an invoice can only be paid off or credited.
  if (action === 'void' && (amountPaid > 0 || amountCredited > 0)) {
    const recorded = amountPaid > 0 ? `payments recorded (amountPaid ${amountPaid})` : `credit notes issued (amountCredited ${amountCredited})`;
    return { allowed: false, reason: `Cannot ${rule.phrase} in status '${status}' with ${recorded}` };
  }
  return { allowed: true, to: rule.to };
}

/** The status `action` leads to (null: unchanged), or throws a TransitionError. */
export function assertTransition<A extends InvoiceAction>(state: InvoiceState, action: A): TargetOf<A> {
  const check = checkTransition(state, action);
  if (!check.allowed) throw new TransitionError(check.reason);
  return rules[action].to;
}
