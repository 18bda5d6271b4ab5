import { afterAll, describe, expect, it } from 'vitest';
import type { Invoice } from '../../schemas/invoices.js';
import { profileBody, putProfile } from '../business/helpers.js';
import { type Problem, createClient, snapshot } from '../clients/helpers.js';
import { call } from '../helpers/app.js';
import { type TestUser, createUser } from '../helpers/users.js';
import { item } from '../invoices/helpers.js';
import { en16931Dir, missingRules, officialFatalErrors, officialRules, reportSkippedRules, tallyReport } from './official-rules.js';
import { parseUbl } from './e-invoice-document.js';
import { buyer, discounted, intraCommunity, reverseCharge, severalRates, yen } from './cases.js';
import { useEInvoiceSuite } from './e-invoice-suite.js';

type UblProfile = 'en16931' | 'peppol';


// Compiling the official stylesheets the first time takes minutes on a busy machine.
describe('UBL 2.1 e-invoices', { timeout: en16931Dir ? 900_000 : 60_000 }, () => {
  reportSkippedRules('en16931', 'peppol');
  const { t, user, buyerClient, issue, getDocument, getUbl } = useEInvoiceSuite(buyer);
  afterAll(() => {
    if (en16931Dir) process.stdout.write(`${tallyReport()}\n`);
  });

  const ublUrl = (id: string, profile?: UblProfile) => `/api/v1/invoices/${id}/ubl${profile ? `?profile=${profile}` : ''}`;

  const ubl = (invoice: Invoice, profile: UblProfile) => getUbl(ublUrl(invoice.id, profile), user.token);

  const subtotals = (parsed: Awaited<ReturnType<typeof parseUbl>>) =>
    parsed.texts('/*/cac:TaxTotal/cac:TaxSubtotal').map((_, index) => {
      const at = `/*/cac:TaxTotal/cac:TaxSubtotal[${index + 1}]`;
      return [parsed.text(`${at}/cac:TaxCategory/cbc:ID`), parsed.text(`${at}/cac:TaxCategory/cbc:Percent`), parsed.text(`${at}/cbc:TaxableAmount`), parsed.text(`${at}/cbc:TaxAmount`)];
    });

  it('several rates, S + Z + E with a reason, EUR with IBAN, Unicode names: both profiles', async () => {
    const invoice = await issue(user, severalRates('Λ-REF 42'));
    for (const profile of ['en16931', 'peppol'] as const) {
      const { parsed, response } = await ubl(invoice, profile);
      expect(response.headers['content-disposition']).toBe('attachment; filename="INV-000001.xml"');
      expect(parsed.text('/*/cbc:CustomizationID')).toBe(
        profile === 'peppol' ? 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0' : 'urn:cen.eu:en16931:2017',
      );
      expect(parsed.text('/*/cbc:ProfileID')).toBe(profile === 'peppol' ? 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0' : '');
      expect(parsed.text('/inv:Invoice/cbc:ID')).toBe('INV-000001');
      expect(parsed.text('/*/cbc:IssueDate')).toBe('2026-11-02');
      expect(parsed.text('/*/cbc:DueDate')).toBe('2026-12-02');
      expect(parsed.text('/*/cbc:InvoiceTypeCode')).toBe('380');
      expect(parsed.text('/*/cbc:Note')).toBe('Merci — Спасибо — ありがとう');
      expect(parsed.text('/*/cbc:BuyerReference')).toBe('Λ-REF 42');
      expect(parsed.text('/*/cac:OrderReference/cbc:ID')).toBe('PO-2026-0042');
      const seller = '/*/cac:AccountingSupplierParty/cac:Party';
      expect(parsed.text(`${seller}/cac:PartyLegalEntity/cbc:RegistrationName`)).toBe(profileBody().legalName);
      expect(parsed.text(`${seller}/cbc:EndpointID/@schemeID`)).toBe('0208');
      expect(parsed.text(`${seller}/cac:PartyTaxScheme/cbc:CompanyID`)).toBe('BE0456789034');
      const customer = '/*/cac:AccountingCustomerParty/cac:Party';
      expect(parsed.text(`${customer}/cac:PartyLegalEntity/cbc:RegistrationName`)).toBe(buyer.companyName);
      expect(parsed.text(`${customer}/cac:Contact/cbc:Name`)).toBe('Анна Иванова');
      expect(parsed.text(`${customer}/cac:PostalAddress/cbc:CountrySubentity`)).toBe('Île-de-France');
      expect(parsed.text('/*/cac:PaymentMeans/cbc:PaymentMeansCode')).toBe('58');
      expect(parsed.text('/*/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID')).toBe('BE68539007547034');
      expect(parsed.text('/*/cac:PaymentMeans/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID')).toBe('GEBABEBB');
      expect(subtotals(parsed)).toEqual([
        ['E', '0', '500.00', '0.00'],
        ['S', '6', '74.97', '4.50'],
        ['S', '21', '1100.00', '231.00'],
        ['Z', '0', '20.00', '0.00'],
      ]);
      expect(invoice.taxBreakdown.map((entry) => [entry.taxCategory, entry.taxableAmount, entry.taxAmount])).toEqual([
        ['E', 50_000, 0],
        ['S', 7_497, 450],
        ['S', 110_000, 23_100],
        ['Z', 2_000, 0],
      ]);
      expect(parsed.text('/*/cac:TaxTotal/cac:TaxSubtotal[cac:TaxCategory/cbc:ID = "E"]/cac:TaxCategory/cbc:TaxExemptionReason')).toBe(
        'Exonération de TVA, article 261 du CGI',
      );
      expect(parsed.text('/*/cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe('1930.47');
      expect(parsed.texts('/*/cac:InvoiceLine/cbc:InvoicedQuantity')).toEqual(['7.5', '3', '1', '2', '0.25']);
      expect(parsed.texts('/*/cac:InvoiceLine/cbc:InvoicedQuantity/@unitCode')).toEqual(['HUR', 'C62', 'C62', 'C62', 'DAY']);
      expect(parsed.text('/*/cac:InvoiceLine[2]/cac:Item/cbc:Name')).toBe('Livres 📚');
    }
  });

  it('discounts, allowances and charges: cac:AllowanceCharge on lines and document, with their totals, both profiles', async () => {
    const invoice = await issue(user, discounted('DISC-1'));
    // Lines 810.00 + 72.50 + 450.00 + 200.00; 2 % of 1532.50 is exactly 30.65, 1.5 % (22.9875) is not.
    expect(invoice).toMatchObject({ lineTotal: 153_250, allowanceTotal: 4_299, chargeTotal: 3_799, subtotal: 152_750 });
    for (const profile of ['en16931', 'peppol'] as const) {
      const { parsed } = await ubl(invoice, profile);
      const document = '/*/cac:AllowanceCharge';
      expect(parsed.texts(`${document}/cbc:ChargeIndicator`)).toEqual(['false', 'false', 'true', 'true']);
      expect(parsed.texts(`${document}/cbc:Amount`)).toEqual(['30.65', '12.34', '15.00', '22.99']);
      expect(parsed.texts(`${document}/cbc:MultiplierFactorNumeric`)).toEqual(['2']);
      expect(parsed.texts(`${document}/cbc:BaseAmount`)).toEqual(['1532.50']);
      expect(parsed.texts(`${document}/cbc:AllowanceChargeReasonCode`)).toEqual(['95', 'FC', 'ABL']);
      expect(parsed.texts(`${document}/cbc:AllowanceChargeReason`)).toEqual(['Escompte', 'Transport']);
      expect(parsed.texts(`${document}/cac:TaxCategory/concat(cbc:ID, ' ', cbc:Percent)`)).toEqual(['S 21', 'S 6', 'S 6', 'E 0']);
      const totals = '/*/cac:LegalMonetaryTotal';
      expect(parsed.texts(`${totals}/(cbc:LineExtensionAmount, cbc:TaxExclusiveAmount, cbc:AllowanceTotalAmount, cbc:ChargeTotalAmount)`)).toEqual([
        '1532.50',
        '1527.50',
        '42.99',
        '37.99',
      ]);
      const lines = '/*/cac:InvoiceLine';
      expect(parsed.texts(`${lines}/cbc:LineExtensionAmount`)).toEqual(['810.00', '72.50', '450.00', '200.00']);
      expect(parsed.texts(`${lines}/cac:AllowanceCharge/cbc:Amount`)).toEqual(['90.00', '2.50', '50.00']);
      expect(parsed.texts(`${lines}/cac:AllowanceCharge/cbc:ChargeIndicator`)).toEqual(['false', 'false', 'false']);
      // A discount without a reason carries code 95; a percent that does not give the amount exactly is left out (R040).
      expect(parsed.texts(`${lines}/cac:AllowanceCharge/cbc:AllowanceChargeReasonCode`)).toEqual(['95', '95']);
      expect(parsed.texts(`${lines}/cac:AllowanceCharge/cbc:MultiplierFactorNumeric`)).toEqual(['10']);
      expect(parsed.texts(`${lines}/cac:AllowanceCharge/cbc:BaseAmount`)).toEqual(['900.00']);
      expect(parsed.texts(`${lines}/cac:Price/cbc:PriceAmount`)).toEqual(['120.00', '25.00', '500.00', '800.00']);
      expect(subtotals(parsed)).toEqual(
        invoice.taxBreakdown.map((entry) => [entry.taxCategory, String(entry.taxRate), (entry.taxableAmount / 100).toFixed(2), (entry.taxAmount / 100).toFixed(2)]),
      );
    }
  });

  it('AE reverse charge with the buyer’s VAT number and a VATEX code; a partial payment is prepaid', async () => {
    const invoice = await issue(user, reverseCharge(null));
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/payments`, token: user.token, body: { amount: 10_000, method: 'bank_transfer' } }, 201);
    for (const profile of ['en16931', 'peppol'] as const) {
      const { parsed } = await ubl(invoice, profile);
      expect(subtotals(parsed)).toEqual([['AE', '0', '999.90', '0.00']]);
      expect(parsed.text('/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReasonCode')).toBe('VATEX-EU-AE');
      expect(parsed.text('/*/cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID')).toBe('FR61954506077');
      expect(parsed.text('/*/cac:LegalMonetaryTotal/cbc:PrepaidAmount')).toBe('100.00');
      expect(parsed.text('/*/cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe('899.90');
    }
  });

  it('JPY (no decimals) with decimal quantities: prices carry the decimals Peppol R120 needs', async () => {
    const invoice = await issue(user, yen('JP-1'));
    for (const profile of ['en16931', 'peppol'] as const) {
      const { parsed } = await ubl(invoice, profile);
      expect(parsed.text('/*/cbc:DocumentCurrencyCode')).toBe('JPY');
      expect(parsed.texts('/*/cac:InvoiceLine/cbc:LineExtensionAmount')).toEqual(['500', '2335', '1500']);
      const prices = parsed.texts('/*/cac:InvoiceLine/cac:Price/cbc:PriceAmount');
      expect(prices[2]).toBe('500');
      expect(parsed.isTrue('every $l in /*/cac:InvoiceLine satisfies abs(xs:decimal($l/cbc:InvoicedQuantity) * xs:decimal($l/cac:Price/cbc:PriceAmount) - xs:decimal($l/cbc:LineExtensionAmount)) <= 0.02')).toBe(true);
      expect(parsed.isTrue("not(//cbc:*[@currencyID][not(self::cbc:PriceAmount)][contains(., '.')])")).toBe(true);
    }
  });

  it('200 lines, document rounding, intra-community supply (K) with delivery', async () => {
    const invoice = await issue(user, intraCommunity('BIG'));
    for (const profile of ['en16931', 'peppol'] as const) {
      const { parsed } = await ubl(invoice, profile);
      expect(parsed.texts('/*/cac:InvoiceLine')).toHaveLength(200);
      expect(parsed.text('/*/cac:Delivery/cbc:ActualDeliveryDate')).toBe('2026-10-30');
      expect(subtotals(parsed).map(([category, rate]) => `${category} ${rate}`)).toEqual(['K 0', 'S 5.5', 'S 21']);
    }
  });

  it('answers 304 to a current If-None-Match, and a new ETag once the invoice changes', async () => {
    const invoice = await issue(user, { buyerReference: 'E', items: [item()] });
    const first = await getDocument(ublUrl(invoice.id), user.token, 200);
    const etag = String(first.response.headers.etag);
    const again = await getDocument(ublUrl(invoice.id), user.token, 304, { 'if-none-match': etag });
    expect(again.response.body).toBe('');
    expect((await getDocument(ublUrl(invoice.id, 'peppol'), user.token, 200)).response.headers.etag).not.toBe(etag);
    await call(t.app, { method: 'POST', url: `/api/v1/invoices/${invoice.id}/send`, token: user.token }, 200);
    await getDocument(ublUrl(invoice.id), user.token, 200, { 'if-none-match': etag });
  });

  it.skipIf(!officialRules.peppol)(`the official rules do catch a broken document (the harness is not vacuous) ${missingRules('peppol')}`, async () => {
    const invoice = await issue(user, { buyerReference: 'B', items: [item()] });
    const { response } = await getDocument(ublUrl(invoice.id, 'peppol'), user.token, 200);
    const broken = response.body.replace(/<cbc:BuyerReference>B<\/cbc:BuyerReference>/, '').replace(/<cbc:ID>INV-/, '<cbc:ID>');
    const errors = await officialFatalErrors(broken, 'peppol', { tally: false });
    expect(errors?.map((error) => error.rule)).toContain('PEPPOL-EN16931-R003');
  });

  it('a number prefix with a slash makes a usable file name', async () => {
    const owner = await createUser(t.app);
    await putProfile(t.app, owner.token, { invoiceNumberPrefix: '2026/' });
    const client = (await createClient(t.app, owner.token, buyer)).id;
    const invoice = await issue(owner, { items: [item()] }, client);
    const { response } = await getDocument(ublUrl(invoice.id), owner.token, 200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="2026-000001.xml"');
  });

  describe('refusals: 4xx problems, nothing written', () => {
    async function expectProblem(owner: TestUser, id: string, profile: UblProfile | undefined, status: number, code: string, paths: string[] = []) {
      const before = await snapshot(t.app, 'invoices');
      const { body } = await call<Problem>(t.app, { method: 'GET', url: ublUrl(id, profile), token: owner.token }, status);
      expect(body.code).toBe(code);
      expect((body.errors ?? []).map((error) => error.path).sort()).toEqual([...paths].sort());
      expect(await snapshot(t.app, 'invoices')).toEqual(before);
    }

    it('a draft is 409; another user’s or an unknown invoice 404; a bad profile 400', async () => {
      const { body: draft } = await call<Invoice>(t.app, { method: 'POST', url: '/api/v1/invoices', token: user.token, body: { clientId: buyerClient.id, dueDate: '2099-01-01', items: [item()] } }, 201);
      await expectProblem(user, draft.id, undefined, 409, 'invalid_transition');
      const issued = await issue(user, { items: [item()] });
      await expectProblem(await createUser(t.app), issued.id, undefined, 404, 'not_found');
      await expectProblem(user, '4f0e6d2e-9a53-4b9e-a0c4-6f7c0a1f2b3c', undefined, 404, 'not_found');
      await expectProblem(user, issued.id, 'zugferd' as UblProfile, 400, 'validation_failed', ['/profile']);
    });

    it('without a profile: 422 profile_required, and the current profile once one is set', async () => {
      const owner = await createUser(t.app);
      const client = (await createClient(t.app, owner.token, buyer)).id;
      const invoice = await issue(owner, { items: [item()] }, client);
      await expectProblem(owner, invoice.id, undefined, 422, 'profile_required');
      await putProfile(t.app, owner.token, { legalName: 'Later Ltd' });
      const { response } = await getDocument(ublUrl(invoice.id), owner.token, 200);
      expect((await parseUbl(response.body)).text('/*/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName')).toBe('Later Ltd');
    });

    it('names every missing field: buyer address, VAT numbers, exemption reason, delivery for K, Peppol data', async () => {
      const owner = await createUser(t.app);
      await putProfile(t.app, owner.token, { vatId: null, electronicAddress: null });
      const bare = (await createClient(t.app, owner.token, { companyName: 'Bare' })).id;
      const invoice = await issue(owner, {
        items: [item({ taxRate: 21 }), item({ taxCategory: 'AE', taxRate: 0 }), item({ taxCategory: 'K', taxRate: 0 })],
      }, bare);
      await expectProblem(owner, invoice.id, 'en16931', 422, 'unprocessable', [
        '/buyer/address', '/seller/vatId', '/buyer/vatId', '/deliveryDate', '/deliveryCountry', '/taxExemptions', '/taxExemptions',
      ]);
      await expectProblem(owner, invoice.id, 'peppol', 422, 'unprocessable', [
        '/buyer/address', '/seller/vatId', '/buyer/vatId', '/deliveryDate', '/deliveryCountry', '/taxExemptions', '/taxExemptions',
        '/buyerReference', '/seller/electronicAddress', '/buyer/electronicAddress',
      ]);
    });

    it('Peppol refuses an EAS scheme it does not accept and a Belgian number with bad check digits', async () => {
      const owner = await createUser(t.app);
      await putProfile(t.app, owner.token, { electronicAddress: { scheme: '0208', value: '0456789035' } });
      const client = (await createClient(t.app, owner.token, { ...buyer, electronicAddress: { scheme: 'AN', value: 'X1' } })).id;
      const invoice = await issue(owner, { buyerReference: 'R', items: [item()] }, client);
      await expectProblem(owner, invoice.id, 'peppol', 422, 'unprocessable', ['/seller/electronicAddress/value', '/buyer/electronicAddress/scheme']);
    });

    it('a currency with three decimals, and line rounding past BR-CO-17’s tolerance, are 422', async () => {
      const kwd = await issue(user, { currency: 'KWD', items: [item()] });
      await expectProblem(user, kwd.id, undefined, 422, 'unprocessable', ['/currency']);
      const straying = await issue(user, { items: Array.from({ length: 200 }, () => item({ quantity: 1, unitPrice: 5, taxRate: 10 })) });
      await expectProblem(user, straying.id, undefined, 422, 'unprocessable', ['/taxRounding']);
      // The official BR-CO-17 wants a tax that rounds to 0 under a rate that rounds to 0 %.
      const tiny = await issue(user, { taxRounding: 'document', items: [item({ quantity: 1, unitPrice: 100_000, taxRate: 0.25 })] });
      await expectProblem(user, tiny.id, undefined, 422, 'unprocessable', ['/items']);
    });
  });
});
