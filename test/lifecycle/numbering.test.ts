import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { call, useTestApp } from '../helpers/app.js';
import { seedClient, seedInvoice } from '../helpers/seed.js';
import { createUser, type TestUser } from '../helpers/users.js';


const expectedNumbers = (count: number) =>
  Array.from({ length: count }, (_, index) => `INV-${String(index + 1).padStart(6, '0')}`);

describe('invoice numbering', () => {
  const t = useTestApp();

  async function seedDrafts(user: TestUser, count: number) {
    const clientId = await seedClient(t.app, user.id);
    const drafts = [];
    for (let index = 0; index < count; index += 1) drafts.push(await seedInvoice(t.app, user.id, { clientId }));
    return drafts.map(({ id }) => id);
  }

  const publish = (user: TestUser, id: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/invoices/${id}/publish`, headers: { authorization: `Bearer ${user.token}` } });

  it('numbers 30 drafts published concurrently INV-000001…INV-000030, gapless and unique', async () => {
    const user = await createUser(t.app);
    const ids = await seedDrafts(user, 30);
    const responses = await Promise.all(ids.map((id) => publish(user, id)));
    expect(responses.map((response) => response.statusCode)).toEqual(ids.map(() => 200));
    const numbers = responses.map((response) => response.json<Invoice>().number);
    expect([...numbers].sort()).toEqual(expectedNumbers(30));

    const stored = await t.app.db.selectFrom('invoices').select('number').where('user_id', '=', user.id).execute();
    expect(stored.map(({ number }) => number).sort()).toEqual(expectedNumbers(30));
    const counter = await t.app.db
      .selectFrom('invoice_number_counters')
      .select('last_number')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(counter.last_number).toBe(30);
  });

  it('publishing the same draft concurrently numbers it once; the others get 409', async () => {
    const user = await createUser(t.app);
    const [id] = await seedDrafts(user, 1);
    const responses = await Promise.all(Array.from({ length: 5 }, () => publish(user, id as string)));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    const { body } = await call<Invoice>(
      t.app,
      { method: 'POST', url: `/api/v1/invoices/${id}/send`, token: user.token },
      200,
    );
    expect(body.number).toBe('INV-000001');
  });

  it('keeps one sequence per user: another user starts at INV-000001', async () => {
    const [first, second] = [await createUser(t.app), await createUser(t.app)];
    const [a1, a2] = await seedDrafts(first, 2);
    const [b1] = await seedDrafts(second, 1);
    expect((await publish(first, a1 as string)).json<Invoice>().number).toBe('INV-000001');
    expect((await publish(second, b1 as string)).json<Invoice>().number).toBe('INV-000001');
    expect((await publish(first, a2 as string)).json<Invoice>().number).toBe('INV-000002');
  });

  it('does not use a number when publishing is refused', async () => {
    const user = await createUser(t.app);
    const [withItems] = await seedDrafts(user, 1);
    const { id: empty } = await seedInvoice(t.app, user.id, { items: [] });
    expect((await publish(user, empty)).statusCode).toBe(422);
    expect((await publish(user, withItems as string)).json<Invoice>().number).toBe('INV-000001');
  });
});
