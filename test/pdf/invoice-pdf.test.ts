import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { formatDate } from '../../src/i18n/index.js';
import { putProfile } from '../business/helpers.js';
import { createClient } from '../clients/helpers.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { createUser, type TestUser } from '../helpers/users.js';
import { createInvoice, item } from '../invoices/helpers.js';
import { pdfPages, pdfText } from './pdf-text.js';

describe('GET /api/v1/invoices/:id/pdf', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const pdfOf = (token: string, id: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `/api/v1/invoices/${id}/pdf`, headers: { authorization: `Bearer ${token}`, ...headers } });
  const action = (token: string, id: string, verb: string, body?: unknown) =>
    call<Invoice>(t.app, { method: 'POST', url: `/api/v1/invoices/${id}/${verb}`, token, body }, verb === 'payments' ? 201 : 200);
  const squash = (text: string) => text.replace(/\s+/g, ' ');

  async function userWithProfile(): Promise<TestUser> {
    const user = await createUser(t.app);
    await putProfile(t.app, user.token);
    return user;
  }

  async function greekInvoice(user: TestUser, overrides: Record<string, unknown> = {}) {
    const client = await createClient(t.app, user.token, {
      companyName: 'Ελληνική Εταιρεία ΑΕ',
      taxId: 'EL123456789',
      address: { line1: 'Οδός Ερμού 12', city: 'Αθήνα', postalCode: '105 63', country: 'GR' },
    });
    return createInvoice(t.app, user.token, client.id, {
      items: [
        item({ description: 'Консультация по внедрению', quantity: 1, unitPrice: 123_456, taxRate: 19, unitCode: 'HUR' }),
        item({ description: 'Books', quantity: 2.5, unitPrice: 1_000, taxRate: 7 }),
      ],
      notes: 'Σας ευχαριστούμε!',
      ...overrides,
    });
  }

  it('renders a published invoice: parties, number, lines, tax per rate, totals, payment details', async () => {
    const user = await userWithProfile();
    const draft = await greekInvoice(user);
    const invoice = (await action(user.token, draft.id, 'publish')).body;

    const response = await pdfOf(user.token, invoice.id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('inline; filename="INV-000001.pdf"');
    expect(response.headers.etag).toMatch(/^"pdf\.[\w-]+"$/);
    const text = squash(await pdfText(response.rawPayload));
    for (const expected of [
      'Invoice',
      'INV-000001',
      `Issue date ${formatDate('en', invoice.issueDate)}`,
      'Due date Dec 31, 2099',
      'Åström & Søn Consulting BVBA',
      'VAT ID BE0456789034',
      'Ελληνική Εταιρεία ΑΕ',
      'Οδός Ερμού 12',
      '105 63 Αθήνα',
      'Greece',
      'VAT ID EL123456789',
      'Amounts in EUR',
      '1 Консультация по внедрению 1 h 1,234.56 19 1,234.56 1,469.13',
      '2 Books 2.5 pcs 10.00 7 25.00 26.75',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('Standard rate (S) 7% 25.00 1.75');
    expect(text).toContain('Standard rate (S) 19% 1,234.56 234.57');
    expect(text).toContain('Subtotal €1,259.56');
    expect(text).toContain('Total €1,495.88');
    expect(text).toContain('Paid €0.00');
    expect(text).toContain('Amount due €1,495.88');
    expect(text).toContain('IBAN: BE68 5390 0754 7034');
    expect(text).toContain('BIC: GEBABEBB');
    expect(text).toContain('Σας ευχαριστούμε!');
    expect(text).not.toMatch(/DRAFT|VOID/);
    expect(invoice).toMatchObject({ subtotal: 125_956, tax: 23_632, total: 149_588 });
  });

  it('answers 304 to If-None-Match with the current ETag, and a new PDF once the invoice changes', async () => {
    const user = await userWithProfile();
    const invoice = (await action(user.token, (await greekInvoice(user)).id, 'publish')).body;
    const first = await pdfOf(user.token, invoice.id);
    const etag = String(first.headers.etag);

    const unchanged = await pdfOf(user.token, invoice.id, { 'if-none-match': etag });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe('');
    expect(unchanged.headers.etag).toBe(etag);
    expect((await pdfOf(user.token, invoice.id, { 'if-none-match': `W/${etag}, "other"` })).statusCode).toBe(304);

    await action(user.token, invoice.id, 'payments', { amount: 10_000, method: 'bank_transfer' });
    const changed = await pdfOf(user.token, invoice.id, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(squash(await pdfText(changed.rawPayload))).toContain('Paid €100.00');
  });

  it('marks a draft DRAFT, without a number, named draft-<id>.pdf', async () => {
    const user = await userWithProfile();
    const draft = await greekInvoice(user);
    const response = await pdfOf(user.token, draft.id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(`inline; filename="draft-${draft.id}.pdf"`);
    const text = await pdfText(response.rawPayload);
    expect(text).toContain('DRAFT');
    expect(text).not.toContain('INV-');
  });

  it('marks a void invoice VOID', async () => {
    const user = await userWithProfile();
    const invoice = (await action(user.token, (await greekInvoice(user)).id, 'publish')).body;
    await action(user.token, invoice.id, 'void');
    const text = await pdfText((await pdfOf(user.token, invoice.id)).rawPayload);
    expect(text).toContain('VOID');
    expect(text).toContain('INV-000001');
  });

  it('writes JPY amounts without decimals', async () => {
    const user = await userWithProfile();
    const client = await createClient(t.app, user.token, { companyName: '東京株式会社', currency: 'JPY' });
    const invoice = await createInvoice(t.app, user.token, client.id, { items: [item({ quantity: 1, unitPrice: 1_234_567, taxRate: 10 })] });
    const text = squash(await pdfText((await pdfOf(user.token, invoice.id)).rawPayload));
    expect(text).toContain('東京株式会社');
    expect(text).toContain('Amounts in JPY');
    expect(text).toContain('Total ¥1,358,024');
    expect(text).not.toMatch(/1,234,567\.\d/);
  });

  it('spreads 120 lines over several pages with the table header on each', async () => {
    const user = await userWithProfile();
    const client = await createClient(t.app, user.token);
    const items = Array.from({ length: 120 }, (_, index) => item({ description: `Service ${index + 1}` }));
    const invoice = await createInvoice(t.app, user.token, client.id, { items });
    const pages = await pdfPages((await pdfOf(user.token, invoice.id)).rawPayload);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages.filter((candidate) => /Service \d+/.test(candidate))) expect(page).toMatch(/Description\s+Qty/);
    expect(squash(pages.join(' '))).toContain('Service 120');
  });

  it('refuses with 422 profile_required without a profile, and uses the current profile for an invoice published before one existed', async () => {
    const user = await createUser(t.app);
    const invoice = (await action(user.token, (await greekInvoice(user)).id, 'publish')).body;
    expect(invoice.seller).toBeNull();

    const refused = await pdfOf(user.token, invoice.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 422, code: 'profile_required' });

    await putProfile(t.app, user.token, { legalName: 'Later Profile SRL' });
    const response = await pdfOf(user.token, invoice.id);
    expect(response.statusCode).toBe(200);
    expect(await pdfText(response.rawPayload)).toContain('Later Profile SRL');
    const row = await t.app.db.selectFrom('invoices').select('seller').where('id', '=', invoice.id).executeTakeFirstOrThrow();
    expect(row.seller).toBeNull();
  });

  it("answers 404 for another user's invoice, an unknown id and a malformed id, and 401 without a token", async () => {
    const owner = await userWithProfile();
    const invoice = await greekInvoice(owner);
    const stranger = await userWithProfile();
    for (const id of [invoice.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const response = await pdfOf(stranger.token, id);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'not_found' });
    }
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/invoices/${invoice.id}/pdf` });
    expect(anonymous.statusCode).toBe(401);
  });
});
