import { beforeAll, describe, expect, it } from 'vitest';
import type { CreditNote, CreditNoteSummary } from '../../schemas/credit-notes.js';
import { call, useTestApp } from '../helpers/app.js';
import { seedInvoiceIn } from '../helpers/seed.js';
import { type TestUser, useTestUser } from '../helpers/users.js';
import { creditLine, issueCreditNote } from './helpers.js';

interface CreditNotePage {
  data: CreditNoteSummary[];
  nextCursor: string | null;
}

describe('reading credit notes', () => {
  const t = useTestApp();
  const alice = useTestUser(t);
  const bob = useTestUser(t);
  let aliceInvoice: string;
  let aliceOther: string;
  const aliceNotes: CreditNote[] = [];
  let bobNote: CreditNote;

  const get = <T = CreditNotePage>(as: TestUser, url: string, expected = 200) =>
    call<T>(t.app, { method: 'GET', url: `/api/v1${url}`, token: as.token }, expected);
  const note = async (user: TestUser, invoiceId: string, amount: number) =>
    (await issueCreditNote(t.app, user, invoiceId, { reason: `Credit ${amount}`, items: [creditLine(amount)] }, 201)).body;

  beforeAll(async () => {
    aliceInvoice = (await seedInvoiceIn(t.app, alice, 'sent')).id;
    aliceOther = (await seedInvoiceIn(t.app, alice, 'paid')).id;
    for (const amount of [100, 200, 300]) aliceNotes.push(await note(alice, aliceInvoice, amount));
    aliceNotes.push(await note(alice, aliceOther, 400));
    bobNote = await note(bob, (await seedInvoiceIn(t.app, bob, 'published')).id, 500);
  });

  const summary = ({ items: _items, ...rest }: CreditNote) => rest;

  it('numbers each user’s notes in their own gapless series', () => {
    expect(aliceNotes.map(({ number }) => number)).toEqual(['CN-000001', 'CN-000002', 'CN-000003', 'CN-000004']);
    expect(bobNote.number).toBe('CN-000001');
  });

  it('lists the user’s notes newest first, without items, in keyset pages', async () => {
    const first = await get(alice, '/credit-notes?limit=3');
    expect(first.body.data).toEqual([...aliceNotes].reverse().slice(0, 3).map(summary));
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await get(alice, `/credit-notes?limit=3&cursor=${first.body.nextCursor}`);
    expect(rest.body).toEqual({ data: [summary(aliceNotes[0] as CreditNote)], nextCursor: null });
  });

  it('filters by invoiceId; another user’s invoice gives an empty page', async () => {
    const { body } = await get(alice, `/credit-notes?invoiceId=${aliceOther}`);
    expect(body).toEqual({ data: [summary(aliceNotes[3] as CreditNote)], nextCursor: null });
    expect((await get(alice, `/credit-notes?invoiceId=${aliceInvoice}`)).body.data).toHaveLength(3);
    expect((await get(bob, `/credit-notes?invoiceId=${aliceInvoice}`)).body).toEqual({ data: [], nextCursor: null });
  });

  it('refuses a malformed cursor, limit or invoiceId with 400', async () => {
    for (const query of ['cursor=garbage', 'limit=0', 'limit=101', 'invoiceId=nope']) {
      const { body } = await get<{ code: string }>(alice, `/credit-notes?${query}`, 400);
      expect(body.code).toBe('validation_failed');
    }
  });

  it('gets one note with its lines; another user’s, an unknown or malformed id is 404', async () => {
    const [first] = aliceNotes;
    expect((await get<CreditNote>(alice, `/credit-notes/${first?.id}`)).body).toEqual(first);
    expect((await get<{ code: string }>(bob, `/credit-notes/${first?.id}`, 404)).body.code).toBe('not_found');
    await get(alice, '/credit-notes/00000000-0000-4000-8000-000000000000', 404);
    await get(alice, '/credit-notes/not-a-uuid', 404);
  });

  it('requires authentication', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/credit-notes' })).statusCode).toBe(401);
  });
});
