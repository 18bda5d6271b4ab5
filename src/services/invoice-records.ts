/**
 * Invoice rows in and out: the one place rows become API objects, owned-invoice loading
 * (always scoped by user_id) and the row lock every status or amount change goes through.
 */
import { type Kysely, type Selectable, type Transaction, type UpdateObject, sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { Invoice, InvoiceStatus, InvoiceSummary } from '../../schemas/invoices.js';
import { type InvoiceBalance, amountDue } from '../domain/invoice-balance.js';
import { notFound } from '../errors.js';
import { hostedUrl } from '../hosted-links.js';
import { type ItemColumns, documentTotals, itemColumns, toInvoiceItem } from './document-lines.js';
import { type InvoiceParties, loadParties } from './invoice-parties.js';

export type InvoiceRow = Selectable<DB['invoices']>;
export type InvoiceItemRow = Selectable<DB['invoice_items']>;

/** The columns an invoice shows through the API (toInvoiceSummary): what its lists and GET read. */
export const summaryColumns = [
  'id',
  'number',
  'client_id',
  'status',
  'currency',
  'issue_date',
  'due_date',
  'notes',
  'buyer_reference',
  'purchase_order_reference',
  'delivery_date',
  'delivery_country',
  'tax_exemptions',
  'tax_rounding',
  'tax_breakdown',
  'allowances',
  'charges',
  'subtotal',
  'tax',
  'total',
  'allowance_total',
  'charge_total',
  'seller',
  'buyer',
  'amount_paid',
  'amount_credited',
  'credit_applied',
  'published_at',
  'sent_at',
  'paid_at',
  'voided_at',
  'marked_uncollectible_at',
  'recurring_invoice_id',
  'hosted_token',
  'viewed_at',
  'last_reminder_at',
  'metadata',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof InvoiceRow)[];
type InvoiceSummaryRow = Pick<InvoiceRow, (typeof summaryColumns)[number]>;
/** What GET reads of an invoice: the columns it shows, its version (the ETag) and its owner (for its parties). */
type ShownRow = InvoiceSummaryRow & Pick<InvoiceRow, 'user_id' | 'version'>;

/** An invoice as the API shows it, with the row it came from (whose version is the ETag). */
export interface InvoiceRecord<Row extends Pick<InvoiceRow, 'id' | 'version'> = InvoiceRow> {
  row: Row;
  invoice: Invoice;
}

/** Today's calendar date in UTC, `YYYY-MM-DD`: the one clock `overdue` is judged by. */
export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);

export const overdueStatuses: readonly InvoiceStatus[] = ['published', 'sent'];

type BalanceColumns = 'status' | 'total' | 'amount_paid' | 'amount_credited' | 'credit_applied';

/** What the state machine and the balance rules (src/domain) judge a row by. */
export const invoiceState = (row: Pick<InvoiceRow, BalanceColumns>): InvoiceBalance => ({
  status: row.status,
  total: row.total,
  amountPaid: row.amount_paid,
  amountCredited: row.amount_credited,
  creditApplied: row.credit_applied,
});

/** The columns a new balance (from src/domain/invoice-balance.ts) is written back to. */
export const balanceColumns = (balance: InvoiceBalance) => ({
  status: balance.status,
  amount_paid: balance.amountPaid,
  amount_credited: balance.amountCredited,
  credit_applied: balance.creditApplied,
});

export function isOverdue(row: Pick<InvoiceRow, 'status' | 'due_date'>, today = todayUtc()): boolean {
  return overdueStatuses.includes(row.status) && row.due_date < today;
}

