/**
 * The check every e-invoice of an invoice or credit note gets, whatever its syntax: each business
 * term read back equals what the API says of the document (number, dates, parties, every tax
 * breakdown, every line and total), and the profile's identifiers are the ones it must state.
 */
import { expect } from 'vitest';
import type { CreditNote } from '../../schemas/credit-notes.js';
import type { Invoice } from '../../schemas/invoices.js';
import { formatTaxRate, majorUnits, quantityText } from '../../src/domain/currency-amounts.js';
import { type EInvoiceProfile, PEPPOL_BILLING_PROCESS, specificationIds } from '../../src/domain/e-invoice/profiles.js';
import type { ParsedEInvoice } from './e-invoice-document.js';

type Source = (Invoice & { kind: 'invoice' }) | (CreditNote & { kind: 'credit-note'; invoiceNumber: string });

export function expectTermsOf(document: ParsedEInvoice, source: Source, profile: EInvoiceProfile) {
  const money = (minor: number) => majorUnits(minor, source.currency);
  const prepaid = source.kind === 'invoice' ? source.amountPaid : 0;
  expect(document.term('specification')).toBe(specificationIds[profile]);
  expect(document.term('process')).toBe(profile === 'en16931' ? '' : PEPPOL_BILLING_PROCESS);
  expect(document.term('number')).toBe(source.number);
  expect(document.term('typeCode')).toBe(source.kind === 'invoice' ? '380' : '381');
  expect(document.term('issueDate')).toBe(source.issueDate);
  expect(document.term('currency')).toBe(source.currency);
  if (source.kind === 'invoice') {
    expect(document.term('dueDate')).toBe(source.dueDate);
    expect(document.term('buyerReference')).toBe(source.buyerReference ?? '');
  } else {
    expect(document.term('precedingInvoice')).toBe(source.invoiceNumber);
  }
  expect(document.term('sellerName')).toBe(source.seller?.legalName);
  expect(document.term('buyerName')).toBe(source.buyer.name);
  expect(document.taxRows()).toEqual(
    source.taxBreakdown.map((entry) => [
      entry.taxCategory,
      // Category O has no rate, but XRechnung wants 0 in the breakdown (BR-DE-14).
      entry.taxCategory !== 'O' ? formatTaxRate(entry.taxRate) : profile === 'xrechnung' ? '0' : '',
      money(entry.taxableAmount),
      money(entry.taxAmount),
    ]),
  );
  expect(document.lineTerms('net')).toEqual(source.items.map((item) => money(item.subtotal)));
  expect(document.lineTerms('quantity')).toEqual(source.items.map((item) => quantityText(item.quantity)));
  expect(document.lineTerms('unitCode')).toEqual(source.items.map((item) => item.unitCode));
  expect(document.lineTerms('category')).toEqual(source.items.map((item) => item.taxCategory));
  expect(document.lineTerms('name')).toEqual(source.items.map((item) => item.description));
  expect(document.term('lineNet')).toBe(money(source.lineTotal));
  expect(document.term('taxExclusive')).toBe(money(source.subtotal));
  expect(document.term('allowanceTotal')).toBe(source.allowances.length > 0 ? money(source.allowanceTotal) : '');
  expect(document.term('chargeTotal')).toBe(source.charges.length > 0 ? money(source.chargeTotal) : '');
  expect(document.term('taxTotal')).toBe(money(source.tax));
  expect(document.term('taxInclusive')).toBe(money(source.total));
  expect(document.term('prepaid')).toBe(prepaid > 0 ? money(prepaid) : '');
  expect(document.term('payable')).toBe(money(source.total - prepaid));
  if (profile === 'xrechnung') {
    expect(document.term('sellerContactName')).toBe(source.seller?.contactName);
    expect(document.term('sellerEndpoint')).toBe(source.seller?.electronicAddress?.value);
    expect(document.term('buyerEndpoint')).toBe(source.buyer.electronicAddress?.value);
    expect(document.term('paymentMeans')).toBe('58');
    expect(document.term('iban')).toBe(source.seller?.bankAccount?.iban);
  }
}
