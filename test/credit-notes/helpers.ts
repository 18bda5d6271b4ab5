/** Credit-note requests and the stored state a refused one must leave as it was. */
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import type { CreditNote } from '../../schemas/credit-notes.js';
import { call } from '../helpers/app.js';
import { invoiceSnapshot } from '../helpers/seed.js';
import type { TestUser } from '../helpers/users.js';

export const creditLine = (unitPrice: number, overrides: Record<string, unknown> = {}) => ({
  description: 'Goodwill discount',
  quantity: 1,
  unitPrice,
  ...overrides,
});

export function issueCreditNote(
  app: App,
  user: TestUser,
  invoiceId: string,
  body: unknown,
  expected: number,
  headers: Record<string, string> = {},
) {
  return call<CreditNote & { code?: string; detail?: string; errors?: { path: string }[] }>(
    app,
    { method: 'POST', url: `/api/v1/invoices/${invoiceId}/credit-notes`, token: user.token, body, headers },
    expected,
  );
}

/** The invoice, its payments and credit notes, and the user's credit-note counter, as stored. */
export async function creditSnapshot(app: App, userId: string, invoiceId: string) {
  const [base, notes, items, counter] = await Promise.all([
    invoiceSnapshot(app, invoiceId),
    app.db.selectFrom('credit_notes').selectAll().where('invoice_id', '=', invoiceId).orderBy('number').execute(),
    app.db
      .selectFrom('credit_note_items')
      .innerJoin('credit_notes', 'credit_notes.id', 'credit_note_items.credit_note_id')
      .selectAll('credit_note_items')
      .where('credit_notes.invoice_id', '=', invoiceId)
      .orderBy('credit_note_items.id')
      .execute(),
    app.db.selectFrom('credit_note_number_counters').selectAll().where('user_id', '=', userId).executeTakeFirst(),
  ]);
  return { ...base, notes, items, counter };
}

export async function expectNothingWritten(
  app: App,
  userId: string,
  invoiceId: string,
  before: Awaited<ReturnType<typeof creditSnapshot>>,
) {
  expect(await creditSnapshot(app, userId, invoiceId)).toEqual(before);
}
