/**
 * The receivables reports (aging, revenue, tax): their queries and answers. Figures are exact
 * integers in the currency's minor units, summed by the database per currency (never across
 * currencies).
 */
import { type Static, Type } from '@sinclair/typebox';
import { MAX_REPORT_YEARS, reportGroupings } from '../base/vocabulary.js';
import { CalendarDate, CalendarDateInput, Currency, Id, StringEnum, ref } from './common.js';
import { TaxCategory, TaxRate } from './invoices.js';

/**
 * A sum in minor units. Sums are exact whatever their size: past 2^53 they stay exact JSON
 * integers (read them as int64/bigint).
 */
const Figure = (description: string) =>
  Type.Unsafe<bigint>({ type: 'integer', format: 'int64', description: `${description}; minor units` });

const RangeQuery = {
  from: CalendarDateInput('First day of the range, inclusive'),
  to: CalendarDateInput(
    `Last day of the range, inclusive: not before from, and less than ${MAX_REPORT_YEARS} years after it ` +
      '(2016-01-01 … 2025-12-31 is the longest range from 2016-01-01)',
  ),
};

export const AgingQuery = Type.Object({
  asOf: Type.Optional(CalendarDateInput('The day the balances are taken at, at its end (UTC); defaults to today (UTC)')),
});
export type AgingQuery = Static<typeof AgingQuery>;

const agingBuckets = {
  current: Figure('Due but not yet late at asOf: dueDate on or after asOf'),
  days1to30: Figure('1–30 days past dueDate at asOf'),
  days31to60: Figure('31–60 days past dueDate'),
  days61to90: Figure('61–90 days past dueDate'),
  over90: Figure('More than 90 days past dueDate'),
  total: Figure('The sum of the buckets'),
};

export const AgingClient = Type.Object(
  {
    clientId: Id,
    companyName: Type.String({ description: 'The client’s name as it is now' }),
    ...agingBuckets,
  },
  { $id: 'AgingClient', additionalProperties: false, description: 'What one client owes, by how late it is' },
);

export const AgingCurrency = Type.Object(
  {
    currency: Currency,
    ...agingBuckets,
    clients: Type.Array(ref(AgingClient), {
      description: 'Every client owing something in this currency, by companyName, then clientId',
    }),
  },
  { $id: 'AgingCurrency', additionalProperties: false },
);

export const AgingReport = Type.Object(
  {
    asOf: CalendarDate,
    currencies: Type.Array(ref(AgingCurrency), { description: 'Each currency with something due, by currency code' }),
  },
  {
    $id: 'AgingReport',
    additionalProperties: false,
    description:
      'Who owes what, and how late, at the end of asOf (UTC). Counted: invoices issued by asOf (issueDate ≤ asOf) that are ' +
      'neither drafts nor void (void ones never count, even when voided after asOf; uncollectible ones count). Each one’s ' +
      'amount due is rebuilt from the documents dated by then: max(0, total − Σ payments received by the end of asOf ' +
      '(paidAt, UTC) − Σ totals of its credit notes issued by asOf (issueDate)). A credit note counts in full, whatever ' +
      'part of it the API applied to the balance when it was created (appliedToBalance): its refund due only shows as ' +
      'nothing owed, never as a negative. Clients and currencies with nothing due are left out.',
  },
);
export type AgingReport = Static<typeof AgingReport>;

export const RevenueQuery = Type.Object({
  ...RangeQuery,
  groupBy: Type.Optional(
    StringEnum(reportGroupings, {
      default: 'month',
      description: 'Period length: calendar months (2026-03), quarters (2026-Q1) or years (2026)',
    }),
  ),
});
export type RevenueQuery = Static<typeof RevenueQuery>;