export function toInvoiceSummary(row: InvoiceSummaryRow, parties: InvoiceParties, today = todayUtc()): InvoiceSummary {
  return {
    id: row.id,
    number: row.number,
    clientId: row.client_id,
    status: row.status,
    currency: row.currency,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    notes: row.notes,
    buyerReference: row.buyer_reference,
    purchaseOrderReference: row.purchase_order_reference,
    deliveryDate: row.delivery_date,
    deliveryCountry: row.delivery_country,
    taxExemptions: row.tax_exemptions,
    taxRounding: row.tax_rounding,
    ...documentTotals(row),
    seller: parties.seller,
    buyer: parties.buyer,
    amountPaid: row.amount_paid,
    amountCredited: row.amount_credited,
    amountDue: amountDue(invoiceState(row)),
    overdue: isOverdue(row, today),
    publishedAt: row.published_at,
    sentAt: row.sent_at,
    paidAt: row.paid_at,
    voidedAt: row.voided_at,
    markedUncollectibleAt: row.marked_uncollectible_at,
    recurringInvoiceId: row.recurring_invoice_id,
    hostedUrl: hostedUrl('invoice', row.hosted_token),
    viewedAt: row.viewed_at,
    lastReminderAt: row.last_reminder_at,
    metadata: row.metadata,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toInvoice(row: InvoiceSummaryRow, items: readonly ItemColumns[], parties: InvoiceParties): Invoice {
  return { ...toInvoiceSummary(row, parties), items: items.map(toInvoiceItem) };
}

/** Strong validator of one invoice representation; changes whenever the row does. */
export const invoiceEtag = (row: Pick<InvoiceRow, 'id' | 'version'>) => `"${row.id}.${row.version}"`;

const itemsOfInvoice = compiledQuery('items_of_invoice', (db, { invoiceId }: { invoiceId: string }) =>
  db.selectFrom('invoice_items').select(itemColumns).where('invoice_id', '=', invoiceId).orderBy('position'),
);

export const loadItems = (db: Executor, invoiceId: string): Promise<ItemColumns[]> => itemsOfInvoice(db, { invoiceId });

const invoiceById = compiledQuery('invoice_by_id', (db, { userId, id }: { userId: string; id: string }) =>
  db.selectFrom('invoices').selectAll().where('user_id', '=', userId).where('id', '=', id),
);

const invoiceByIdForUpdate = compiledQuery('invoice_by_id_for_update', (db, { userId, id }: { userId: string; id: string }) =>
  db.selectFrom('invoices').selectAll().where('user_id', '=', userId).where('id', '=', id).forUpdate(),
);

export async function findInvoiceRow(db: Executor, userId: string, id: string): Promise<InvoiceRow> {
  const [row] = await invoiceById(db, { userId, id });
  if (!row) throw notFound('Invoice');
  return row;
}

/** Locks the user's invoice row until the transaction ends; concurrent writers queue here. */
export async function lockInvoiceRow(trx: Transaction<DB>, userId: string, id: string): Promise<InvoiceRow> {
  const [row] = await invoiceByIdForUpdate(trx, { userId, id });
  if (!row) throw notFound('Invoice');
  return row;
}

/** The invoice with its items and parties, and its whole row (for documents, which read more than the API shows). */
export async function findInvoice(db: Executor, userId: string, id: string): Promise<InvoiceRecord> {
  return withItems(db, await findInvoiceRow(db, userId, id));
}

const shownInvoiceById = compiledQuery('shown_invoice_by_id', (db, { userId, id }: { userId: string; id: string }) =>
  db.selectFrom('invoices').select([...summaryColumns, 'user_id', 'version']).where('user_id', '=', userId).where('id', '=', id),
);

/** The invoice with its items and parties, reading only the columns the API shows and version (its ETag). */
export async function findShownInvoice(db: Executor, userId: string, id: string) {
  const [row] = await shownInvoiceById(db, { userId, id });
  if (!row) throw notFound('Invoice');
  return withItems(db, row);
}

/** The row as the API shows it: its items (loaded unless given) and its parties (current ones while a draft). */
export async function withItems<Row extends ShownRow>(db: Executor, row: Row, items?: readonly ItemColumns[]): Promise<InvoiceRecord<Row>> {
  const [lines, partiesOf] = await Promise.all([items ?? loadItems(db, row.id), loadParties(db, row.user_id, [row])]);
  return { row, invoice: toInvoice(row, lines, partiesOf(row)) };
}

/**
 * Applies `changes` to a row the transaction has locked, bumping `version` (the ETag) and
 * `updated_at` as every invoice write must, and returns the row as it now is.
 */
export function updateInvoiceRow(
  trx: Transaction<DB>,
  row: Pick<InvoiceRow, 'id' | 'user_id'>,
  changes: InvoiceChanges,
): Promise<InvoiceRow> {
  return invoiceUpdate(trx, row, changes).executeTakeFirstOrThrow();
}

type InvoiceChanges = Omit<UpdateObject<DB, 'invoices'>, 'id' | 'user_id' | 'version' | 'updated_at'>;

/** The update statement of updateInvoiceRow, for compiling once (db/compiled-queries.ts). */
export function invoiceUpdate(db: Kysely<DB>, row: Pick<InvoiceRow, 'id' | 'user_id'>, changes: InvoiceChanges) {
  return db
    .updateTable('invoices')
    .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', row.id)
    .where('user_id', '=', row.user_id)
    .returningAll();
}
