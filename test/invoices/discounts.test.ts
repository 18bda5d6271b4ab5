import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../schemas/clients.js';
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { Invoice } from '../../schemas/invoices.js';
import { type Problem, createClient, expectFieldError, snapshot } from '../clients/helpers.js';
import { call, useTestApp } from '../helpers/app.js';
import { useTestUser } from '../helpers/users.js';
import { allowances, badAdjustmentInput, charges, lines, unprocessableAdjustments } from './adjustment-cases.js';
import { createInvoice, invoiceBody, item } from './helpers.js';

describe('discounts, allowances and charges on invoices and credit notes', () => {
  const t = useTestApp();
  const user = useTestUser(t);
  let client: Client;
  beforeAll(async () => {
    client = await createClient(t.app, user.token, { currency: 'EUR' });
  });
  const post = (body: unknown, expected: number) =>
    call<Invoice & Problem>(t.app, { method: 'POST', url: '/api/v1/invoices', token: user.token, body }, expected);
  const patch = (id: string, body: unknown, expected: number) =>
    call<Invoice & Problem>(t.app, { method: 'PATCH', url: `/api/v1/invoices/${id}`, token: user.token, body }, expected);
  const stored = async () => [await snapshot(t.app, 'invoices'), await snapshot(t.app, 'invoice_items')];

  it('prices lines net of their discounts and the document with its allowances and charges (line rounding)', async () => {
    const { body: invoice } = await post(invoiceBody(client.id, { items: lines, allowances, charges }), 201);
    expect(invoice.items.map(({ discount, gross, discountAmount, subtotal, tax, total }) => ({ discount, gross, discountAmount, subtotal, tax, total }))).toEqual([
      { discount: { percent: 10, reason: 'Loyalty' }, gross: 20_000, discountAmount: 2_000, subtotal: 18_000, tax: 3_600, total: 21_600 },
      { discount: { amount: 997, reason: null }, gross: 5_997, discountAmount: 997, subtotal: 5_000, tax: 1_000, total: 6_000 },
      { discount: null, gross: 5_000, discountAmount: 0, subtotal: 5_000, tax: 350, total: 5_350 },
    ]);
    expect(invoice).toMatchObject({
      allowances: [
        { reason: 'Early payment', reasonCode: null, percent: 2.5, amount: 700, taxCategory: 'S', taxRate: 20 },
        { reason: null, reasonCode: '95', percent: null, amount: 350, taxCategory: 'S', taxRate: 7 },
      ],
      charges: [{ reason: 'Shipping', reasonCode: 'FC', percent: null, amount: 1_005, taxCategory: 'S', taxRate: 10 }],
      lineTotal: 28_000,
      allowanceTotal: 1_050,
      chargeTotal: 1_005,
      subtotal: 27_955,
      // S 7: 350 − round(350 × 7 %) = 325; S 10: round(100.5) = 101; S 20: 4600 − 140 = 4460.
      taxBreakdown: [
        { taxCategory: 'S', taxRate: 7, taxableAmount: 4_650, taxAmount: 325 },
        { taxCategory: 'S', taxRate: 10, taxableAmount: 1_005, taxAmount: 101 },
        { taxCategory: 'S', taxRate: 20, taxableAmount: 22_300, taxAmount: 4_460 },
      ],
      tax: 4_886,
      total: 32_841,
      amountDue: 32_841,
    });
    const row = await t.app.db.selectFrom('invoices').selectAll().where('id', '=', invoice.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ subtotal: 27_955, allowance_total: 1_050, charge_total: 1_005, tax: 4_886, total: 32_841 });
    expect(row.allowances).toEqual(invoice.allowances);
    const items = await t.app.db.selectFrom('invoice_items').selectAll().where('invoice_id', '=', invoice.id).orderBy('position').execute();
    expect(items.map(({ discount_percent, discount_amount, discount_reason, subtotal }) => ({ discount_percent, discount_amount, discount_reason, subtotal }))).toEqual([
      { discount_percent: '10', discount_amount: 2_000, discount_reason: 'Loyalty', subtotal: 18_000 },
      { discount_percent: null, discount_amount: 997, discount_reason: null, subtotal: 5_000 },
      { discount_percent: null, discount_amount: 0, discount_reason: null, subtotal: 5_000 },
    ]);
    expect((await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${invoice.id}`, token: user.token }, 200)).body).toEqual(invoice);
  });

  it('document rounding rounds each category once: S 7 % gives round(4650 × 7 %) = 326', async () => {
    const { body: invoice } = await post(invoiceBody(client.id, { items: lines, allowances, charges, taxRounding: 'document' }), 201);
    expect(invoice.taxBreakdown.map((entry) => entry.taxAmount)).toEqual([326, 101, 4_460]);
    expect(invoice).toMatchObject({ subtotal: 27_955, tax: 4_887, total: 32_842 });
  });

  it('PATCH reprices with what it leaves as it was: charges cleared keep the lines and allowances', async () => {
    const invoice = await createInvoice(t.app, user.token, client.id, { items: lines, allowances, charges });
    const { body: cleared } = await patch(invoice.id, { charges: [] }, 200);
    expect(cleared).toMatchObject({ lineTotal: 28_000, allowanceTotal: 1_050, chargeTotal: 0, subtotal: 26_950, tax: 4_785, total: 31_735, charges: [] });
    // Lines alone: the 350 at 7 % would stand in a category with no line left (422); with one there, 2.5 % of 45000 is 1125.
    const s20 = item({ quantity: 1, unitPrice: 40_000, taxRate: 20 });
    expect((await patch(invoice.id, { items: [s20] }, 422)).body.errors).toEqual([{ path: '/allowances', message: expect.stringContaining('S at 7 %') }]);
    const { body: relined } = await patch(invoice.id, { items: [s20, item({ quantity: 1, unitPrice: 5_000, taxRate: 7 })] }, 200);
    expect(relined.allowances.map((entry) => entry.amount)).toEqual([1_125, 350]);
    expect(relined).toMatchObject({ lineTotal: 45_000, allowanceTotal: 1_475, chargeTotal: 0, subtotal: 43_525 });
  });

  it('a full credit note copies discounts, allowances and charges: its totals are the invoice’s', async () => {
    const invoice = await createInvoice(t.app, user.token, client.id, { items: lines, allowances, charges });
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/publish`, token: user.token }, 200);
    const { body: note } = await call<CreditNote>(
      t.app,
      { method: 'POST', url: `/api/v1/invoices/${invoice.id}/credit-notes`, token: user.token, body: { reason: 'Cancelled' } },
      201,
    );
    const totals = ({ allowances: a, charges: c, lineTotal, allowanceTotal, chargeTotal, subtotal, tax, total, taxBreakdown }: Invoice | CreditNote) =>
      ({ a, c, lineTotal, allowanceTotal, chargeTotal, subtotal, tax, total, taxBreakdown });
    expect(totals(note)).toEqual(totals(invoice));
    expect(note.items.map((line) => line.discount)).toEqual(invoice.items.map((line) => line.discount));
  });

  it('a credit note with its own lines takes its own discounts and allowances, none of the invoice’s', async () => {
    const invoice = await createInvoice(t.app, user.token, client.id, { items: lines, allowances, charges });
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/publish`, token: user.token }, 200);
    const body = {
      reason: 'Half the design',
      items: [item({ quantity: 1, unitPrice: 10_000, taxRate: 20, discount: { percent: 50 } })],
      allowances: [{ amount: 1_000, reasonCode: '95', taxCategory: 'S', taxRate: 20 }],
    };
    const { body: note } = await call<CreditNote>(
      t.app,
      { method: 'POST', url: `/api/v1/invoices/${invoice.id}/credit-notes`, token: user.token, body },
      201,
    );
    expect(note.items[0]).toMatchObject({ gross: 10_000, discountAmount: 5_000, subtotal: 5_000, tax: 1_000 });
    expect(note).toMatchObject({ charges: [], lineTotal: 5_000, allowanceTotal: 1_000, chargeTotal: 0, subtotal: 4_000, tax: 800, total: 4_800 });
    const row = await t.app.db.selectFrom('credit_notes').selectAll().where('id', '=', note.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ allowance_total: 1_000, charge_total: 0, subtotal: 4_000, total: 4_800 });
  });

  it.each(badAdjustmentInput)('POST and PATCH with %s → 400 naming the field, nothing written', async (_name, fields, path) => {
    const draft = await createInvoice(t.app, user.token, client.id);
    const before = await stored();
    expectFieldError((await post(invoiceBody(client.id, fields), 400)).body, path);
    expectFieldError((await patch(draft.id, fields, 400)).body, path);
    expect(await stored()).toEqual(before);
  });

  it.each(unprocessableAdjustments)('POST and PATCH with %s → 422 naming the field, nothing written', async (_name, fields, path) => {
    const draft = await createInvoice(t.app, user.token, client.id);
    const before = await stored();
    for (const { body } of [await post(invoiceBody(client.id, fields), 422), await patch(draft.id, fields, 422)]) {
      expect(body.code).toBe('unprocessable');
      expect(body.errors?.map((error) => error.path)).toContain(path);
    }
    expect(await stored()).toEqual(before);
  });

  it('without discounts, allowances or charges every number is as before', async () => {
    const invoice = await createInvoice(t.app, user.token, client.id, { items: [item({ quantity: 1.5, unitPrice: 12_000, taxRate: 19 })] });
    expect(invoice.items[0]).toMatchObject({ discount: null, gross: 18_000, discountAmount: 0, subtotal: 18_000, tax: 3_420, total: 21_420 });
    expect(invoice).toMatchObject({ allowances: [], charges: [], lineTotal: 18_000, allowanceTotal: 0, chargeTotal: 0, subtotal: 18_000, tax: 3_420, total: 21_420 });
  });
});
