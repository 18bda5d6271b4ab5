import { describe, expect, it } from 'vitest';
import type { CreditNote } from '../../schemas/credit-notes.js';
import { putProfile } from '../business/helpers.js';
import { createClient } from '../clients/helpers.js';
import { en16931Dir } from '../e-invoice/official-rules.js';
import { useEInvoiceSuite } from '../e-invoice/e-invoice-suite.js';
import { type TestUser, createUser } from '../helpers/users.js';
import { issueCreditNote } from './helpers.js';

const buyer = {
  companyName: 'Käufer & Söhne GmbH',
  address: { line1: 'Straße 2', city: 'Köln', postalCode: '50667', country: 'DE' },
  taxId: 'DE123456789',
  electronicAddress: { scheme: '9930', value: 'DE123456789' },
};

describe('UBL CreditNote of a credit note', { timeout: en16931Dir ? 900_000 : 60_000 }, () => {
  const { t, user, issue, getDocument, getUbl } = useEInvoiceSuite(buyer);

  const items = [
    { description: 'Beratung — Консультация', quantity: 2.5, unitCode: 'HUR', unitPrice: 12_000, taxRate: 19 },
    { description: 'Fachbuch', quantity: 1, unitPrice: 3_000, taxRate: 7 },
    { description: 'Schulung (befreit)', quantity: 1, unitPrice: 5_000, taxRate: 0, taxCategory: 'E' },
  ];
  const issuedInvoice = (owner: TestUser, fields: Record<string, unknown> = {}, clientId?: string) =>
    issue(owner, { buyerReference: 'PO-77', items, ...fields }, clientId);

  for (const profile of ['en16931', 'peppol'] as const) {
    it(`is a CreditNote 381 naming the invoice it corrects, passing the official rules (${profile})`, async () => {
      const invoice = await issuedInvoice(user, { taxExemptions: [{ category: 'E', reason: 'Bildungsleistung' }] });
      const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Rückgabe', issueDate: '2026-11-20' }, 201);
      // Its status, type, sums and the official rules are checked by getUbl.
      const { response, parsed } = await getUbl(`/api/v1/credit-notes/${note.id}/ubl?profile=${profile}`, user.token);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${note.number}.xml"`);
      expect(parsed.text('local-name(/*)')).toBe('CreditNote');
      expect(parsed.text('/*/cbc:ID')).toBe(note.number);
      expect(parsed.text('/*/cbc:CreditNoteTypeCode')).toBe('381');
      expect(parsed.text('/*/cbc:IssueDate')).toBe('2026-11-20');
      expect(parsed.text('/*/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')).toBe(invoice.number);
      expect(parsed.text('/*/cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate')).toBe('2026-11-02');
      expect(parsed.texts('/*/cac:CreditNoteLine/cbc:CreditedQuantity')).toEqual(['2.5', '1', '1']);
      expect(parsed.text('/*/cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe((note.total / 100).toFixed(2));
    });
  }

  it('answers 304 to its current ETag', async () => {
    const invoice = await issuedInvoice(user, { taxExemptions: [{ category: 'E', reason: 'Bildungsleistung' }] });
    const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Rückgabe' }, 201);
    const { response: first } = await getDocument(`/api/v1/credit-notes/${note.id}/ubl`, user.token, 200);
    await getDocument(`/api/v1/credit-notes/${note.id}/ubl`, user.token, 304, { 'if-none-match': String(first.headers.etag) });
  });

  it('names what the rules need (an exemption reason) with 422; another user’s note is 404', async () => {
    const invoice = await issuedInvoice(user);
    const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Rückgabe' }, 201);
    const { response: missing } = await getDocument(`/api/v1/credit-notes/${note.id}/ubl`, user.token, 422);
    expect(missing.json()).toMatchObject({ code: 'unprocessable', errors: [expect.objectContaining({ path: expect.stringContaining('taxExemptions') })] });
    const other = await createUser(t.app);
    await getDocument(`/api/v1/credit-notes/${note.id}/ubl`, other.token, 404);
  });

  it('without a profile: 422 profile_required, then the current profile once one is set', async () => {
    const owner = await createUser(t.app);
    const client = (await createClient(t.app, owner.token, buyer)).id;
    const invoice = await issuedInvoice(owner, { items: [{ description: 'Teil', quantity: 1, unitPrice: 1_000, taxRate: 19 }] }, client);
    const { body: note } = await issueCreditNote(t.app, owner, invoice.id, { reason: 'Rabatt' }, 201);
    expect((note as CreditNote).seller).toBeNull();
    const { response: refused } = await getDocument(`/api/v1/credit-notes/${note.id}/ubl`, owner.token, 422);
    expect(refused.json()).toMatchObject({ code: 'profile_required' });
    await putProfile(t.app, owner.token);
    await getDocument(`/api/v1/credit-notes/${note.id}/ubl`, owner.token, 200);
  });
});
