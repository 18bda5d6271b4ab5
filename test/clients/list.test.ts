import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../schemas/clients.js';
import { call, useTestApp } from '../helpers/app.js';
import { createUser, useTestUser } from '../helpers/users.js';
import { type Problem, createClient, expectFieldError, idsNewestFirst, malformedCursors, walkPages } from './helpers.js';

interface ClientPage {
  data: Client[];
  nextCursor: string | null;
}

describe('clients list', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  let other: Awaited<ReturnType<typeof createUser>>;
  const list = async (query: string, token = user.token) =>
    (await call<ClientPage>(t.app, { method: 'GET', url: `/api/v1/clients${query}`, token }, 200)).body;

  beforeAll(async () => {
    other = await createUser(t.app);
  });

  it('walks 45 clients with limit=20, each exactly once, newest first, ties broken by id', async () => {
    const walker = await createUser(t.app);
    // Groups of five share one created_at, so the id tie-break decides inside each group.
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    await t.app.db
      .insertInto('clients')
      .values(
        Array.from({ length: 45 }, (_, i) => ({
          user_id: walker.id,
          kind: 'customer',
          company_name: `Client ${i}`,
          currency: 'EUR',
          created_at: new Date(base + Math.floor(i / 5) * 1000),
        })),
      )
      .execute();
    const expected = await idsNewestFirst(t.app, 'clients', walker.id);

    expect(await walkPages(t.app, walker.token, '/api/v1/clients', 20)).toEqual(expected);

    // Rows created while walking are newer than the cursor: the walk still sees each old row once.
    const walked = await walkPages(t.app, walker.token, '/api/v1/clients', 20, async (page) => {
      await createClient(t.app, walker.token, { companyName: `Inserted during page ${page}` });
    });
    expect(walked).toEqual(expected);

    const first = await list('?limit=20', walker.token);
    expect(first.data).toHaveLength(20);
    expect(first.data.map((client) => client.id)).toEqual((await idsNewestFirst(t.app, 'clients', walker.id)).slice(0, 20));
  });

  it('defaults to 20 per page and ends with nextCursor null', async () => {
    const small = await createUser(t.app);
    for (let i = 0; i < 3; i += 1) await createClient(t.app, small.token, { companyName: `Small ${i}` });
    const page = await list('', small.token);
    expect(page.data.map((client) => client.companyName)).toEqual(['Small 2', 'Small 1', 'Small 0']);
    expect(page.nextCursor).toBeNull();
    const empty = await list('', (await createUser(t.app)).token);
    expect(empty).toEqual({ data: [], nextCursor: null });
  });

  it('filters by kind', async () => {
    const owner = await createUser(t.app);
    const vendor = await createClient(t.app, owner.token, { kind: 'vendor' });
    const customer = await createClient(t.app, owner.token, { kind: 'customer' });
    expect((await list('?kind=vendor', owner.token)).data.map((c) => c.id)).toEqual([vendor.id]);
    expect((await list('?kind=customer', owner.token)).data.map((c) => c.id)).toEqual([customer.id]);
  });

  it('searches company name or email case-insensitively, treating % _ and \\ literally', async () => {
    const owner = await createUser(t.app);
    const acme = await createClient(t.app, owner.token, { companyName: 'ACME Rockets' });
    const byEmail = await createClient(t.app, owner.token, { companyName: 'Road Runner', email: 'Beep@Acme.example' });
    const percent = await createClient(t.app, owner.token, { companyName: '100% Juice' });
    const underscore = await createClient(t.app, owner.token, { companyName: 'snake_case Ltd', email: 'a_b@snake.example' });
    const backslash = await createClient(t.app, owner.token, { companyName: 'Back\\slash' });
    await createClient(t.app, owner.token, { companyName: '1000 Juices', email: 'sxb@x.example' });

    const search = async (q: string) =>
      (await list(`?q=${encodeURIComponent(q)}`, owner.token)).data.map((c) => c.id).sort();
    expect(await search('acme')).toEqual([acme.id, byEmail.id].sort());
    expect(await search('aCmE.EXAMPLE')).toEqual([byEmail.id]);
    expect(await search('%')).toEqual([percent.id]);
    expect(await search('0% j')).toEqual([percent.id]);
    expect(await search('_')).toEqual([underscore.id]);
    expect(await search('s_b')).toEqual([]);
    expect(await search('e_c')).toEqual([underscore.id]);
    expect(await search('\\')).toEqual([backslash.id]);
    expect(await search('nothing like it')).toEqual([]);
    expect((await list('?q=acme&kind=vendor', owner.token)).data).toEqual([]);
  });

  it("never shows another user's clients, with or without filters", async () => {
    const mine = await createClient(t.app, user.token, { companyName: 'Shared Name', email: 'shared@example.test' });
    await createClient(t.app, other.token, { companyName: 'Shared Name', email: 'shared@example.test' });
    for (const query of ['', '?q=shared', '?kind=customer', '?q=shared&kind=customer']) {
      const ids = (await list(query)).data.map((client) => client.id);
      expect(ids).toContain(mine.id);
      const theirs = await t.app.db.selectFrom('clients').select('id').where('user_id', '=', other.id).execute();
      for (const { id } of theirs) expect(ids).not.toContain(id);
    }
  });

  it.each(['0', '101', 'abc', '-1', '1.5'])('limit=%s → 400 validation_failed', async (limit) => {
    const { body } = await call<Problem>(t.app, { method: 'GET', url: `/api/v1/clients?limit=${limit}`, token: user.token }, 400);
    expectFieldError(body, '/limit');
  });

  it('rejects an unknown kind and an empty or overlong q', async () => {
    for (const [query, path] of [
      ['?kind=partner', '/kind'],
      ['?q=', '/q'],
      [`?q=${'x'.repeat(201)}`, '/q'],
    ] as const) {
      const { body } = await call<Problem>(t.app, { method: 'GET', url: `/api/v1/clients${query}`, token: user.token }, 400);
      expectFieldError(body, path);
    }
  });

  it('rejects malformed cursors with 400 validation_failed', async () => {
    const owner = await createUser(t.app);
    for (let i = 0; i < 3; i += 1) await createClient(t.app, owner.token);
    const { nextCursor } = await list('?limit=1', owner.token);
    expect(nextCursor).toEqual(expect.any(String));
    for (const cursor of malformedCursors(nextCursor as string)) {
      const { body } = await call<Problem>(
        t.app,
        { method: 'GET', url: `/api/v1/clients?cursor=${encodeURIComponent(cursor)}`, token: owner.token },
        400,
      );
      expectFieldError(body, '/cursor');
    }
  });
});
