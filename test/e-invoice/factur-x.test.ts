import SaxonJS from 'saxon-js';
import { describe, expect, it } from 'vitest';
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { Invoice } from '../../schemas/invoices.js';
import { type Problem, createClient, snapshot } from '../clients/helpers.js';
import { issueCreditNote } from '../credit-notes/helpers.js';
import { call } from '../helpers/app.js';
import { type TestUser, createUser } from '../helpers/users.js';
import { item } from '../invoices/helpers.js';
import { pdfAttachment, pdfAttachmentNames, pdfFonts, pdfInfo, pdfMetadata, pdfText } from '../pdf/pdf-text.js';
import { expectTermsOf } from './document-terms.js';
import { expectConsistentSums, parseEInvoice } from './e-invoice-document.js';
import { useEInvoiceSuite } from './e-invoice-suite.js';
import { en16931Dir, officialFatalErrors, reportSkippedRules } from './official-rules.js';

const buyer = {
  companyName: 'Käufer & Söhne GmbH',
  address: { line1: 'Straße 2', city: 'Köln', postalCode: '50667', country: 'DE' },
  taxId: 'DE123456789',
  electronicAddress: { scheme: '9930', value: 'DE123456789' },
};

const XMP = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  pdfaid: 'http://www.aiim.org/pdfa/ns/id/',
  pdfaExtension: 'http://www.aiim.org/pdfa/ns/extension/',
  pdfaSchema: 'http://www.aiim.org/pdfa/ns/schema#',
  pdfaProperty: 'http://www.aiim.org/pdfa/ns/property#',
  fx: 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#',
};

/** The XMP metadata of `pdf`, parsed, with an XPath reader over it. */
async function xmpOf(pdf: Buffer) {
  const document = await SaxonJS.getResource({ text: await pdfMetadata(pdf), type: 'xml' });
  return (xpath: string) => String(SaxonJS.XPath.evaluate(`string-join(${xpath}, '|')`, document, { namespaceContext: XMP }));
}

