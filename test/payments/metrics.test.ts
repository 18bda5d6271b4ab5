import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { seedInvoice, seedInvoiceIn } from '../helpers/seed.js';
import { useTestUser } from '../helpers/users.js';


const series = {
  published: 'invoice_api_invoices_total{event="published"}',
  sent: 'invoice_api_invoices_total{event="sent"}',
  paid: 'invoice_api_invoices_total{event="paid"}',
  voided: 'invoice_api_invoices_total{event="voided"}',
  chfPayments: 'invoice_api_payments_total{currency="CHF"}',
  chfAmount: 'invoice_api_payments_amount_total{currency="CHF"}',
  paymentReplays: 'invoice_api_idempotent_replays_total{route="/api/v1/invoices/:id/payments"}',
  payReplays: 'invoice_api_idempotent_replays_total{route="/api/v1/invoices/:id/pay"}',
} as const;
type Counts = Record<keyof typeof series, number>;

describe('business metrics of the lifecycle and payments', () => {
  const t = useTestApp();
  const user = useTestUser(t);

  async function counts(): Promise<Counts> {
    const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    const values = new Map(
      text
        .split('\n')
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]),
    );
    const entries = Object.entries(series).map(([name, key]) => [name, values.get(key) ?? 0]);
    return Object.fromEntries(entries) as Counts;
  }

  /** Runs `action` and returns how much each counter moved. */
  async function delta(action: () => Promise<unknown>): Promise<Partial<Counts>> {
    const before = await counts();
    await action();
    const after = await counts();
    const moved = Object.entries(after)
      .map(([name, value]) => [name, value - before[name as keyof Counts]] as const)
      .filter(([, change]) => change !== 0);
    return Object.fromEntries(moved);
  }

  const post = (path: string, body?: object, key?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/invoices/${path}`,
      headers: { authorization: `Bearer ${user.token}`, ...(key ? { 'idempotency-key': key } : {}) },
      ...(body ? { payload: body } : {}),
    });

  it('counts publish, send and void once each, and refused actions not at all', async () => {
    const { id } = await seedInvoice(t.app, user.id, { currency: 'CHF' });
    expect(await delta(() => post(`${id}/publish`))).toEqual({ published: 1 });
    expect(await delta(() => post(`${id}/publish`))).toEqual({});
    expect(await delta(() => post(`${id}/send`))).toEqual({ sent: 1 });
    expect(await delta(() => post(`${id}/void`))).toEqual({ voided: 1 });
  });

  it('counts each new payment and its amount, the settling one as paid, and a replay only as a replay', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'sent', { currency: 'CHF', items: [{ unitPrice: 1_000 }] });
    const key = randomUUID();
    expect(await delta(() => post(`${id}/payments`, { amount: 250, method: 'card' }, key))).toEqual({
      chfPayments: 1,
      chfAmount: 250,
    });
    expect(await delta(() => post(`${id}/payments`, { amount: 250, method: 'card' }, key))).toEqual({ paymentReplays: 1 });
    expect(await delta(() => post(`${id}/payments`, { amount: 5_000, method: 'card' }))).toEqual({});
    expect(await delta(() => post(`${id}/payments`, { amount: 750, method: 'card' }))).toEqual({
      chfPayments: 1,
      chfAmount: 750,
      paid: 1,
    });
  });

  it('counts /pay as paid plus one payment of the amount due, once despite a retry (a replay)', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'published', { currency: 'CHF', items: [{ unitPrice: 4_321 }] });
    const key = randomUUID();
    expect(await delta(() => post(`${id}/pay`, { method: 'cash' }, key))).toEqual({
      paid: 1,
      chfPayments: 1,
      chfAmount: 4_321,
    });
    expect(await delta(() => post(`${id}/pay`, { method: 'cash' }, key))).toEqual({ payReplays: 1 });
  });

  it('counts paying a zero-total invoice as paid without a payment', async () => {
    const { id } = await seedInvoiceIn(t.app, user, 'published', { currency: 'CHF', items: [{ unitPrice: 0 }] });
    expect(await delta(() => post(`${id}/pay`, { method: 'other' }))).toEqual({ paid: 1 });
  });
});
