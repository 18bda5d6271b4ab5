/**
 * The revenue report: per currency and period, what was invoiced (and its tax), credited and
 * collected, and what was still owed at the period's end. One statement sums every figure per
 * period start; the periods themselves (all of them, zeros included, the first and last clipped)
 * come from src/domain/report-periods.ts.
 *
 * What is owed at a date is, per invoice, max(0, total − everything that settled it by then), 0
 * before its issue date. The statement finds, per invoice, each day that sum changes (its issue
 * date, each payment's and credit note's date) and the change; summed per period, and carried
 * forward from what was owed before the range, they give each period's closing balance.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { RevenueQuery, RevenueReport } from '../../schemas/reports.js';
import type { ReportGrouping } from '../../base/vocabulary.js';
import { reportPeriods } from '../domain/report-periods.js';
import { assertReportRange } from './report-range.js';

type Figure = 'invoiced' | 'tax' | 'credited' | 'collected' | 'outstanding';

interface RevenueRow {
  figure: Figure;
  currency: string;
  /** The period's first day, or null for the change of what was owed before the range. */
  period_start: string | null;
  amount: string;
}

function revenueRows(db: Executor, userId: string, from: string, to: string, groupBy: ReportGrouping) {
  const periodOf = (day: ReturnType<typeof sql.ref>) => sql`date_trunc(${groupBy}, ${day}::timestamp)::date`;
  const fromStart = sql`${from}::date::timestamp at time zone 'UTC'`;
  const toEnd = sql`(${to}::date + 1)::timestamp at time zone 'UTC'`;
  return sql<RevenueRow>`
    with issued as (
      select id, currency, total, tax, issue_date from invoices
      where user_id = ${userId} and status not in ('draft', 'void') and issue_date <= ${to}::date
    ),
    settlements as (
      select invoice_id, (paid_at at time zone 'UTC')::date as day, amount from payments
      where user_id = ${userId} and paid_at < ${toEnd}
      union all
      select invoice_id, issue_date, total from credit_notes
      where user_id = ${userId} and issue_date <= ${to}::date
    ),
    days as (
      select id, currency, total, issue_date, issue_date as day, 0::bigint as amount from issued
      union all
      select i.id, i.currency, i.total, i.issue_date, s.day, s.amount
      from issued i join settlements s on s.invoice_id = i.id
    ),
    balances as (
      select id, currency, day,
        case when day >= issue_date then greatest(total - sum(amount) over (partition by id order by day), 0) else 0 end as due
      from days
    ),
    changes as (
      select currency, day, due - coalesce(lag(due) over (partition by id order by day), 0) as change from balances
    )
    select 'invoiced' as figure, currency, ${periodOf(sql.ref('issue_date'))} as period_start, sum(total)::text as amount
    from issued where issue_date >= ${from}::date group by currency, period_start
    union all
    select 'tax', currency, ${periodOf(sql.ref('issue_date'))}, sum(tax)::text
    from issued where issue_date >= ${from}::date group by currency, 3
    union all
    select 'credited', currency, ${periodOf(sql.ref('issue_date'))}, sum(total)::text
    from credit_notes where user_id = ${userId} and issue_date between ${from}::date and ${to}::date group by currency, 3
    union all
    select 'collected', i.currency, ${periodOf(sql.ref('p.day'))}, sum(p.amount)::text
    from (
      select invoice_id, (paid_at at time zone 'UTC')::date as day, amount from payments
      where user_id = ${userId} and paid_at >= ${fromStart} and paid_at < ${toEnd}
    ) p
    join invoices i on i.id = p.invoice_id and i.user_id = ${userId}
    group by i.currency, 3
    union all
    select 'outstanding', currency, case when day >= ${from}::date then ${periodOf(sql.ref('day'))} end, sum(change)::text
    from changes where change <> 0 group by currency, 3`.execute(db);
}

const zeros = { invoiced: 0n, tax: 0n, credited: 0n, collected: 0n, outstanding: 0n };

export async function revenueReport(db: Executor, userId: string, query: RevenueQuery): Promise<RevenueReport> {
  const { from, to, groupBy = 'month' } = query;
  assertReportRange(from, to);
  const { rows } = await revenueRows(db, userId, from, to, groupBy);
  const periods = reportPeriods(from, to, groupBy);
  const byCurrency = new Map<string, Map<string | null, Record<Figure, bigint>>>();
  for (const row of rows) {
    const figures = byCurrency.get(row.currency) ?? new Map<string | null, Record<Figure, bigint>>();
    byCurrency.set(row.currency, figures);
    const period = figures.get(row.period_start) ?? { ...zeros };
    period[row.figure] += BigInt(row.amount);
    figures.set(row.period_start, period);
  }
  const currencies: RevenueReport['currencies'] = [];
  for (const currency of [...byCurrency.keys()].sort()) {
    const figures = byCurrency.get(currency) ?? new Map();
    // What was owed when the range began, then each period's changes: the balance at each period's end.
    let owed = figures.get(null)?.outstanding ?? 0n;
    const rowsOfPeriods = periods.map(({ period, start, from: periodFrom, to: periodTo }) => {
      const { invoiced, tax, credited, collected, outstanding } = figures.get(start) ?? zeros;
      owed += outstanding;
      return { period, from: periodFrom, to: periodTo, invoiced, tax, credited, collected, outstanding: owed };
    });
    const anyFigure = rowsOfPeriods.some((row) => [row.invoiced, row.tax, row.credited, row.collected, row.outstanding].some((value) => value !== 0n));
    if (anyFigure) currencies.push({ currency, periods: rowsOfPeriods });
  }
  return { from, to, groupBy, currencies };
}
