import { Metadata, MetadataFilter, MetadataInput } from './metadata.js';
import { type Static, Type } from '@sinclair/typebox';
import { invoiceStatuses, taxCategories } from '../base/vocabulary.js';
import { TaxRounding } from './business.js';
import { CalendarDate, CalendarDateInput, CountryCode, Currency, Id, Money, MoneyInput, Nullable, Page, PageQuery, StringEnum, Text, Timestamp, ref } from './common.js';
import { InvoiceBuyer, InvoiceSeller } from './parties.js';

export const InvoiceStatus = StringEnum(invoiceStatuses, {
  $id: 'InvoiceStatus',
  description:
    'draft → published → sent → paid; published or sent → void or uncollectible; uncollectible → paid or void',
});
export type InvoiceStatus = Static<typeof InvoiceStatus>;

export const Quantity = Type.Number({
  exclusiveMinimum: 0,
  maximum: 1_000_000,
  description: 'Quantity > 0 and ≤ 1,000,000 with at most 3 decimals (a fourth decimal is refused with 400)',
});
export const TaxRate = Type.Number({
  minimum: 0,
  maximum: 100,
  description: 'Tax percentage 0–100 with at most 4 decimals (a fifth decimal is refused with 400)',
});

export const TaxCategory = StringEnum(taxCategories, {
  $id: 'TaxCategory',
  description:
    'VAT category (UNCL 5305): S standard, Z zero rated, E exempt, AE reverse charge, K intra-EU supply, G export, O outside the scope of VAT',
});

export const UnitCode = Type.String({
  format: 'unece-rec20',
  pattern: '^[A-Z0-9]{2,3}$',
  description: 'Unit of the quantity, UN/ECE Recommendation 20/21: C62 one, HUR hour, DAY day, KGM kilogram…',
});

const Percent = Type.Number({
  exclusiveMinimum: 0,
  maximum: 100,
  description: 'Percentage above 0 and at most 100, with at most 2 decimals (a third decimal is refused with 400)',
});

export const LineDiscount = Type.Object(
  {
    percent: Type.Optional({ ...Percent, description: `Of the line's gross: round(gross × percent / 100). ${Percent.description}` }),
    amount: Type.Optional(MoneyInput('Minor units, at least 1 and at most the line’s gross (above it: 422)', 1)),
    reason: Type.Optional(Nullable(Text(200, 'Why the discount is given (BT-139); e-invoices state code 95 without one'))),
  },
  { $id: 'LineDiscount', additionalProperties: false, description: 'A discount on one line: percent or amount (exactly one), and a reason' },
);
export type LineDiscount = Static<typeof LineDiscount>;

const AdjustmentReason = Nullable(Text(200, 'The reason in words (BT-97 / BT-104); this or reasonCode is required'));

export const AllowanceChargeInput = Type.Object(
  {
    reason: Type.Optional(AdjustmentReason),
    reasonCode: Type.Optional(
      Nullable(
        Type.String({
          pattern: '^[A-Z0-9]{1,3}$',
          description: 'UNCL 5189 code for an allowance (95 discount, 100 special rebate…), UNCL 7161 for a charge (FC freight…); an unknown code is refused with 400',
        }),
      ),
    ),
    amount: Type.Optional(MoneyInput('Minor units, at least 1; this or percent', 1)),
    percent: Type.Optional({ ...Percent, description: `Of the sum of the line nets (lineTotal); this or amount. ${Percent.description}` }),
    taxCategory: ref(TaxCategory),
    taxRate: TaxRate,
  },
  {
    $id: 'AllowanceChargeInput',
    additionalProperties: false,
    description: 'A document allowance or charge, taxed in its own category and rate: reason or reasonCode, amount or percent',
  },
);

export type AllowanceChargeInput = Static<typeof AllowanceChargeInput>;

export const AllowanceCharge = Type.Object(
  {
    reason: AdjustmentReason,
    reasonCode: Nullable(AllowanceChargeInput.properties.reasonCode),
    percent: Nullable(Percent),
    amount: { ...Money, description: 'As given, or round(lineTotal × percent / 100)' },
    taxCategory: ref(TaxCategory),
    taxRate: TaxRate,
  },
  { $id: 'AllowanceCharge', additionalProperties: false, description: 'A document allowance or charge with its amount' },
);

/** The allowances or charges a document (or a recurring template) states: invoices, credit notes and templates share it. */
export const AdjustmentsInput = (what: string) =>
  Type.Array(ref(AllowanceChargeInput), { maxItems: 10, description: `Up to 10 document ${what}, kept in this order` });

