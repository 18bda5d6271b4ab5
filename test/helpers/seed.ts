/**
 * Test data written straight into the database (a client, a draft invoice with items and
 * consistent totals), so lifecycle and payment tests do not depend on the draft-invoice routes,
 * plus the HTTP steps that take a draft to any status.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import type { Invoice, InvoiceStatus } from '../../schemas/invoices.js';
import { computeTaxBreakdown } from '../../src/domain/tax-breakdown.js';
import { defaultTaxCategory } from '../../src/domain/tax-categories.js';
import { call } from './app.js';

export interface SeedItem {
  /** Whole units: the seed computes `quantity × unitPrice` in plain numbers. */
  quantity?: number;
  unitPrice: number;
  /** Whole percent, for the same reason. */
  taxRate?: number;
}

export interface SeedInvoiceOptions {
  items?: SeedItem[];
  currency?: string;
  clientId?: string;
  dueDate?: string;
}

export async function seedClient(app: App, userId: string, currency = 'EUR'): Promise<string> {
  const { id } = await app.db
    .insertInto('clients')
    .values({ user_id: userId, kind: 'customer', company_name: `Client ${randomUUID()}`, currency })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A draft with the given items (default: one line of 100.00), its totals the sums of the lines. */
export async function seedInvoice(app: App, userId: string, options: SeedInvoiceOptions = {}) {
  const { items = [{ unitPrice: 10_000 }], currency = 'EUR', dueDate = '2099-12-31' } = options;
  const clientId = options.clientId ?? (await seedClient(app, userId, currency));
  const lines = items.map(({ quantity = 1, unitPrice, taxRate = 0 }) => {
    const subtotal = quantity * unitPrice;
    const tax = Math.round((subtotal * taxRate) / 100);
    const taxCategory = defaultTaxCategory(taxRate);
    return { quantity, unit_price: unitPrice, tax_rate: taxRate, tax_category: taxCategory, subtotal, tax, total: subtotal + tax };
  });
  const taxBreakdown = computeTaxBreakdown(
    lines.map((line) => ({ taxCategory: line.tax_category, taxRate: line.tax_rate, subtotal: line.subtotal, tax: line.tax })),
    'line',
  );
  const sum = (key: 'subtotal' | 'tax') => lines.reduce((total, line) => total + line[key], 0);
  return app.db.transaction().execute(async (trx) => {
    const invoice = await trx
      .insertInto('invoices')
      .values({
        user_id: userId,
        client_id: clientId,
        currency,
        issue_date: '2026-01-01',
        due_date: dueDate,
        subtotal: sum('subtotal'),
        tax: sum('tax'),
        total: sum('subtotal') + sum('tax'),
        tax_breakdown: JSON.stringify(taxBreakdown),
      })
      .returning(['id', 'total'])
      .executeTakeFirstOrThrow();
    if (lines.length > 0) {
      await trx
        .insertInto('invoice_items')
        .values(lines.map((line, position) => ({ ...line, invoice_id: invoice.id, position, description: `Line ${position + 1}` })))
        .execute();
    }
    return invoice;
  });
}

/** The HTTP actions (after publish) that lead from a draft to each status. */
const routeTo: Record<InvoiceStatus, { action: string; body?: object }[]> = {
  draft: [],
  published: [{ action: 'publish' }],
  sent: [{ action: 'publish' }, { action: 'send' }],
  paid: [{ action: 'publish' }, { action: 'send' }, { action: 'pay', body: { method: 'card' } }],
  void: [{ action: 'publish' }, { action: 'void' }],
  uncollectible: [{ action: 'publish' }, { action: 'send' }, { action: 'mark-uncollectible' }],
};

/** A seeded invoice of `user` taken to `status` through the API. */
export async function seedInvoiceIn(
  app: App,
  user: { id: string; token: string },
  status: InvoiceStatus,
  options: SeedInvoiceOptions = {},
) {
  const seeded = await seedInvoice(app, user.id, options);
  for (const { action, body } of routeTo[status]) {
    await call<Invoice>(app, { method: 'POST', url: `/api/v1/invoices/${seeded.id}/${action}`, token: user.token, body }, 200);
  }
  return seeded;
}

/** The invoice row and its payments as stored: compare before and after a refused request. */
export async function invoiceSnapshot(app: App, invoiceId: string) {
  const [invoice, payments] = await Promise.all([
    app.db.selectFrom('invoices').selectAll().where('id', '=', invoiceId).executeTakeFirstOrThrow(),
    app.db.selectFrom('payments').selectAll().where('invoice_id', '=', invoiceId).orderBy('created_at').orderBy('id').execute(),
  ]);
  return { invoice, payments };
}

/** Asserts the request left the invoice and its payments exactly as they were. */
export async function expectUnchanged(app: App, invoiceId: string, before: Awaited<ReturnType<typeof invoiceSnapshot>>) {
  expect(await invoiceSnapshot(app, invoiceId)).toEqual(before);
}
