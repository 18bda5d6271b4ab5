import { type Static, Type } from '@sinclair/typebox';
import { invoiceStatuses } from '../src/domain/invoice-state.js';
import { CalendarDate, Currency, Id, Money, Nullable, Page, PageQuery, StringEnum, Timestamp, ref } from './common.js';

export const InvoiceStatus = StringEnum(invoiceStatuses, {
  $id: 'InvoiceStatus',
  description: 'draft → published → sent → paid; published or sent → void',
});
export type InvoiceStatus = Static<typeof InvoiceStatus>;

export const Quantity = Type.Number({
  exclusiveMinimum: 0,
  maximum: 1_000_000,
  multipleOf: 0.001,
  description: 'Quantity > 0 and ≤ 1,000,000 with at most 3 decimals',
});
export const TaxRate = Type.Number({
  minimum: 0,
  maximum: 100,
  multipleOf: 0.0001,
  description: 'Tax percentage 0–100 with at most 4 decimals',
});

export const InvoiceItem = Type.Object(
  {
    id: Id,
    description: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description: 'What was sold; not whitespace only' }),
    quantity: Quantity,
    unitPrice: Money,
    taxRate: TaxRate,
    subtotal: { ...Money, description: 'round(quantity × unitPrice), half away from zero' },
    tax: { ...Money, description: 'round(subtotal × taxRate / 100), half away from zero' },
    total: { ...Money, description: 'subtotal + tax' },
  },
  { $id: 'InvoiceItem', additionalProperties: false },
);

const InvoiceNotes = Type.String({ maxLength: 2000 });

const invoiceFields = {
  id: Id,
  number: Nullable(Type.String({ description: 'INV-000001…, assigned on publish; null while draft' })),
  clientId: Id,
  status: ref(InvoiceStatus),
  currency: Currency,
  issueDate: CalendarDate,
  dueDate: CalendarDate,
  notes: Nullable(InvoiceNotes),
  subtotal: { ...Money, description: 'Sum of the line subtotals' },
  tax: { ...Money, description: 'Sum of the line taxes' },
  total: { ...Money, description: 'subtotal + tax' },
  amountPaid: { ...Money, description: 'Sum of the payments recorded' },
  amountDue: { ...Money, description: 'total − amountPaid' },
  overdue: Type.Boolean({ description: 'published or sent, and dueDate is before today (UTC)' }),
  publishedAt: Nullable(Timestamp),
  sentAt: Nullable(Timestamp),
  paidAt: Nullable(Timestamp),
  voidedAt: Nullable(Timestamp),
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

export const InvoicePage = Page(ref(InvoiceSummary), 'InvoicePage', 'invoices (without their items)');

export const InvoiceItemInput = Type.Object(
  {
    description: InvoiceItem.properties.description,
    quantity: Quantity,
    unitPrice: { ...Money, description: 'Price of one unit in minor units' },
    taxRate: Type.Optional({ ...TaxRate, description: `${TaxRate.description}; 0 when omitted` }),
  },
  { $id: 'InvoiceItemInput', additionalProperties: false, description: 'A line item; the server computes subtotal, tax and total' },
);
export type InvoiceItemInput = Static<typeof InvoiceItemInput>;

const ItemsInput = Type.Array(ref(InvoiceItemInput), { maxItems: 200, description: '0–200 line items, kept in this order' });

export const CreateInvoiceBody = Type.Object(
  {
    clientId: { ...Id, description: 'One of your clients' },
    currency: Type.Optional({ ...Currency, description: 'Defaults to the client’s currency' }),
    issueDate: Type.Optional({ ...CalendarDate, description: 'Defaults to today (UTC)' }),
    dueDate: { ...CalendarDate, description: 'Not before issueDate' },
    notes: Type.Optional(Nullable(InvoiceNotes)),
    items: Type.Optional({ ...ItemsInput, description: `${ItemsInput.description}; none when omitted` }),
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
    issueDate: Type.Optional(CalendarDate),
    dueDate: Type.Optional(CreateInvoiceBody.properties.dueDate),
    notes: Type.Optional(Nullable(InvoiceNotes)),
    items: Type.Optional({ ...ItemsInput, description: 'Replaces every line item' }),
  },
  {
    $id: 'UpdateInvoiceBody',
    additionalProperties: false,
    minProperties: 1,
    description: 'Draft only. Only the fields given change; null clears notes; items replaces all lines',
  },
);
export type UpdateInvoiceBody = Static<typeof UpdateInvoiceBody>;

export const InvoiceListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(ref(InvoiceStatus)),
  clientId: Type.Optional({ ...Id, description: 'Only this client’s invoices' }),
  overdue: Type.Optional(Type.Boolean({ description: 'true: only overdue invoices; false: only the others' })),
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
