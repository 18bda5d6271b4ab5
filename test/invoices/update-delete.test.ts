import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../schemas/clients.js';
import type { Invoice } from '../../schemas/invoices.js';
import { type Problem, createClient, expectFieldError, snapshot } from '../clients/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, useTestUser } from '../helpers/users.js';
import { createInvoice, invalidInvoiceFields, item, setStatus } from './helpers.js';

describe('editing and deleting draft invoices', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  let client: Client;
  const patch = (id: string, body: unknown, expected: number, headers: Record<string, string> = {}) =>
    call<Invoice & Problem>(t.app, { method: 'PATCH', url: `/api/v1/invoices/${id}`, token: user.token, body, headers }, expected);
  const everything = async () => [await snapshot(t.app, 'invoices'), await snapshot(t.app, 'invoice_items')];

  beforeAll(async () => {
    client = await createClient(t.app, user.token, { currency: 'EUR' });
  });

  it('replaces every line and recomputes the totals in one write, bumping the version', async () => {
    const draft = await createInvoice(t.app, user.token, client.id, { items: [item(), item({ description: 'Old line' })] });
    const oldItemIds = draft.items.map((line) => line.id);
    const { body, response } = await patch(draft.id, { items: [item({ description: 'New', quantity: 2, unitPrice: 1000, taxRate: 10 })] }, 200);
    expect(body).toMatchObject({ subtotal: 2000, tax: 200, total: 2200, amountDue: 2200 });
    expect(body.items).toEqual([
      { id: expect.any(String), description: 'New', quantity: 2, unitCode: 'C62', unitPrice: 1000, taxCategory: 'S', taxRate: 10, discount: null, gross: 2000, discountAmount: 0, subtotal: 2000, tax: 200, total: 2200 },
    ]);
    expect(response.headers.etag).toBe(`"${draft.id}.2"`);
    const row = await t.app.db.selectFrom('invoices').selectAll().where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ subtotal: 2000, tax: 200, total: 2200, version: 2 });
    expect(Date.parse(row.updated_at)).toBeGreaterThanOrEqual(Date.parse(draft.updatedAt));
    const items = await t.app.db.selectFrom('invoice_items').select(['id', 'description']).where('invoice_id', '=', draft.id).execute();
    expect(items).toEqual([{ id: body.items[0]?.id, description: 'New' }]);
    expect(await t.app.db.selectFrom('invoice_items').select('id').where('id', 'in', oldItemIds).execute()).toEqual([]);
  });

  it('changes only the given fields, clears notes with null, and keeps lines when items is absent', async () => {
    const other = await createClient(t.app, user.token, { companyName: 'Other', currency: 'USD' });
    const draft = await createInvoice(t.app, user.token, client.id, { notes: 'Hello', issueDate: '2026-03-01', dueDate: '2026-04-01' });
    const { body } = await patch(draft.id, { clientId: other.id, currency: 'USD', notes: null, dueDate: '2026-05-01' }, 200);
    expect(body).toEqual({
      ...draft,
      clientId: other.id,
      currency: 'USD',
      notes: null,
      dueDate: '2026-05-01',
      buyer: { ...draft.buyer, name: 'Other' },
      updatedAt: expect.any(String),
    });
    const row = await t.app.db.selectFrom('invoices').selectAll().where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ client_id: other.id, currency: 'USD', notes: null, due_date: '2026-05-01', issue_date: '2026-03-01', version: 2 });
  });

  it('checks the merged dates: a dueDate before the stored issueDate is 400, nothing changed', async () => {
    const draft = await createInvoice(t.app, user.token, client.id, { issueDate: '2026-03-01', dueDate: '2026-04-01' });
    const before = await everything();
    expectFieldError((await patch(draft.id, { dueDate: '2026-02-28' }, 400)).body, '/dueDate');
    expectFieldError((await patch(draft.id, { issueDate: '2026-04-02' }, 400)).body, '/dueDate');
    expect(await everything()).toEqual(before);
    await patch(draft.id, { issueDate: '2026-04-01' }, 200);
  });

  it.each(invalidInvoiceFields)('PATCH with %s → 400 naming the field, nothing changed', async (_name, fields, path) => {
    const draft = await createInvoice(t.app, user.token, client.id);
    const before = await everything();
    expectFieldError((await patch(draft.id, fields, 400)).body, path);
    expect(await everything()).toEqual(before);
  });

  it('refuses an empty PATCH', async () => {
    const draft = await createInvoice(t.app, user.token, client.id);
    expect((await patch(draft.id, {}, 400)).body.code).toBe('validation_failed');
  });

  describe('If-Match', () => {
    it('accepts the current ETag, * and a list holding it, and returns the new ETag', async () => {
      const draft = await createInvoice(t.app, user.token, client.id);
      const etag = (await call(t.app, { method: 'GET', url: `/api/v1/invoices/${draft.id}`, token: user.token }, 200)).response.headers.etag as string;
      const first = await patch(draft.id, { notes: 'one' }, 200, { 'if-match': etag });
      const second = await patch(draft.id, { notes: 'two' }, 200, { 'if-match': '*' });
      const third = await patch(draft.id, { notes: 'three' }, 200, { 'if-match': `"nope", ${second.response.headers.etag as string}` });
      const etags = [etag, first.response.headers.etag, second.response.headers.etag, third.response.headers.etag];
      expect(new Set(etags).size).toBe(4);
      const { response } = await call(t.app, { method: 'GET', url: `/api/v1/invoices/${draft.id}`, token: user.token }, 200);
      expect(response.headers.etag).toBe(third.response.headers.etag);
    });

    it('answers 412 to a stale or weak ETag and changes nothing', async () => {
      const draft = await createInvoice(t.app, user.token, client.id);
      const { response } = await call(t.app, { method: 'GET', url: `/api/v1/invoices/${draft.id}`, token: user.token }, 200);
      const stale = response.headers.etag as string;
      const fresh = (await patch(draft.id, { notes: 'newer' }, 200, { 'if-match': stale })).response.headers.etag as string;
      const before = await everything();
      for (const ifMatch of [stale, `W/${fresh}`, '"something-else"']) {
        const { body } = await patch(draft.id, { notes: 'lost update', items: [] }, 412, { 'if-match': ifMatch });
        expect(body.code).toBe('precondition_failed');
      }
      expect(await everything()).toEqual(before);
    });

    it('lets exactly one of several concurrent PATCHes with the same ETag win', async () => {
      const draft = await createInvoice(t.app, user.token, client.id);
      const etag = `"${draft.id}.1"`;
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          t.app.inject({
            method: 'PATCH',
            url: `/api/v1/invoices/${draft.id}`,
            headers: { authorization: `Bearer ${user.token}`, 'if-match': etag },
            payload: { notes: `writer ${i}`, items: [item({ quantity: i + 1 })] },
          }),
        ),
      );
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
      const row = await t.app.db.selectFrom('invoices').selectAll().where('id', '=', draft.id).executeTakeFirstOrThrow();
      expect(row.version).toBe(2);
      const winner = responses.find((response) => response.statusCode === 200)?.json<Invoice>();
      expect(row.notes).toBe(winner?.notes);
      expect(await t.app.db.selectFrom('invoice_items').select('id').where('invoice_id', '=', draft.id).execute()).toHaveLength(1);
    });

    it('applies concurrent PATCHes without If-Match one after another', async () => {
      const draft = await createInvoice(t.app, user.token, client.id);
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) => patch(draft.id, { items: [item(), item({ quantity: i + 1 })] }, 200)),
      );
      expect(new Set(responses.map(({ response }) => response.headers.etag)).size).toBe(8);
      const row = await t.app.db.selectFrom('invoices').select('version').where('id', '=', draft.id).executeTakeFirstOrThrow();
      expect(row.version).toBe(9);
      expect(await t.app.db.selectFrom('invoice_items').select('id').where('invoice_id', '=', draft.id).execute()).toHaveLength(2);
    });
  });

  describe('outside draft', () => {
    it.each([
      ['published', 'INV-000001'],
      ['sent', 'INV-000002'],
      ['paid', 'INV-000003'],
      ['void', 'INV-000004'],
    ] as const)('PATCH and DELETE on a %s invoice → 409 invalid_transition, nothing changed', async (status, number) => {
      const invoice = await createInvoice(t.app, user.token, client.id);
      await setStatus(t.app, invoice.id, status, number);
      const before = await everything();
      const patched = await patch(invoice.id, { notes: 'too late' }, 409);
      expect(patched.body.code).toBe('invalid_transition');
      expect(patched.body.detail).toContain(status);
      const deleted = await call<Problem>(t.app, { method: 'DELETE', url: `/api/v1/invoices/${invoice.id}`, token: user.token }, 409);
      expect(deleted.body.code).toBe('invalid_transition');
      expect(deleted.body.detail).toContain(status);
      expect(await everything()).toEqual(before);
    });

    it('says 409 rather than 412 when the invoice left draft, whatever the If-Match', async () => {
      const invoice = await createInvoice(t.app, user.token, client.id);
      await setStatus(t.app, invoice.id, 'published', 'INV-000010');
      expect((await patch(invoice.id, { notes: 'x' }, 409, { 'if-match': '"stale"' })).body.code).toBe('invalid_transition');
    });
  });

  it('deletes a draft with its lines', async () => {
    const draft = await createInvoice(t.app, user.token, client.id, { items: [item(), item()] });
    const { response } = await call(t.app, { method: 'DELETE', url: `/api/v1/invoices/${draft.id}`, token: user.token }, 204);
    expect(response.body).toBe('');
    expect(await t.app.db.selectFrom('invoices').select('id').where('id', '=', draft.id).execute()).toEqual([]);
    expect(await t.app.db.selectFrom('invoice_items').select('id').where('invoice_id', '=', draft.id).execute()).toEqual([]);
    await call(t.app, { method: 'GET', url: `/api/v1/invoices/${draft.id}`, token: user.token }, 404);
    await call(t.app, { method: 'DELETE', url: `/api/v1/invoices/${draft.id}`, token: user.token }, 404);
  });

  it('answers 404 to PATCH and DELETE on unknown or malformed ids', async () => {
    for (const id of ['4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c', 'not-a-uuid']) {
      expect((await patch(id, { notes: 'x' }, 404)).body.code).toBe('not_found');
      await call(t.app, { method: 'DELETE', url: `/api/v1/invoices/${id}`, token: user.token }, 404);
    }
  });

  describe("another user's invoices and clients", () => {
    it('answers 404 on GET, PATCH and DELETE and changes nothing', async () => {
      const owner = await createUser(t.app);
      const theirs = await createInvoice(t.app, owner.token, (await createClient(t.app, owner.token)).id);
      const before = await everything();
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const { body } = await call<Problem>(
          t.app,
          { method, url: `/api/v1/invoices/${theirs.id}`, token: user.token, ...(method === 'PATCH' ? { body: { notes: 'mine' } } : {}) },
          404,
        );
        expect(body.code).toBe('not_found');
      }
      expect(await everything()).toEqual(before);
    });

    it("refuses to move an invoice to another user's client (422, as for an unknown one)", async () => {
      const owner = await createUser(t.app);
      const theirClient = await createClient(t.app, owner.token);
      const draft = await createInvoice(t.app, user.token, client.id);
      const before = await everything();
      const forTheirs = (await patch(draft.id, { clientId: theirClient.id }, 422)).body;
      const forNobody = (await patch(draft.id, { clientId: '4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c' }, 422)).body;
      expect(forTheirs.code).toBe('unprocessable');
      expect(forTheirs.detail).toBe(forNobody.detail);
      expect(await everything()).toEqual(before);
    });
  });
});
