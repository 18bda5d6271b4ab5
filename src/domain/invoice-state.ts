/**
 * The invoice state machine, pure: which action is allowed from which status, where it leads,
 * and why it is refused. Services ask it before changing a locked row; a refusal becomes
 * `409 invalid_transition` with the reason (which names the current status) as the detail.
 */
import { AppError } from '../errors.js';

export const invoiceStatuses = ['draft', 'published', 'sent', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export const invoiceActions = ['publish', 'send', 'pay', 'void', 'record-payment', 'edit', 'delete'] as const;
export type InvoiceAction = (typeof invoiceActions)[number];

export interface InvoiceState {
  status: InvoiceStatus;
  amountPaid: number;
}

interface Rule {
  from: readonly InvoiceStatus[];
  /** The status the action leads to; null when the action itself leaves the status as it is. */
  to: InvoiceStatus | null;
  /** How the refusal names the action: "Cannot <phrase> …". */
  phrase: string;
}

const rules: Record<InvoiceAction, Rule> = {
  publish: { from: ['draft'], to: 'published', phrase: 'publish an invoice' },
  send: { from: ['published', 'sent'], to: 'sent', phrase: 'send an invoice' },
  pay: { from: ['published', 'sent'], to: 'paid', phrase: 'pay an invoice' },
  void: { from: ['published', 'sent'], to: 'void', phrase: 'void an invoice' },
  // Reaching the total makes the invoice paid; whether a payment does is an amount question.
  'record-payment': { from: ['published', 'sent'], to: null, phrase: 'record a payment on an invoice' },
  edit: { from: ['draft'], to: null, phrase: 'edit an invoice' },
  delete: { from: ['draft'], to: null, phrase: 'delete an invoice' },
};

export type TransitionCheck = { allowed: true; to: InvoiceStatus | null } | { allowed: false; reason: string };

export function checkTransition({ status, amountPaid }: InvoiceState, action: InvoiceAction): TransitionCheck {
  const rule = rules[action];
  if (!rule.from.includes(status)) {
    const from = rule.from.map((allowed) => `'${allowed}'`).join(' or ');
    return { allowed: false, reason: `Cannot ${rule.phrase} in status '${status}'; only from ${from}` };
  }
  // Voiding would erase money already received; such an invoice can only be paid off.
  if (action === 'void' && amountPaid > 0) {
    return {
      allowed: false,
      reason: `Cannot ${rule.phrase} in status '${status}' with payments recorded (amountPaid ${amountPaid})`,
    };
  }
  return { allowed: true, to: rule.to };
}

/** The status `action` leads to (null: unchanged), or throws `409 invalid_transition`. */
export function assertTransition(state: InvoiceState, action: InvoiceAction): InvoiceStatus | null {
  const check = checkTransition(state, action);
  if (!check.allowed) throw new AppError('invalid_transition', check.reason);
  return check.to;
}
