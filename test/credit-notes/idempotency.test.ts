import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { seedInvoiceIn } from '../helpers/seed.js';
import { useTestUser } from '../helpers/users.js';
import { creditLine, creditSnapshot } from './helpers.js';

describe('Idempotency-Key on credit notes', () => {
  const t = useTestApp();
  const user = useTestUser(t);

  const post = (invoiceId: string, body: object, key: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/invoices/${invoiceId}/credit-notes`,
      headers: { authorization: `Bearer ${user.token}`, 'idempotency-key': key },
      payload: body,
    });

  it('replays the first response (status, body, Location) without a second note or number', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const key = randomUUID();
    const first = await post(id, { reason: 'Discount', items: [creditLine(300)] }, key);
    expect(first.statusCode).toBe(201);
    const retry = await post(id, { items: [creditLine(300)], reason: 'Discount' }, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.body).toBe(first.body);
    const { notes, invoice, counter } = await creditSnapshot(t.app, user.id, id);
    expect(notes).toHaveLength(1);
    expect(invoice.amount_credited).toBe(300);
    expect(counter?.last_number).toBe(1);
  });

  it('refuses the same key with another body: 422 idempotency_key_reused, nothing written', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const key = randomUUID();
    expect((await post(id, { reason: 'Discount', items: [creditLine(300)] }, key)).statusCode).toBe(201);
    const before = await creditSnapshot(t.app, user.id, id);
    const reused = await post(id, { reason: 'Discount', items: [creditLine(301)] }, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await creditSnapshot(t.app, user.id, id)).toEqual(before);
  });

  it('records a refusal (422) and replays it, even once the request could succeed; nothing written', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const key = randomUUID();
    const body = { reason: 'Backdated', items: [creditLine(100)], issueDate: '2026-01-01' };
    await t.app.db.updateTable('invoices').set({ issue_date: '2026-01-02', due_date: '2099-12-31' }).where('id', '=', id).execute();
    const first = await post(id, body, key);
    expect(first.statusCode).toBe(422);
    await t.app.db.updateTable('invoices').set({ issue_date: '2026-01-01' }).where('id', '=', id).execute();
    const before = await creditSnapshot(t.app, user.id, id);
    const retry = await post(id, body, key);
    expect(retry.statusCode).toBe(422);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
    expect(await creditSnapshot(t.app, user.id, id)).toEqual(before);
    expect(before.notes).toHaveLength(0);
  });
});
