/**
 * The UN/CEFACT Cross Industry Invoice (D16B) binding of the business terms (business-terms.ts),
 * as EN 16931 maps it: an invoice (TypeCode 380) or a credit note (381, referencing its invoice).
 * Elements follow the order of the D16B schema; elements without a value are left out. What the
 * document says is decided in business-terms.ts; this file only places it.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { AddressTerms, AllowanceChargeTerms, InvoiceTerms, LineTerms, PartyTerms } from './business-terms.js';

const NS = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
} as const;

type Attributes = Record<string, string>;

const element = (parent: XMLBuilder, name: string) => parent.ele(NS.ram, `ram:${name}`);

/** A ram element with text, or nothing when the value is null or empty. */
function text(parent: XMLBuilder, name: string, value: string | null | undefined, attributes: Attributes = {}) {
  if (value === null || value === undefined || value === '') return;
  parent.ele(NS.ram, `ram:${name}`, attributes).txt(value);
}

/** A date in format 102 (CCYYMMDD) under `name`; `prefix` is udt, or qdt where D16B types it so. */
function date(parent: XMLBuilder, name: string, isoDate: string | null, prefix: 'udt' | 'qdt' = 'udt') {
  if (!isoDate) return;
  element(parent, name).ele(NS[prefix], `${prefix}:DateTimeString`, { format: '102' }).txt(isoDate.replaceAll('-', ''));
}

function postalAddress(parent: XMLBuilder, address: AddressTerms) {
  const postal = element(parent, 'PostalTradeAddress');
  text(postal, 'PostcodeCode', address.postalCode);
  text(postal, 'LineOne', address.line1);
  text(postal, 'LineTwo', address.line2);
  text(postal, 'CityName', address.city);
  text(postal, 'CountryID', address.country);
  text(postal, 'CountrySubDivisionName', address.region);
}

function tradeParty(parent: XMLBuilder, name: 'SellerTradeParty' | 'BuyerTradeParty', who: PartyTerms) {
  const party = element(parent, name);
  text(party, 'Name', who.name);
  if (who.legalId || who.tradingName) {
    const legal = element(party, 'SpecifiedLegalOrganization');
    if (who.legalId) text(legal, 'ID', who.legalId.value, who.legalId.scheme ? { schemeID: who.legalId.scheme } : {});
    text(legal, 'TradingBusinessName', who.tradingName);
  }
  if (who.contact) {
    const contact = element(party, 'DefinedTradeContact');
    text(contact, 'PersonName', who.contact.name);
    if (who.contact.phone) text(element(contact, 'TelephoneUniversalCommunication'), 'CompleteNumber', who.contact.phone);
    if (who.contact.email) text(element(contact, 'EmailURIUniversalCommunication'), 'URIID', who.contact.email);
  }
  if (who.address) postalAddress(party, who.address);
  if (who.electronicAddress) {
    text(element(party, 'URIUniversalCommunication'), 'URIID', who.electronicAddress.value, { schemeID: who.electronicAddress.scheme });
  }
  // VA: a VAT identifier (BT-31, BT-48).
  if (who.vatId) text(element(party, 'SpecifiedTaxRegistration'), 'ID', who.vatId, { schemeID: 'VA' });
}

/** ram:SpecifiedTradeAllowanceCharge of the header (with its tax category) or of a line (without). */
function allowanceCharge(parent: XMLBuilder, entry: AllowanceChargeTerms) {
  const charge = element(parent, 'SpecifiedTradeAllowanceCharge');
  element(charge, 'ChargeIndicator').ele(NS.udt, 'udt:Indicator').txt(String(entry.charge));
  text(charge, 'CalculationPercent', entry.percent);
  text(charge, 'BasisAmount', entry.base);
  text(charge, 'ActualAmount', entry.amount);
  text(charge, 'ReasonCode', entry.reasonCode);
  text(charge, 'Reason', entry.reason);
  if (entry.tax) {
    const tax = element(charge, 'CategoryTradeTax');
    text(tax, 'TypeCode', 'VAT');
    text(tax, 'CategoryCode', entry.tax.category);
    text(tax, 'RateApplicablePercent', entry.tax.rate);
  }
}

function lineItem(parent: XMLBuilder, line: LineTerms) {
  const item = element(parent, 'IncludedSupplyChainTradeLineItem');
  text(element(item, 'AssociatedDocumentLineDocument'), 'LineID', line.id);
  text(element(item, 'SpecifiedTradeProduct'), 'Name', line.name);
  text(element(element(item, 'SpecifiedLineTradeAgreement'), 'NetPriceProductTradePrice'), 'ChargeAmount', line.netPrice);
  text(element(item, 'SpecifiedLineTradeDelivery'), 'BilledQuantity', line.quantity, { unitCode: line.unitCode });
  const settlement = element(item, 'SpecifiedLineTradeSettlement');
  const tax = element(settlement, 'ApplicableTradeTax');
  text(tax, 'TypeCode', 'VAT');
  text(tax, 'CategoryCode', line.category);
  text(tax, 'RateApplicablePercent', line.rate);
  for (const entry of line.allowances) allowanceCharge(settlement, entry);
  text(element(settlement, 'SpecifiedTradeSettlementLineMonetarySummation'), 'LineTotalAmount', line.netAmount);
}

