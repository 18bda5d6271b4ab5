import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { Invoice } from '../../schemas/invoices.js';
import { putProfile } from '../business/helpers.js';
import { createClient } from '../clients/helpers.js';
import { officialFatalErrors, en16931Dir } from '../e-invoice/official-rules.js';
import { expectConsistentSums, parseUbl } from '../e-invoice/ubl-document.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { type TestUser, createUser } from '../helpers/users.js';
import { issueCreditNote } from './helpers.js';

const buyer = {
  companyName: 'Käufer & Söhne GmbH',
  address: { line1: 'Straße 2', city: 'Köln', postalCode: '50667', country: 'DE' },
  taxId: 'DE123456789',
  electronicAddress: { scheme: '9930', value: 'DE123456789' },
};

describe('UBL CreditNote of a credit note', { timeout: en16931Dir ? 900_000 : 60_000 }, () => {
  let t: TestApp;
  let user: TestUser;
  let clientId: string;
  beforeAll(async () => {
    t = await createTestApp();
    user = await createUser(t.app);
    await putProfile(t.app, user.token);
    clientId = (await createClient(t.app, user.token, buyer)).id;
  }, 120_000);
  afterAll(() => t.close());

  async function issuedInvoice(owner: TestUser, client: string, fields: Record<string, unknown> = {}): Promise<Invoice> {
    const items = [
      { description: 'Beratung — Консультация', quantity: 2.5, unitCode: 'HUR', unitPrice: 12_000, taxRate: 19 },
      { description: 'Fachbuch', quantity: 1, unitPrice: 3_000, taxRate: 7 },
      { description: 'Schulung (befreit)', quantity: 1, unitPrice: 5_000, taxRate: 0, taxCategory: 'E' },
    ];
    const body = { clientId: client, issueDate: '2026-11-02', dueDate: '2026-12-02', buyerReference: 'PO-77', items, ...fields };
    const { body: draft } = await call<Invoice>(t.app, { method: 'POST', url: '/api/v1/invoices', token: owner.token, body }, 201);
    return (await call<Invoice>(t.app, { method: 'POST', url: `/api/v1/invoices/${draft.id}/publish`, token: owner.token }, 200)).body;
  }

  const get = (url: string, token = user.token, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } });

  for (const profile of ['en16931', 'peppol'] as const) {
    it(`is a CreditNote 381 naming the invoice it corrects, passing the official rules (${profile})`, async () => {
      const invoice = await issuedInvoice(user, clientId, { taxExemptions: [{ category: 'E', reason: 'Bildungsleistung' }] });
      const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Rückgabe', issueDate: '2026-11-20' }, 201);
      const response = await get(`/api/v1/credit-notes/${note.id}/ubl?profile=${profile}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${note.number}.xml"`);
      const parsed = await parseUbl(response.body);
      expectConsistentSums(parsed);
      expect(parsed.text('local-name(/*)')).toBe('CreditNote');
      expect(parsed.text('/*/cbc:ID')).toBe(note.number);
      expect(parsed.text('/*/cbc:CreditNoteTypeCode')).toBe('381');
      expect(parsed.text('/*/cbc:IssueDate')).toBe('2026-11-20');
      expect(parsed.text('/*/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')).toBe(invoice.number);
      expect(parsed.text('/*/cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate')).toBe('2026-11-02');
      expect(parsed.texts('/*/cac:CreditNoteLine/cbc:CreditedQuantity')).toEqual(['2.5', '1', '1']);
      expect(parsed.text('/*/cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe((note.total / 100).toFixed(2));
      const errors = await officialFatalErrors(response.body, profile);
      if (errors) expect(errors).toEqual([]);
    });
  }

  it('answers 304 to its current ETag', async () => {
    const invoice = await issuedInvoice(user, clientId, { taxExemptions: [{ category: 'E', reason: 'Bildungsleistung' }] });
    const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Rückgabe' }, 201);
    const first = await get(`/api/v1/credit-notes/${note.id}/ubl`);
    expect(first.statusCode).toBe(200);
    const again = await get(`/api/v1/credit-notes/${note.id}/ubl`, user.token, { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('names what the rules need (an exemption reason) with 422; another user’s note is 404', async () => {
    const invoice = await issuedInvoice(user, clientId);
    const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Rückgabe' }, 201);
    const missing = await get(`/api/v1/credit-notes/${note.id}/ubl`);
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ code: 'unprocessable', errors: [expect.objectContaining({ path: expect.stringContaining('taxExemptions') })] });
    const other = await createUser(t.app);
    expect((await get(`/api/v1/credit-notes/${note.id}/ubl`, other.token)).statusCode).toBe(404);
  });

  it('without a profile: 422 profile_required, then the current profile once one is set', async () => {
    const owner = await createUser(t.app);
    const client = (await createClient(t.app, owner.token, buyer)).id;
    const invoice = await issuedInvoice(owner, client, { items: [{ description: 'Teil', quantity: 1, unitPrice: 1_000, taxRate: 19 }] });
    const { body: note } = await issueCreditNote(t.app, owner, invoice.id, { reason: 'Rabatt' }, 201);
    expect((note as CreditNote).seller).toBeNull();
    const refused = await get(`/api/v1/credit-notes/${note.id}/ubl`, owner.token);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'profile_required' });
    await putProfile(t.app, owner.token);
    expect((await get(`/api/v1/credit-notes/${note.id}/ubl`, owner.token)).statusCode).toBe(200);
  });
});
