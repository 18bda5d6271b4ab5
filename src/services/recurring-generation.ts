/**
 * Issuing the periods of recurring invoice schedules, on the background engine: a periodic scan
 * queues one `recurring.generate` task per schedule with a period due (one indexed query; the
 * task's unique key keeps a second one out while it is pending), and the task issues that
 * schedule's due periods in order, each in its own transaction with the schedule row locked. The
 * unique (schedule, period date) pair on invoices is the last defence against a period issued twice.
 */
import { type Selectable, type Transaction, sql } from 'kysely';
import { compiledQuery } from '../../db/compiled-queries.js';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/types.js';
import { addDays } from '../domain/calendar.js';
import { type Recurrence, periodDate, periodExists } from '../domain/recurrence.js';
import { enqueueTasks } from '../jobs/queue.js';
import { findBusinessProfileRow } from './business-profile.js';
import { todayUtc } from './invoice-records.js';
import { publishInvoice } from './invoice-lifecycle.js';
import { createInvoice } from './invoices.js';

export const RECURRING_GENERATION_KIND = 'recurring.generate';
/** Without the schedule's or the profile's terms. */
const DEFAULT_PAYMENT_TERMS_DAYS = 30;

type ScheduleRow = Selectable<DB['recurring_invoices']>;

export const recurrenceOf = (row: Pick<ScheduleRow, 'interval' | 'interval_count' | 'start_date' | 'end_date'>): Recurrence => ({
  interval: row.interval,
  intervalCount: row.interval_count,
  startDate: row.start_date,
  endDate: row.end_date,
});

/** The columns that say where a schedule stands once its next period is `next`. */
export function positionColumns(recurrence: Recurrence, next: number, status: 'active' | 'paused') {
  return periodExists(recurrence, next)
    ? { next_period: next, next_issue_date: periodDate(recurrence, next), status }
    : { next_period: next, next_issue_date: null, status: 'ended' as const };
}

const generationTask = (scheduleId: string) => ({
  kind: RECURRING_GENERATION_KIND,
  payload: { scheduleId },
  uniqueKey: `recurring:${scheduleId}`,
});

const isDue = (row: Pick<ScheduleRow, 'status' | 'next_issue_date'>, today: string) =>
  row.status === 'active' && row.next_issue_date !== null && row.next_issue_date <= today;

/** Queues the schedule's generation in `trx` when a period of it is due (create, edit, resume). */
export async function queueGenerationIfDue(trx: Transaction<DB>, row: ScheduleRow): Promise<void> {
  if (isDue(row, todayUtc())) await enqueueTasks(trx, [generationTask(row.id)]);
}

/** The periodic scan: queues a generation for every schedule with a period due; returns how many were queued. */
export async function queueDueGenerations(trx: Transaction<DB>): Promise<number> {
  const due = await trx
    .selectFrom('recurring_invoices')
    .select('id')
    .where('status', '=', 'active')
    .where('next_issue_date', '<=', todayUtc())
    .execute();
  return enqueueTasks(
    trx,
    due.map((row) => generationTask(row.id)),
  );
}

const lockSchedule = compiledQuery('lock_recurring_invoice', (db, { id }: { id: string }) =>
  db.selectFrom('recurring_invoices').selectAll().where('id', '=', id).forUpdate(),
);

const writeIssuedPeriod = compiledQuery(
  'write_recurring_period',
  (db, values: { id: string; issueDate: string } & ReturnType<typeof positionColumns>) =>
    db
      .updateTable('recurring_invoices')
      .set({
        next_period: values.next_period,
        next_issue_date: values.next_issue_date,
        status: values.status,
        last_issue_date: values.issueDate,
        updated_at: sql`now()`,
      })
      .where('id', '=', values.id)
      .returning(['status', 'next_issue_date']),
);

/**
 * Issues the schedule's next period if it is due: one invoice with that issue date, a copy of the
 * schedule's lines (with their discounts), allowances, charges and references, priced by the
 * invoices' own pricing, published when `autoPublish`. Returns whether another period is due after it.
 */
export async function generateNextPeriod(trx: Transaction<DB>, scheduleId: string): Promise<boolean> {
  const [row] = await lockSchedule(trx, { id: scheduleId });
  const today = todayUtc();
  if (!row || !isDue(row, today)) return false;
  const issueDate = row.next_issue_date!;
  const terms = row.payment_terms_days ?? (await findBusinessProfileRow(trx, row.user_id))?.payment_terms_days ?? DEFAULT_PAYMENT_TERMS_DAYS;
  const created = await createInvoice(
    trx,
    row.user_id,
    {
      clientId: row.client_id,
      currency: row.currency,
      issueDate,
      dueDate: addDays(issueDate, terms),
      notes: row.notes,
      buyerReference: row.buyer_reference,
      purchaseOrderReference: row.purchase_order_reference,
      taxExemptions: row.tax_exemptions,
      items: row.items,
      allowances: row.allowances,
      charges: row.charges,
    },
    { recurring_invoice_id: row.id, recurring_period_date: issueDate },
  );
  if (row.auto_publish) await publishInvoice(trx, row.user_id, created.row.id);
  const [saved] = await writeIssuedPeriod(trx, { id: row.id, ...positionColumns(recurrenceOf(row), row.next_period + 1, 'active'), issueDate });
  if (!saved) throw new Error(`schedule ${row.id} was not moved on`);
  return isDue(saved, today);
}

/** How many schedules have a period due (for tests and operators). */
export async function dueScheduleCount(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('recurring_invoices')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('status', '=', 'active')
    .where('next_issue_date', '<=', todayUtc())
    .executeTakeFirstOrThrow();
  return row.count;
}
