/** Report and export parameters that cannot be served: a 400 problem naming the parameter, and nothing written. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { useTestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/users.js';
import { book } from './book.js';

/** Row counts of every table a request of these routes could touch: none may change. */
async function tableCounts(app: App) {
  const tables = ['invoices', 'payments', 'credit_notes', 'clients', 'events', 'idempotency_keys'] as const;
  const counts = await Promise.all(
    tables.map((table) => app.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow()),
  );
  return Object.fromEntries(tables.map((table, index) => [table, Number(counts[index]?.count)]));
}

describe('report and export parameters', () => {
  const t = useTestApp();
  let user: TestUser;

  beforeAll(async () => {
    user = await createUser(t.app);
    const b = book(t.app, user);
    const client = await b.client('Acme', 'EUR');
    await b.invoice({ clientId: client.id, issueDate: '2026-01-15', dueDate: '2026-02-14', lines: [{ unitPrice: 1_000 }] });
  });

  const request = (url: string, token = user.token) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: token ? { authorization: `Bearer ${token}` } : {} });

  const refused: [url: string, path: string][] = [
    ['/reports/aging?asOf=2026-02-30', '/asOf'],
    ['/reports/aging?asOf=20260101', '/asOf'],
    ['/reports/aging?asOf=2026-1-1', '/asOf'],
    ['/reports/aging?asOf=yesterday', '/asOf'],
    ['/reports/aging?asOf=0000-01-01', '/asOf'],
    ['/reports/aging?asOf=2026-01-01T12:00:00Z', '/asOf'],
    ['/reports/aging?asOf=', '/asOf'],
    ['/reports/revenue?to=2026-01-31', '/from'],
    ['/reports/revenue?from=2026-01-01', '/to'],
    ['/reports/revenue?from=2026-02-01&to=2026-01-31', '/from'],
    ['/reports/revenue?from=2016-01-01&to=2026-01-01', '/to'],
    ['/reports/revenue?from=2016-02-29&to=2026-02-28', '/to'],
    ['/reports/revenue?from=2026-01-01&to=2026-01-31&groupBy=week', '/groupBy'],
    ['/reports/revenue?from=2026-01-01&to=2026-01-31&groupBy=MONTH', '/groupBy'],
    ['/reports/revenue?from=0000-12-31&to=0001-01-31', '/from'],
    ['/reports/revenue?from=2026-13-01&to=2026-12-31', '/from'],
    ['/reports/tax?from=2026-01-31&to=2026-01-30', '/from'],
    ['/reports/tax?from=2000-01-01&to=2026-01-01', '/to'],
    ['/reports/tax?from=2026-01-01&to=31.01.2026', '/to'],
    ['/exports/invoices.csv?from=2026-02-01&to=2026-01-31', '/from'],
    ['/exports/payments.csv?from=2026-02-30', '/from'],
    ['/exports/credit-notes.csv?to=0000-01-01', '/to'],
    ['/exports/clients.csv?from=2026-01-01T10:00:00Z', '/from'],
  ];

  it.each(refused)('%s → 400 naming %s, nothing written', async (url, path) => {
    const before = await tableCounts(t.app);
    const response = await request(url);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'validation_failed', errors: expect.arrayContaining([expect.objectContaining({ path })]) });
    expect(await tableCounts(t.app)).toEqual(before);
  });

  const accepted = [
    '/reports/aging?asOf=2026-01-01T00:00:00.000Z',
    '/reports/aging?asOf=0001-01-01',
    '/reports/aging?asOf=9999-12-31',
    '/reports/revenue?from=2016-01-01&to=2025-12-31',
    '/reports/revenue?from=2016-02-29&to=2026-02-27&groupBy=quarter',
    '/reports/revenue?from=9995-01-01&to=9999-12-31&groupBy=year',
    '/reports/revenue?from=0001-01-01&to=0001-12-31',
    '/reports/tax?from=2026-01-15&to=2026-01-15',
    '/exports/invoices.csv?from=0001-01-01&to=9999-12-31',
    '/exports/payments.csv?to=9999-12-31',
    '/exports/clients.csv?from=2026-01-01&to=2026-01-01',
  ];

  it.each(accepted)('%s → 200', async (url) => {
    const response = await request(url);
    expect(response.statusCode, response.body).toBe(200);
  });

  it.each(['/reports/aging', '/reports/tax?from=2026-01-01&to=2026-01-31', '/exports/clients.csv'])('%s without a token → 401', async (url) => {
    const response = await request(url, '');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'unauthorized' });
  });
});
