import { describe, expect, it } from 'vitest';
import { businessTerms } from '../../src/domain/e-invoice/business-terms.js';
import { documentGaps } from '../../src/domain/e-invoice/requirements.js';
import type { TradeDocument } from '../../src/domain/e-invoice/trade-document.js';
import { buildUbl } from '../../src/domain/e-invoice/ubl.js';
import { priceDocument } from '../../src/domain/document-pricing.js';
import { en16931Dir, officialFatalErrors, reportSkippedRules } from './official-rules.js';
import { expectConsistentSums, parseEInvoice } from './e-invoice-document.js';

/** The builder's credit-note path (the credit-notes routes build on it): a CreditNote 381 referencing its invoice. */
function creditNote(): TradeDocument {
  const lines = [
    { description: 'Retour — Возврат', quantity: 2, unitCode: 'C62', unitPrice: 1_250, taxCategory: 'S' as const, taxRate: 21 },
    { description: 'Frais exonérés', quantity: 1, unitCode: 'C62', unitPrice: 300, taxCategory: 'E' as const, taxRate: 0 },
  ];
  const priced = priceDocument(lines, 'document');
  const party = {
    tradingName: null,
    legalId: null,
    legalIdScheme: null,
    contactName: null,
    email: null,
    phone: null,
  };
  return {
    kind: 'credit-note',
    number: 'CN-000001',
    issueDate: '2026-11-20',
    dueDate: null,
    currency: 'EUR',
    note: 'Damaged on delivery',
    buyerReference: 'REF-1',
    purchaseOrderReference: null,
    deliveryDate: null,
    deliveryCountry: null,
    precedingInvoice: { number: 'INV-000007', issueDate: '2026-11-02' },
    seller: { ...party, name: 'Vendeur SA', address: { line1: 'Rue 1', line2: null, city: 'Liège', postalCode: '4000', region: null, country: 'BE' }, vatId: 'BE0456789034', electronicAddress: { scheme: '0208', value: '0456789034' } },
    buyer: { ...party, name: 'Käufer GmbH', address: { line1: 'Straße 2', line2: null, city: 'Köln', postalCode: '50667', region: null, country: 'DE' }, vatId: 'DE123456789', electronicAddress: { scheme: '9930', value: 'DE123456789' } },
    bankAccount: null,
    lines: priced.lines.map((line, index) => ({ ...line, discount: null, id: String(index + 1) })),
    taxBreakdown: priced.taxBreakdown,
    taxExemptions: [{ category: 'E', reason: 'Exempt service', reasonCode: null }],
    allowances: priced.allowances,
    charges: priced.charges,
    lineTotal: priced.lineTotal,
    allowanceTotal: priced.allowanceTotal,
    chargeTotal: priced.chargeTotal,
    subtotal: priced.subtotal,
    tax: priced.tax,
    total: priced.total,
    prepaid: 0,
    taxRounding: 'document',
  };
}

describe('UBL CreditNote from the document model', { timeout: en16931Dir ? 900_000 : 30_000 }, () => {
  reportSkippedRules('en16931', 'peppol');
  for (const profile of ['en16931', 'peppol'] as const) {
    it(`is a CreditNote 381 referencing its invoice (${profile})`, async () => {
      const document = creditNote();
      expect(documentGaps(document, profile)).toEqual([]);
      const xml = buildUbl(businessTerms(document, profile));
      const parsed = await parseEInvoice(xml, 'ubl');
      expectConsistentSums(parsed);
      expect(parsed.text("local-name(/*)")).toBe('CreditNote');
      expect(parsed.text('/*/cbc:CreditNoteTypeCode')).toBe('381');
      expect(parsed.text('/*/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')).toBe('INV-000007');
      expect(parsed.texts('/*/cac:CreditNoteLine/cbc:CreditedQuantity')).toEqual(['2', '1']);
      expect(parsed.text('/*/cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe('33.25');
      const errors = await officialFatalErrors(xml, profile);
      if (errors) expect(errors).toEqual([]);
    });
  }
});
