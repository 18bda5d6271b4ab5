/**
 * Invoice search (contract v1.2): number, q, currency, issue and due date ranges, total range and
 * recurringInvoiceId on GET /invoices, each alone and combined, always keyset-paged newest first,
 * never showing another user's invoices; bad values and reversed ranges are 400s.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Invoice, InvoiceSummary } from '../../schemas/invoices.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/users.js';
import { createClient, walkPages } from '../clients/helpers.js';

interface Problem {
  code: string;
  errors?: { path: string }[];
}

describe('invoice search', () => {
  const t = useTestApp();
  let alice: TestUser;
  let bob: TestUser;
  const mine: Invoice[] = [];
  const companyOf = new Map<string, string>();

  const create = async (user: TestUser, clientId: string, fields: { currency: string; issueDate: string; dueDate: string; unitPrice: number; publish: boolean }) => {
    const { body } = await call<Invoice>(
      t.app,
      {
        method: 'POST',
        url: '/api/v1/invoices',
        token: user.token,
        body: { clientId, currency: fields.currency, issueDate: fields.issueDate, dueDate: fields.dueDate, items: [{ description: 'Work', quantity: 1, unitPrice: fields.unitPrice }] },
      },
      201,
    );
    if (!fields.publish) return body;
    return (await call<Invoice>(t.app, { method: 'POST', url: `/api/v1/invoices/${body.id}/publish`, token: user.token }, 200)).body;
  };

  beforeAll(async () => {
    [alice, bob] = [await createUser(t.app), await createUser(t.app)];
    const names = ['Acme GmbH', 'Globex 100% Ltd', 'Under_score Co', 'Back\\slash AG'];
    const clients = [];
    for (const companyName of names) {
      const client = await createClient(t.app, alice.token, { companyName });
      companyOf.set(client.id, companyName);
      clients.push(client.id);
    }
    const plan = [
      { currency: 'EUR', issueDate: '2026-01-10', dueDate: '2026-02-09', unitPrice: 1_000, publish: true },
      { currency: 'USD', issueDate: '2026-01-31', dueDate: '2026-03-02', unitPrice: 5_000, publish: true },
      { currency: 'EUR', issueDate: '2026-02-01', dueDate: '2026-02-15', unitPrice: 5_001, publish: false },
      { currency: 'JPY', issueDate: '2026-02-28', dueDate: '2026-03-31', unitPrice: 9_999, publish: true },
      { currency: 'EUR', issueDate: '2026-03-01', dueDate: '2026-04-01', unitPrice: 10_000, publish: true },
      { currency: 'USD', issueDate: '2026-03-15', dueDate: '2026-03-15', unitPrice: 20_000, publish: false },
      { currency: 'EUR', issueDate: '2026-04-01', dueDate: '2026-05-01', unitPrice: 4_999, publish: true },
      { currency: 'EUR', issueDate: '2026-04-02', dueDate: '2026-05-02', unitPrice: 1, publish: true },
    ];
    for (const [index, fields] of plan.entries()) mine.push(await create(alice, clients[index % clients.length]!, fields));
    // Bob has the same client names, numbers, currencies, dates and totals: none may ever show up for Alice.
    const bobClient = (await createClient(t.app, bob.token, { companyName: 'Acme GmbH' })).id;
    for (const fields of plan.slice(0, 4)) await create(bob, bobClient, fields);
  });

  /** Alice's invoices matching `predicate`, in the list order (newest first, then id). */
  const expected = (predicate: (invoice: Invoice) => boolean) =>
    mine
      .filter(predicate)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || (b.id < a.id ? -1 : 1))
      .map((invoice) => invoice.id);
  /** Every page of the search, two rows at a time. */
  const search = (query: string, user = alice) => walkPages(t.app, user.token, `/api/v1/invoices?${query}`, 2);

  it('finds one invoice by its exact number, and only the user’s', async () => {
    const target = mine[3]!;
    expect(await search(`number=${target.number}`)).toEqual([target.id]);
    expect(await search(`number=${target.number!.toLowerCase()}`)).toEqual([]);
    expect(await search(`number=${target.number!.slice(0, -1)}`)).toEqual([]);
    const bobs = await search(`number=${target.number}`, bob);
    expect(bobs).toHaveLength(1);
    expect(bobs).not.toContain(target.id);
  });

  it('q matches a number prefix or a companyName substring, case-insensitively, with % _ and \\ literal', async () => {
    const cases: [string, (invoice: Invoice) => boolean][] = [
      ['inv-00000', (invoice) => invoice.number !== null],
      ['INV-000001', (invoice) => invoice.number === 'INV-000001'],
      ['acme', (invoice) => companyOf.get(invoice.clientId) === 'Acme GmbH'],
      ['BEX 1', (invoice) => companyOf.get(invoice.clientId) === 'Globex 100% Ltd'],
      ['%', (invoice) => companyOf.get(invoice.clientId) === 'Globex 100% Ltd'],
      ['_', (invoice) => companyOf.get(invoice.clientId) === 'Under_score Co'],
      ['\\', (invoice) => companyOf.get(invoice.clientId) === 'Back\\slash AG'],
      ['co', (invoice) => ['Under_score Co'].includes(companyOf.get(invoice.clientId)!)],
      ['000001', () => false],
      ['nobody', () => false],
    ];
    for (const [q, predicate] of cases) {
      expect(await search(`q=${encodeURIComponent(q)}`), q).toEqual(expected(predicate));
    }
    expect(await search('q=acme', bob)).toHaveLength(4);
  });

  it('filters by currency, inclusive issue and due date ranges, an inclusive total range and recurringInvoiceId', async () => {
    const cases: [string, (invoice: Invoice) => boolean][] = [
      ['currency=EUR', (invoice) => invoice.currency === 'EUR'],
      ['issueDateFrom=2026-01-31', (invoice) => invoice.issueDate >= '2026-01-31'],
      ['issueDateTo=2026-01-31', (invoice) => invoice.issueDate <= '2026-01-31'],
      ['issueDateFrom=2026-02-01&issueDateTo=2026-03-01', (invoice) => invoice.issueDate >= '2026-02-01' && invoice.issueDate <= '2026-03-01'],
      ['issueDateFrom=2026-03-15&issueDateTo=2026-03-15', (invoice) => invoice.issueDate === '2026-03-15'],
      ['dueDateFrom=2026-03-02&dueDateTo=2026-04-01', (invoice) => invoice.dueDate >= '2026-03-02' && invoice.dueDate <= '2026-04-01'],
      ['dueDateTo=2026-02-15', (invoice) => invoice.dueDate <= '2026-02-15'],
      ['totalMin=5000', (invoice) => invoice.total >= 5_000],
      ['totalMax=5000', (invoice) => invoice.total <= 5_000],
      ['totalMin=5000&totalMax=10000', (invoice) => invoice.total >= 5_000 && invoice.total <= 10_000],
      ['totalMin=1&totalMax=1', (invoice) => invoice.total === 1],
      ['recurringInvoiceId=00000000-0000-4000-8000-000000000000', () => false],
    ];
    for (const [query, predicate] of cases) expect(await search(query), query).toEqual(expected(predicate));
  });

  it('combines filters, keeping the keyset order across pages', async () => {
    const cases: [string, (invoice: Invoice) => boolean][] = [
      ['currency=EUR&totalMin=1000&issueDateTo=2026-03-31', (invoice) => invoice.currency === 'EUR' && invoice.total >= 1_000 && invoice.issueDate <= '2026-03-31'],
      ['q=inv&currency=EUR&status=published', (invoice) => invoice.number !== null && invoice.currency === 'EUR'],
      ['q=a&dueDateFrom=2026-03-01&totalMax=20000', (invoice) => /a/i.test(companyOf.get(invoice.clientId)!) && invoice.dueDate >= '2026-03-01'],
      ['status=draft&currency=USD', (invoice) => invoice.status === 'draft' && invoice.currency === 'USD'],
      [`number=${mine[4]!.number}&currency=EUR&totalMin=10000&totalMax=10000&issueDateFrom=2026-03-01&issueDateTo=2026-03-01`, (invoice) => invoice.id === mine[4]!.id],
      [`number=${mine[4]!.number}&currency=USD`, () => false],
    ];
    for (const [query, predicate] of cases) expect(await search(query), query).toEqual(expected(predicate));
    const { body } = await call<{ data: InvoiceSummary[]; nextCursor: string | null }>(
      t.app,
      { method: 'GET', url: '/api/v1/invoices?currency=EUR&limit=1', token: alice.token },
      200,
    );
    expect(body.data.map(({ id }) => id)).toEqual(expected((invoice) => invoice.currency === 'EUR').slice(0, 1));
    expect(body.nextCursor).toEqual(expect.any(String));
  });

  it('refuses reversed ranges and malformed values with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['issueDateFrom=2026-02-02&issueDateTo=2026-02-01', '/issueDateFrom'],
      ['dueDateFrom=2026-02-02&dueDateTo=2026-02-01', '/dueDateFrom'],
      ['totalMin=2&totalMax=1', '/totalMin'],
      ['issueDateFrom=2026-02-30', '/issueDateFrom'],
      ['dueDateTo=tomorrow', '/dueDateTo'],
      ['totalMin=-1', '/totalMin'],
      ['totalMax=1.5', '/totalMax'],
      ['totalMax=9007199254740992', '/totalMax'],
      ['currency=usd', '/currency'],
      ['currency=XXY', '/currency'],
      ['q=', '/q'],
      [`q=${'x'.repeat(201)}`, '/q'],
      ['number=', '/number'],
    ];
    for (const [query, path] of cases) {
      const { body } = await call<Problem>(t.app, { method: 'GET', url: `/api/v1/invoices?${query}`, token: alice.token }, 400);
      expect(body.code, query).toBe('validation_failed');
      expect(body.errors?.map((error) => error.path), query).toContain(path);
    }
  });
});