export const RevenuePeriod = Type.Object(
  {
    period: Type.String({ description: '2026-03, 2026-Q1 or 2026' }),
    from: { ...CalendarDate, description: 'First day of the period inside the range' },
    to: { ...CalendarDate, description: 'Last day of the period inside the range' },
    invoiced: Figure('Totals of the invoices issued in the period (issueDate), drafts and void ones excluded'),
    tax: Figure('Tax of those invoices (not net of credit notes)'),
    credited: Figure('Totals of the credit notes issued in the period (issueDate)'),
    collected: Figure('Payments received in the period (paidAt’s UTC date)'),
    outstanding: Figure(
      'What the invoices issued by the period’s end (to) still owed at its end: each invoice’s max(0, total − payments ' +
        'received by then − credit notes issued by then), drafts and void ones excluded',
    ),
  },
  { $id: 'RevenuePeriod', additionalProperties: false },
);

export const RevenueCurrency = Type.Object(
  {
    currency: Currency,
    periods: Type.Array(ref(RevenuePeriod), { description: 'Every period of the range, in order, zeros included' }),
  },
  { $id: 'RevenueCurrency', additionalProperties: false },
);

export const RevenueReport = Type.Object(
  {
    from: CalendarDate,
    to: CalendarDate,
    groupBy: StringEnum(reportGroupings),
    currencies: Type.Array(ref(RevenueCurrency), {
      description: 'Each currency with a figure other than 0 in some period, by currency code',
    }),
  },
  {
    $id: 'RevenueReport',
    additionalProperties: false,
    description:
      'What was invoiced, credited and collected per period, and what was still owed at each period’s end. A range that ' +
      'cuts a period reports the part inside the range (its from and to are clipped).',
  },
);
export type RevenueReport = Static<typeof RevenueReport>;

export const TaxQuery = Type.Object(RangeQuery);
export type TaxQuery = Static<typeof TaxQuery>;

export const TaxReportRow = Type.Object(
  {
    taxCategory: ref(TaxCategory),
    taxRate: TaxRate,
    taxableAmount: Figure('Taxable amounts of the invoices’ tax breakdowns less those of the credit notes; may be negative'),
    taxAmount: Figure('Tax amounts of the invoices’ tax breakdowns less those of the credit notes; may be negative'),
  },
  { $id: 'TaxReportRow', additionalProperties: false },
);

export const TaxReportCurrency = Type.Object(
  {
    currency: Currency,
    rows: Type.Array(ref(TaxReportRow), { description: 'One per tax category and rate used, by category code, then rate' }),
  },
  { $id: 'TaxReportCurrency', additionalProperties: false },
);

export const TaxReport = Type.Object(
  {
    from: CalendarDate,
    to: CalendarDate,
    currencies: Type.Array(ref(TaxReportCurrency), { description: 'Each currency with a document in the range, by currency code' }),
  },
  {
    $id: 'TaxReport',
    additionalProperties: false,
    description:
      'The VAT to declare: per currency, tax category and rate, the tax breakdowns (taxBreakdown, so net of discounts, ' +
      'allowances and charges) of the invoices issued in the range (issueDate; drafts and void ones excluded) minus those ' +
      'of the credit notes issued in the range (issueDate), whenever their invoice was issued. A category and rate whose ' +
      'documents cancel out is still listed, with zeros.',
  },
);
export type TaxReport = Static<typeof TaxReport>;

/**
 * The CSV form of each report (`Accept: text/csv`): one row per innermost entry (a client of a
 * currency, a period of a currency, a rate of a currency), its columns named as the JSON fields.
 */
export const reportCsvColumns = {
  aging: ['currency', 'clientId', 'companyName', 'current', 'days1to30', 'days31to60', 'days61to90', 'over90', 'total'],
  revenue: ['currency', 'period', 'from', 'to', 'invoiced', 'tax', 'credited', 'collected', 'outstanding'],
  tax: ['currency', 'taxCategory', 'taxRate', 'taxableAmount', 'taxAmount'],
} as const;

export type ReportKind = keyof typeof reportCsvColumns;
export type ReportCsvColumn<K extends ReportKind> = (typeof reportCsvColumns)[K][number];
