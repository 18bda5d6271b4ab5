import { Metadata, MetadataFilter, MetadataInput } from './metadata.js';
import { type Static, Type } from '@sinclair/typebox';
import { CalendarDate, Currency, Id, Money, NOT_BLANK, Page, PageQuery, Timestamp, ref } from './common.js';
import { AllowanceChargeInput, InvoiceItem, InvoiceItemInput, TaxExemption, TaxExemptionsInput, documentFields } from './invoices.js';

const Reason = Type.String({
  minLength: 1,
  maxLength: 500,
  pattern: NOT_BLANK,
  description: 'Why the invoice is corrected (printed on the credit note)',
});

const creditNoteFields = {
  id: Id,
  number: Type.String({ description: 'CN-000001…: the user’s own gapless credit-note series, assigned on creation' }),
  invoiceId: { ...Id, description: 'The invoice this note corrects' },
  currency: { ...Currency, description: 'The invoice’s currency' },
  issueDate: { ...CalendarDate, description: 'Not before the invoice’s issueDate' },
  reason: Reason,
  ...documentFields,
  taxExemptions: Type.Array(ref(TaxExemption), {
    description: 'The note’s own exemption reasons; when it was given none, the invoice’s at the time',
  }),
  total: { ...Money, description: 'subtotal + tax; > 0 and at most the invoice’s total − amountCredited before it' },
  appliedToBalance: {
    ...Money,
    description: 'min(total, the invoice’s amountDue before this note): what it took off the amount due',
  },
  refundDue: { ...Money, description: 'total − appliedToBalance: owed back to the customer, settled outside the API' },
  hostedUrl: Type.String({
    format: 'uri',
    description: 'The page the customer opens (<PUBLIC_URL>/c/<token>: a bearer link to this credit note alone; without PUBLIC_URL the origin of the request that reads it)',
  }),
  metadata: ref(Metadata),
  createdAt: Timestamp,
};

export const CreditNoteSummary = Type.Object(creditNoteFields, {
  $id: 'CreditNoteSummary',
  additionalProperties: false,
  description: 'A credit note without its line items, as lists return it',
});
export type CreditNoteSummary = Static<typeof CreditNoteSummary>;

export const CreditNote = Type.Object(
  { ...creditNoteFields, items: Type.Array(ref(InvoiceItem), { description: 'Credited lines, in the order given' }) },
  {
    $id: 'CreditNote',
    additionalProperties: false,
    description:
      'A correction of an issued invoice, with its own number; an issued invoice is never edited. ' +
      '`seller` is your business profile when the note was issued (null without one: its documents then use the ' +
      'current profile) and `buyer` the invoice’s client as it was then.',
  },
);
export type CreditNote = Static<typeof CreditNote>;

/** What issuing a credit note reports (see src/unit-of-work/events.ts). */
export const creditNoteEventTypes = ['credit_note.created'] as const;
export type CreditNoteEvent = { type: (typeof creditNoteEventTypes)[number]; object: CreditNote };

export const CreditNotePage = Page(ref(CreditNoteSummary), 'CreditNotePage', 'credit notes (without their items)');

export const CreateCreditNoteBody = Type.Object(
  {
    reason: Reason,
    items: Type.Optional(
      Type.Array(ref(InvoiceItemInput), {
        minItems: 1,
        maxItems: 200,
        description: 'The lines credited (any description, quantity, price and rate); omitted: every line of the invoice in full',
      }),
    ),
    issueDate: Type.Optional({ ...CalendarDate, description: 'Defaults to today (UTC); not before the invoice’s issueDate' }),
    taxExemptions: Type.Optional({ ...TaxExemptionsInput, description: 'Exemption reasons of this note; the invoice’s when omitted' }),
    allowances: Type.Optional(
      Type.Array(ref(AllowanceChargeInput), { maxItems: 10, description: 'Allowances credited; omitted: the invoice’s when items is omitted too, else none' }),
    ),
    charges: Type.Optional(
      Type.Array(ref(AllowanceChargeInput), { maxItems: 10, description: 'Charges credited; omitted: the invoice’s when items is omitted too, else none' }),
    ),
    metadata: { ...MetadataInput, description: '{} when omitted; a credit note’s metadata is set here only (credit notes are never edited)' },
  },
  { $id: 'CreateCreditNoteBody', additionalProperties: false },
);
export type CreateCreditNoteBody = Static<typeof CreateCreditNoteBody>;

export const CreditNoteListQuery = Type.Object({
  ...PageQuery.properties,
  invoiceId: Type.Optional({ ...Id, description: 'Only the credit notes of this invoice (another user’s: an empty page)' }),
  metadata: MetadataFilter,
});
export type CreditNoteListQuery = Static<typeof CreditNoteListQuery>;
