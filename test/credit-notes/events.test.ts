import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { Invoice } from '../../schemas/invoices.js';
import type { DomainEvent } from '../../src/unit-of-work/events.js';
import { call, useTestApp } from '../helpers/app.js';
import { seedInvoiceIn } from '../helpers/seed.js';
import { useTestUser } from '../helpers/users.js';
import { creditLine, issueCreditNote } from './helpers.js';

describe('credit notes and uncollectible invoices report domain events', () => {
  let committed: DomainEvent[][] = [];
  const t = useTestApp({}, { beforeReady: (app) => app.unitOfWork.afterCommit((events) => committed.push([...events])) });
  const user = useTestUser(t);
  beforeEach(() => {
    committed = [];
  });

  const getInvoice = async (id: string) =>
    (await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${id}`, token: user.token }, 200)).body;

  it('a note that leaves something due: credit_note.created then invoice.updated, each as GET shows it', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent', { items: [{ unitPrice: 1_000 }] });
    committed = [];
    const { body: note } = await issueCreditNote(t.app, user, id, { reason: 'Discount', items: [creditLine(300)] }, 201);
    const note_ = (await call<CreditNote>(t.app, { method: 'GET', url: `/api/v1/credit-notes/${note.id}`, token: user.token }, 200)).body;
    expect(committed).toEqual([
      [
        { userId: user.id, type: 'credit_note.created', object: note_ },
        { userId: user.id, type: 'invoice.updated', object: await getInvoice(id) },
      ],
    ]);
  });

  it('a note that settles the invoice adds invoice.paid', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    committed = [];
    await issueCreditNote(t.app, user, id, { reason: 'Cancelled' }, 201);
    const invoice = await getInvoice(id);
    expect(committed.map((events) => events.map(({ type }) => type))).toEqual([
      ['credit_note.created', 'invoice.updated', 'invoice.paid'],
    ]);
    expect(committed[0]?.[2]).toEqual({ userId: user.id, type: 'invoice.paid', object: invoice });
  });

  it('a refused note and an idempotent replay report nothing', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const key = randomUUID();
    await issueCreditNote(t.app, user, id, { reason: 'Once', items: [creditLine(100)] }, 201, { 'idempotency-key': key });
    committed = [];
    await issueCreditNote(t.app, user, id, { reason: 'Once', items: [creditLine(100)] }, 201, { 'idempotency-key': key });
    await issueCreditNote(t.app, user, id, { reason: 'Too much', items: [creditLine(10 ** 9)] }, 422);
    expect(committed).toEqual([]);
  });

  it('marking uncollectible reports invoice.marked_uncollectible only', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'published');
    committed = [];
    const { body } = await call<Invoice>(t.app, { method: 'POST', url: `/api/v1/invoices/${id}/mark-uncollectible`, token: user.token }, 200);
    expect(committed).toEqual([[{ userId: user.id, type: 'invoice.marked_uncollectible', object: body }]]);
  });
});