describe('Factur-X 1.07 / ZUGFeRD 2.3 (pdf?format=facturx)', { timeout: en16931Dir ? 900_000 : 60_000 }, () => {
  const { t, user, issue } = useEInvoiceSuite(buyer);
  reportSkippedRules('en16931');

  const get = (owner: TestUser, url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${owner.token}`, ...headers } });

  /** Everything a Factur-X PDF must be, checked with poppler; returns the embedded CII. */
  async function expectFacturX(pdf: Buffer, ciiUrl: string): Promise<string> {
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(await pdfInfo(pdf)).toMatch(/^PDF version:\s+1\.7$/m);
    const xmp = await xmpOf(pdf);
    expect(xmp('//pdfaid:part')).toBe('3');
    expect(xmp('//pdfaid:conformance')).toBe('B');
    expect(xmp('//fx:DocumentType')).toBe('INVOICE');
    expect(xmp('//fx:DocumentFileName')).toBe('factur-x.xml');
    expect(xmp('//fx:Version')).toBe('1.0');
    expect(xmp('//fx:ConformanceLevel')).toBe('EN 16931');
    // The extension schema that makes the fx: properties valid PDF/A metadata.
    expect(xmp('//pdfaSchema:namespaceURI')).toBe(XMP.fx);
    expect(xmp('//pdfaSchema:prefix')).toBe('fx');
    expect(xmp('//pdfaProperty:name')).toBe('DocumentFileName|DocumentType|Version|ConformanceLevel');
    const fonts = await pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((font) => !font.embedded)).toEqual([]);
    // The catalog's AF array, the file spec's relationship and MIME type, and the sRGB output intent.
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/AF \[\d+ 0 R\]/);
    expect(raw).toContain('/AFRelationship /Alternative');
    expect(raw).toContain('/Subtype /text#2Fxml');
    expect(raw).toMatch(/\/OutputIntents \[\d+ 0 R\]/);
    expect(raw).toContain('/S /GTS_PDFA1');
    expect(raw).toContain('/OutputConditionIdentifier (sRGB IEC61966-2.1)');
    expect(await pdfAttachmentNames(pdf)).toEqual(['factur-x.xml']);
    const xml = (await pdfAttachment(pdf, 'factur-x.xml')).toString('utf8');
    // The embedded XML is exactly the EN 16931 CII the API serves.
    const cii = await get(user, ciiUrl);
    expect(cii.statusCode).toBe(200);
    expect(xml).toBe(cii.body);
    expectConsistentSums(await parseEInvoice(xml, 'cii'));
    const errors = await officialFatalErrors(xml, 'en16931', { syntax: 'cii' });
    if (errors) expect(errors).toEqual([]);
    return xml;
  }

  it('an invoice: PDF/A-3b with its EN 16931 CII embedded, the plain PDF’s name, its own ETag and 304', async () => {
    const invoice = await issue(user, {
      buyerReference: 'Leitweg 991-12345-67',
      taxExemptions: [{ category: 'E', reason: 'Steuerfreie Bildungsleistung' }],
      items: [
        item({ description: 'Beratung — Консультация', quantity: 2.5, unitCode: 'HUR', unitPrice: 12_000, taxRate: 19 }),
        item({ description: 'Schulung', quantity: 1, unitPrice: 5_000, taxCategory: 'E', taxRate: 0 }),
      ],
    });
    const url = `/api/v1/invoices/${invoice.id}/pdf?format=facturx`;
    const response = await get(user, url);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`inline; filename="${invoice.number}.pdf"`);
    const etag = String(response.headers.etag);
    expect(etag).toMatch(/^"facturx\.[\w-]+"$/);
    const xml = await expectFacturX(response.rawPayload, `/api/v1/invoices/${invoice.id}/cii`);
    expectTermsOf(await parseEInvoice(xml, 'cii'), { ...invoice, kind: 'invoice' }, 'en16931');
    expect(await pdfText(response.rawPayload)).toContain(invoice.number);

    const plain = await get(user, `/api/v1/invoices/${invoice.id}/pdf`);
    expect(plain.headers['content-disposition']).toBe(response.headers['content-disposition']);
    expect(plain.headers.etag).not.toBe(etag);
    expect(await pdfAttachmentNames(plain.rawPayload)).toEqual([]);
    const again = await get(user, url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.headers.etag).toBe(etag);
    expect(again.body).toBe('');
  });

  it('a credit note: a Factur-X 381 naming the invoice it corrects', async () => {
    const invoice = await issue(user, { items: [item({ quantity: 3, unitPrice: 4_000, taxRate: 7 })] });
    const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Rückgabe', issueDate: '2026-11-20' }, 201);
    const response = await get(user, `/api/v1/credit-notes/${note.id}/pdf?format=facturx`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toBe(`inline; filename="${note.number}.pdf"`);
    const xml = await expectFacturX(response.rawPayload, `/api/v1/credit-notes/${note.id}/cii`);
    expectTermsOf(await parseEInvoice(xml, 'cii'), { ...(note as CreditNote), kind: 'credit-note', invoiceNumber: invoice.number ?? '' }, 'en16931');
  });

  it('a void invoice keeps its VOID mark, drawn with an embedded font', async () => {
    const invoice = await issue(user, { items: [item()] });
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/void`, token: user.token }, 200);
    const response = await get(user, `/api/v1/invoices/${invoice.id}/pdf?format=facturx`);
    expect(response.statusCode, response.body).toBe(200);
    await expectFacturX(response.rawPayload, `/api/v1/invoices/${invoice.id}/cii`);
    expect(await pdfText(response.rawPayload)).toContain('VOID');
  });

  describe('refusals: the CII’s errors, nothing written', () => {
    async function expectProblem(owner: TestUser, url: string, status: number, code: string, paths: string[] = []) {
      const before = await snapshot(t.app, 'invoices');
      const { body } = await call<Problem>(t.app, { method: 'GET', url, token: owner.token }, status);
      expect(body.code).toBe(code);
      expect((body.errors ?? []).map((error) => error.path).sort()).toEqual([...paths].sort());
      expect(await snapshot(t.app, 'invoices')).toEqual(before);
    }

    it('a draft is 409 (its plain PDF stays available); an unknown format 400; another user’s 404', async () => {
      const clientId = (await createClient(t.app, user.token, buyer)).id;
      const { body: draft } = await call<Invoice>(t.app, { method: 'POST', url: '/api/v1/invoices', token: user.token, body: { clientId, dueDate: '2099-01-01', items: [item()] } }, 201);
      await expectProblem(user, `/api/v1/invoices/${draft.id}/pdf?format=facturx`, 409, 'invalid_transition');
      expect((await get(user, `/api/v1/invoices/${draft.id}/pdf`)).statusCode).toBe(200);
      const issued = await issue(user, { items: [item()] });
      await expectProblem(user, `/api/v1/invoices/${issued.id}/pdf?format=zugferd`, 400, 'validation_failed', ['/format']);
      await expectProblem(await createUser(t.app), `/api/v1/invoices/${issued.id}/pdf?format=facturx`, 404, 'not_found');
      await expectProblem(user, `/api/v1/credit-notes/${issued.id}/pdf?format=facturx`, 404, 'not_found');
    });

    it('missing data and a three-decimal currency are 422; no profile is 422 profile_required', async () => {
      const kwd = await issue(user, { currency: 'KWD', items: [item()] });
      await expectProblem(user, `/api/v1/invoices/${kwd.id}/pdf?format=facturx`, 422, 'unprocessable', ['/currency']);
      const exempt = await issue(user, { items: [item({ taxCategory: 'E', taxRate: 0 })] });
      await expectProblem(user, `/api/v1/invoices/${exempt.id}/pdf?format=facturx`, 422, 'unprocessable', ['/taxExemptions']);
      const owner = await createUser(t.app);
      const client = (await createClient(t.app, owner.token, buyer)).id;
      const invoice = await issue(owner, { items: [item()] }, client);
      await expectProblem(owner, `/api/v1/invoices/${invoice.id}/pdf?format=facturx`, 422, 'profile_required');
    });
  });
});
