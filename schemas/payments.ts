import { type Static, Type } from '@sinclair/typebox';
import { Id, Nullable, Page, PositiveMoney, Timestamp, ref } from './common.js';

export const PaymentMethod = Type.Union(
  [
    Type.Literal('card'),
    Type.Literal('bank_transfer'),
    Type.Literal('cash'),
    Type.Literal('check'),
    Type.Literal('other'),
  ],
  { description: 'How the payment was made' },
);

export const Payment = Type.Object(
  {
    id: Id,
    invoiceId: Id,
    amount: { ...PositiveMoney, description: 'Amount in the invoice currency minor units, > 0' },
    method: PaymentMethod,
    paidAt: Timestamp,
    reference: Nullable(Type.String({ maxLength: 200 })),
    createdAt: Timestamp,
  },
  { $id: 'Payment', additionalProperties: false },
);
export type Payment = Static<typeof Payment>;

export const PaymentPage = Page(ref(Payment), 'PaymentPage');
