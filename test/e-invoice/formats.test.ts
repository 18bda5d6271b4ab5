import { afterAll, describe, expect, it } from 'vitest';
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { Invoice } from '../../schemas/invoices.js';
import type { EInvoiceProfile } from '../../src/domain/e-invoice/profiles.js';
import { putProfile } from '../business/helpers.js';
import { type Problem, createClient, snapshot } from '../clients/helpers.js';
import { issueCreditNote } from '../credit-notes/helpers.js';
import { call } from '../helpers/app.js';
import { type TestUser, createUser } from '../helpers/users.js';
import { item } from '../invoices/helpers.js';
import { expectTermsOf } from './document-terms.js';
import { buyer, discounted, intraCommunity, reverseCharge, severalRates, yen } from './cases.js';
import { useEInvoiceSuite } from './e-invoice-suite.js';
import type { Syntax } from './e-invoice-document.js';
import { en16931Dir, missingRules, officialFatalErrors, officialRules, reportSkippedRules, tallyReport } from './official-rules.js';

/** A Leitweg-ID, the buyer reference German public buyers give. */
const LEITWEG_ID = '04011000-12345-34';

/** The formats this suite adds to the UBL EN 16931 / Peppol ones (test/e-invoice/ubl.test.ts). */
const formats: readonly [Syntax, EInvoiceProfile][] = [
  ['cii', 'en16931'],
  ['cii', 'xrechnung'],
  ['ubl', 'xrechnung'],
];

