/**
 * Recurring invoice schedules: create, list, read, edit, delete, pause and resume. The dates come
 * from the pure src/domain/recurrence.ts; `next_period` only ever moves forward, so no sequence of
 * edits, pauses and resumes issues a period twice. A write that leaves a period due queues its
 * generation (src/services/recurring-generation.ts) in the same transaction.
 */
import { type Selectable, type Transaction, type Updateable, sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import type { PageOf } from '../../schemas/common.js';
import type { AllowanceChargeInput, InvoiceItemInput } from '../../schemas/invoices.js';
import type {
  CreateRecurringInvoiceBody,
  RecurringInvoice,
  RecurringInvoiceListQuery,
  UpdateRecurringInvoiceBody,
} from '../../schemas/recurring-invoices.js';
import { addDays } from '../domain/calendar.js';
import { type Recurrence, firstPeriodOnOrAfter, periodExists } from '../domain/recurrence.js';
import { AppError, notFound } from '../errors.js';
import { representationEtag } from '../etag.js';
import { findClientRow } from './clients.js';
import { normaliseExemptions, priceItems } from './document-lines.js';
import { todayUtc } from './invoice-records.js';
import { metadataColumn, metadataContains } from './metadata.js';
import { paginate } from './pagination.js';
import { assertIfMatch } from './preconditions.js';
import { positionColumns, queueGenerationIfDue, recurrenceOf } from './recurring-generation.js';

type ScheduleRow = Selectable<DB['recurring_invoices']>;

export function toRecurringInvoice(row: ScheduleRow): RecurringInvoice {
  return {
    id: row.id,
    clientId: row.client_id,
    currency: row.currency,
    items: row.items,
    notes: row.notes,
    buyerReference: row.buyer_reference,
    purchaseOrderReference: row.purchase_order_reference,
    taxExemptions: row.tax_exemptions,
    allowances: row.allowances,
    charges: row.charges,
    interval: row.interval,
    intervalCount: row.interval_count,
    startDate: row.start_date,
    endDate: row.end_date,
    paymentTermsDays: row.payment_terms_days,
    autoPublish: row.auto_publish,
    status: row.status,
    nextIssueDate: row.next_issue_date,
    lastIssueDate: row.last_issue_date,
    metadata: row.metadata,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function assertEndNotBeforeStart(startDate: string, endDate: string | null | undefined) {
  if (endDate && endDate < startDate) {
    const message = `must not be before startDate (${startDate})`;
    throw new AppError('validation_failed', `/endDate ${message}`, [{ path: '/endDate', message }]);
  }
}

interface TemplateContent {
  items: readonly InvoiceItemInput[];
  allowances: readonly AllowanceChargeInput[];
  charges: readonly AllowanceChargeInput[];
}

/**
 * Refuses a template that could never be priced now, not at each period, by the invoices' own
 * pricing: a category that disagrees with its rate, a discount or allowance out of bounds (400), or
 * one that brings a line, the subtotal or a tax category below 0 (422). Neither depends on the
 * rounding the generated invoice will take.
 */
const assertTemplatePrices = ({ items, allowances, charges }: TemplateContent) => void priceItems(items, 'line', { allowances, charges });

export async function createRecurringInvoice(
  trx: Transaction<DB>,
  userId: string,
  body: CreateRecurringInvoiceBody,
): Promise<RecurringInvoice> {
  assertEndNotBeforeStart(body.startDate, body.endDate);
  assertTemplatePrices({ items: body.items, allowances: body.allowances ?? [], charges: body.charges ?? [] });
  const taxExemptions = normaliseExemptions(body.taxExemptions ?? []);
  const client = await findClientRow(trx, userId, body.clientId);
  if (!client) throw new AppError('unprocessable', 'clientId is not one of your clients');
  const recurrence: Recurrence = {
    interval: body.interval,
    intervalCount: body.intervalCount ?? 1,
    startDate: body.startDate,
    endDate: body.endDate ?? null,
  };
  const row = await trx
    .insertInto('recurring_invoices')
    .values({
      user_id: userId,
      client_id: client.id,
      currency: body.currency ?? client.currency,
      items: JSON.stringify(body.items),
      notes: body.notes ?? null,
      buyer_reference: body.buyerReference ?? null,
      purchase_order_reference: body.purchaseOrderReference ?? null,
      tax_exemptions: taxExemptions,
      allowances: JSON.stringify(body.allowances ?? []),
      charges: JSON.stringify(body.charges ?? []),
      interval: recurrence.interval,
      interval_count: recurrence.intervalCount,
      start_date: recurrence.startDate,
      end_date: recurrence.endDate,
      payment_terms_days: body.paymentTermsDays ?? null,
      auto_publish: body.autoPublish ?? false,
      metadata: metadataColumn(body.metadata),
      ...positionColumns(recurrence, 0, 'active'),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await queueGenerationIfDue(trx, row);
  return toRecurringInvoice(row);
}

export async function listRecurringInvoices(
  db: Executor,
  userId: string,
  query: RecurringInvoiceListQuery,
): Promise<PageOf<RecurringInvoice>> {
  let rows = db.selectFrom('recurring_invoices').selectAll().where('user_id', '=', userId);
  if (query.metadata) rows = rows.where(metadataContains('recurring_invoices', userId, metadataColumn(query.metadata)));
  const page = await paginate(rows, query, { createdAt: 'recurring_invoices.created_at', id: 'recurring_invoices.id' });
  return { data: page.data.map(toRecurringInvoice), nextCursor: page.nextCursor };
}

export async function getRecurringInvoice(db: Executor, userId: string, id: string): Promise<RecurringInvoice> {
  const row = await db.selectFrom('recurring_invoices').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Recurring invoice');
  return toRecurringInvoice(row);
}

/** Locks the user's schedule (404 when it is not theirs), so generation and edits take turns. */
export async function lockSchedule(trx: Transaction<DB>, userId: string, id: string): Promise<ScheduleRow> {
  const row = await trx
    .selectFrom('recurring_invoices')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Recurring invoice');
  return row;
}

async function saveSchedule(trx: Transaction<DB>, row: ScheduleRow, changes: Omit<Updateable<DB['recurring_invoices']>, 'id' | 'user_id'>) {
  const saved = await trx
    .updateTable('recurring_invoices')
    .set({ ...changes, updated_at: sql`now()` })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await queueGenerationIfDue(trx, saved);
  return toRecurringInvoice(saved);
}

/**
 * Changes apply to the invoices not yet generated. A new rhythm (interval, count, start) keeps
 * what was issued: its next period is the first one after the last issue date (or its first one
 * when nothing was issued yet), and never one before today's while paused periods are skipped.
 */
export async function updateRecurringInvoice(
  trx: Transaction<DB>,
  userId: string,
  id: string,
  body: UpdateRecurringInvoiceBody,
  ifMatch?: string,
): Promise<RecurringInvoice> {
  const row = await lockSchedule(trx, userId, id);
  // Checked under the row lock: a concurrent change cannot slip between the check and the write.
  if (ifMatch !== undefined) assertIfMatch(ifMatch, representationEtag(toRecurringInvoice(row)));
  if (body.items || body.allowances || body.charges) {
    assertTemplatePrices({
      items: body.items ?? row.items,
      allowances: body.allowances ?? row.allowances,
      charges: body.charges ?? row.charges,
    });
  }
  const recurrence: Recurrence = {
    interval: body.interval ?? row.interval,
    intervalCount: body.intervalCount ?? row.interval_count,
    startDate: body.startDate ?? row.start_date,
    endDate: body.endDate === undefined ? row.end_date : body.endDate,
  };
  assertEndNotBeforeStart(recurrence.startDate, recurrence.endDate);
  const rhythmChanged =
    recurrence.interval !== row.interval || recurrence.intervalCount !== row.interval_count || recurrence.startDate !== row.start_date;
  const next = rhythmChanged
    ? row.last_issue_date === null
      ? 0
      : firstPeriodOnOrAfter(recurrence, addDays(row.last_issue_date, 1))
    : row.next_period;
  return saveSchedule(trx, row, {
    ...(body.items ? { items: JSON.stringify(body.items) } : {}),
    ...(body.currency !== undefined ? { currency: body.currency } : {}),
    ...(body.notes !== undefined ? { notes: body.notes } : {}),
    ...(body.buyerReference !== undefined ? { buyer_reference: body.buyerReference } : {}),
    ...(body.purchaseOrderReference !== undefined ? { purchase_order_reference: body.purchaseOrderReference } : {}),
    ...(body.taxExemptions ? { tax_exemptions: normaliseExemptions(body.taxExemptions) } : {}),
    ...(body.allowances ? { allowances: JSON.stringify(body.allowances) } : {}),
    ...(body.charges ? { charges: JSON.stringify(body.charges) } : {}),
    ...(body.paymentTermsDays !== undefined ? { payment_terms_days: body.paymentTermsDays } : {}),
    ...(body.autoPublish !== undefined ? { auto_publish: body.autoPublish } : {}),
    metadata: metadataColumn(body.metadata),
    interval: recurrence.interval,
    interval_count: recurrence.intervalCount,
    start_date: recurrence.startDate,
    end_date: recurrence.endDate,
    ...(row.status === 'ended' && !periodExists(recurrence, next)
      ? { next_period: next }
      : positionColumns(recurrence, next, row.status === 'paused' ? 'paused' : 'active')),
  });
}

export async function deleteRecurringInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<void> {
  const row = await lockSchedule(trx, userId, id);
  await trx.deleteFrom('recurring_invoices').where('id', '=', row.id).execute();
}

const refuse = (action: string, status: string) =>
  new AppError('invalid_transition', `A recurring invoice that is ${status} cannot be ${action}d`);

export async function pauseRecurringInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<RecurringInvoice> {
  const row = await lockSchedule(trx, userId, id);
  if (row.status !== 'active') throw refuse('pause', row.status);
  return saveSchedule(trx, row, { status: 'paused' });
}

/** Periods that passed while paused are skipped: the next one is the first from today on. */
export async function resumeRecurringInvoice(trx: Transaction<DB>, userId: string, id: string): Promise<RecurringInvoice> {
  const row = await lockSchedule(trx, userId, id);
  if (row.status !== 'paused') throw refuse('resume', row.status);
  const recurrence = recurrenceOf(row);
  const next = Math.max(row.next_period, firstPeriodOnOrAfter(recurrence, todayUtc()));
  return saveSchedule(trx, row, positionColumns(recurrence, next, 'active'));
}
