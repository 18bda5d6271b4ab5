/**
 * The tax report: per currency, tax category and rate, the stored tax breakdowns of the invoices
 * issued in a range less those of the credit notes issued in it. One statement. It reads each
 * document's `tax_breakdown` as it was priced (the same figures its e-invoice carries), so however
 * pricing computes a breakdown (discounts, allowances, charges) the report follows.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { TaxQuery, TaxReport } from '../../schemas/reports.js';
import type { TaxCategory } from '../../base/vocabulary.js';
import { assertReportRange } from './report-range.js';

interface TaxRow {
  currency: string;
  tax_category: TaxCategory;
  tax_rate: string;
  taxable_amount: string;
  tax_amount: string;
}

function taxRows(db: Executor, userId: string, from: string, to: string) {
  return sql<TaxRow>`
    select currency, tax_category, tax_rate::text as tax_rate, sum(taxable_amount)::text as taxable_amount,
      sum(tax_amount)::text as tax_amount
    from (
      select d.currency, entry->>'taxCategory' as tax_category, (entry->>'taxRate')::numeric as tax_rate,
        d.sign * (entry->>'taxableAmount')::bigint as taxable_amount, d.sign * (entry->>'taxAmount')::bigint as tax_amount
      from (
        select currency, tax_breakdown, 1 as sign from invoices
        where user_id = ${userId} and status not in ('draft', 'void') and issue_date between ${from}::date and ${to}::date
        union all
        select currency, tax_breakdown, -1 from credit_notes
        where user_id = ${userId} and issue_date between ${from}::date and ${to}::date
      ) d
      cross join lateral jsonb_array_elements(d.tax_breakdown) entry
    ) entries
    group by entries.currency, entries.tax_category, entries.tax_rate
    order by entries.currency, entries.tax_category collate "C", entries.tax_rate`.execute(db);
}

export async function taxReport(db: Executor, userId: string, { from, to }: TaxQuery): Promise<TaxReport> {
  assertReportRange(from, to);
  const { rows } = await taxRows(db, userId, from, to);
  const currencies: TaxReport['currencies'] = [];
  for (const row of rows) {
    if (currencies.at(-1)?.currency !== row.currency) currencies.push({ currency: row.currency, rows: [] });
    currencies.at(-1)?.rows.push({
      taxCategory: row.tax_category,
      taxRate: Number(row.tax_rate),
      taxableAmount: BigInt(row.taxable_amount),
      taxAmount: BigInt(row.tax_amount),
    });
  }
  return { from, to, currencies };
}
