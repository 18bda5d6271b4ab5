/**
 * Invoice transitions: publish, send, void and pay. Each locks the user's invoice row, asks the
 * state machine, changes the row (version + 1) and returns the invoice as it now is, all inside the
 * caller's transaction.
 */
import { type Transaction, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Invoice } from '../../schemas/invoices.js';
import { type InvoiceAction, assertTransition } from '../domain/invoice-state.js';
import { AppError } from '../errors.js';
import { type InvoiceRow, invoiceState, loadItems, lockInvoiceRow, toInvoice, updateInvoiceRow } from './invoice-records.js';
import { type PaymentInput, type PaymentRow, applyPayment } from './payments.js';

export interface InvoiceTransition {
  row: InvoiceRow;
  invoice: Invoice;
}

export const formatInvoiceNumber = (sequence: number) => `INV-${String(sequence).padStart(6, '0')}`;

/** Locks the user's invoice once `action` is allowed on it; else 404 or 409. */
async function lockFor(trx: Transaction<DB>, userId: string, id: string, action: InvoiceAction): Promise<InvoiceRow> {
  const row = await lockInvoiceRow(trx, userId, id);
  assertTransition(invoiceState(row), action);
  return row;
}

async function withItems(trx: Transaction<DB>, row: InvoiceRow): Promise<InvoiceTransition> {
  return { row, invoice: toInvoice(row, await loadItems(trx, row.id)) };
}

/**
 * The user's next invoice number. The counter row is locked by the upsert until the transaction
 * ends, so concurrent publishes take turns and a rolled-back publish gives its number back:
 * the sequence stays gapless. unique (user_id, number) is the backstop.
 */
async function nextInvoiceNumber(trx: Transaction<DB>, userId: string): Promise<string> {
  const { last_number } = await trx
    .insertInto('invoice_number_counters')
    .values({ user_id: userId, last_number: 1 })
    .onConflict((conflict) =>
      conflict.column('user_id').doUpdateSet({ last_number: sql`invoice_number_counters.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return formatInvoiceNumber(last_number);
}

/** draft → published, numbered. An invoice without items cannot be published (422). */
export async function publishInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<InvoiceTransition> {
  const row = await lockFor(trx, userId, id, 'publish');
  const items = await loadItems(trx, row.id);
  if (items.length === 0) throw new AppError('unprocessable', 'An invoice needs at least one item to be published');
  const published = await updateInvoiceRow(trx, row, {
    status: 'published',
    number: await nextInvoiceNumber(trx, userId),
    published_at: sql<Date>`now()`,
  });
  return { row: published, invoice: toInvoice(published, items) };
}

/** published or sent → sent; sending again moves sentAt. */
export async function sendInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<InvoiceTransition> {
  const row = await lockFor(trx, userId, id, 'send');
  return withItems(trx, await updateInvoiceRow(trx, row, { status: 'sent', sent_at: sql<Date>`now()` }));
}

/** published or sent, with nothing paid → void. */
export async function voidInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<InvoiceTransition> {
  const row = await lockFor(trx, userId, id, 'void');
  return withItems(trx, await updateInvoiceRow(trx, row, { status: 'void', voided_at: sql<Date>`now()` }));
}

/**
 * published or sent → paid, recording one payment of the whole amountDue. An invoice with nothing
 * left to pay (a zero total) becomes paid without a payment row: payments are always > 0.
 */
export async function payInvoice(
  trx: Transaction<DB>,
  userId: string,
  id: string,
  payment: Omit<PaymentInput, 'amount'>,
): Promise<InvoiceTransition & { payment: PaymentRow | null }> {
  const row = await lockFor(trx, userId, id, 'pay');
  const amountDue = row.total - row.amount_paid;
  if (amountDue === 0) {
    const paid = await updateInvoiceRow(trx, row, { status: 'paid', paid_at: payment.paidAt });
    return { ...(await withItems(trx, paid)), payment: null };
  }
  const applied = await applyPayment(trx, row, { ...payment, amount: amountDue });
  return { ...(await withItems(trx, applied.invoice)), payment: applied.payment };
}
