import { Metadata, MetadataFilter, MetadataInput } from './metadata.js';
import { type Static, Type } from '@sinclair/typebox';
import { Currency, Id, MoneyInput, Nullable, Page, PageQuery, PositiveMoney, StringEnum, Timestamp, ref } from './common.js';

export const paymentMethods = ['card', 'bank_transfer', 'cash', 'check', 'other'] as const;
export const PaymentMethod = StringEnum(paymentMethods, {
  $id: 'PaymentMethod',
  description: 'How the payment was made',
});

export const Payment = Type.Object(
  {
    id: Id,
    invoiceId: Id,
    amount: { ...PositiveMoney, description: 'Amount in the invoice currency minor units, > 0' },
    currency: { ...Currency, description: 'The invoice’s currency, the one amount is in' },
    method: ref(PaymentMethod),
    paidAt: Timestamp,
    reference: Nullable(Type.String({ maxLength: 200 })),
    metadata: ref(Metadata),
    createdAt: Timestamp,
  },
  { $id: 'Payment', additionalProperties: false, description: 'A payment applied to an invoice' },
);
export type Payment = Static<typeof Payment>;

/** What recording a payment reports (see src/unit-of-work/events.ts); settling reports invoice.paid too. */
export const paymentEventTypes = ['payment.created'] as const;
export type PaymentEvent = {
  type: (typeof paymentEventTypes)[number];
  object: Payment;
  /** The invoice's currency: for metrics, not part of the event's object. */
  currency: string;
};

export const PaymentPage = Page(ref(Payment), 'PaymentPage', 'payments');

const PaidAt = { ...Timestamp, description: 'When the money was received (ISO 8601 date-time); defaults to now' };
// Nullable like the Payment field it fills: a client echoing `reference: null` means "none".
const Reference = Nullable(
  Type.String({ minLength: 1, maxLength: 200, description: 'Your reference: cheque number, transfer id…; null for none' }),
);

export const CreatePaymentBody = Type.Object(
  {
    amount: MoneyInput('Amount in the invoice currency minor units, > 0 and ≤ amountDue', 1),
    method: ref(PaymentMethod),
    paidAt: Type.Optional(PaidAt),
    reference: Type.Optional(Reference),
    metadata: { ...MetadataInput, description: '{} when omitted; a payment’s metadata is set here only (payments are never edited)' },
  },
  { $id: 'CreatePaymentBody', additionalProperties: false },
);
export type CreatePaymentBody = Static<typeof CreatePaymentBody>;

export const PayInvoiceBody = Type.Object(
  { method: ref(PaymentMethod), paidAt: Type.Optional(PaidAt), reference: Type.Optional(Reference) },
  { $id: 'PayInvoiceBody', additionalProperties: false, description: 'Settles the invoice with one payment of its whole amountDue' },
);
export type PayInvoiceBody = Static<typeof PayInvoiceBody>;

export const InvoicePaymentListQuery = Type.Object({ ...PageQuery.properties, metadata: MetadataFilter });
export type InvoicePaymentListQuery = Static<typeof InvoicePaymentListQuery>;

export const PaymentListQuery = Type.Object({
  ...InvoicePaymentListQuery.properties,
  invoiceId: Type.Optional({ ...Id, description: 'Only the payments of this invoice (another user’s: an empty page)' }),
});
export type PaymentListQuery = Static<typeof PaymentListQuery>;

export const IdempotencyHeaders = Type.Object({
  // Lower case: with a custom validator compiler Fastify validates header names as Node delivers them.
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description:
        'Makes the request safe to retry: the same key and body within 24 h returns the first response ' +
        '(header idempotent-replayed: true) without doing it again; the same key with another ' +
        'body is 422 idempotency_key_reused. Keys are per user. The first response is recorded when the ' +
        'request reached the business rules: a success, or their refusal (409, 422); a 400, 404, 429 or ' +
        '5xx is not recorded, so a retry with the same key runs afresh.',
    }),
  ),
});

/** The response header that marks a replayed Idempotency-Key response. */
export const KEY_REUSED = { idempotency_key_reused: 'This Idempotency-Key was used with a different request' } as const;
