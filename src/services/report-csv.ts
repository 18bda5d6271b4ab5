/** The reports as CSV rows: one per innermost entry, in the report's order, amounts in major units. */
import { type AgingReport, type ReportCsvColumn, type ReportKind, type RevenueReport, type TaxReport, reportCsvColumns } from '../../schemas/reports.js';
import { formatTaxRate } from '../domain/currency-amounts.js';
import { amountCell, plainCell, textCell } from '../domain/csv-cells.js';

export interface CsvTable {
  columns: readonly string[];
  rows: string[][];
}

function table<K extends ReportKind>(kind: K, rows: Record<ReportCsvColumn<K>, string>[]): CsvTable {
  const columns: readonly ReportCsvColumn<K>[] = reportCsvColumns[kind];
  return { columns, rows: rows.map((row) => columns.map((column) => row[column])) };
}

export const agingCsv = (report: AgingReport): CsvTable =>
  table(
    'aging',
    report.currencies.flatMap(({ currency, clients }) =>
      clients.map((client) => ({
        currency: textCell(currency),
        clientId: plainCell(client.clientId),
        companyName: textCell(client.companyName),
        current: amountCell(client.current, currency),
        days1to30: amountCell(client.days1to30, currency),
        days31to60: amountCell(client.days31to60, currency),
        days61to90: amountCell(client.days61to90, currency),
        over90: amountCell(client.over90, currency),
        total: amountCell(client.total, currency),
      })),
    ),
  );

export const revenueCsv = (report: RevenueReport): CsvTable =>
  table(
    'revenue',
    report.currencies.flatMap(({ currency, periods }) =>
      periods.map((period) => ({
        currency: textCell(currency),
        period: plainCell(period.period),
        from: plainCell(period.from),
        to: plainCell(period.to),
        invoiced: amountCell(period.invoiced, currency),
        tax: amountCell(period.tax, currency),
        credited: amountCell(period.credited, currency),
        collected: amountCell(period.collected, currency),
        outstanding: amountCell(period.outstanding, currency),
      })),
    ),
  );

export const taxCsv = (report: TaxReport): CsvTable =>
  table(
    'tax',
    report.currencies.flatMap(({ currency, rows }) =>
      rows.map((row) => ({
        currency: textCell(currency),
        taxCategory: textCell(row.taxCategory),
        taxRate: plainCell(formatTaxRate(row.taxRate)),
        taxableAmount: amountCell(row.taxableAmount, currency),
        taxAmount: amountCell(row.taxAmount, currency),
      })),
    ),
  );
