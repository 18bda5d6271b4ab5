/**
 * Payments: recording one against a locked invoice (never past its total), and reading them back,
 * always scoped by user_id.
 */
import type { Selectable, Transaction } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { PageOf } from '../../schemas/common.js';
import type { CreatePaymentBody, InvoicePaymentListQuery, Payment, PaymentListQuery } from '../../schemas/payments.js';
import { type InvoiceBalance, withPayment } from '../domain/invoice-balance.js';
import { AppError, notFound } from '../errors.js';
import { reportEvent } from '../unit-of-work/events.js';
import {
  type InvoiceRow,
  balanceColumns,
  findInvoiceRow,
  invoiceState,
  invoiceUpdate,
  lockInvoiceRow,
  withItems,
} from './invoice-records.js';
import { metadataColumn, metadataContains } from './metadata.js';
import { decodeCursor, paginate } from './pagination.js';

/** A payment row with its invoice's currency (the one its amount is in), read through the invoice. */
export type PaymentRow = Selectable<DB['payments']> & { currency: string };

/** A payment as the service takes it: `paidAt` already resolved (see `resolvePaidAt`). */
export type PaymentInput = Omit<CreatePaymentBody, 'paidAt'> & { paidAt: Date };

export function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    invoiceId: row.invoice_id,
    amount: row.amount,
    currency: row.currency,
    method: row.method,
    paidAt: row.paid_at,
    reference: row.reference,
    metadata: row.metadata,
    createdAt: row.created_at,
  };
}

const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * `paidAt` as a Date, now when absent. The schema checks the RFC 3339 shape; this refuses what a
 * timestamp cannot hold (a leap second, a UTC year outside 1–9999) with a 400 before any query.
 */
export function resolvePaidAt(paidAt: string | undefined, now = new Date()): Date {
  if (paidAt === undefined) return now;
  const time = Date.parse(paidAt);
  if (Number.isNaN(time) || time < EARLIEST || time > LATEST) {
    throw new AppError('validation_failed', `Invalid body: /paidAt ${paidAt} is not a representable UTC time`, [
      { path: '/paidAt', message: 'must be a date-time between years 0001 and 9999 UTC' },
    ]);
  }
  return new Date(time);
}

const insertPayment = compiledQuery(
  'insert_payment',
  (
    db,
    values: {
      userId: string;
      invoiceId: string;
      amount: number;
      method: PaymentRow['method'];
      paidAt: Date;
      reference: string | null;
      metadata: string;
    },
  ) =>
    db
      .insertInto('payments')
      .values({
        user_id: values.userId,
        invoice_id: values.invoiceId,
        amount: values.amount,
        method: values.method,
        paid_at: values.paidAt,
        reference: values.reference,
        metadata: values.metadata,
      })
      .returningAll(),
);

/** The balance a payment leaves, on the locked row (paidAt only when it settles the invoice). */
const writeBalance = compiledQuery('write_invoice_balance', (db, values: InvoiceBalance & { id: string; userId: string; paidAt?: Date }) =>
  invoiceUpdate(db, { id: values.id, user_id: values.userId }, {
    ...balanceColumns(values),
    ...(values.paidAt !== undefined ? { paid_at: values.paidAt } : {}),
  }),
);

/** Reports `payment.created` for a payment just applied to `invoice`. */
export function reportPaymentCreated(trx: Transaction<DB>, invoice: InvoiceRow, payment: PaymentRow): void {
  reportEvent(trx, { userId: invoice.user_id, type: 'payment.created', object: toPayment(payment), currency: invoice.currency });
}

/**
 * Inserts a payment on an invoice row the transaction has locked and writes the invoice's balance
 * `after` it, as src/domain/invoice-balance.ts computed it (checked state and amount); settling
 * makes the invoice paid with the settling payment's paidAt. The CHECKs are the backstop.
 */
export async function savePayment(
  trx: Transaction<DB>,
  invoice: InvoiceRow,
  { amount, method, paidAt, reference, metadata }: PaymentInput,
  after: InvoiceBalance,
): Promise<{ invoice: InvoiceRow; payment: PaymentRow }> {
  const [inserted] = await insertPayment(trx, {
    userId: invoice.user_id,
    invoiceId: invoice.id,
    amount,
    method,
    paidAt,
    reference: reference ?? null,
    metadata: JSON.stringify(metadata ?? {}),
  });
  const settles = after.status === 'paid' && invoice.status !== 'paid';
  const [updated] = await writeBalance(trx, { id: invoice.id, userId: invoice.user_id, ...after, paidAt: settles ? paidAt : undefined });
  if (!inserted || !updated) throw new Error(`payment on invoice ${invoice.id} was not written`);
  return { invoice: updated, payment: { ...inserted, currency: invoice.currency } };
}

/**
 * Records a payment on one of the user's invoices. The invoice row stays locked from the state
 * and amount checks to the insert, so concurrent payments queue and never overpay it. Reports
 * `payment.created`, then `invoice.paid` when the payment settles the invoice.
 */
export async function recordPayment(
  trx: Transaction<DB>,
  userId: string,
  invoiceId: string,
  input: PaymentInput,
): Promise<{ invoice: InvoiceRow; payment: PaymentRow }> {
  const invoice = await lockInvoiceRow(trx, userId, invoiceId);
  const applied = await savePayment(trx, invoice, input, withPayment(invoiceState(invoice), input.amount));
  reportPaymentCreated(trx, applied.invoice, applied.payment);
  if (applied.invoice.status === 'paid') {
    reportEvent(trx, { userId, type: 'invoice.paid', object: (await withItems(trx, applied.invoice)).invoice });
  }
  return applied;
}

/** The user's payments, each with its invoice's currency (joined on the invoice's primary key). */
function paymentsOf(db: Executor, userId: string) {
  return db
    .selectFrom('payments')
    .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
    .selectAll('payments')
    .select('invoices.currency')
    .where('payments.user_id', '=', userId);
}

async function pageOfPayments(
  query: ReturnType<typeof paymentsOf>,
  userId: string,
  { metadata, ...page }: InvoicePaymentListQuery,
): Promise<PageOf<Payment>> {
  const filtered = metadata ? query.where(metadataContains('payments', userId, metadataColumn(metadata))) : query;
  const { data, nextCursor } = await paginate(filtered, page, { createdAt: 'payments.created_at', id: 'payments.id' });
  return { data: data.map(toPayment), nextCursor };
}

/** The payments of one of the user's invoices; another user's invoice is 404. */
export async function listInvoicePayments(db: Executor, userId: string, invoiceId: string, page: InvoicePaymentListQuery) {
  // Validation before existence: a malformed cursor is a 400 even on an invoice that is not the user's.
  if (page.cursor) decodeCursor(page.cursor);
  await findInvoiceRow(db, userId, invoiceId);
  return pageOfPayments(paymentsOf(db, userId).where('payments.invoice_id', '=', invoiceId), userId, page);
}

/** All the user's payments, optionally of one invoice (another user's invoice: an empty page). */
export function listPayments(db: Executor, userId: string, { invoiceId, ...page }: PaymentListQuery) {
  const query = paymentsOf(db, userId);
  return pageOfPayments(invoiceId ? query.where('payments.invoice_id', '=', invoiceId) : query, userId, page);
}

export async function getPayment(db: Executor, userId: string, id: string): Promise<Payment> {
  const row = await paymentsOf(db, userId).where('payments.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Payment');
  return toPayment(row);
}
