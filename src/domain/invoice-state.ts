/**
 * The invoice state machine, pure: which action is allowed from which status, where it leads,
 * and why it is refused. Services ask it before changing a locked row and write the status it
 * names; a refusal is a TransitionError, which the errors plugin answers with
 * `409 invalid_transition` and the reason (which names the current status) as the detail.
 */

/** An action the invoice's status does not allow; the message says why. */
export class TransitionError extends Error {
  override readonly name = 'TransitionError';
}

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

const rules = {
  publish: { from: ['draft'], to: 'published', phrase: 'publish an invoice' },
  send: { from: ['published', 'sent'], to: 'sent', phrase: 'send an invoice' },
  pay: { from: ['published', 'sent'], to: 'paid', phrase: 'pay an invoice' },
  void: { from: ['published', 'sent'], to: 'void', phrase: 'void an invoice' },
  // Reaching the total makes the invoice paid; whether a payment does is an amount question.
  'record-payment': { from: ['published', 'sent'], to: null, phrase: 'record a payment on an invoice' },
  edit: { from: ['draft'], to: null, phrase: 'edit an invoice' },
  delete: { from: ['draft'], to: null, phrase: 'delete an invoice' },
} as const satisfies Record<InvoiceAction, Rule>;

/** Where `action` leads: a status, or null when it leaves the status as it is. */
export type TargetOf<A extends InvoiceAction> = (typeof rules)[A]['to'];

export type TransitionCheck = { allowed: true; to: InvoiceStatus | null } | { allowed: false; reason: string };

export function checkTransition({ status, amountPaid }: InvoiceState, action: InvoiceAction): TransitionCheck {
  const rule: Rule = rules[action];
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

/** The status `action` leads to (null: unchanged), or throws a TransitionError. */
export function assertTransition<A extends InvoiceAction>(state: InvoiceState, action: A): TargetOf<A> {
  const check = checkTransition(state, action);
  if (!check.allowed) throw new TransitionError(check.reason);
  return rules[action].to;
}