export const InvoiceItem = Type.Object(
  {
    id: Id,
    description: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description: 'What was sold; not whitespace only' }),
    quantity: Quantity,
    unitCode: UnitCode,
    unitPrice: Money,
    taxCategory: ref(TaxCategory),
    taxRate: TaxRate,
    discount: Nullable(ref(LineDiscount)),
    gross: { ...Money, description: 'round(quantity × unitPrice), half away from zero' },
    discountAmount: { ...Money, description: 'The discount’s percent of gross (rounded) or its amount; 0 without one' },
    subtotal: { ...Money, description: 'gross − discountAmount: the line net amount (BT-131)' },
    tax: { ...Money, description: 'round(subtotal × taxRate / 100), half away from zero' },
    total: { ...Money, description: 'subtotal + tax' },
  },
  { $id: 'InvoiceItem', additionalProperties: false },
);

export const InvoiceNotes = Type.String({ maxLength: 2000 });

export const TaxExemption = Type.Object(
  {
    category: ref(TaxCategory),
    reason: Nullable(Text(500, 'Why no VAT is charged, in words (BT-120)')),
    reasonCode: Nullable(
      Type.String({ pattern: '^VATEX-[A-Z0-9-]{2,24}$', description: 'VATEX exemption reason code (BT-121), e.g. VATEX-EU-AE' }),
    ),
  },
  { $id: 'TaxExemption', additionalProperties: false, description: 'The exemption reason of one tax category (E, AE, K, G or O)' },
);
export type TaxExemption = Static<typeof TaxExemption>;

export const TaxExemptionInput = Type.Object(
  {
    category: ref(TaxCategory),
    reason: Type.Optional(TaxExemption.properties.reason),
    reasonCode: Type.Optional(TaxExemption.properties.reasonCode),
  },
  { $id: 'TaxExemptionInput', additionalProperties: false, description: 'The exemption reason of one tax category: reason text, VATEX code or both' },
);
export type TaxExemptionInput = Static<typeof TaxExemptionInput>;

export const TaxExemptionsInput = Type.Array(ref(TaxExemptionInput), {
  maxItems: 7,
  description: 'At most one per category; an exemption for a category no line uses is kept and ignored',
});

export const TaxBreakdownEntry = Type.Object(
  {
    taxCategory: ref(TaxCategory),
    taxRate: TaxRate,
    taxableAmount: {
      ...Money,
      description: 'The subtotals of the lines in this category and rate, minus its allowances, plus its charges (BT-116)',
    },
    taxAmount: {
      ...Money,
      description:
        'line rounding: the lines’ tax, plus round(charge × taxRate / 100) per charge, minus the same per allowance; document rounding: round(taxableAmount × taxRate / 100) (BT-117)',
    },
  },
  { $id: 'TaxBreakdownEntry', additionalProperties: false },
);

export const References = {
  buyerReference: Text(200, 'The buyer’s reference (BT-10), e.g. a Leitweg-ID; Peppol needs it or purchaseOrderReference'),
  purchaseOrderReference: Text(200, 'The buyer’s purchase order number (BT-13)'),
  deliveryDate: { ...CalendarDate, description: 'Actual delivery date (BT-72)' },
  deliveryCountry: { ...CountryCode, description: 'Country delivered to (BT-80)' },
};

/**
 * What invoices and credit notes both carry: how they are taxed, who, and the sums. A credit note
 * restates some descriptions; a field it overrides keeps its place here.
 */
export const documentFields = {
  taxExemptions: Type.Array(ref(TaxExemption)),
  taxRounding: ref(TaxRounding),
  taxBreakdown: Type.Array(ref(TaxBreakdownEntry), {
    description: 'One entry per tax category and rate, by category code then rate',
  }),
  seller: Nullable(ref(InvoiceSeller)),
  buyer: ref(InvoiceBuyer),
  allowances: Type.Array(ref(AllowanceCharge), { description: 'Document allowances (BG-20), in the order given' }),
  charges: Type.Array(ref(AllowanceCharge), { description: 'Document charges (BG-21), in the order given' }),
  lineTotal: { ...Money, description: 'Sum of the line subtotals (BT-106)' },
  allowanceTotal: { ...Money, description: 'Sum of the allowances (BT-107)' },
  chargeTotal: { ...Money, description: 'Sum of the charges (BT-108)' },
  subtotal: { ...Money, description: 'lineTotal − allowanceTotal + chargeTotal (BT-109); below 0 is refused with 422' },
  tax: { ...Money, description: 'Sum of the taxBreakdown tax amounts' },
  total: { ...Money, description: 'subtotal + tax' },
};

