/** Invoice fixtures: valid bodies, creation through the API, and moving a row out of draft in the DB. */
import type { Invoice, InvoiceStatus } from '../../schemas/invoices.js';
import type { App } from '../../src/app.js';
import { call } from '../helpers/app.js';

export const item = (overrides: Record<string, unknown> = {}) => ({
  description: 'Consulting hour',
  quantity: 1.5,
  unitPrice: 12_000,
  taxRate: 19,
  ...overrides,
});

export const invoiceBody = (clientId: string, overrides: Record<string, unknown> = {}) => ({
  clientId,
  dueDate: '2099-12-31',
  items: [item()],
  ...overrides,
});

export async function createInvoice(
  app: App,
  token: string,
  clientId: string,
  overrides: Record<string, unknown> = {},
): Promise<Invoice> {
  const { body } = await call<Invoice>(
    app,
    { method: 'POST', url: '/api/v1/invoices', token, body: invoiceBody(clientId, overrides) },
    201,
  );
  return body;
}

/** Puts an invoice in a status the lifecycle routes would reach, directly in the database. */
export async function setStatus(app: App, id: string, status: Exclude<InvoiceStatus, 'draft'>, number: string) {
  await app.db
    .updateTable('invoices')
    .set((eb) => ({ status, number, ...(status === 'paid' ? { amount_paid: eb.ref('total') } : {}) }))
    .where('id', '=', id)
    .execute();
}

/** Invalid draft fields, each with the JSON pointer the 400 must name; shared by POST and PATCH. */
export const invalidInvoiceFields: [string, Record<string, unknown>, string][] = [
  ['lower-case currency', { currency: 'usd' }, '/currency'],
  ['unknown currency XXX', { currency: 'XXX' }, '/currency'],
  ['two-letter currency', { currency: 'US' }, '/currency'],
  ['zero quantity', { items: [item({ quantity: 0 })] }, '/items/0/quantity'],
  ['negative quantity', { items: [item(), item({ quantity: -1 })] }, '/items/1/quantity'],
  ['4-decimal quantity', { items: [item({ quantity: 1.0005 })] }, '/items/0/quantity'],
  ['quantity past the float tolerance', { items: [item({ quantity: 1.0000000001 })] }, '/items/0/quantity'],
  ['quantity over 1,000,000', { items: [item({ quantity: 1_000_000.001 })] }, '/items/0/quantity'],
  ['quantity as a string', { items: [item({ quantity: '1' })] }, '/items/0/quantity'],
  ['tax rate 100.00001', { items: [item({ taxRate: 100.00001 })] }, '/items/0/taxRate'],
  ['5-decimal tax rate', { items: [item({ taxRate: 12.34565 })] }, '/items/0/taxRate'],
  ['tax rate past the float tolerance', { items: [item({ taxRate: 1.00000000001 })] }, '/items/0/taxRate'],
  ['negative tax rate', { items: [item({ taxRate: -1 })] }, '/items/0/taxRate'],
  ['201 items', { items: Array.from({ length: 201 }, () => item()) }, '/items'],
  ['empty description', { items: [item({ description: '' })] }, '/items/0/description'],
  ['whitespace-only description', { items: [item(), item({ description: ' \t ' })] }, '/items/1/description'],
  ['501-character description', { items: [item({ description: 'x'.repeat(501) })] }, '/items/0/description'],
  ['unitPrice beyond MAX_SAFE_INTEGER', { items: [item({ unitPrice: Number.MAX_SAFE_INTEGER + 1 })] }, '/items/0/unitPrice'],
  ['fractional unitPrice', { items: [item({ unitPrice: 19.99 })] }, '/items/0/unitPrice'],
  ['unitPrice as a decimal string', { items: [item({ unitPrice: '19.99' })] }, '/items/0/unitPrice'],
  ['unitPrice as a string past MAX_SAFE_INTEGER', { items: [item({ unitPrice: '9007199254740992' })] }, '/items/0/unitPrice'],
  ['negative unitPrice', { items: [item({ unitPrice: -1 })] }, '/items/0/unitPrice'],
  ['quantity × unitPrice past MAX_SAFE_INTEGER', { items: [item(), item({ quantity: 1000, unitPrice: 10 ** 13 })] }, '/items/1/unitPrice'],
  ['tax pushing a line past MAX_SAFE_INTEGER', { items: [item({ quantity: 1, unitPrice: Number.MAX_SAFE_INTEGER, taxRate: 1 })] }, '/items/0/unitPrice'],
  ['invoice total past MAX_SAFE_INTEGER', { items: [item({ quantity: 1, unitPrice: 5e15, taxRate: 0 }), item({ quantity: 1, unitPrice: 5e15, taxRate: 0 })] }, '/items'],
  ['dueDate before issueDate', { issueDate: '2026-05-02', dueDate: '2026-05-01' }, '/dueDate'],
  ['dueDate before the default issueDate (today)', { dueDate: '2000-01-01' }, '/dueDate'],
  ['impossible dueDate 2026-02-30', { dueDate: '2026-02-30' }, '/dueDate'],
  ['impossible issueDate 2026-13-01', { issueDate: '2026-13-01' }, '/issueDate'],
  ['dueDate not zero-padded', { dueDate: '2099-1-1' }, '/dueDate'],
  ['dueDate as a timestamp past midnight', { dueDate: '2099-01-01T00:00:01Z' }, '/dueDate'],
  ['dueDate as midnight in another offset', { dueDate: '2099-01-01T00:00:00+02:00' }, '/dueDate'],
  ['dueDate as an impossible midnight', { dueDate: '2099-02-30T00:00:00Z' }, '/dueDate'],
  ['unknown property', { discount: 5 }, '/discount'],
  ['invoice subtotal sent by the client', { subtotal: 100 }, '/subtotal'],
  ['invoice total sent by the client', { total: 100 }, '/total'],
  ['status sent by the client', { status: 'paid' }, '/status'],
  ['number sent by the client', { number: 'INV-000001' }, '/number'],
  ['line total sent by the client', { items: [item({ total: 5 })] }, '/items/0/total'],
  ['line subtotal sent by the client', { items: [item({ subtotal: 5 })] }, '/items/0/subtotal'],
  ['malformed clientId', { clientId: 'not-a-uuid' }, '/clientId'],
  ['urn-prefixed clientId', { clientId: 'urn:uuid:4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c' }, '/clientId'],
  ['overlong notes', { notes: 'x'.repeat(2001) }, '/notes'],
  ['items not an array', { items: { description: 'x' } }, '/items'],
];
