/**
 * The CSV exports: invoices, payments, credit notes and clients of one user, optionally between two
 * dates (inclusive; timestamps by their UTC date), in the order of that date, then id. Each export
 * is a compiled keyset query (db/compiled-queries.ts: run once per batch) and the mapping of its
 * rows to cells; src/services/export-batches.ts reads it batch by batch.
 */
import { type RawBuilder, sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import { type ExportColumn, type ExportKind, type ExportQuery, exportColumns } from '../../schemas/exports.js';
import { amountCell, plainCell, textCell } from '../domain/csv-cells.js';
import { type ExportKey, type ExportSource, exportBatches } from './export-batches.js';
import { assertExportRange } from './report-range.js';

interface BatchValues extends Partial<ExportKey> {
  userId: string;
  take: number;
  from?: string;
  to?: string;
}

const startOfDay = (date: string) => sql<string>`${date}::date::timestamp at time zone 'UTC'`;
const endOfDay = (date: string) => sql<string>`(${date}::date + 1)::timestamp at time zone 'UTC'`;
const after = (columns: RawBuilder<unknown>, key: RawBuilder<unknown>) => sql<boolean>`(${columns}) > (${key})`;
const hasKey = (values: BatchValues): values is BatchValues & ExportKey => values.afterDate !== undefined && values.afterId !== undefined;

const invoiceBatch = compiledQuery('export_invoices', (db, values: BatchValues) => {
  let query = db
    .selectFrom('invoices as i')
    .innerJoin('clients as c', (join) => join.onRef('c.id', '=', 'i.client_id').onRef('c.user_id', '=', 'i.user_id'))
    .select([
      'i.id', 'i.number', 'i.status', 'i.issue_date', 'i.due_date', 'i.client_id', 'i.currency', 'i.subtotal', 'i.tax',
      'i.total', 'i.amount_paid', 'i.amount_credited', 'i.credit_applied', 'i.paid_at',
      // A draft shows the client as it is now; an issued invoice the buyer frozen into it (as GET /invoices does).
      sql<string>`case when i.status = 'draft' then c.company_name else coalesce(i.buyer->>'name', c.company_name) end`.as('client_name'),
    ])
    .where('i.user_id', '=', values.userId);
  if (values.from !== undefined) query = query.where('i.issue_date', '>=', values.from);
  if (values.to !== undefined) query = query.where('i.issue_date', '<=', values.to);
  if (hasKey(values)) query = query.where(after(sql`i.issue_date, i.id`, sql`${values.afterDate}::date, ${values.afterId}::uuid`));
  return query.orderBy('i.issue_date').orderBy('i.id').limit(values.take);
});

const paymentBatch = compiledQuery('export_payments', (db, values: BatchValues) => {
  let query = db
    .selectFrom('payments as p')
    .innerJoin('invoices as i', (join) => join.onRef('i.id', '=', 'p.invoice_id').onRef('i.user_id', '=', 'p.user_id'))
    .select(['p.id', 'p.invoice_id', 'i.number', 'p.paid_at', 'p.method', 'p.reference', 'i.currency', 'p.amount', 'p.created_at'])
    .where('p.user_id', '=', values.userId);
  if (values.from !== undefined) query = query.where('p.paid_at', '>=', startOfDay(values.from));
  if (values.to !== undefined) query = query.where('p.paid_at', '<', endOfDay(values.to));
  if (hasKey(values)) query = query.where(after(sql`p.paid_at, p.id`, sql`${values.afterDate}::timestamptz, ${values.afterId}::uuid`));
  return query.orderBy('p.paid_at').orderBy('p.id').limit(values.take);
});

const creditNoteBatch = compiledQuery('export_credit_notes', (db, values: BatchValues) => {
  let query = db
    .selectFrom('credit_notes as n')
    .innerJoin('invoices as i', (join) => join.onRef('i.id', '=', 'n.invoice_id').onRef('i.user_id', '=', 'n.user_id'))
    .select([
      'n.id', 'n.number', 'n.issue_date', 'n.invoice_id', 'i.number as invoice_number', 'n.currency', 'n.subtotal', 'n.tax',
      'n.total', 'n.applied_to_balance', 'n.refund_due', 'n.reason',
    ])
    .where('n.user_id', '=', values.userId);
  if (values.from !== undefined) query = query.where('n.issue_date', '>=', values.from);
  if (values.to !== undefined) query = query.where('n.issue_date', '<=', values.to);
  if (hasKey(values)) query = query.where(after(sql`n.issue_date, n.id`, sql`${values.afterDate}::date, ${values.afterId}::uuid`));
  return query.orderBy('n.issue_date').orderBy('n.id').limit(values.take);
});

const clientBatch = compiledQuery('export_clients', (db, values: BatchValues) => {
  let query = db
    .selectFrom('clients')
    .select([
      'id', 'kind', 'company_name', 'contact_name', 'email', 'phone', 'currency', 'tax_id', 'created_at',
      sql<string | null>`address->>'country'`.as('country'),
    ])
    .where('user_id', '=', values.userId);
  if (values.from !== undefined) query = query.where('created_at', '>=', startOfDay(values.from));
  if (values.to !== undefined) query = query.where('created_at', '<', endOfDay(values.to));
  if (hasKey(values)) query = query.where(after(sql`created_at, id`, sql`${values.afterDate}::timestamptz, ${values.afterId}::uuid`));
  return query.orderBy('created_at').orderBy('id').limit(values.take);
});

type Batch<Row> = (db: Executor, values: BatchValues) => Promise<Row[]>;

interface ExportDefinition<Row, K extends ExportKind> {
  kind: K;
  batch: Batch<Row>;
  key(row: Row): ExportKey;
  /** Every column's cell, by column name. */
  cells(row: Row): Record<ExportColumn<K>, string>;
}

export interface OpenedExport {
  columns: readonly string[];
  batches: AsyncIterable<string[][]>;
}

type ExportOpener = (db: Executor, userId: string, range: ExportQuery) => Promise<OpenedExport>;

/** The export of one definition: its range checked, its first batch read before it returns. */
const exportOf =
  <Row, K extends ExportKind>({ kind, batch, key, cells }: ExportDefinition<Row, K>): ExportOpener =>
  async (db, userId, { from, to }) => {
    assertExportRange(from, to);
    const columns: readonly ExportColumn<K>[] = exportColumns[kind];
    const source: ExportSource<Row> = {
      page: (after, take) => batch(db, { userId, take, from, to, ...after }),
      keyOf: key,
      record: (row) => {
        const byColumn = cells(row);
        return columns.map((column) => byColumn[column]);
      },
    };
    return { columns, batches: await exportBatches(source) };
  };

const exports: Record<ExportKind, ExportOpener> = {
  invoices: exportOf({
    kind: 'invoices',
    batch: invoiceBatch,
    key: (row) => ({ afterDate: row.issue_date, afterId: row.id }),
    cells: (row) => ({
      number: textCell(row.number),
      status: textCell(row.status),
      issueDate: plainCell(row.issue_date),
      dueDate: plainCell(row.due_date),
      clientId: plainCell(row.client_id),
      clientName: textCell(row.client_name),
      currency: textCell(row.currency),
      subtotal: amountCell(row.subtotal, row.currency),
      tax: amountCell(row.tax, row.currency),
      total: amountCell(row.total, row.currency),
      amountPaid: amountCell(row.amount_paid, row.currency),
      amountCredited: amountCell(row.amount_credited, row.currency),
      amountDue: amountCell(row.total - row.amount_paid - row.credit_applied, row.currency),
      paidAt: plainCell(row.paid_at),
      id: plainCell(row.id),
    }),
  }),
  payments: exportOf({
    kind: 'payments',
    batch: paymentBatch,
    key: (row) => ({ afterDate: row.paid_at, afterId: row.id }),
    cells: (row) => ({
      id: plainCell(row.id),
      invoiceId: plainCell(row.invoice_id),
      invoiceNumber: textCell(row.number),
      paidAt: plainCell(row.paid_at),
      method: textCell(row.method),
      reference: textCell(row.reference),
      currency: textCell(row.currency),
      amount: amountCell(row.amount, row.currency),
      createdAt: plainCell(row.created_at),
    }),
  }),
  'credit-notes': exportOf({
    kind: 'credit-notes',
    batch: creditNoteBatch,
    key: (row) => ({ afterDate: row.issue_date, afterId: row.id }),
    cells: (row) => ({
      number: textCell(row.number),
      issueDate: plainCell(row.issue_date),
      invoiceId: plainCell(row.invoice_id),
      invoiceNumber: textCell(row.invoice_number),
      currency: textCell(row.currency),
      subtotal: amountCell(row.subtotal, row.currency),
      tax: amountCell(row.tax, row.currency),
      total: amountCell(row.total, row.currency),
      appliedToBalance: amountCell(row.applied_to_balance, row.currency),
      refundDue: amountCell(row.refund_due, row.currency),
      reason: textCell(row.reason),
      id: plainCell(row.id),
    }),
  }),
  clients: exportOf({
    kind: 'clients',
    batch: clientBatch,
    key: (row) => ({ afterDate: row.created_at, afterId: row.id }),
    cells: (row) => ({
      id: plainCell(row.id),
      kind: textCell(row.kind),
      companyName: textCell(row.company_name),
      contactName: textCell(row.contact_name),
      email: textCell(row.email),
      phone: textCell(row.phone),
      currency: textCell(row.currency),
      taxId: textCell(row.tax_id),
      country: textCell(row.country),
      createdAt: plainCell(row.created_at),
    }),
  }),
};

/**
 * The export of `kind` for the user, its first batch already read, so a bad range or an
 * unreachable database is answered before the file starts.
 */
export const openExport = (db: Executor, userId: string, kind: ExportKind, range: ExportQuery): Promise<OpenedExport> =>
  exports[kind](db, userId, range);
