/**
 * The aging report: what each client owes at the end of a day, by how many days past due, per
 * currency. One statement: the database rebuilds every issued invoice's balance at that date from
 * its payments and credit notes and sums the buckets per client and per currency (ROLLUP).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { AgingReport } from '../../schemas/reports.js';
import { todayUtc } from './invoice-records.js';
import { assertReportDate } from './report-range.js';

const agingBucketNames = ['current', 'days1to30', 'days31to60', 'days61to90', 'over90', 'total'] as const;
type AgingBuckets = Pick<AgingReport['currencies'][number], (typeof agingBucketNames)[number]>;

type AgingRow = { currency: string; client_id: string | null; company_name: string | null } & Record<keyof AgingBuckets, string>;

function agingRows(db: Executor, userId: string, asOf: string) {
  return sql<AgingRow>`
    with settled as (
      select invoice_id, sum(amount) as amount
      from (
        select invoice_id, amount from payments
        where user_id = ${userId} and paid_at < (${asOf}::date + 1)::timestamp at time zone 'UTC'
        union all
        select invoice_id, total from credit_notes
        where user_id = ${userId} and issue_date <= ${asOf}::date
      ) documents
      group by invoice_id
    ),
    balances as (
      select i.currency, i.client_id, ${asOf}::date - i.due_date as days_late,
        greatest(i.total - coalesce(s.amount, 0), 0) as due
      from invoices i
      left join settled s on s.invoice_id = i.id
      where i.user_id = ${userId} and i.status not in ('draft', 'void') and i.issue_date <= ${asOf}::date
    ),
    sums as (
      select currency, client_id,
        coalesce(sum(due) filter (where days_late <= 0), 0)::text as current,
        coalesce(sum(due) filter (where days_late between 1 and 30), 0)::text as days1to30,
        coalesce(sum(due) filter (where days_late between 31 and 60), 0)::text as days31to60,
        coalesce(sum(due) filter (where days_late between 61 and 90), 0)::text as days61to90,
        coalesce(sum(due) filter (where days_late > 90), 0)::text as over90,
        sum(due)::text as total
      from balances
      where due > 0
      group by currency, rollup (client_id)
    )
    -- The names join the few sums, not the invoices: joined earlier, the planner walks invoices client by client.
    select s.*, c.company_name
    from sums s
    left join clients c on c.id = s.client_id and c.user_id = ${userId}
    order by s.currency, s.client_id is not null, c.company_name collate "C", s.client_id`.execute(db);
}

const bucketsOf = (row: AgingRow) =>
  Object.fromEntries(agingBucketNames.map((name) => [name, BigInt(row[name])])) as AgingBuckets;

/** The report at the end of `asOf` (UTC), default today. */
export async function agingReport(db: Executor, userId: string, asOf = todayUtc()): Promise<AgingReport> {
  assertReportDate(asOf);
  const { rows } = await agingRows(db, userId, asOf);
  const currencies: AgingReport['currencies'] = [];
  for (const row of rows) {
    if (row.client_id === null) {
      currencies.push({ currency: row.currency, ...bucketsOf(row), clients: [] });
    } else {
      currencies.at(-1)?.clients.push({ clientId: row.client_id, companyName: row.company_name ?? '', ...bucketsOf(row) });
    }
  }
  return { asOf, currencies };
}
