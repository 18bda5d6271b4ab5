import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { pruneExpiredIdempotencyKeys } from '../../plugins/expired-rows.js';
import { useTestApp } from '../helpers/app.js';
import { invoiceSnapshot, seedInvoiceIn } from '../helpers/seed.js';
import { createUser, type TestUser, useTestUser } from '../helpers/users.js';


const TTL_SECONDS = 3_600;

describe('Idempotency-Key', () => {
  const t = useTestApp({ IDEMPOTENCY_TTL: TTL_SECONDS });
  const user = useTestUser(t);

  function post(path: string, body: unknown, key: string, as: TestUser = user) {
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/invoices/${path}`,
      headers: { authorization: `Bearer ${as.token}`, 'idempotency-key': key },
      payload: body as object,
    });
  }

  const keyRows = (userId = user.id) =>
    t.app.db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).execute();

  it('replays the first response (status, body, Location) for a retry, without a second payment', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const key = randomUUID();
    const body = { amount: 2_500, method: 'card', reference: 'order 7' };
    const first = await post(`${id}/payments`, body, key);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const retry = await post(`${id}/payments`, { reference: 'order 7', method: 'card', amount: 2_500 }, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.body).toBe(first.body);

    const { invoice, payments } = await invoiceSnapshot(t.app, id);
    expect(payments).toHaveLength(1);
    expect(invoice.amount_paid).toBe(2_500);
    const [stored] = await keyRows();
    expect(stored).toMatchObject({ key, status_code: 201 });
    const lifetime = Date.parse(stored?.expires_at ?? '') - Date.parse(stored?.created_at ?? '');
    expect(lifetime).toBe(TTL_SECONDS * 1_000);
  });

  it('replays /pay with the same invoice body and ETag, recording one payment', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'published');
    const key = randomUUID();
    const first = await post(`${id}/pay`, { method: 'bank_transfer' }, key);
    const retry = await post(`${id}/pay`, { method: 'bank_transfer' }, key);
    expect([first.statusCode, retry.statusCode]).toEqual([200, 200]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.body).toBe(first.body);
    expect((await invoiceSnapshot(t.app, id)).payments).toHaveLength(1);
  });

  it.each([
    ['another body', 'payments', { amount: 501, method: 'card' }],
    ['another route', 'pay', { method: 'card' }],
  ])('refuses the same key with %s: 422 idempotency_key_reused, nothing recorded', async (_case, action, body) => {
    const { id } = await seedInvoiceIn(t.app, user, 'published');
    const key = randomUUID();
    expect((await post(`${id}/payments`, { amount: 500, method: 'card' }, key)).statusCode).toBe(201);
    const before = await invoiceSnapshot(t.app, id);
    const response = await post(`${id}/${action}`, body, key);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'idempotency_key_reused' });
    expect(await invoiceSnapshot(t.app, id)).toEqual(before);
  });

  it('refuses the same key on another invoice', async () => {
    const [{ id: first }, { id: second }] = [
      await seedInvoiceIn(t.app, user, 'published'),
      await seedInvoiceIn(t.app, user, 'published'),
    ];
    const key = randomUUID();
    expect((await post(`${first}/payments`, { amount: 500, method: 'card' }, key)).statusCode).toBe(201);
    const response = await post(`${second}/payments`, { amount: 500, method: 'card' }, key);
    expect(response.json()).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect((await invoiceSnapshot(t.app, second)).payments).toEqual([]);
  });

  it('gives 10 concurrent requests with one key one payment and ten identical answers', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent');
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post(`${id}/payments`, { amount: 1_000, method: 'card' }, key)),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array<number>(10).fill(201));
    expect(new Set(responses.map((response) => response.body)).size).toBe(1);
    expect(responses.filter((response) => response.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    const { invoice, payments } = await invoiceSnapshot(t.app, id);
    expect(payments).toHaveLength(1);
    expect(invoice.amount_paid).toBe(1_000);
  });

  it("keeps keys per user: another user's identical key is a new request", async () => {
    const other = await createUser(t.app);
    const [{ id: mine }, { id: theirs }] = [
      await seedInvoiceIn(t.app, user, 'published'),
      await seedInvoiceIn(t.app, other, 'published'),
    ];
    const key = randomUUID();
    const body = { amount: 700, method: 'cash' };
    expect((await post(`${mine}/payments`, body, key)).statusCode).toBe(201);
    const response = await post(`${theirs}/payments`, body, key, other);
    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect((await invoiceSnapshot(t.app, theirs)).payments).toHaveLength(1);
    expect(await keyRows(other.id)).toHaveLength(1);
  });

  it("cannot replay another user's response: a key on someone else's invoice is 404", async () => {
    const other = await createUser(t.app);
    const { id } = await seedInvoiceIn(t.app, user, 'published');
    const key = randomUUID();
    expect((await post(`${id}/payments`, { amount: 100, method: 'card' }, key)).statusCode).toBe(201);
    const response = await post(`${id}/payments`, { amount: 100, method: 'card' }, key, other);
    expect(response.statusCode).toBe(404);
    expect((await invoiceSnapshot(t.app, id)).payments).toHaveLength(1);
  });

  it('records a business refusal (409) and replays it, even once the cause is gone; no payment is written', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'draft');
    const key = randomUUID();
    const body = { amount: 100, method: 'card' };
    const first = await post(`${id}/payments`, body, key);
    expect(first.statusCode).toBe(409);
    expect(first.json()).toMatchObject({ code: 'invalid_transition' });
    expect((await keyRows()).find((row) => row.key === key)).toMatchObject({ status_code: 409 });

    await t.app.inject({ method: 'POST', url: `/api/v1/invoices/${id}/publish`, headers: { authorization: `Bearer ${user.token}` } });
    const retry = await post(`${id}/payments`, body, key);
    expect(retry.statusCode).toBe(409);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(retry.json()).toEqual(first.json());
    expect((await invoiceSnapshot(t.app, id)).payments).toEqual([]);
  });

  it('gives a retry of a refused overpayment the same 422, not the 409 the invoice would give now', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent', { items: [{ unitPrice: 1_000 }] });
    const key = randomUUID();
    const tooMuch = { amount: 5_000, method: 'card' };
    const first = await post(`${id}/payments`, tooMuch, key);
    expect(first.json()).toMatchObject({ status: 422, code: 'overpayment' });
    expect((await post(`${id}/pay`, { method: 'card' }, randomUUID())).statusCode).toBe(200);

    const retry = await post(`${id}/payments`, tooMuch, key);
    expect(retry.statusCode).toBe(422);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect((await invoiceSnapshot(t.app, id)).payments).toHaveLength(1);
  });

  it('gives concurrent refused requests with one key one identical answer', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'draft');
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(`${id}/payments`, { amount: 100, method: 'card' }, key)));
    const bodies = new Set(responses.map((response) => response.body));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(5).fill(409));
    expect(bodies.size).toBe(1);
    expect(responses.filter((response) => response.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
  });

  it('does not record a 400 or a 404: a corrected retry with the same key executes', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'published');
    const key = randomUUID();
    expect((await post(`${id}/payments`, { amount: -1, method: 'card' }, key)).statusCode).toBe(400);
    expect((await post(`${randomUUID()}/payments`, { amount: 100, method: 'card' }, key)).statusCode).toBe(404);
    expect((await keyRows()).some((row) => row.key === key)).toBe(false);
    const retry = await post(`${id}/payments`, { amount: 100, method: 'card' }, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });

  describe('expiry', () => {
    const expire = (key: string) =>
      t.app.db
        .updateTable('idempotency_keys')
        .set({ expires_at: sql<Date>`now() - interval '1 second'`, created_at: sql<Date>`now() - interval '2 days'` })
        .where('user_id', '=', user.id)
        .where('key', '=', key)
        .execute();

    it('prunes expired keys, keeps live ones, and a pruned key executes again', async () => {
      const { id } = await seedInvoiceIn(t.app, user, 'sent');
      const [expired, live] = [randomUUID(), randomUUID()];
      const body = { amount: 100, method: 'card' };
      expect((await post(`${id}/payments`, body, expired)).statusCode).toBe(201);
      expect((await post(`${id}/payments`, body, live)).statusCode).toBe(201);
      await expire(expired);

      expect(await t.app.unitOfWork.run((trx) => pruneExpiredIdempotencyKeys(trx))).toBeGreaterThanOrEqual(1);
      const keys = (await keyRows()).map((row) => row.key);
      expect(keys).toContain(live);
      expect(keys).not.toContain(expired);

      const again = await post(`${id}/payments`, body, expired);
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
      expect((await invoiceSnapshot(t.app, id)).payments).toHaveLength(3);
    });

    it('treats an expired key that is not yet pruned as new, even with another body', async () => {
      const { id } = await seedInvoiceIn(t.app, user, 'sent');
      const key = randomUUID();
      expect((await post(`${id}/payments`, { amount: 100, method: 'card' }, key)).statusCode).toBe(201);
      await expire(key);
      const again = await post(`${id}/payments`, { amount: 200, method: 'cash' }, key);
      expect(again.statusCode).toBe(201);
      expect(again.json()).toMatchObject({ amount: 200 });
      const [stored] = (await keyRows()).filter((row) => row.key === key);
      expect(Date.parse(stored?.expires_at ?? '')).toBeGreaterThan(Date.now());
      const replay = await post(`${id}/payments`, { amount: 200, method: 'cash' }, key);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toBe(again.body);
    });
  });
});
