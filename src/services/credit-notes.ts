/**
 * Credit notes: the one way to correct an issued invoice. Creating one locks the invoice row, asks
 * the balance rules (src/domain/invoice-balance.ts) what the note does to it, numbers the note in
 * the user's own series and writes note, lines and invoice in the caller's transaction.
 */
import { type Selectable, type Transaction, sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { PageOf } from '../../schemas/common.js';
import type {
  CreateCreditNoteBody,
  CreditNote,
  CreditNoteListQuery,
  CreditNoteSummary,
} from '../../schemas/credit-notes.js';
import { withCredit } from '../domain/invoice-balance.js';
import { assertTransition } from '../domain/invoice-state.js';
import { AppError, notFound } from '../errors.js';
import { hostedUrl } from '../hosted-links.js';
import { reportEvent } from '../unit-of-work/events.js';
import {
  type InvoiceRow,
  balanceColumns,
  invoiceState,
  loadItems,
  lockInvoiceRow,
  todayUtc,
  updateInvoiceRow,
  withItems,
} from './invoice-records.js';
import { issueDocument } from './document-issuing.js';
import {
  type PricedItems,
  assertWellFormed,
  documentTotals,
  lineColumns,
  normaliseExemptions,
  priceItems,
  toAdjustmentInputs,
  toInvoiceItem,
  toLineInput,
} from './document-lines.js';
import { metadataColumn, metadataContains } from './metadata.js';
import { paginate } from './pagination.js';

export type CreditNoteRow = Selectable<DB['credit_notes']>;
type CreditNoteItemRow = Selectable<DB['credit_note_items']>;

export function toCreditNoteSummary(row: CreditNoteRow): CreditNoteSummary {
  return {
    id: row.id,
    number: row.number,
    invoiceId: row.invoice_id,
    currency: row.currency,
    issueDate: row.issue_date,
    reason: row.reason,
    taxExemptions: row.tax_exemptions,
    taxRounding: row.tax_rounding,
    ...documentTotals(row),
    seller: row.seller,
    buyer: row.buyer,
    appliedToBalance: row.applied_to_balance,
    refundDue: row.refund_due,
    hostedUrl: hostedUrl('credit-note', row.hosted_token),
    metadata: row.metadata,
    createdAt: row.created_at,
  };
}

export function toCreditNote(row: CreditNoteRow, items: CreditNoteItemRow[]): CreditNote {
  return { ...toCreditNoteSummary(row), items: items.map(toInvoiceItem) };
}

async function insertLines(trx: Transaction<DB>, creditNoteId: string, { lines }: PricedItems) {
  const rows = await trx
    .insertInto('credit_note_items')
    .values(
      lines.map((line, position) => ({ credit_note_id: creditNoteId, ...lineColumns(line, position) })),
    )
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.position - b.position);
}

export interface CreatedCreditNote {
  creditNote: CreditNote;
  /** The invoice row as the note left it. */
  invoice: InvoiceRow;
}

/**
 * Issues a credit note for one of the user's invoices. Checks in the contract's order: lines
 * (400, before any query), invoice (404), status (409), date and amount (422). Reports
 * `credit_note.created` and `invoice.updated`, then `invoice.paid` when the note settles it.
 */
export async function createCreditNote(
  trx: Transaction<DB>,
  userId: string,
  invoiceId: string,
  body: CreateCreditNoteBody,
): Promise<CreatedCreditNote> {
  // Checked before any query so bad input is a 400 whatever the invoice; priced below with its rounding.
  const stated = { allowances: body.allowances, charges: body.charges };
  assertWellFormed(body.items ?? [], stated);
  const exemptions = body.taxExemptions && normaliseExemptions(body.taxExemptions);
  const invoice = await lockInvoiceRow(trx, userId, invoiceId);
  const before = invoiceState(invoice);
  assertTransition(before, 'credit');
  const issueDate = body.issueDate ?? todayUtc();
  if (issueDate < invoice.issue_date) {
    throw new AppError('unprocessable', `issueDate ${issueDate} is before the invoice's issueDate ${invoice.issue_date}`, [
      { path: '/issueDate', message: `must not be before ${invoice.issue_date}` },
    ]);
  }
  // Without items, every line, allowance and charge of the invoice in full: priced as the invoice was, so the totals agree.
  const rounding = invoice.tax_rounding;
  const priced = body.items
    ? priceItems(body.items, rounding, stated)
    : priceItems((await loadItems(trx, invoice.id)).map(toLineInput), rounding, {
        allowances: body.allowances ?? toAdjustmentInputs(invoice.allowances),
        charges: body.charges ?? toAdjustmentInputs(invoice.charges),
      });
  const { balance, appliedToBalance, refundDue } = withCredit(before, priced.totals.total);

  const { number, partyColumns, hostedToken } = await issueDocument(trx, 'creditNote', userId, invoice.client_id);
  const row = await trx
    .insertInto('credit_notes')
    .values({
      user_id: userId,
      invoice_id: invoice.id,
      number,
      currency: invoice.currency,
      issue_date: issueDate,
      reason: body.reason,
      tax_rounding: rounding,
      tax_exemptions: exemptions ?? JSON.stringify(invoice.tax_exemptions),
      ...partyColumns,
      ...priced.totals,
      applied_to_balance: appliedToBalance,
      refund_due: refundDue,
      hosted_token: hostedToken,
      metadata: metadataColumn(body.metadata),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const items = await insertLines(trx, row.id, priced);
  const settled = balance.status === 'paid' && before.status !== 'paid';
  const updated = await updateInvoiceRow(trx, invoice, {
    ...balanceColumns(balance),
    ...(settled ? { paid_at: sql<string>`now()` } : {}),
  });
  const creditNote = toCreditNote(row, items);
  const { invoice: invoiceNow } = await withItems(trx, updated);
  reportEvent(trx, { userId: invoice.user_id, type: 'credit_note.created', object: creditNote });
  reportEvent(trx, { userId: invoice.user_id, type: 'invoice.updated', object: invoiceNow });
  if (settled) reportEvent(trx, { userId: invoice.user_id, type: 'invoice.paid', object: invoiceNow });
  return { creditNote, invoice: updated };
}

function creditNotesOf(db: Executor, userId: string) {
  return db.selectFrom('credit_notes').selectAll().where('user_id', '=', userId);
}

/** The user's credit notes, optionally of one invoice (another user's invoice: an empty page). */
export async function listCreditNotes(
  db: Executor,
  userId: string,
  { invoiceId, metadata, ...page }: CreditNoteListQuery,
): Promise<PageOf<CreditNoteSummary>> {
  let query = creditNotesOf(db, userId);
  if (invoiceId) query = query.where('invoice_id', '=', invoiceId);
  if (metadata) query = query.where(metadataContains('credit_notes', userId, metadataColumn(metadata)));
  const { data, nextCursor } = await paginate(query, page, {
    createdAt: 'credit_notes.created_at',
    id: 'credit_notes.id',
  });
  return { data: data.map(toCreditNoteSummary), nextCursor };
}

export async function findCreditNote(db: Executor, userId: string, id: string): Promise<{ row: CreditNoteRow; creditNote: CreditNote }> {
  const row = await creditNotesOf(db, userId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Credit note');
  const items = await db
    .selectFrom('credit_note_items')
    .selectAll()
    .where('credit_note_id', '=', row.id)
    .orderBy('position')
    .execute();
  return { row, creditNote: toCreditNote(row, items) };
}
