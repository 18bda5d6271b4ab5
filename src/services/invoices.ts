/**
 * Draft invoices: create, list, edit and delete. Every write is one transaction; the server
 * prices every line with the money module and stores the totals (clients never send them).
 */
import type { Transaction } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type {
  CreateInvoiceBody,
  InvoiceItemInput,
  InvoiceListQuery,
  InvoiceSummary,
  UpdateInvoiceBody,
} from '../../schemas/invoices.js';
import { AmountError, computeInvoice } from '../domain/money.js';
import { assertTransition } from '../domain/invoice-state.js';
import { AppError } from '../errors.js';
import { reportEvent } from '../unit-of-work/events.js';
import { findClientRow } from './clients.js';
import { isForeignKeyViolation } from './db-errors.js';
import {
  type InvoiceItemRow,
  type InvoiceRecord,
  invoiceEtag,
  invoiceState,
  loadItems,
  lockInvoiceRow,
  overdueStatuses,
  toInvoice,
  toInvoiceSummary,
  todayUtc,
  updateInvoiceRow,
  withItems,
} from './invoice-records.js';
import { type PageOf, paginate } from './pagination.js';

/** The lines with their computed amounts and the invoice sums, or 400 naming the offending field. */
function priceItems(items: InvoiceItemInput[]) {
  const lines = items.map((item) => ({ ...item, taxRate: item.taxRate ?? 0 }));
  try {
    const { lines: priced, ...totals } = computeInvoice(lines);
    return { totals, lines: priced };
  } catch (error) {
    if (error instanceof AmountError) {
      throw new AppError('validation_failed', `${error.path} ${error.message}`, [
        { path: error.path, message: error.message },
      ]);
    }
    throw error;
  }
}
type PricedItems = ReturnType<typeof priceItems>;

function assertDueNotBeforeIssue(issueDate: string, dueDate: string) {
  if (dueDate < issueDate) {
    const message = `must not be before issueDate (${issueDate})`;
    throw new AppError('validation_failed', `/dueDate ${message}`, [{ path: '/dueDate', message }]);
  }
}

const unknownClient = () => new AppError('unprocessable', 'clientId is not one of your clients');

/** Runs a write that references a client; the foreign key catches a client deleted meanwhile. */
async function referencingClient<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isForeignKeyViolation(error, 'invoices_client_owned_fkey')) throw unknownClient();
    throw error;
  }
}

async function insertItems(trx: Transaction<DB>, invoiceId: string, { lines }: PricedItems): Promise<InvoiceItemRow[]> {
  if (lines.length === 0) return [];
  const rows = await trx
    .insertInto('invoice_items')
    .values(
      lines.map((line, position) => ({
        invoice_id: invoiceId,
        position,
        description: line.description,
        quantity: line.quantity,
        unit_price: line.unitPrice,
        tax_rate: line.taxRate,
        subtotal: line.subtotal,
        tax: line.tax,
        total: line.total,
      })),
    )
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.position - b.position);
}

export async function createInvoice(trx: Transaction<DB>, userId: string, body: CreateInvoiceBody): Promise<InvoiceRecord> {
  const issueDate = body.issueDate ?? todayUtc();
  assertDueNotBeforeIssue(issueDate, body.dueDate);
  const priced = priceItems(body.items ?? []);
  const client = await findClientRow(trx, userId, body.clientId);
  if (!client) throw unknownClient();
  const row = await referencingClient(
    trx
      .insertInto('invoices')
      .values({
        user_id: userId,
        client_id: client.id,
        currency: body.currency ?? client.currency,
        issue_date: issueDate,
        due_date: body.dueDate,
        notes: body.notes ?? null,
        ...priced.totals,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  const created = { row, invoice: toInvoice(row, await insertItems(trx, row.id, priced)) };
  reportEvent(trx, { type: 'invoice.created', object: created.invoice });
  return created;
}

export async function listInvoices(
  db: Executor,
  userId: string,
  query: InvoiceListQuery,
): Promise<PageOf<InvoiceSummary>> {
  const today = todayUtc();
  let invoices = db.selectFrom('invoices').selectAll().where('user_id', '=', userId);
  if (query.status) invoices = invoices.where('status', '=', query.status);
  if (query.clientId) invoices = invoices.where('client_id', '=', query.clientId);
  if (query.overdue !== undefined) {
    const overdue = query.overdue;
    invoices = invoices.where((eb) => {
      const isOverdue = eb.and([eb('status', 'in', [...overdueStatuses]), eb('due_date', '<', today)]);
      return overdue ? isOverdue : eb.not(isOverdue);
    });
  }
  const page = await paginate(invoices, query, { createdAt: 'invoices.created_at', id: 'invoices.id' });
  return { data: page.data.map((row) => toInvoiceSummary(row, today)), nextCursor: page.nextCursor };
}

/**
 * Whether an `If-Match` header lets a write to the representation tagged `etag` proceed:
 * absent or `*` always do (the row exists), otherwise one listed tag must match strongly.
 */
export function ifMatchAllows(ifMatch: string | undefined, etag: string): boolean {
  if (ifMatch === undefined || ifMatch.trim() === '*') return true;
  return ifMatch.split(',').some((tag) => tag.trim() === etag);
}

export async function updateInvoice(
  trx: Transaction<DB>,
  userId: string,
  id: string,
  body: UpdateInvoiceBody,
  ifMatch?: string,
): Promise<InvoiceRecord> {
  if (body.issueDate && body.dueDate) assertDueNotBeforeIssue(body.issueDate, body.dueDate);
  const priced = body.items && priceItems(body.items);
  const current = await lockInvoiceRow(trx, userId, id);
  assertTransition(invoiceState(current), 'edit');
  if (!ifMatchAllows(ifMatch, invoiceEtag(current))) {
    throw new AppError('precondition_failed', `If-Match does not match the current ETag ${invoiceEtag(current)}`);
  }
  assertDueNotBeforeIssue(body.issueDate ?? current.issue_date, body.dueDate ?? current.due_date);
  if (body.clientId && body.clientId !== current.client_id && !(await findClientRow(trx, userId, body.clientId))) {
    throw unknownClient();
  }
  const row = await referencingClient(
    updateInvoiceRow(trx, current, {
      client_id: body.clientId,
      currency: body.currency,
      issue_date: body.issueDate,
      due_date: body.dueDate,
      notes: body.notes,
      ...priced?.totals,
    }),
  );
  if (priced) await trx.deleteFrom('invoice_items').where('invoice_id', '=', row.id).execute();
  const items = priced ? await insertItems(trx, row.id, priced) : await loadItems(trx, row.id);
  const updated = { row, invoice: toInvoice(row, items) };
  reportEvent(trx, { type: 'invoice.updated', object: updated.invoice });
  return updated;
}

export async function deleteInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<void> {
  const current = await lockInvoiceRow(trx, userId, id);
  assertTransition(invoiceState(current), 'delete');
  const { invoice } = await withItems(trx, current);
  await trx.deleteFrom('invoices').where('id', '=', current.id).where('user_id', '=', userId).execute();
  reportEvent(trx, { type: 'invoice.deleted', object: invoice });
}
