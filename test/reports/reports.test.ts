/**
 * The three reports against an independent model (test/reports/model.ts) computed from the API's
 * own objects, at dates around period ends, as JSON and as CSV; and another user's books never
 * showing in them.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgingReport, RevenueReport, TaxReport } from '../../schemas/reports.js';
import { todayUtc } from '../../src/services/invoice-records.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/users.js';
import { book, type Ledger, readLedger } from './book.js';
import { agingModel, major, revenueModel, taxModel } from './model.js';
import { writeScenario } from './scenario.js';

describe('reports', () => {
  const t = useTestApp();
  let alice: TestUser;
  let bob: TestUser;
  let ledger: Ledger;
  let bobClientId: string;

  beforeAll(async () => {
    [alice, bob] = [await createUser(t.app), await createUser(t.app)];
    await writeScenario(t.app, alice);
    // Bob's books share currencies and dates with Alice's: none of it may reach her reports.
    const bobs = book(t.app, bob);
    const bobClient = await bobs.client('Bob’s only client', 'EUR');
    bobClientId = bobClient.id;
    const invoice = await bobs.invoice({ clientId: bobClient.id, issueDate: '2026-01-15', dueDate: '2026-01-15', lines: [{ unitPrice: 1_000_000, taxRate: 19 }] });
    await bobs.pay(invoice, 1_000, '2026-02-01T10:00:00.000Z');
    await bobs.credit(invoice, '2026-02-02', [{ unitPrice: 2_000, taxRate: 19 }]);
    ledger = await readLedger(t.app, alice);
  });

  const get = async <T>(url: string, user = alice) => call<T>(t.app, { method: 'GET', url: `/api/v1/reports${url}`, token: user.token }, 200);

  /** The raw answer, whatever its type. */
  const fetchReport = async (url: string, accept: string, user = alice) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/reports${url}`, headers: { authorization: `Bearer ${user.token}`, accept } });
    expect(response.statusCode, response.body).toBe(200);
    return response;
  };

  const csvRows = async (url: string) => {
    const response = await fetchReport(url, 'text/csv');
    return { response, rows: parse(response.body, { columns: true }) as Record<string, string>[] };
  };

  it('the scenario covers what the reports must handle', () => {
    expect(new Set(ledger.invoices.map((invoice) => invoice.status))).toEqual(new Set(['draft', 'published', 'paid', 'void', 'uncollectible']));
    expect(new Set(ledger.invoices.map((invoice) => invoice.currency))).toEqual(new Set(['EUR', 'USD', 'JPY', 'KWD']));
    expect(ledger.creditNotes.some((note) => note.refundDue > 0 && note.appliedToBalance > 0)).toBe(true);
    expect(ledger.creditNotes.some((note) => note.appliedToBalance === 0)).toBe(true);
  });

  const asOfDates = ['2025-12-31', '2026-01-01', '2026-01-09', '2026-01-10', '2026-01-31', '2026-02-01', '2026-02-14', '2026-02-15',
    '2026-03-01', '2026-03-31', '2026-04-01', '2026-04-30', '2026-05-01', '2026-06-30', '2027-01-01'];

  it.each(asOfDates)('aging as of %s matches the model', async (asOf) => {
    const { body } = await get<AgingReport>(`/aging?asOf=${asOf}`);
    expect(body).toEqual(agingModel(ledger, asOf));
  });

  it('aging defaults to today (UTC)', async () => {
    const before = todayUtc();
    const { body } = await get<AgingReport>('/aging');
    expect([before, todayUtc()]).toContain(body.asOf);
    expect(body).toEqual(agingModel(ledger, body.asOf));
  });

  it('aging as CSV: one row per client and currency, amounts in major units, text guarded', async () => {
    const asOf = '2026-04-01';
    const expected = agingModel(ledger, asOf).currencies.flatMap(({ currency, clients }) =>
      clients.map(({ clientId, companyName, current, days1to30, days31to60, days61to90, over90, total }) => ({
        currency,
        clientId,
        companyName: companyName.startsWith('=') ? `'${companyName}` : companyName,
        current: major(current, currency),
        days1to30: major(days1to30, currency),
        days31to60: major(days31to60, currency),
        days61to90: major(days61to90, currency),
        over90: major(over90, currency),
        total: major(total, currency),
      })),
    );
    const { response, rows } = await csvRows(`/aging?asOf=${asOf}`);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="aging-${asOf}.csv"`);
    expect(response.headers.vary).toMatch(/accept/i);
    expect(response.body.split('\r\n')[0]).toBe('currency,clientId,companyName,current,days1to30,days31to60,days61to90,over90,total');
    expect(rows).toEqual(expected);
    expect(rows.map((row) => row.currency)).toEqual(expect.arrayContaining(['EUR', 'JPY', 'KWD', 'USD']));
  });

  const revenueCases = [
    ['2026-01-01', '2026-06-30', 'month'],
    ['2026-01-15', '2026-04-10', 'month'],
    ['2026-01-15', '2026-04-10', 'quarter'],
    ['2025-11-30', '2026-04-10', 'year'],
    ['2025-01-01', '2026-12-31', 'quarter'],
    ['2026-03-31', '2026-03-31', 'month'],
  ] as const;

  it.each(revenueCases)('revenue from %s to %s by %s matches the model', async (from, to, groupBy) => {
    const { body } = await get<RevenueReport>(`/revenue?from=${from}&to=${to}&groupBy=${groupBy}`);
    expect(body).toEqual(revenueModel(ledger, from, to, groupBy));
  });

  it('revenue groups by month when groupBy is left out, and lists periods with nothing in them', async () => {
    const { body } = await get<RevenueReport>('/revenue?from=2024-01-01&to=2026-02-28');
    expect(body).toEqual(revenueModel(ledger, '2024-01-01', '2026-02-28', 'month'));
    expect(body.groupBy).toBe('month');
    const euro = body.currencies.find((currency) => currency.currency === 'EUR');
    expect(euro?.periods).toHaveLength(26);
    expect(euro?.periods[0]).toEqual({ period: '2024-01', from: '2024-01-01', to: '2024-01-31', invoiced: 0, tax: 0, credited: 0, collected: 0, outstanding: 0 });
  });

  it('revenue as CSV: one row per currency and period', async () => {
    const [from, to] = ['2026-01-15', '2026-04-10'];
    const expected = revenueModel(ledger, from, to, 'quarter').currencies.flatMap(({ currency, periods }) =>
      periods.map((period) => ({
        currency,
        period: period.period,
        from: period.from,
        to: period.to,
        invoiced: major(period.invoiced, currency),
        tax: major(period.tax, currency),
        credited: major(period.credited, currency),
        collected: major(period.collected, currency),
        outstanding: major(period.outstanding, currency),
      })),
    );
    const { response, rows } = await csvRows(`/revenue?from=${from}&to=${to}&groupBy=quarter`);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="revenue-${from}-${to}.csv"`);
    expect(rows).toEqual(expected);
  });

  const taxRanges = [
    ['2026-01-01', '2026-03-31'],
    ['2025-12-01', '2026-01-31'],
    ['2026-01-10', '2026-01-10'],
    ['2026-03-10', '2026-03-10'],
    ['2016-01-01', '2025-12-31'],
  ] as const;

  it.each(taxRanges)('tax from %s to %s matches the model', async (from, to) => {
    const { body } = await get<TaxReport>(`/tax?from=${from}&to=${to}`);
    expect(body).toEqual(taxModel(ledger, from, to));
  });

  it('tax figures go negative when credit notes outweigh the invoices of the range, and the CSV keeps the minus unguarded', async () => {
    const [from, to] = ['2026-03-10', '2026-03-10'];
    const { body } = await get<TaxReport>(`/tax?from=${from}&to=${to}`);
    expect(body.currencies).toEqual([{ currency: 'EUR', rows: [{ taxCategory: 'S', taxRate: 19, taxableAmount: -10_000, taxAmount: -1_900 }] }]);
    const { rows } = await csvRows(`/tax?from=${from}&to=${to}`);
    expect(rows).toEqual([{ currency: 'EUR', taxCategory: 'S', taxRate: '19', taxableAmount: '-100.00', taxAmount: '-19.00' }]);
  });

  it('tax as CSV: one row per currency, category and rate, rates as decimals', async () => {
    const [from, to] = ['2026-01-01', '2026-03-31'];
    const expected = taxModel(ledger, from, to).currencies.flatMap(({ currency, rows }) =>
      rows.map((row) => ({
        currency,
        taxCategory: row.taxCategory,
        taxRate: String(row.taxRate),
        taxableAmount: major(row.taxableAmount, currency),
        taxAmount: major(row.taxAmount, currency),
      })),
    );
    const { rows } = await csvRows(`/tax?from=${from}&to=${to}`);
    expect(rows).toEqual(expected);
    expect(rows.map((row) => row.taxRate)).toContain('7.75');
  });

  it('answers JSON unless Accept prefers CSV', async () => {
    for (const accept of ['application/json', '*/*', 'text/csv;q=0.5, application/json', 'text/html']) {
      const response = await fetchReport('/aging?asOf=2026-04-01', accept);
      expect(response.headers['content-type'], accept).toMatch(/^application\/json/);
    }
    for (const accept of ['text/csv', 'application/json;q=0.1, text/csv', 'text/*']) {
      const response = await fetchReport('/aging?asOf=2026-04-01', accept);
      expect(response.headers['content-type'], accept).toBe('text/csv; charset=utf-8');
    }
  });

  it("never shows another user's books", async () => {
    const bobsLedger = await readLedger(t.app, bob);
    for (const url of ['/aging?asOf=2026-03-01', '/revenue?from=2026-01-01&to=2026-03-31', '/tax?from=2026-01-01&to=2026-03-31']) {
      const [{ response: asAlice }, { body: asBob }] = await Promise.all([get(url, alice), get<object>(url, bob)]);
      expect(asAlice.body).not.toContain(bobClientId);
      expect(JSON.stringify(asBob)).not.toContain(ledger.clients[0]?.id);
    }
    expect((await get<AgingReport>('/aging?asOf=2026-03-01', bob)).body).toEqual(agingModel(bobsLedger, '2026-03-01'));
    expect((await get<RevenueReport>('/revenue?from=2026-01-01&to=2026-03-31', bob)).body).toEqual(revenueModel(bobsLedger, '2026-01-01', '2026-03-31', 'month'));
    expect((await get<TaxReport>('/tax?from=2026-01-01&to=2026-03-31', bob)).body).toEqual(taxModel(bobsLedger, '2026-01-01', '2026-03-31'));
  });

  it('a user without books gets empty reports', async () => {
    const carol = await createUser(t.app);
    expect((await get<AgingReport>('/aging?asOf=2026-03-01', carol)).body).toEqual({ asOf: '2026-03-01', currencies: [] });
    expect((await get<RevenueReport>('/revenue?from=2026-01-01&to=2026-03-31&groupBy=year', carol)).body).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
      groupBy: 'year',
      currencies: [],
    });
    const response = await fetchReport('/tax?from=2026-01-01&to=2026-03-31', 'text/csv', carol);
    expect(response.body).toBe('currency,taxCategory,taxRate,taxableAmount,taxAmount\r\n');
  });
});
