/**
 * metadata (contract v1.2 "API keys and integration"): its bounds on every resource that has it,
 * set on create, replaced by PATCH (an issued invoice's only editable field), returned as given,
 * in webhook event objects, and the list filter metadata[key]=value, which never finds another
 * user's rows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Metadata } from '../../schemas/metadata.js';
import { call, useTestApp } from '../helpers/app.js';
import { seedInvoiceIn } from '../helpers/seed.js';
import { createUser, type TestUser } from '../helpers/users.js';
import { createClient } from '../clients/helpers.js';

interface WithMetadata {
  id: string;
  metadata: Metadata;
}
interface Page {
  data: WithMetadata[];
  nextCursor: string | null;
}
interface Problem {
  code: string;
  errors?: { path: string }[];
}

const tables = ['clients', 'invoices', 'payments', 'credit_notes', 'recurring_invoices'] as const;
const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, `v${index}`]));
const today = new Date().toISOString().slice(0, 10);

describe('metadata', () => {
  const t = useTestApp();
  let alice: TestUser;
  let bob: TestUser;
  let clientId: string;

  const request = <T = WithMetadata>(user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, status: number, body?: unknown) =>
    call<T>(t.app, { method, url: `/api/v1${url}`, token: user.token, body }, status).then((answer) => answer.body);

  const rowCounts = async () =>
    Object.fromEntries(
      await Promise.all(
        tables.map(async (table) => {
          const { count } = await t.app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
          return [table, Number(count)] as const;
        }),
      ),
    );
  const storedMetadata = async (table: (typeof tables)[number], id: string) =>
    (await t.app.db.selectFrom(table).select('metadata').where('id', '=', id).executeTakeFirstOrThrow()).metadata;

  beforeAll(async () => {
    [alice, bob] = [await createUser(t.app), await createUser(t.app)];
    clientId = (await createClient(t.app, alice.token)).id;
  });

  /** Each resource's create: the body without metadata, and where it is made. */
  const creators: Record<string, (user: TestUser, metadata?: Metadata) => Promise<{ url: string; body: Record<string, unknown>; list: string }>> = {
    clients: async () => ({ url: '/clients', body: { kind: 'customer', companyName: 'Meta Ltd', currency: 'EUR' }, list: '/clients' }),
    invoices: async (user) => ({
      url: '/invoices',
      body: { clientId: user === alice ? clientId : (await createClient(t.app, user.token)).id, dueDate: '2099-01-01' },
      list: '/invoices',
    }),
    payments: async (user) => {
      const { id } = await seedInvoiceIn(t.app, user, 'published');
      return { url: `/invoices/${id}/payments`, body: { amount: 100, method: 'card' }, list: '/payments' };
    },
    credit_notes: async (user) => {
      const { id } = await seedInvoiceIn(t.app, user, 'published');
      return { url: `/invoices/${id}/credit-notes`, body: { reason: 'Goodwill', items: [{ description: 'x', quantity: 1, unitPrice: 100 }] }, list: '/credit-notes' };
    },
    recurring_invoices: async (user) => ({
      url: '/recurring-invoices',
      body: {
        clientId: user === alice ? clientId : (await createClient(t.app, user.token)).id,
        items: [{ description: 'Hosting', quantity: 1, unitPrice: 500 }],
        interval: 'month',
        startDate: '2099-01-01',
      },
      list: '/recurring-invoices',
    }),
  };

  describe.each(tables)('on %s', (table) => {
    it('defaults to {}, keeps what create sets as given, and the list filter finds only the user’s rows with that pair', async () => {
      const plain = await creators[table]!(alice);
      const bare = await request(alice, 'POST', plain.url, 201, plain.body);
      expect(bare.metadata).toEqual({});
      expect(await storedMetadata(table, bare.id)).toEqual({});

      const given = { orderId: 'A-1', 'Shop Name': 'Ünïcödé ✓', empty: '' };
      const tagged = await creators[table]!(alice);
      const created = await request(alice, 'POST', tagged.url, 201, { ...tagged.body, metadata: given });
      expect(created.metadata).toEqual(given);
      expect(await storedMetadata(table, created.id)).toEqual(given);
      expect((await request(alice, 'GET', `${tagged.list}/${created.id}`, 200)).metadata).toEqual(given);

      // Bob's row with the very same pair is never matched by Alice's filter.
      const bobs = await creators[table]!(bob);
      const bobRow = await request(bob, 'POST', bobs.url, 201, { ...bobs.body, metadata: given });

      const found = await request<Page>(alice, 'GET', `${tagged.list}?metadata[orderId]=A-1`, 200);
      expect(found).toEqual({ data: [expect.objectContaining({ id: created.id, metadata: given })], nextCursor: null });
      const encoded = await request<Page>(alice, 'GET', `${tagged.list}?metadata%5BShop%20Name%5D=%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20%E2%9C%93`, 200);
      expect(encoded.data.map(({ id }) => id)).toEqual([created.id]);
      const emptyValue = await request<Page>(alice, 'GET', `${tagged.list}?metadata[empty]=`, 200);
      expect(emptyValue.data.map(({ id }) => id)).toEqual([created.id]);
      for (const miss of ['metadata[orderId]=A-2', 'metadata[orderid]=A-1', 'metadata[other]=A-1']) {
        expect(await request<Page>(alice, 'GET', `${tagged.list}?${miss}`, 200)).toEqual({ data: [], nextCursor: null });
      }
      const bobFound = await request<Page>(bob, 'GET', `${bobs.list}?metadata[orderId]=A-1`, 200);
      expect(bobFound.data.map(({ id }) => id)).toEqual([bobRow.id]);
    });

    it('refuses each bound, null and non-string values with 400, writing nothing', async () => {
      const target = await creators[table]!(alice);
      const accepted = { ...keys(19), [`${'k'.repeat(40)}`]: 'v'.repeat(500) };
      const ok = await request(alice, 'POST', target.url, 201, { ...target.body, metadata: accepted });
      expect(ok.metadata).toEqual(accepted);

      const before = await rowCounts();
      const refused: [unknown, string][] = [
        [keys(21), '/metadata'],
        [{ ['k'.repeat(41)]: 'v' }, '/metadata'],
        [{ '': 'v' }, '/metadata'],
        [{ key: 'v'.repeat(501) }, '/metadata/key'],
        [{ key: null }, '/metadata/key'],
        [{ key: 1 }, '/metadata/key'],
        [{ key: true }, '/metadata/key'],
        [{ key: { nested: 'x' } }, '/metadata/key'],
        [{ key: ['x'] }, '/metadata/key'],
        [null, '/metadata'],
        [['x'], '/metadata'],
        ['x', '/metadata'],
      ];
      for (const [metadata, path] of refused) {
        const fresh = await creators[table]!(alice);
        const problem = await request<Problem>(alice, 'POST', fresh.url, 400, { ...fresh.body, metadata });
        expect(problem.code, JSON.stringify(metadata)).toBe('validation_failed');
        expect(problem.errors?.map((error) => error.path), JSON.stringify(metadata)).toContain(path);
      }
      const after = await rowCounts();
      // The payments and credit notes creators seed their invoice first; nothing of theirs was written.
      expect({ ...after, invoices: 0, clients: 0 }).toEqual({ ...before, invoices: 0, clients: 0 });
      if (table === 'clients' || table === 'recurring_invoices') expect(after[table]).toBe(before[table]);
    });

    it('refuses a malformed filter with 400', async () => {
      const { list } = await creators[table]!(alice);
      for (const query of [
        'metadata[a]=1&metadata[b]=2',
        'metadata=x',
        'metadata[]=x',
        `metadata[${'k'.repeat(41)}]=x`,
        `metadata[k]=${'v'.repeat(501)}`,
        'metadata[k]=1&metadata[k]=2',
        'metadata=x&metadata[k]=1',
      ]) {
        const problem = await request<Problem>(alice, 'GET', `${list}?${query}`, 400);
        expect(problem.code, query).toBe('validation_failed');
      }
    });
  });

  it('a PATCH replaces metadata whole on clients and recurring invoices ({} clears it), with an event carrying it', async () => {
    for (const [url, body] of [
      ['/clients', { kind: 'customer', companyName: 'Patch Ltd', currency: 'EUR' }],
      ['/recurring-invoices', { clientId, items: [{ description: 'x', quantity: 1, unitPrice: 1 }], interval: 'week', startDate: '2099-01-01' }],
    ] as const) {
      const created = await request(alice, 'POST', url, 201, { ...body, metadata: { a: '1', b: '2' } });
      const patched = await request(alice, 'PATCH', `${url}/${created.id}`, 200, { metadata: { c: '3' } });
      expect(patched.metadata).toEqual({ c: '3' });
      expect(await storedMetadata(url === '/clients' ? 'clients' : 'recurring_invoices', created.id)).toEqual({ c: '3' });
      const cleared = await request(alice, 'PATCH', `${url}/${created.id}`, 200, { metadata: {} });
      expect(cleared.metadata).toEqual({});
      const refused = await request<Problem>(alice, 'PATCH', `${url}/${created.id}`, 400, { metadata: { c: null } });
      expect(refused.code).toBe('validation_failed');
      expect(await storedMetadata(url === '/clients' ? 'clients' : 'recurring_invoices', created.id)).toEqual({});
      await request(bob, 'PATCH', `${url}/${created.id}`, 404, { metadata: { stolen: 'yes' } });
      expect(await storedMetadata(url === '/clients' ? 'clients' : 'recurring_invoices', created.id)).toEqual({});
    }
    const { data } = await request<{ data: { type: string; data: { object: WithMetadata } }[] }>(alice, 'GET', '/events?limit=20', 200);
    const clientUpdated = data.find((event) => event.type === 'client.updated');
    expect(clientUpdated?.data.object.metadata).toEqual({});
  });

  describe('on an issued invoice', () => {
    it('takes a PATCH of metadata alone in any status, bumping its ETag and reporting invoice.updated', async () => {
      for (const status of ['published', 'sent', 'paid', 'void'] as const) {
        const { id } = await seedInvoiceIn(t.app, alice, status);
        const before = await t.app.db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        const { body, response } = await call<WithMetadata & { status: string; number: string }>(
          t.app,
          { method: 'PATCH', url: `/api/v1/invoices/${id}`, token: alice.token, body: { metadata: { crm: `deal-${status}` } }, headers: { 'if-match': `"${id}.${before.version}"` } },
          200,
        );
        expect(body).toMatchObject({ status, number: before.number, metadata: { crm: `deal-${status}` } });
        expect(response.headers.etag).toBe(`"${id}.${before.version + 1}"`);
        const after = await t.app.db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        expect(after).toEqual({ ...before, metadata: { crm: `deal-${status}` }, version: before.version + 1, updated_at: expect.any(String) });
        const found = await request<Page>(alice, 'GET', `/invoices?metadata[crm]=deal-${status}`, 200);
        expect(found.data.map((invoice) => invoice.id)).toEqual([id]);
      }
      const { data } = await request<{ data: { type: string; data: { object: WithMetadata } }[] }>(alice, 'GET', '/events?limit=1', 200);
      expect(data[0]).toMatchObject({ type: 'invoice.updated', data: { object: { metadata: { crm: 'deal-void' } } } });
    });

    it('refuses anything besides metadata with 409 invalid_transition, and a stale If-Match with 412, changing nothing', async () => {
      const { id } = await seedInvoiceIn(t.app, alice, 'published');
      const before = await t.app.db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      for (const body of [{ metadata: { a: 'b' }, notes: 'late' }, { notes: 'late' }, { metadata: {}, dueDate: today }]) {
        const problem = await request<Problem>(alice, 'PATCH', `/invoices/${id}`, 409, body);
        expect(problem.code).toBe('invalid_transition');
      }
      const stale = await call<Problem>(
        t.app,
        { method: 'PATCH', url: `/api/v1/invoices/${id}`, token: alice.token, body: { metadata: { a: 'b' } }, headers: { 'if-match': `"${id}.0"` } },
        412,
      );
      expect(stale.body.code).toBe('precondition_failed');
      await request(bob, 'PATCH', `/invoices/${id}`, 404, { metadata: { a: 'b' } });
      expect(await t.app.db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before);
    });

    it('on a draft, metadata goes with the other fields', async () => {
      const draft = await request(alice, 'POST', '/invoices', 201, { clientId, dueDate: '2099-01-01', metadata: { a: '1' } });
      const patched = await request<WithMetadata & { notes: string }>(alice, 'PATCH', `/invoices/${draft.id}`, 200, { notes: 'n', metadata: { b: '2' } });
      expect(patched).toMatchObject({ notes: 'n', metadata: { b: '2' } });
      expect(await storedMetadata('invoices', draft.id)).toEqual({ b: '2' });
    });
  });

  it('filters an invoice’s payments too, and pages through a filtered list', async () => {
    const { id } = await seedInvoiceIn(t.app, alice, 'published');
    const made: string[] = [];
    for (const tag of ['x', 'y', 'x', 'x']) {
      made.push((await request(alice, 'POST', `/invoices/${id}/payments`, 201, { amount: 10, method: 'cash', metadata: { tag } })).id);
    }
    const first = await request<Page>(alice, 'GET', `/invoices/${id}/payments?metadata[tag]=x&limit=2`, 200);
    expect(first.data).toHaveLength(2);
    const second = await request<Page>(alice, 'GET', `/invoices/${id}/payments?metadata[tag]=x&limit=2&cursor=${first.nextCursor}`, 200);
    const seen = [...first.data, ...second.data].map((payment) => payment.id);
    expect(second.nextCursor).toBeNull();
    expect(new Set(seen)).toEqual(new Set([made[0], made[2], made[3]]));
    expect(seen).toHaveLength(3);
  });
});