function agreement(parent: XMLBuilder, terms: InvoiceTerms) {
  const header = element(parent, 'ApplicableHeaderTradeAgreement');
  text(header, 'BuyerReference', terms.buyerReference);
  tradeParty(header, 'SellerTradeParty', terms.seller);
  tradeParty(header, 'BuyerTradeParty', terms.buyer);
  if (terms.purchaseOrderReference) text(element(header, 'BuyerOrderReferencedDocument'), 'IssuerAssignedID', terms.purchaseOrderReference);
}

/** Present even when empty: the schema requires the header delivery. */
function delivery(parent: XMLBuilder, terms: InvoiceTerms) {
  const header = element(parent, 'ApplicableHeaderTradeDelivery');
  if (terms.delivery?.address) postalAddress(element(header, 'ShipToTradeParty'), terms.delivery.address);
  if (terms.delivery?.date) date(element(header, 'ActualDeliverySupplyChainEvent'), 'OccurrenceDateTime', terms.delivery.date);
}

function settlement(parent: XMLBuilder, terms: InvoiceTerms) {
  const header = element(parent, 'ApplicableHeaderTradeSettlement');
  text(header, 'PaymentReference', terms.payment?.remittance);
  text(header, 'InvoiceCurrencyCode', terms.currency);
  if (terms.payment) {
    const { payment } = terms;
    const means = element(header, 'SpecifiedTradeSettlementPaymentMeans');
    text(means, 'TypeCode', payment.meansCode);
    text(means, 'Information', payment.meansText);
    const account = element(means, 'PayeePartyCreditorFinancialAccount');
    text(account, 'IBANID', payment.account.iban);
    text(account, 'AccountName', payment.account.accountName);
    if (payment.account.bic) text(element(means, 'PayeeSpecifiedCreditorFinancialInstitution'), 'BICID', payment.account.bic);
  }
  for (const entry of terms.taxes) {
    const tax = element(header, 'ApplicableTradeTax');
    text(tax, 'CalculatedAmount', entry.taxAmount);
    text(tax, 'TypeCode', 'VAT');
    text(tax, 'ExemptionReason', entry.exemptionReason);
    text(tax, 'BasisAmount', entry.taxableAmount);
    text(tax, 'CategoryCode', entry.category);
    text(tax, 'ExemptionReasonCode', entry.exemptionReasonCode);
    text(tax, 'RateApplicablePercent', entry.rate);
  }
  for (const entry of terms.allowanceCharges) allowanceCharge(header, entry);
  if (terms.dueDate) date(element(header, 'SpecifiedTradePaymentTerms'), 'DueDateDateTime', terms.dueDate);
  const { totals } = terms;
  const sums = element(header, 'SpecifiedTradeSettlementHeaderMonetarySummation');
  text(sums, 'LineTotalAmount', totals.lineNet);
  text(sums, 'ChargeTotalAmount', totals.charges);
  text(sums, 'AllowanceTotalAmount', totals.allowances);
  text(sums, 'TaxBasisTotalAmount', totals.taxExclusive);
  // The one amount EN 16931 wants with its currency in CII (BR-CO-14 reads it by currencyID).
  text(sums, 'TaxTotalAmount', totals.tax, { currencyID: terms.currency });
  text(sums, 'GrandTotalAmount', totals.taxInclusive);
  text(sums, 'TotalPrepaidAmount', totals.prepaid);
  text(sums, 'DuePayableAmount', totals.payable);
  if (terms.precedingInvoice) {
    const reference = element(header, 'InvoiceReferencedDocument');
    text(reference, 'IssuerAssignedID', terms.precedingInvoice.number);
    date(reference, 'FormattedIssueDateTime', terms.precedingInvoice.issueDate, 'qdt');
  }
}

/** The CII XML text of `terms`. */
export function buildCii(terms: InvoiceTerms): string {
  const xml = create({ version: '1.0', encoding: 'UTF-8' });
  const root = xml.ele(NS.rsm, 'rsm:CrossIndustryInvoice', {
    'xmlns:ram': NS.ram,
    'xmlns:udt': NS.udt,
    'xmlns:qdt': NS.qdt,
  });
  const context = root.ele(NS.rsm, 'rsm:ExchangedDocumentContext');
  if (terms.businessProcess) text(element(context, 'BusinessProcessSpecifiedDocumentContextParameter'), 'ID', terms.businessProcess);
  text(element(context, 'GuidelineSpecifiedDocumentContextParameter'), 'ID', terms.specificationId);

  const document = root.ele(NS.rsm, 'rsm:ExchangedDocument');
  text(document, 'ID', terms.number);
  text(document, 'TypeCode', terms.typeCode);
  date(document, 'IssueDateTime', terms.issueDate);
  if (terms.note) text(element(document, 'IncludedNote'), 'Content', terms.note);

  const transaction = root.ele(NS.rsm, 'rsm:SupplyChainTradeTransaction');
  for (const line of terms.lines) lineItem(transaction, line);
  agreement(transaction, terms);
  delivery(transaction, terms);
  settlement(transaction, terms);
  return xml.end({ prettyPrint: true });
}
