import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../schemas/clients.js';
import type { Invoice, InvoiceSummary } from '../../schemas/invoices.js';
import { todayUtc } from '../../src/services/invoice-records.js';
import {
  type Problem,
  createClient,
  expectFieldError,
  idsNewestFirst,
  malformedCursors,
  walkPages,
} from '../clients/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, useTestUser } from '../helpers/users.js';
import { createInvoice, setStatus } from './helpers.js';

interface InvoicePage {
  data: InvoiceSummary[];
  nextCursor: string | null;
}

describe('invoice list', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  const list = async (query: string, token = user.token) =>
    (await call<InvoicePage>(t.app, { method: 'GET', url: `/api/v1/invoices${query}`, token }, 200)).body;
  const ids = async (query: string, token = user.token) => (await list(query, token)).data.map((invoice) => invoice.id).sort();


  it('walks 45 invoices with limit=20, each exactly once, newest first, also while new ones arrive', async () => {
    const walker = await createUser(t.app);
    const client = await createClient(t.app, walker.token);
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    await t.app.db
      .insertInto('invoices')
      .values(
        Array.from({ length: 45 }, (_, i) => ({
          user_id: walker.id,
          client_id: client.id,
          currency: 'EUR',
          issue_date: '2026-01-01',
          due_date: '2026-02-01',
          created_at: new Date(base + Math.floor(i / 4) * 1000),
        })),
      )
      .execute();
    const expected = await idsNewestFirst(t.app, 'invoices', walker.id);

    expect(await walkPages(t.app, walker.token, '/api/v1/invoices', 20)).toEqual(expected);
    const walked = await walkPages(t.app, walker.token, '/api/v1/invoices', 20, async () => {
      await createInvoice(t.app, walker.token, client.id);
    });
    expect(walked).toEqual(expected);
  });

  it('returns summaries without items', async () => {
    const client = await createClient(t.app, user.token);
    const invoice = await createInvoice(t.app, user.token, client.id);
    const summary = (await list('?limit=100')).data.find((row) => row.id === invoice.id);
    const { items: _items, ...expected } = invoice as Invoice;
    expect(summary).toEqual(expected);
    expect(summary).not.toHaveProperty('items');
  });

  describe('filters', () => {
    let owner: Awaited<ReturnType<typeof createUser>>;
    let first: Client;
    let second: Client;
    const made: Record<string, string> = {};

    beforeAll(async () => {
      owner = await createUser(t.app);
      first = await createClient(t.app, owner.token, { companyName: 'First' });
      second = await createClient(t.app, owner.token, { companyName: 'Second' });
      const past = { issueDate: '2026-01-01', dueDate: '2026-01-15' };
      const cases = [
        ['publishedPastDue', first, past, 'published'],
        ['sentPastDue', second, past, 'sent'],
        ['publishedNotDue', first, { dueDate: '2099-01-01' }, 'published'],
        ['draftPastDue', first, past, null],
        ['paidPastDue', second, past, 'paid'],
        ['voidPastDue', first, past, 'void'],
      ] as const;
      let number = 0;
      for (const [name, client, dates, status] of cases) {
        const invoice = await createInvoice(t.app, owner.token, client.id, { ...dates, items: [] });
        if (status) await setStatus(t.app, invoice.id, status, `INV-${String((number += 1)).padStart(6, '0')}`);
        made[name] = invoice.id;
      }
      // Due today is not overdue yet.
      const dueToday = await createInvoice(t.app, owner.token, second.id, { dueDate: todayUtc(), items: [] });
      await setStatus(t.app, dueToday.id, 'sent', 'INV-000099');
      made.sentDueToday = dueToday.id;
    });

    const idsOf = (...names: string[]) => names.map((name) => made[name]).sort();
    const all = () => Object.values(made).sort();

    it('filters by overdue, computed from status and today (UTC)', async () => {
      expect(await ids('?overdue=true', owner.token)).toEqual(idsOf('publishedPastDue', 'sentPastDue'));
      expect(await ids('?overdue=false', owner.token)).toEqual(
        idsOf('publishedNotDue', 'draftPastDue', 'paidPastDue', 'voidPastDue', 'sentDueToday'),
      );
      const page = await list('', owner.token);
      for (const summary of page.data) {
        expect(summary.overdue).toBe([made.publishedPastDue, made.sentPastDue].includes(summary.id));
      }
      const { body } = await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${made.sentPastDue}`, token: owner.token }, 200);
      expect(body.overdue).toBe(true);
    });

    it('filters by status', async () => {
      expect(await ids('?status=published', owner.token)).toEqual(idsOf('publishedPastDue', 'publishedNotDue'));
      expect(await ids('?status=draft', owner.token)).toEqual(idsOf('draftPastDue'));
      expect(await ids('?status=sent&overdue=true', owner.token)).toEqual(idsOf('sentPastDue'));
      expect(await ids('?status=paid&overdue=true', owner.token)).toEqual([]);
    });

    it('filters by clientId, combined with the others', async () => {
      expect(await ids(`?clientId=${second.id}`, owner.token)).toEqual(idsOf('sentPastDue', 'paidPastDue', 'sentDueToday'));
      expect(await ids(`?clientId=${first.id}&status=published&overdue=false`, owner.token)).toEqual(idsOf('publishedNotDue'));
      expect(await ids('', owner.token)).toEqual(all());
    });

    it("gives an empty page for a clientId that is not the user's", async () => {
      expect(await list(`?clientId=${first.id}`)).toEqual({ data: [], nextCursor: null });
      expect(await list('?clientId=4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c', owner.token)).toEqual({ data: [], nextCursor: null });
    });

    it("never shows another user's invoices, whatever the filters", async () => {
      for (const query of ['', '?status=published', '?overdue=true', '?overdue=false', `?clientId=${first.id}`, '?limit=100']) {
        const seen = await ids(query);
        for (const id of all()) expect(seen).not.toContain(id);
      }
    });
  });

  it.each([
    ['limit=0', '/limit'],
    ['limit=101', '/limit'],
    ['limit=abc', '/limit'],
    ['status=overdue', '/status'],
    ['overdue=yes', '/overdue'],
    ['clientId=not-a-uuid', '/clientId'],
    ['clientId=urn:uuid:4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c', '/clientId'],
  ])('?%s → 400 validation_failed', async (query, path) => {
    const { body } = await call<Problem>(t.app, { method: 'GET', url: `/api/v1/invoices?${query}`, token: user.token }, 400);
    expectFieldError(body, path);
  });

  it('rejects malformed cursors with 400 validation_failed', async () => {
    const owner = await createUser(t.app);
    const client = await createClient(t.app, owner.token);
    for (let i = 0; i < 3; i += 1) await createInvoice(t.app, owner.token, client.id);
    const { nextCursor } = await list('?limit=1', owner.token);
    for (const cursor of malformedCursors(nextCursor as string)) {
      const { body } = await call<Problem>(
        t.app,
        { method: 'GET', url: `/api/v1/invoices?cursor=${encodeURIComponent(cursor)}`, token: owner.token },
        400,
      );
      expectFieldError(body, '/cursor');
    }
  });
});
