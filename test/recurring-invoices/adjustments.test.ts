import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invoice, InvoiceSummary } from '../../schemas/invoices.js';
import type { RecurringInvoice } from '../../schemas/recurring-invoices.js';
import { addDays } from '../../src/domain/calendar.js';
import { todayUtc } from '../../src/services/invoice-records.js';
import { type Problem, createClient, expectFieldError } from '../clients/helpers.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { type TestUser, createUser } from '../helpers/users.js';
import { allowances, badAdjustmentInput, charges, lines, pricingOf, unprocessableAdjustments } from '../invoices/adjustment-cases.js';
import { eventually } from '../webhooks/helpers.js';

const today = todayUtc();
describe('discounts, allowances and charges on recurring templates', { timeout: 180_000 }, () => {
  let t: TestApp;
  let user: TestUser;
  let clientId: string;

  beforeAll(async () => {
    t = await createTestApp({ SCHEDULER_INTERVAL_MS: 60_000 });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    user = await createUser(t.app);
    clientId = (await createClient(t.app, user.token, { currency: 'EUR' })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const create = (body: Record<string, unknown>, status = 201) =>
    call<RecurringInvoice & Problem>(t.app, { method: 'POST', url: '/api/v1/recurring-invoices', token: user.token, body }, status);
  const patch = (id: string, body: Record<string, unknown>, status = 200) =>
    call<RecurringInvoice & Problem>(t.app, { method: 'PATCH', url: `/api/v1/recurring-invoices/${id}`, token: user.token, body }, status);
  const generated = async (id: string) =>
    (await call<{ data: InvoiceSummary[] }>(t.app, { method: 'GET', url: `/api/v1/invoices?recurringInvoiceId=${id}`, token: user.token }, 200)).body.data;
  const schedules = () => t.app.db.selectFrom('recurring_invoices').selectAll().where('user_id', '=', user.id).orderBy('id').execute();
  const future = () => ({ clientId, interval: 'month', startDate: addDays(today, 10) });

  it('stores item discounts, allowances and charges; each generated invoice is priced as the same invoice made by hand', async () => {
    const template = { clientId, items: lines, allowances, charges, interval: 'month', startDate: today, paymentTermsDays: 14, autoPublish: true };
    const { body: schedule } = await create(template);
    expect(schedule).toMatchObject({ items: lines, allowances, charges });
    const row = await t.app.db.selectFrom('recurring_invoices').selectAll().where('id', '=', schedule.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ items: lines, allowances, charges });

    const [summary] = await eventually(async () => {
      const list = await generated(schedule.id);
      return list.length === 1 && list;
    }, 60_000);
    const { body: invoice } = await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${summary!.id}`, token: user.token }, 200);
    const { body: byHand } = await call<Invoice>(
      t.app,
      {
        method: 'POST',
        url: '/api/v1/invoices',
        token: user.token,
        body: { clientId, items: lines, allowances, charges, issueDate: today, dueDate: addDays(today, 14) },
      },
      201,
    );
    expect(pricingOf(invoice)).toEqual(pricingOf(byHand));
    // The contract's worked example (test/invoices/discounts.test.ts), line rounding.
    expect(invoice).toMatchObject({ status: 'published', lineTotal: 28_000, allowanceTotal: 1_050, chargeTotal: 1_005, subtotal: 27_955, tax: 4_886, total: 32_841 });
    const stored = await t.app.db.selectFrom('invoices').selectAll().where('id', '=', invoice.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ allowance_total: 1_050, charge_total: 1_005, subtotal: 27_955, total: 32_841 });
    const items = await t.app.db.selectFrom('invoice_items').select(['discount_percent', 'discount_amount']).where('invoice_id', '=', invoice.id).orderBy('position').execute();
    expect(items).toEqual([
      { discount_percent: '10', discount_amount: 2_000 },
      { discount_percent: null, discount_amount: 997 },
      { discount_percent: null, discount_amount: 0 },
    ]);
  });

  it('PATCH replaces allowances and charges, checked against the stored lines; a template without them has none', async () => {
    const { body: plain } = await create({ ...future(), items: lines });
    expect(plain).toMatchObject({ allowances: [], charges: [] });
    const { body: edited } = await patch(plain.id, { allowances: [allowances[1]], charges });
    expect(edited).toMatchObject({ allowances: [allowances[1]], charges });
    const { body: cleared } = await patch(plain.id, { charges: [] });
    expect(cleared).toMatchObject({ allowances: [allowances[1]], charges: [] });
    const before = await schedules();
    // The stored lines have 5000 at 7 %: an allowance of 5001 there brings the category below 0.
    const { body: problem } = await patch(plain.id, { allowances: [{ ...allowances[1], amount: 5_001 }] }, 422);
    expect(problem.code).toBe('unprocessable');
    expect(problem.errors?.map((error) => error.path)).toContain('/allowances');
    // New lines are checked against the stored allowance (350 at 7 %): without a 7 % line it has nothing to reduce.
    expect((await patch(plain.id, { items: [lines[0]] }, 422)).body.code).toBe('unprocessable');
    expect(await schedules()).toEqual(before);
  });

  it.each(badAdjustmentInput)('POST and PATCH with %s → 400 naming the field, nothing written', async (_name, fields, path) => {
    const { body: schedule } = await create({ ...future(), items: lines });
    const before = await schedules();
    expectFieldError((await create({ ...future(), items: lines, ...fields }, 400)).body, path);
    expectFieldError((await patch(schedule.id, fields, 400)).body, path);
    expect(await schedules()).toEqual(before);
  });

  it.each(unprocessableAdjustments)('POST and PATCH with %s → 422 naming the field, nothing written', async (_name, fields, path) => {
    const { body: schedule } = await create({ ...future(), items: lines });
    const before = await schedules();
    for (const { body } of [await create({ ...future(), items: lines, ...fields }, 422), await patch(schedule.id, fields, 422)]) {
      expect(body.code).toBe('unprocessable');
      expect(body.errors?.map((error) => error.path)).toContain(path);
    }
    expect(await schedules()).toEqual(before);
  });

  it('the database refuses malformed allowances and charges written past the API', async () => {
    const { body: schedule } = await create({ ...future(), items: lines });
    const write = (column: 'allowances' | 'charges', value: unknown) =>
      t.app.db
        .updateTable('recurring_invoices')
        .set({ [column]: sql`${JSON.stringify(value)}::jsonb` })
        .where('id', '=', schedule.id)
        .execute();
    const entry = { amount: 1, reason: 'x', taxCategory: 'Z', taxRate: 0 };
    for (const [column, value] of [
      ['allowances', {}],
      ['charges', Array.from({ length: 11 }, () => entry)],
      ['allowances', [1]],
      ['charges', [{ ...entry, taxCategory: undefined }]],
      ['allowances', [{ ...entry, percent: 5 }]],
      ['charges', [{ reason: 'x', taxCategory: 'Z', taxRate: 0 }]],
    ] as const) {
      await expect(write(column, value), JSON.stringify(value)).rejects.toThrow(/recurring_invoices_adjustments/);
    }
    await write('charges', [entry]);
  });
});
