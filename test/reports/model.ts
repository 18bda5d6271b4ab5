/**
 * The reports computed the plain way from the API's own objects, to check the database's answers
 * against: one invoice at a time, one day at a time, no window functions and no shared code with
 * the service (periods are found by walking the calendar day by day).
 *
 * What an issued invoice owes at the end of day D: nothing before its issue date, then
 * max(0, total − payments whose paidAt falls on or before D (UTC) − credit notes issued on or before D).
 */
import type { Ledger } from './book.js';

type InvoiceOf = Ledger['invoices'][number];

const isIssued = (invoice: InvoiceOf) => invoice.status !== 'draft' && invoice.status !== 'void';
const dayOf = (timestamp: string) => timestamp.slice(0, 10);
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const within = (date: string, from: string, to: string) => from <= date && date <= to;

export function owedAt(ledger: Ledger, invoice: InvoiceOf, day: string): number {
  if (!isIssued(invoice) || invoice.issueDate > day) return 0;
  const paid = sum(ledger.payments.filter((p) => p.invoiceId === invoice.id && dayOf(p.paidAt) <= day).map((p) => p.amount));
  const credited = sum(ledger.creditNotes.filter((n) => n.invoiceId === invoice.id && n.issueDate <= day).map((n) => n.total));
  return Math.max(0, invoice.total - paid - credited);
}

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
const byCodePoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const bucketOf = (daysLate: number) =>
  daysLate <= 0 ? 'current' : daysLate <= 30 ? 'days1to30' : daysLate <= 60 ? 'days31to60' : daysLate <= 90 ? 'days61to90' : 'over90';

const emptyBuckets = () => ({ current: 0, days1to30: 0, days31to60: 0, days61to90: 0, over90: 0, total: 0 });

export function agingModel(ledger: Ledger, asOf: string) {
  const currencies = new Map<string, ReturnType<typeof emptyBuckets> & { clients: Map<string, ReturnType<typeof emptyBuckets>> }>();
  for (const invoice of ledger.invoices) {
    const owed = owedAt(ledger, invoice, asOf);
    if (owed === 0) continue;
    const bucket = bucketOf(daysBetween(invoice.dueDate, asOf));
    const currency = currencies.get(invoice.currency) ?? { ...emptyBuckets(), clients: new Map() };
    currencies.set(invoice.currency, currency);
    const client = currency.clients.get(invoice.clientId) ?? emptyBuckets();
    currency.clients.set(invoice.clientId, client);
    for (const figures of [currency, client]) {
      figures[bucket] += owed;
      figures.total += owed;
    }
  }
  const companyName = (id: string) => ledger.clients.find((client) => client.id === id)?.companyName ?? '?';
  return {
    asOf,
    currencies: [...currencies.entries()]
      .sort(([a], [b]) => byCodePoints(a, b))
      .map(([currency, { clients, ...figures }]) => ({
        currency,
        ...figures,
        clients: [...clients.entries()]
          .map(([clientId, buckets]) => ({ clientId, companyName: companyName(clientId), ...buckets }))
          .sort((a, b) => byCodePoints(a.companyName, b.companyName) || byCodePoints(a.clientId, b.clientId)),
      })),
  };
}

const labelOf = (day: string, groupBy: 'month' | 'quarter' | 'year') =>
  groupBy === 'year' ? day.slice(0, 4) : groupBy === 'month' ? day.slice(0, 7) : `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;

/** The periods of the range, found by walking it day by day. */
export function periodsOf(from: string, to: string, groupBy: 'month' | 'quarter' | 'year') {
  const periods: { period: string; from: string; to: string }[] = [];
  for (let day = from; day <= to; day = nextDay(day)) {
    const period = labelOf(day, groupBy);
    const last = periods.at(-1);
    if (last?.period === period) last.to = day;
    else periods.push({ period, from: day, to: day });
  }
  return periods;
}

export function revenueModel(ledger: Ledger, from: string, to: string, groupBy: 'month' | 'quarter' | 'year') {
  const currencies = [...new Set([...ledger.invoices.map((i) => i.currency), ...ledger.creditNotes.map((n) => n.currency)])].sort(byCodePoints);
  const currencyOf = (invoiceId: string) => ledger.invoices.find((invoice) => invoice.id === invoiceId)?.currency;
  return {
    from,
    to,
    groupBy,
    currencies: currencies
      .map((currency) => {
        const invoices = ledger.invoices.filter((invoice) => invoice.currency === currency && isIssued(invoice));
        const periods = periodsOf(from, to, groupBy).map((period) => {
          const issuedIn = invoices.filter((invoice) => within(invoice.issueDate, period.from, period.to));
          return {
            ...period,
            invoiced: sum(issuedIn.map((invoice) => invoice.total)),
            tax: sum(issuedIn.map((invoice) => invoice.tax)),
            credited: sum(
              ledger.creditNotes.filter((n) => n.currency === currency && within(n.issueDate, period.from, period.to)).map((n) => n.total),
            ),
            collected: sum(
              ledger.payments
                .filter((p) => currencyOf(p.invoiceId) === currency && within(dayOf(p.paidAt), period.from, period.to))
                .map((p) => p.amount),
            ),
            outstanding: sum(invoices.map((invoice) => owedAt(ledger, invoice, period.to))),
          };
        });
        return { currency, periods };
      })
      .filter(({ periods }) => periods.some((p) => p.invoiced || p.tax || p.credited || p.collected || p.outstanding)),
  };
}

export function taxModel(ledger: Ledger, from: string, to: string) {
  const rows = new Map<string, { currency: string; taxCategory: string; taxRate: number; taxableAmount: number; taxAmount: number }>();
  const add = (currency: string, breakdown: InvoiceOf['taxBreakdown'], sign: number) => {
    for (const entry of breakdown) {
      const key = `${currency}|${entry.taxCategory}|${entry.taxRate}`;
      const row = rows.get(key) ?? { currency, taxCategory: entry.taxCategory, taxRate: entry.taxRate, taxableAmount: 0, taxAmount: 0 };
      row.taxableAmount += sign * entry.taxableAmount;
      row.taxAmount += sign * entry.taxAmount;
      rows.set(key, row);
    }
  };
  for (const invoice of ledger.invoices) {
    if (isIssued(invoice) && within(invoice.issueDate, from, to)) add(invoice.currency, invoice.taxBreakdown, 1);
  }
  for (const note of ledger.creditNotes) if (within(note.issueDate, from, to)) add(note.currency, note.taxBreakdown, -1);
  const sorted = [...rows.values()].sort(
    (a, b) => byCodePoints(a.currency, b.currency) || byCodePoints(a.taxCategory, b.taxCategory) || a.taxRate - b.taxRate,
  );
  const currencies: { currency: string; rows: Omit<(typeof sorted)[number], 'currency'>[] }[] = [];
  for (const { currency, ...row } of sorted) {
    if (currencies.at(-1)?.currency !== currency) currencies.push({ currency, rows: [] });
    currencies.at(-1)?.rows.push(row);
  }
  return { from, to, currencies };
}

/** Minor units as the CSVs write them, from the ISO 4217 decimals of the test currencies. */
const decimals: Record<string, number> = { EUR: 2, USD: 2, GBP: 2, JPY: 0, KWD: 3 };

export function major(minor: number, currency: string): string {
  const digits = decimals[currency];
  if (digits === undefined) throw new Error(`no decimals known for ${currency} in the test`);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