// Compiling the official stylesheets the first time takes minutes on a busy machine.
describe('CII and XRechnung e-invoices', { timeout: en16931Dir ? 900_000 : 60_000 }, () => {
  const { t, user, issue, getDocument, getUbl } = useEInvoiceSuite(buyer);
  afterAll(() => {
    if (en16931Dir) process.stdout.write(`${tallyReport()}\n`);
  });
  reportSkippedRules('en16931', 'peppol', 'xrechnung');

  const url = (kind: 'invoices' | 'credit-notes', id: string, syntax: Syntax, profile?: EInvoiceProfile) =>
    `/api/v1/${kind}/${id}/${syntax}${profile ? `?profile=${profile}` : ''}`;

  /** Every format of the invoice: parsed back, its sums and terms checked against the invoice, and the official rules run. */
  async function everyFormat(invoice: Invoice) {
    const documents = [];
    for (const [syntax, profile] of formats) {
      const { parsed, response } = await getUbl(url('invoices', invoice.id, syntax, profile), user.token);
      expectTermsOf(parsed, { ...invoice, kind: 'invoice' }, profile);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${invoice.number}.xml"`);
      documents.push({ syntax, profile, parsed });
    }
    return documents;
  }

  it('several rates, S + Z + E with a reason, EUR with IBAN, Unicode names; and its credit note', async () => {
    const invoice = await issue(user, severalRates(LEITWEG_ID));
    for (const { parsed } of await everyFormat(invoice)) {
      expect(parsed.taxRows()).toEqual([
        ['E', '0', '500.00', '0.00'],
        ['S', '6', '74.97', '4.50'],
        ['S', '21', '1100.00', '231.00'],
        ['Z', '0', '20.00', '0.00'],
      ]);
      expect(parsed.term('payable')).toBe('1930.47');
      expect(parsed.term('note')).toBe('Merci — Спасибо — ありがとう');
      expect(parsed.term('orderReference')).toBe('PO-2026-0042');
      expect(parsed.term('sellerVatId')).toBe('BE0456789034');
      expect(parsed.term('buyerVatId')).toBe('FR61954506077');
      expect(parsed.lineTerms('price')).toEqual(['120.00', '24.99', '500.00', '10.00', '800.00']);
    }
    const cii = await getUbl(url('invoices', invoice.id, 'cii'), user.token);
    expect(cii.parsed.text('(//ram:ApplicableTradeTax[ram:CategoryCode = "E"])[last()]/ram:ExemptionReason')).toBe('Exonération de TVA, article 261 du CGI');
    expect(cii.parsed.term('dueDate')).toBe('2026-12-02');
    expect(cii.parsed.text('/*/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString/@format')).toBe('102');

    const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Retour — Возврат', issueDate: '2026-11-20' }, 201);
    for (const [syntax, profile] of formats) {
      const { parsed, response } = await getUbl(url('credit-notes', note.id, syntax, profile), user.token);
      expectTermsOf(parsed, { ...(note as CreditNote), kind: 'credit-note', invoiceNumber: invoice.number ?? '' }, profile);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${note.number}.xml"`);
    }
  });

  it('discounts, allowances and charges on lines and document; and its full credit note, which copies them', async () => {
    const invoice = await issue(user, discounted(LEITWEG_ID));
    for (const { parsed, syntax } of await everyFormat(invoice)) {
      if (syntax !== 'cii') continue;
      const header = '/*/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement';
      expect(parsed.texts(`${header}/ram:SpecifiedTradeAllowanceCharge/ram:ChargeIndicator/udt:Indicator`)).toEqual(['false', 'false', 'true', 'true']);
      expect(parsed.texts(`${header}/ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount`)).toEqual(['30.65', '12.34', '15.00', '22.99']);
      expect(parsed.texts(`${header}/ram:SpecifiedTradeAllowanceCharge/ram:CalculationPercent`)).toEqual(['2']);
      expect(parsed.texts(`${header}/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax/ram:CategoryCode`)).toEqual(['S', 'S', 'S', 'E']);
      const sums = `${header}/ram:SpecifiedTradeSettlementHeaderMonetarySummation`;
      expect(parsed.texts(`${sums}/(ram:LineTotalAmount, ram:ChargeTotalAmount, ram:AllowanceTotalAmount, ram:TaxBasisTotalAmount)`)).toEqual([
        '1532.50',
        '37.99',
        '42.99',
        '1527.50',
      ]);
      const lineCharges = '//ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge';
      expect(parsed.texts(`${lineCharges}/ram:ActualAmount`)).toEqual(['90.00', '2.50', '50.00']);
      expect(parsed.texts(`${lineCharges}/ram:ReasonCode`)).toEqual(['95', '95']);
    }
    const { body: note } = await issueCreditNote(t.app, user, invoice.id, { reason: 'Annulation', issueDate: '2026-11-20' }, 201);
    expect(note).toMatchObject({ allowances: invoice.allowances, charges: invoice.charges, subtotal: invoice.subtotal, total: invoice.total });
    for (const [syntax, profile] of formats) {
      const { parsed } = await getUbl(url('credit-notes', note.id, syntax, profile), user.token);
      expectTermsOf(parsed, { ...(note as CreditNote), kind: 'credit-note', invoiceNumber: invoice.number ?? '' }, profile);
    }
    for (const profile of ['en16931', 'peppol'] as const) await getUbl(url('credit-notes', note.id, 'ubl', profile), user.token);
  });

  it('AE reverse charge with the buyer’s VAT number and a VATEX code; a partial payment is prepaid', async () => {
    const invoice = await issue(user, reverseCharge(LEITWEG_ID));
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/payments`, token: user.token, body: { amount: 10_000, method: 'bank_transfer' } }, 201);
    const current = (await call<Invoice>(t.app, { method: 'GET', url: `/api/v1/invoices/${invoice.id}`, token: user.token }, 200)).body;
    for (const { parsed } of await everyFormat(current)) {
      expect(parsed.taxRows()).toEqual([['AE', '0', '999.90', '0.00']]);
      expect(parsed.term('prepaid')).toBe('100.00');
      expect(parsed.term('payable')).toBe('899.90');
      expect(parsed.text(`(${parsed.syntax === 'cii' ? '//ram:ApplicableTradeTax/ram:ExemptionReasonCode' : '//cbc:TaxExemptionReasonCode'})[1]`)).toBe('VATEX-EU-AE');
    }
  });

  it('JPY (no decimals) with decimal quantities: prices carry the decimals Peppol R120 needs', async () => {
    const invoice = await issue(user, yen(LEITWEG_ID));
    for (const { parsed } of await everyFormat(invoice)) {
      expect(parsed.lineTerms('net')).toEqual(['500', '2335', '1500']);
      const quantities = parsed.lineTerms('quantity').map(Number);
      const prices = parsed.lineTerms('price');
      expect(prices[2]).toBe('500');
      prices.forEach((price, index) => expect(Math.abs((quantities[index] ?? 0) * Number(price) - Number(parsed.lineTerms('net')[index]))).toBeLessThanOrEqual(0.02));
    }
  });

  it('200 lines, document rounding, intra-community supply (K) delivered to the buyer', async () => {
    const invoice = await issue(user, intraCommunity(LEITWEG_ID));
    for (const { parsed, profile } of await everyFormat(invoice)) {
      expect(parsed.lineTerms('net')).toHaveLength(200);
      expect(parsed.term('deliveryDate')).toBe('2026-10-30');
      expect(parsed.term('deliveryCountry')).toBe('FR');
      // XRechnung's deliver-to address is the buyer's, with its city (BR-DE-10).
      expect(parsed.term('deliveryCity')).toBe(profile === 'xrechnung' ? 'Paris' : '');
      expect(parsed.taxRows().map(([category, rate]) => `${category} ${rate}`)).toEqual(['K 0', 'S 5.5', 'S 21']);
    }
  });

  it('export outside the EU (G) with a reason, and a document outside the scope of VAT (O) without VAT numbers', async () => {
    const exported = await issue(user, {
      buyerReference: LEITWEG_ID,
      taxExemptions: [{ category: 'G', reasonCode: 'VATEX-EU-G', reason: 'Export outside the EU' }],
      items: [item({ quantity: 4, unitPrice: 2_500, taxCategory: 'G', taxRate: 0 })],
    });
    for (const { parsed } of await everyFormat(exported)) expect(parsed.taxRows()).toEqual([['G', '0', '100.00', '0.00']]);
    const outside = await issue(user, {
      buyerReference: LEITWEG_ID,
      taxExemptions: [{ category: 'O', reason: 'Not subject to VAT' }],
      items: [item({ quantity: 1, unitPrice: 7_700, taxCategory: 'O', taxRate: 0 })],
    });
    for (const { parsed, profile } of await everyFormat(outside)) {
      expect(parsed.taxRows()).toEqual([['O', profile === 'xrechnung' ? '0' : '', '77.00', '0.00']]);
      expect(parsed.lineTerms('rate')).toEqual(['']);
      expect(parsed.term('sellerVatId')).toBe('');
      expect(parsed.term('buyerVatId')).toBe('');
    }
  });

  it('answers 304 to a current If-None-Match; CII and UBL of one invoice have their own ETags', async () => {
    const invoice = await issue(user, { buyerReference: LEITWEG_ID, items: [item()] });
    const cii = await getDocument(url('invoices', invoice.id, 'cii'), user.token, 200);
    const etag = String(cii.response.headers.etag);
    const again = await getDocument(url('invoices', invoice.id, 'cii'), user.token, 304, { 'if-none-match': etag });
    expect(again.response.body).toBe('');
    expect(again.response.headers.etag).toBe(etag);
    const others = await Promise.all([
      getDocument(url('invoices', invoice.id, 'cii', 'xrechnung'), user.token, 200),
      getDocument(url('invoices', invoice.id, 'ubl'), user.token, 200),
    ]);
    expect(new Set([etag, ...others.map(({ response }) => String(response.headers.etag))]).size).toBe(3);
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/send`, token: user.token }, 200);
    await getDocument(url('invoices', invoice.id, 'cii'), user.token, 200, { 'if-none-match': etag });
  });

  it.skipIf(!officialRules.xrechnung)(`the XRechnung rules do catch a broken document (the harness is not vacuous) ${missingRules('xrechnung')}`, async () => {
    const invoice = await issue(user, { buyerReference: LEITWEG_ID, items: [item()] });
    for (const syntax of ['ubl', 'cii'] as const) {
      const { response } = await getDocument(url('invoices', invoice.id, syntax, 'xrechnung'), user.token, 200);
      const broken = response.body.replace(/<(cbc|ram):BuyerReference>[^<]*<\/(cbc|ram):BuyerReference>/, '');
      const errors = await officialFatalErrors(broken, 'xrechnung', { syntax, tally: false });
      expect(errors?.map((error) => error.rule)).toContain('BR-DE-15');
    }
  });

  describe('refusals: 4xx problems, nothing written', () => {
    async function expectProblem(owner: TestUser, target: string, status: number, code: string, paths: string[] = []) {
      const before = await snapshot(t.app, 'invoices');
      const { body } = await call<Problem>(t.app, { method: 'GET', url: target, token: owner.token }, status);
      expect(body.code).toBe(code);
      expect((body.errors ?? []).map((error) => error.path).sort()).toEqual([...paths].sort());
      expect(await snapshot(t.app, 'invoices')).toEqual(before);
    }

    it('a draft is 409; another user’s or an unknown invoice 404; an unknown profile 400', async () => {
      const { body: draft } = await call<Invoice>(t.app, { method: 'POST', url: '/api/v1/invoices', token: user.token, body: { clientId: (await createClient(t.app, user.token, buyer)).id, dueDate: '2099-01-01', items: [item()] } }, 201);
      await expectProblem(user, url('invoices', draft.id, 'cii'), 409, 'invalid_transition');
      const issued = await issue(user, { items: [item()] });
      await expectProblem(await createUser(t.app), url('invoices', issued.id, 'cii'), 404, 'not_found');
      await expectProblem(user, url('invoices', '4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c', 'cii'), 404, 'not_found');
      await expectProblem(user, url('invoices', issued.id, 'cii', 'peppol'), 400, 'validation_failed', ['/profile']);
      await expectProblem(user, `${url('invoices', issued.id, 'ubl')}?profile=XRECHNUNG`, 400, 'validation_failed', ['/profile']);
      await expectProblem(user, url('credit-notes', issued.id, 'cii'), 404, 'not_found');
    });

    it('without a profile: 422 profile_required', async () => {
      const owner = await createUser(t.app);
      const client = (await createClient(t.app, owner.token, buyer)).id;
      const invoice = await issue(owner, { items: [item()] }, client);
      await expectProblem(owner, url('invoices', invoice.id, 'cii'), 422, 'profile_required');
      await expectProblem(owner, url('invoices', invoice.id, 'ubl', 'xrechnung'), 422, 'profile_required');
    });

    it('XRechnung names every field it needs, in both syntaxes', async () => {
      const owner = await createUser(t.app);
      await putProfile(t.app, owner.token, {
        address: { line1: 'Rue de la Loi 16', city: 'Bruxelles', country: 'BE' },
        contactName: null,
        email: null,
        phone: null,
        electronicAddress: null,
        bankAccount: null,
      });
      const client = (await createClient(t.app, owner.token, { ...buyer, address: { ...buyer.address, postalCode: null }, electronicAddress: null })).id;
      const invoice = await issue(owner, { items: [item()] }, client);
      const missing = [
        '/buyerReference', '/seller/electronicAddress', '/buyer/electronicAddress', '/seller/bankAccount', '/seller/contactName',
        '/seller/phone', '/seller/email', '/seller/address/postalCode', '/buyer/address/postalCode',
      ];
      await expectProblem(owner, url('invoices', invoice.id, 'cii', 'xrechnung'), 422, 'unprocessable', missing);
      await expectProblem(owner, url('invoices', invoice.id, 'ubl', 'xrechnung'), 422, 'unprocessable', missing);
      // The same invoice is a valid EN 16931 CII.
      await getDocument(url('invoices', invoice.id, 'cii'), owner.token, 200);
    });

    it('XRechnung delivers to the buyer’s address: a deliveryCountry elsewhere is 422', async () => {
      const invoice = await issue(user, {
        buyerReference: LEITWEG_ID,
        deliveryDate: '2026-10-30',
        deliveryCountry: 'DE',
        taxExemptions: [{ category: 'K', reasonCode: 'VATEX-EU-IC' }],
        items: [item({ taxCategory: 'K', taxRate: 0 })],
      });
      await expectProblem(user, url('invoices', invoice.id, 'cii', 'xrechnung'), 422, 'unprocessable', ['/deliveryCountry']);
      await getDocument(url('invoices', invoice.id, 'cii'), user.token, 200);
    });

    it('a currency with three decimals, and line rounding past BR-CO-17’s tolerance, are 422 in CII too', async () => {
      const kwd = await issue(user, { currency: 'KWD', buyerReference: LEITWEG_ID, items: [item()] });
      await expectProblem(user, url('invoices', kwd.id, 'cii'), 422, 'unprocessable', ['/currency']);
      const straying = await issue(user, { items: Array.from({ length: 200 }, () => item({ quantity: 1, unitPrice: 5, taxRate: 10 })) });
      await expectProblem(user, url('invoices', straying.id, 'cii'), 422, 'unprocessable', ['/taxRounding']);
    });
  });
});