const invoiceFields = {
  id: Id,
  number: Nullable(Type.String({ description: 'INV-000001…, assigned on publish; null while draft' })),
  clientId: Id,
  status: ref(InvoiceStatus),
  currency: Currency,
  issueDate: CalendarDate,
  dueDate: CalendarDate,
  notes: Nullable(InvoiceNotes),
  buyerReference: Nullable(References.buyerReference),
  purchaseOrderReference: Nullable(References.purchaseOrderReference),
  deliveryDate: Nullable(References.deliveryDate),
  deliveryCountry: Nullable(References.deliveryCountry),
  ...documentFields,
  amountPaid: { ...Money, description: 'Sum of the payments recorded' },
  amountCredited: { ...Money, description: 'Sum of the totals of the credit notes issued for this invoice' },
  amountDue: {
    ...Money,
    description: 'total − amountPaid − the credit notes’ appliedToBalance; never negative, 0 once paid',
  },
  overdue: Type.Boolean({ description: 'published or sent, and dueDate is before today (UTC); never when uncollectible' }),
  publishedAt: Nullable(Timestamp),
  sentAt: Nullable(Timestamp),
  paidAt: Nullable(Timestamp),
  voidedAt: Nullable(Timestamp),
  markedUncollectibleAt: Nullable({ ...Timestamp, description: 'When the invoice was marked uncollectible; kept if it is paid later' }),
  recurringInvoiceId: Nullable({ ...Id, description: 'The recurring invoice schedule that generated it; null for one made by hand' }),
  hostedUrl: Nullable(
    Type.String({
      format: 'uri',
      description: 'The page the customer opens (<PUBLIC_URL>/i/<token>: a bearer link to this invoice alone; without PUBLIC_URL the origin of the request that reads it); null while draft',
    }),
  ),
  viewedAt: Nullable({ ...Timestamp, description: 'When the hosted page was first opened' }),
  lastReminderAt: Nullable({ ...Timestamp, description: 'When the last payment reminder was queued (see the business profile’s reminders)' }),
  metadata: ref(Metadata),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

export const InvoiceSummary = Type.Object(invoiceFields, {
  $id: 'InvoiceSummary',
  additionalProperties: false,
  description: 'An invoice without its line items, as lists return it',
});
export type InvoiceSummary = Static<typeof InvoiceSummary>;

export const Invoice = Type.Object(
  { ...invoiceFields, items: Type.Array(ref(InvoiceItem), { description: 'Line items in the order given' }) },
  { $id: 'Invoice', additionalProperties: false },
);
export type Invoice = Static<typeof Invoice>;

/** What a change to an invoice reports (see src/unit-of-work/events.ts): an edit, or its own transition. */
export const invoiceEventTypes = [
  'invoice.created',
  'invoice.updated',
  'invoice.deleted',
  'invoice.published',
  'invoice.sent',
  'invoice.paid',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'invoice.viewed',
] as const;
export type InvoiceEvent = { type: (typeof invoiceEventTypes)[number]; object: Invoice };

export const InvoicePage = Page(ref(InvoiceSummary), 'InvoicePage', 'invoices (without their items)');

export const InvoiceItemInput = Type.Object(
  {
    description: InvoiceItem.properties.description,
    quantity: Quantity,
    unitCode: Type.Optional({ ...UnitCode, description: `${UnitCode.description}; C62 when omitted` }),
    unitPrice: MoneyInput('Price of one unit in minor units'),
    taxCategory: Type.Optional(
      Type.Unsafe<Static<typeof TaxCategory>>({
        ...ref(TaxCategory),
        description: 'S when taxRate > 0, else Z, when omitted; S needs taxRate > 0, the others 0',
      }),
    ),
    taxRate: Type.Optional({ ...TaxRate, description: `${TaxRate.description}; 0 when omitted` }),
    discount: Type.Optional(Nullable(ref(LineDiscount))),
  },
  { $id: 'InvoiceItemInput', additionalProperties: false, description: 'A line item; the server computes subtotal, tax and total' },
);
export type InvoiceItemInput = Static<typeof InvoiceItemInput>;

const ItemsInput = Type.Array(ref(InvoiceItemInput), { maxItems: 200, description: '0–200 line items, kept in this order' });

const optionalDocumentFields = {
  buyerReference: Type.Optional(Nullable(References.buyerReference)),
  purchaseOrderReference: Type.Optional(Nullable(References.purchaseOrderReference)),
  deliveryDate: Type.Optional(Nullable(CalendarDateInput(References.deliveryDate.description))),
  deliveryCountry: Type.Optional(Nullable(References.deliveryCountry)),
  taxExemptions: Type.Optional(TaxExemptionsInput),
  taxRounding: Type.Optional(
    Type.Unsafe<Static<typeof TaxRounding>>({ ...ref(TaxRounding), description: 'Defaults to the profile’s (line without one)' }),
  ),
  allowances: Type.Optional(AdjustmentsInput('allowances')),
  charges: Type.Optional(AdjustmentsInput('charges')),
};

export const CreateInvoiceBody = Type.Object(
  {
    clientId: { ...Id, description: 'One of your clients' },
    currency: Type.Optional({ ...Currency, description: 'Defaults to the client’s currency' }),
    issueDate: Type.Optional(CalendarDateInput('Defaults to today (UTC)')),
    dueDate: Type.Optional(
      CalendarDateInput('Not before issueDate; defaults to issueDate + the profile’s paymentTermsDays, required without a profile'),
    ),
    notes: Type.Optional(Nullable(InvoiceNotes)),
    ...optionalDocumentFields,
    items: Type.Optional({ ...ItemsInput, description: `${ItemsInput.description}; none when omitted` }),
    metadata: MetadataInput,
  },
  { $id: 'CreateInvoiceBody', additionalProperties: false },
);
export type CreateInvoiceBody = Static<typeof CreateInvoiceBody>;

export const UpdateInvoiceBody = Type.Object(
  {
    clientId: Type.Optional({
      ...CreateInvoiceBody.properties.clientId,
      description: 'One of your clients; moving the invoice leaves its currency as it is',
    }),
    currency: Type.Optional(Currency),
    issueDate: Type.Optional(CalendarDateInput('Date of issue')),
    dueDate: Type.Optional(CalendarDateInput('Not before issueDate')),
    notes: Type.Optional(Nullable(InvoiceNotes)),
    ...optionalDocumentFields,
    taxExemptions: Type.Optional({ ...TaxExemptionsInput, description: 'Replaces every exemption' }),
    allowances: Type.Optional({ ...AdjustmentsInput('allowances'), description: 'Replaces every allowance' }),
    charges: Type.Optional({ ...AdjustmentsInput('charges'), description: 'Replaces every charge' }),
    items: Type.Optional({ ...ItemsInput, description: 'Replaces every line item' }),
    metadata: MetadataInput,
  },
  {
    $id: 'UpdateInvoiceBody',
    additionalProperties: false,
    minProperties: 1,
    description:
      'Only the fields given change; null clears notes; items replaces all lines. A draft takes every field; an invoice in ' +
      'any other status only metadata (anything else with it: 409 invalid_transition)',
  },
);
export type UpdateInvoiceBody = Static<typeof UpdateInvoiceBody>;

export const InvoiceListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(ref(InvoiceStatus)),
  clientId: Type.Optional({ ...Id, description: 'Only this client’s invoices' }),
  overdue: Type.Optional(Type.Boolean({ description: 'true: only overdue invoices; false: only the others' })),
  recurringInvoiceId: Type.Optional({ ...Id, description: 'Only the invoices this recurring invoice schedule generated' }),
  metadata: MetadataFilter,
  number: Type.Optional(
    Type.String({ minLength: 1, maxLength: 50, description: 'Only the invoice with exactly this number (INV-000042); case-sensitive' }),
  ),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Case-insensitive: invoices whose number starts with it, or whose client’s companyName contains it (% and _ match themselves)',
    }),
  ),
  currency: Type.Optional({ ...Currency, description: 'Only invoices in this currency' }),
  issueDateFrom: Type.Optional({ ...CalendarDate, description: 'issueDate on or after (inclusive); not after issueDateTo' }),
  issueDateTo: Type.Optional({ ...CalendarDate, description: 'issueDate on or before (inclusive)' }),
  dueDateFrom: Type.Optional({ ...CalendarDate, description: 'dueDate on or after (inclusive); not after dueDateTo' }),
  dueDateTo: Type.Optional({ ...CalendarDate, description: 'dueDate on or before (inclusive)' }),
  totalMin: Type.Optional({ ...Money, description: 'total at least (inclusive, minor units); not above totalMax' }),
  totalMax: Type.Optional({ ...Money, description: 'total at most (inclusive, minor units)' }),
});
export type InvoiceListQuery = Static<typeof InvoiceListQuery>;

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      maxLength: 1024,
      description: 'ETag from GET /invoices/{id} (or *, or a comma-separated list); a stale one gives 412',
    }),
  ),
});
