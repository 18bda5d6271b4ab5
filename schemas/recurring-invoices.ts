import { Metadata, MetadataFilter, MetadataInput } from './metadata.js';
import { type Static, Type } from '@sinclair/typebox';
import { recurrenceIntervals, recurringStatuses } from '../base/vocabulary.js';
import { CalendarDate, CalendarDateInput, Currency, Id, Nullable, Page, PageQuery, StringEnum, Timestamp, ref } from './common.js';
import { AdjustmentsInput, AllowanceChargeInput, InvoiceItemInput, InvoiceNotes, References, TaxExemption, TaxExemptionsInput } from './invoices.js';

export const RecurrenceInterval = StringEnum(recurrenceIntervals, {
  $id: 'RecurrenceInterval',
  description: 'The unit of the schedule’s step (times intervalCount)',
});
export const RecurringInvoiceStatus = StringEnum(recurringStatuses, {
  $id: 'RecurringInvoiceStatus',
  description: 'active: issues its periods; paused: skips them; ended: past its endDate (no more periods)',
});

const items = Type.Array(ref(InvoiceItemInput), {
  minItems: 1,
  maxItems: 200,
  description: '1–200 line items, copied into each generated invoice in this order',
});
const intervalCount = Type.Integer({ minimum: 1, maximum: 12, description: 'How many intervals between two invoices (1–12)' });
const paymentTermsDays = Type.Integer({
  minimum: 0,
  maximum: 365,
  description: 'dueDate = issueDate + this; null: the profile’s paymentTermsDays when each invoice is generated, else 30',
});
const autoPublish = Type.Boolean({ description: 'Publish (number) each generated invoice; otherwise it stays a draft' });

export const RecurringInvoice = Type.Object(
  {
    id: Id,
    clientId: Id,
    currency: Currency,
    items: Type.Array(ref(InvoiceItemInput)),
    notes: Nullable(InvoiceNotes),
    buyerReference: Nullable(References.buyerReference),
    purchaseOrderReference: Nullable(References.purchaseOrderReference),
    taxExemptions: Type.Array(ref(TaxExemption)),
    allowances: Type.Array(ref(AllowanceChargeInput), { description: 'Document allowances as stated, priced anew (percent of that invoice’s lineTotal) for each generated invoice' }),
    charges: Type.Array(ref(AllowanceChargeInput), { description: 'Document charges as stated, priced anew for each generated invoice' }),
    interval: ref(RecurrenceInterval),
    intervalCount,
    startDate: { ...CalendarDate, description: 'The first period’s issue date' },
    endDate: Nullable({ ...CalendarDate, description: 'The last day a period may be issued on (inclusive)' }),
    paymentTermsDays: Nullable(paymentTermsDays),
    autoPublish,
    status: ref(RecurringInvoiceStatus),
    nextIssueDate: Nullable({ ...CalendarDate, description: 'When the next invoice is issued; null once ended' }),
    lastIssueDate: Nullable({ ...CalendarDate, description: 'The issue date of the latest generated invoice' }),
    metadata: ref(Metadata),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  {
    $id: 'RecurringInvoice',
    additionalProperties: false,
    description:
      'A schedule that issues one invoice per period: startDate, then every intervalCount intervals (month ends clamp: ' +
      'Jan 31 → Feb 28/29 → Mar 31), until endDate',
  },
);
export type RecurringInvoice = Static<typeof RecurringInvoice>;

export const RecurringInvoicePage = Page(ref(RecurringInvoice), 'RecurringInvoicePage', 'recurring invoice schedules');

const scheduleFields = {
  currency: Type.Optional({ ...Currency, description: 'Defaults to the client’s currency' }),
  notes: Type.Optional(Nullable(InvoiceNotes)),
  buyerReference: Type.Optional(Nullable(References.buyerReference)),
  purchaseOrderReference: Type.Optional(Nullable(References.purchaseOrderReference)),
  taxExemptions: Type.Optional(TaxExemptionsInput),
  allowances: Type.Optional({
    ...AdjustmentsInput('allowances'),
    description: 'Up to 10 document allowances, copied into each generated invoice in this order; validated as an invoice’s (400, and 422 when they would bring the subtotal or a tax category below 0); on PATCH they replace every allowance',
  }),
  charges: Type.Optional({
    ...AdjustmentsInput('charges'),
    description: 'Up to 10 document charges, copied into each generated invoice in this order; on PATCH they replace every charge',
  }),
  interval: ref(RecurrenceInterval),
  intervalCount: Type.Optional({ ...intervalCount, description: `${intervalCount.description}; 1 when omitted` }),
  endDate: Type.Optional(Nullable(CalendarDateInput('The last day a period may be issued on (inclusive); not before startDate'))),
  paymentTermsDays: Type.Optional(Nullable(paymentTermsDays)),
  autoPublish: Type.Optional({ ...autoPublish, description: `${autoPublish.description}; false when omitted` }),
  metadata: MetadataInput,
};

export const CreateRecurringInvoiceBody = Type.Object(
  {
    clientId: { ...Id, description: 'One of your clients' },
    items,
    startDate: CalendarDateInput('The first period’s issue date; a past date issues the past periods too'),
    ...scheduleFields,
  },
  { $id: 'CreateRecurringInvoiceBody', additionalProperties: false },
);
export type CreateRecurringInvoiceBody = Static<typeof CreateRecurringInvoiceBody>;

export const UpdateRecurringInvoiceBody = Type.Object(
  {
    items: Type.Optional({ ...items, description: 'Replaces every line item' }),
    startDate: Type.Optional(CalendarDateInput('The first period’s issue date (periods already issued stay issued)')),
    ...scheduleFields,
    interval: Type.Optional(ref(RecurrenceInterval)),
  },
  {
    $id: 'UpdateRecurringInvoiceBody',
    additionalProperties: false,
    minProperties: 1,
    description: 'Only the fields given change, for the invoices not yet generated; null clears',
  },
);
export type UpdateRecurringInvoiceBody = Static<typeof UpdateRecurringInvoiceBody>;

export const RecurringInvoiceListQuery = Type.Object({ ...PageQuery.properties, metadata: MetadataFilter });
export type RecurringInvoiceListQuery = Static<typeof RecurringInvoiceListQuery>;
