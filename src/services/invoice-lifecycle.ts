/**
 * Invoice transitions: publish, send, void, mark-uncollectible and pay. Each locks the user's invoice row, asks the
 * state machine, changes the row (version + 1) to the status the machine names, reports the
 * transition and returns the invoice as it now is, all inside the caller's transaction.
 */
import { type Transaction, sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { DB } from '../../db/types.js';
import { withFullPayment } from '../domain/invoice-balance.js';
import { type TargetOf, assertTransition } from '../domain/invoice-state.js';
import { AppError } from '../errors.js';
import { reportEvent } from '../unit-of-work/events.js';
import { type IssuedDocument, issueDocument } from './document-issuing.js';
import {
  type InvoiceRecord,
  type InvoiceRow,
  balanceColumns,
  invoiceState,
  invoiceUpdate,
  loadItems,
  lockInvoiceRow,
  updateInvoiceRow,
  withItems,
} from './invoice-records.js';
import { type PaymentInput, reportPaymentCreated, savePayment } from './payments.js';

/** Locks the user's invoice once `action` is allowed on it (else 404 or 409); `to` is where it leads. */
async function lockFor<A extends 'publish' | 'send' | 'void' | 'mark-uncollectible'>(
  trx: Transaction<DB>,
  userId: string,
  id: string,
  action: A,
): Promise<{ row: InvoiceRow; to: TargetOf<A> }> {
  const row = await lockInvoiceRow(trx, userId, id);
  return { row, to: assertTransition(invoiceState(row), action) };
}

const writePublished = compiledQuery(
  'publish_invoice',
  (db, values: { id: string; userId: string; status: TargetOf<'publish'>; number: string; hostedToken: string } & IssuedDocument['partyColumns']) =>
    invoiceUpdate(db, { id: values.id, user_id: values.userId }, {
      status: values.status,
      number: values.number,
      published_at: sql<string>`now()`,
      seller: values.seller,
      buyer: values.buyer,
      language: values.language,
      logo_sha256: values.logo_sha256,
      hosted_token: values.hostedToken,
    }),
);

/**
 * draft → published, numbered with the profile's prefix, the seller (profile) and buyer (client)
 * frozen into the row. An invoice without items cannot be published (422); one without a profile can.
 */
export async function publishInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<InvoiceRecord> {
  const { row, to } = await lockFor(trx, userId, id, 'publish');
  const items = await loadItems(trx, row.id);
  if (items.length === 0) throw new AppError('unprocessable', 'An invoice needs at least one item to be published');
  const { number, partyColumns, hostedToken } = await issueDocument(trx, 'invoice', userId, row.client_id);
  const [published] = await writePublished(trx, { id: row.id, userId, status: to, number, ...partyColumns, hostedToken });
  if (!published) throw new Error(`invoice ${row.id} was not published`);
  const record = await withItems(trx, published, items);
  reportEvent(trx, { userId, type: 'invoice.published', object: record.invoice });
  return record;
}

/** published or sent → sent; sending again moves sentAt. */
export async function sendInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<InvoiceRecord> {
  const { row, to } = await lockFor(trx, userId, id, 'send');
  const record = await withItems(trx, await updateInvoiceRow(trx, row, { status: to, sent_at: sql<string>`now()` }));
  reportEvent(trx, { userId, type: 'invoice.sent', object: record.invoice });
  return record;
}

/** published, sent or uncollectible, with nothing paid or credited → void. */
export async function voidInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<InvoiceRecord> {
  const { row, to } = await lockFor(trx, userId, id, 'void');
  const record = await withItems(trx, await updateInvoiceRow(trx, row, { status: to, voided_at: sql<string>`now()` }));
  reportEvent(trx, { userId, type: 'invoice.voided', object: record.invoice });
  return record;
}

/** published or sent → uncollectible: still open to payments and credit notes, never overdue. */
export async function markInvoiceUncollectible(trx: Transaction<DB>, userId: string, id: string): Promise<InvoiceRecord> {
  const { row, to } = await lockFor(trx, userId, id, 'mark-uncollectible');
  const marked = await updateInvoiceRow(trx, row, { status: to, marked_uncollectible_at: sql<string>`now()` });
  const record = await withItems(trx, marked);
  reportEvent(trx, { userId, type: 'invoice.marked_uncollectible', object: record.invoice });
  return record;
}

/**
 * published, sent or uncollectible → paid, recording one payment of the whole amountDue (what the
 * balance rules say is left). An invoice with nothing left to pay (a zero total) becomes paid
 * without a payment row: payments are always > 0.
 */
export async function payInvoice(
  trx: Transaction<DB>,
  userId: string,
  id: string,
  payment: Omit<PaymentInput, 'amount'>,
): Promise<InvoiceRecord> {
  const row = await lockInvoiceRow(trx, userId, id);
  const { balance, payment: amount } = withFullPayment(invoiceState(row));
  let paid: InvoiceRow;
  if (amount === 0) {
    paid = await updateInvoiceRow(trx, row, { ...balanceColumns(balance), paid_at: payment.paidAt });
  } else {
    const applied = await savePayment(trx, row, { ...payment, amount }, balance);
    reportPaymentCreated(trx, applied.invoice, applied.payment);
    paid = applied.invoice;
  }
  const record = await withItems(trx, paid);
  reportEvent(trx, { userId, type: 'invoice.paid', object: record.invoice });
  return record;
}
