/**
 * Invoice transitions: publish, send, void and pay. Each locks the user's invoice row, asks the
 * state machine, changes the row (version + 1) to the status the machine names, reports the
 * transition and returns the invoice as it now is, all inside the caller's transaction.
 */
import { type Transaction, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { type TargetOf, assertTransition } from '../domain/invoice-state.js';
import { AppError } from '../errors.js';
import { reportEvent } from '../unit-of-work/events.js';
import { findBusinessProfileRow } from './business-profile.js';
import { currentParties } from './invoice-parties.js';
import {
  type InvoiceRecord,
  type InvoiceRow,
  invoiceState,
  loadItems,
  lockInvoiceRow,
  updateInvoiceRow,
  withItems,
} from './invoice-records.js';
import { type PaymentInput, applyPayment, reportPaymentCreated } from './payments.js';

export const DEFAULT_INVOICE_NUMBER_PREFIX = 'INV-';

export const formatInvoiceNumber = (sequence: number, prefix = DEFAULT_INVOICE_NUMBER_PREFIX) =>
  `${prefix}${String(sequence).padStart(6, '0')}`;

/** Locks the user's invoice once `action` is allowed on it (else 404 or 409); `to` is where it leads. */
async function lockFor<A extends 'publish' | 'send' | 'pay' | 'void'>(
  trx: Transaction<DB>,
  userId: string,
  id: string,
  action: A,
): Promise<{ row: InvoiceRow; to: TargetOf<A> }> {
  const row = await lockInvoiceRow(trx, userId, id);
  return { row, to: assertTransition(invoiceState(row), action) };
}

/**
 * The user's next invoice number. The counter row is locked by the upsert until the transaction
 * ends, so concurrent publishes take turns and a rolled-back publish gives its number back:
 * the sequence stays gapless. unique (user_id, number) is the backstop.
 */
async function nextInvoiceNumber(trx: Transaction<DB>, userId: string, prefix: string): Promise<string> {
  const { last_number } = await trx
    .insertInto('invoice_number_counters')
    .values({ user_id: userId, last_number: 1 })
    .onConflict((conflict) =>
      conflict.column('user_id').doUpdateSet({ last_number: sql`invoice_number_counters.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return formatInvoiceNumber(last_number, prefix);
}

/**
 * draft → published, numbered with the profile's prefix, the seller (profile) and buyer (client)
 * frozen into the row. An invoice without items cannot be published (422); one without a profile can.
 */
export async function publishInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<InvoiceRecord> {
  const { row, to } = await lockFor(trx, userId, id, 'publish');
  const items = await loadItems(trx, row.id);
  if (items.length === 0) throw new AppError('unprocessable', 'An invoice needs at least one item to be published');
  const [profile, { seller, buyer }] = await Promise.all([
    findBusinessProfileRow(trx, userId),
    currentParties(trx, userId, row.client_id),
  ]);
  const prefix = profile?.invoice_number_prefix ?? DEFAULT_INVOICE_NUMBER_PREFIX;
  const published = await updateInvoiceRow(trx, row, {
    status: to,
    number: await nextInvoiceNumber(trx, userId, prefix),
    published_at: sql<Date>`now()`,
    seller: seller && JSON.stringify(seller),
    buyer: JSON.stringify(buyer),
  });
  const record = await withItems(trx, published, items);
  reportEvent(trx, { userId, type: 'invoice.published', object: record.invoice });
  return record;
}

/** published or sent → sent; sending again moves sentAt. */
export async function sendInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<InvoiceRecord> {
  const { row, to } = await lockFor(trx, userId, id, 'send');
  const record = await withItems(trx, await updateInvoiceRow(trx, row, { status: to, sent_at: sql<Date>`now()` }));
  reportEvent(trx, { userId, type: 'invoice.sent', object: record.invoice });
  return record;
}

/** published or sent, with nothing paid → void. */
export async function voidInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<InvoiceRecord> {
  const { row, to } = await lockFor(trx, userId, id, 'void');
  const record = await withItems(trx, await updateInvoiceRow(trx, row, { status: to, voided_at: sql<Date>`now()` }));
  reportEvent(trx, { userId, type: 'invoice.voided', object: record.invoice });
  return record;
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
): Promise<InvoiceRecord> {
  const { row, to } = await lockFor(trx, userId, id, 'pay');
  const amountDue = row.total - row.amount_paid;
  let paid: InvoiceRow;
  if (amountDue === 0) {
    paid = await updateInvoiceRow(trx, row, { status: to, paid_at: payment.paidAt });
  } else {
    const applied = await applyPayment(trx, row, { ...payment, amount: amountDue });
    reportPaymentCreated(trx, applied.invoice, applied.payment);
    paid = applied.invoice;
  }
  const record = await withItems(trx, paid);
  reportEvent(trx, { userId, type: 'invoice.paid', object: record.invoice });
  return record;
}
