/**
 * The CSV exports and the CSV form of the reports: their columns (the file's contract) and how a
 * CSV response is documented.
 */
import { type Static, Type } from '@sinclair/typebox';
import { CalendarDateInput } from './common.js';
import { responseHeaders } from './headers.js';

/** The columns of each export, in file order. */
export const exportColumns = {
  invoices: [
    'number', 'status', 'issueDate', 'dueDate', 'clientId', 'clientName', 'currency', 'subtotal', 'tax', 'total',
    'amountPaid', 'amountCredited', 'amountDue', 'paidAt', 'id',
  ],
  payments: ['id', 'invoiceId', 'invoiceNumber', 'paidAt', 'method', 'reference', 'currency', 'amount', 'createdAt'],
  'credit-notes': [
    'number', 'issueDate', 'invoiceId', 'invoiceNumber', 'currency', 'subtotal', 'tax', 'total', 'appliedToBalance',
    'refundDue', 'reason', 'id',
  ],
  clients: ['id', 'kind', 'companyName', 'contactName', 'email', 'phone', 'currency', 'taxId', 'country', 'createdAt'],
} as const;

export type ExportKind = keyof typeof exportColumns;
export type ExportColumn<K extends ExportKind> = (typeof exportColumns)[K][number];

/** `from`/`to` of an export, compared with the date named. */
export const ExportQuery = (by: string) =>
  Type.Object({
    from: Type.Optional(CalendarDateInput(`Only rows whose ${by} is on or after this day`)),
    to: Type.Optional(CalendarDateInput(`Only rows whose ${by} is on or before this day; not before from`)),
  });
export type ExportQuery = Static<ReturnType<typeof ExportQuery>>;

/** How every CSV file is written, for the descriptions. */
export const CSV_FORMAT =
  'RFC 4180, UTF-8 (no byte order mark), CRLF line ends, a header row of the column names. Amounts are decimal ' +
  'numbers in major units with the currency’s decimals (1234.50 USD, 500 JPY, 1.234 KWD), exact; empty cells for ' +
  'nothing; timestamps ISO 8601 UTC. A text cell that begins with =, +, -, @, a tab or a carriage return (or their ' +
  'full-width forms) is written with a leading \' so no spreadsheet runs it as a formula; numbers never are.';

/** A 200 answering a CSV file, saved as `attachment` under its file name. */
export const csvResponse = (description: string, columns: readonly string[]) => ({
  description: `${description}. Columns: ${columns.join(', ')}. ${CSV_FORMAT}`,
  headers: responseHeaders('Content-Disposition'),
  content: { 'text/csv': { schema: Type.String({ description: `CSV: ${columns.join(',')}` }) } },
});
