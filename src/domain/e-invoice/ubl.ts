/**
 * UBL 2.1 from the document model: an Invoice (type 380) or a CreditNote (type 381, referencing
 * its invoice), for EN 16931 or Peppol BIS Billing 3.0. Built with xmlbuilder2 (escaping and
 * namespaces by the library); amounts are decimal text from integer minor units; elements without
 * a value are left out (Peppol refuses empty ones). Call documentGaps() first: this assumes none.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { formatTaxRate, majorUnits, quantityText } from '../currency-amounts.js';
import type { TaxCategory } from '../../../base/vocabulary.js';
import { priceAmountText } from './price-amount.js';
import type { UblProfile } from './requirements.js';
import type { DocumentLine, DocumentParty, PostalAddress, TradeDocument } from './trade-document.js';

const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
const ROOT = {
  invoice: { name: 'Invoice', ns: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', typeCode: 'InvoiceTypeCode', type: '380', line: 'InvoiceLine', quantity: 'InvoicedQuantity' },
  'credit-note': { name: 'CreditNote', ns: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2', typeCode: 'CreditNoteTypeCode', type: '381', line: 'CreditNoteLine', quantity: 'CreditedQuantity' },
} as const;

export const CUSTOMIZATION_IDS: Readonly<Record<UblProfile, string>> = {
  en16931: 'urn:cen.eu:en16931:2017',
  peppol: 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0',
};
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
const SEPA_CREDIT_TRANSFER = '58';

type Attributes = Record<string, string>;

/** A cbc element with text, or nothing when the value is null or empty. */
function basic(parent: XMLBuilder, name: string, value: string | null | undefined, attributes: Attributes = {}) {
  if (value === null || value === undefined || value === '') return;
  parent.ele(CBC, `cbc:${name}`, attributes).txt(value);
}

const aggregate = (parent: XMLBuilder, name: string) => parent.ele(CAC, `cac:${name}`);

/** Rates are omitted for category O (BR-O-05, BR-O-09): it has none. */
function taxCategory(parent: XMLBuilder, name: 'TaxCategory' | 'ClassifiedTaxCategory', category: TaxCategory, rate: number) {
  const element = aggregate(parent, name);
  basic(element, 'ID', category);
  if (category !== 'O') basic(element, 'Percent', formatTaxRate(rate));
  return element;
}

function taxScheme(parent: XMLBuilder) {
  basic(aggregate(parent, 'TaxScheme'), 'ID', 'VAT');
}

function postalAddress(parent: XMLBuilder, name: string, address: PostalAddress) {
  const element = aggregate(parent, name);
  basic(element, 'StreetName', address.line1);
  basic(element, 'AdditionalStreetName', address.line2);
  basic(element, 'CityName', address.city);
  basic(element, 'PostalZone', address.postalCode);
  basic(element, 'CountrySubentity', address.region);
  basic(aggregate(element, 'Country'), 'IdentificationCode', address.country);
}

/** Category O documents show no VAT numbers (BR-O-02…04). */
function party(parent: XMLBuilder, role: 'AccountingSupplierParty' | 'AccountingCustomerParty', who: DocumentParty, showVatId: boolean) {
  const element = aggregate(aggregate(parent, role), 'Party');
  if (who.electronicAddress) basic(element, 'EndpointID', who.electronicAddress.value, { schemeID: who.electronicAddress.scheme });
  if (who.tradingName) basic(aggregate(element, 'PartyName'), 'Name', who.tradingName);
  if (who.address) postalAddress(element, 'PostalAddress', who.address);
  if (who.vatId && showVatId) {
    const tax = aggregate(element, 'PartyTaxScheme');
    basic(tax, 'CompanyID', who.vatId);
    taxScheme(tax);
  }
  const legal = aggregate(element, 'PartyLegalEntity');
  basic(legal, 'RegistrationName', who.name);
  basic(legal, 'CompanyID', who.legalId, who.legalIdScheme ? { schemeID: who.legalIdScheme } : {});
  if (who.contactName || who.phone || who.email) {
    const contact = aggregate(element, 'Contact');
    basic(contact, 'Name', who.contactName);
    basic(contact, 'Telephone', who.phone);
    basic(contact, 'ElectronicMail', who.email);
  }
}

function paymentMeans(root: XMLBuilder, doc: TradeDocument) {
  if (!doc.bankAccount) return;
  const means = aggregate(root, 'PaymentMeans');
  basic(means, 'PaymentMeansCode', SEPA_CREDIT_TRANSFER, { name: 'Credit transfer' });
  if (doc.kind === 'credit-note') basic(means, 'PaymentDueDate', doc.dueDate);
  basic(means, 'PaymentID', doc.number);
  const account = aggregate(means, 'PayeeFinancialAccount');
  basic(account, 'ID', doc.bankAccount.iban);
  basic(account, 'Name', doc.bankAccount.accountName);
  if (doc.bankAccount.bic) basic(aggregate(account, 'FinancialInstitutionBranch'), 'ID', doc.bankAccount.bic);
}

function taxTotal(root: XMLBuilder, doc: TradeDocument, money: (minor: number) => [string, Attributes]) {
  const total = aggregate(root, 'TaxTotal');
  basic(total, 'TaxAmount', ...money(doc.tax));
  for (const entry of doc.taxBreakdown) {
    const subtotal = aggregate(total, 'TaxSubtotal');
    basic(subtotal, 'TaxableAmount', ...money(entry.taxableAmount));
    basic(subtotal, 'TaxAmount', ...money(entry.taxAmount));
    const category = taxCategory(subtotal, 'TaxCategory', entry.taxCategory, entry.taxRate);
    const exemption = doc.taxExemptions.find((candidate) => candidate.category === entry.taxCategory);
    if (exemption && entry.taxCategory !== 'S' && entry.taxCategory !== 'Z') {
      basic(category, 'TaxExemptionReasonCode', exemption.reasonCode);
      basic(category, 'TaxExemptionReason', exemption.reason);
    }
    taxScheme(category);
  }
}

function monetaryTotal(root: XMLBuilder, doc: TradeDocument, money: (minor: number) => [string, Attributes]) {
  const total = aggregate(root, 'LegalMonetaryTotal');
  basic(total, 'LineExtensionAmount', ...money(doc.subtotal));
  basic(total, 'TaxExclusiveAmount', ...money(doc.subtotal));
  basic(total, 'TaxInclusiveAmount', ...money(doc.total));
  if (doc.prepaid > 0) basic(total, 'PrepaidAmount', ...money(doc.prepaid));
  basic(total, 'PayableAmount', ...money(doc.total - doc.prepaid));
}

function documentLine(root: XMLBuilder, doc: TradeDocument, line: DocumentLine, money: (minor: number) => [string, Attributes]) {
  const names = ROOT[doc.kind];
  const element = aggregate(root, names.line);
  basic(element, 'ID', line.id);
  basic(element, names.quantity, quantityText(line.quantity), { unitCode: line.unitCode });
  basic(element, 'LineExtensionAmount', ...money(line.subtotal));
  const item = aggregate(element, 'Item');
  basic(item, 'Name', line.description);
  taxScheme(taxCategory(item, 'ClassifiedTaxCategory', line.taxCategory, line.taxRate));
  basic(aggregate(element, 'Price'), 'PriceAmount', priceAmountText(line, doc.currency), { currencyID: doc.currency });
}

/** The UBL 2.1 XML text of `doc` for `profile`. */
export function buildUbl(doc: TradeDocument, profile: UblProfile): string {
  const names = ROOT[doc.kind];
  const money = (minor: number): [string, Attributes] => [majorUnits(minor, doc.currency), { currencyID: doc.currency }];
  const showVatIds = !doc.lines.some((line) => line.taxCategory === 'O');

  const xml = create({ version: '1.0', encoding: 'UTF-8' });
  const root = xml.ele(names.ns, names.name, { 'xmlns:cac': CAC, 'xmlns:cbc': CBC });
  basic(root, 'CustomizationID', CUSTOMIZATION_IDS[profile]);
  if (profile === 'peppol') basic(root, 'ProfileID', PEPPOL_PROFILE_ID);
  basic(root, 'ID', doc.number);
  basic(root, 'IssueDate', doc.issueDate);
  if (doc.kind === 'invoice') basic(root, 'DueDate', doc.dueDate);
  basic(root, names.typeCode, names.type);
  basic(root, 'Note', doc.note);
  basic(root, 'DocumentCurrencyCode', doc.currency);
  basic(root, 'BuyerReference', doc.buyerReference);
  if (doc.purchaseOrderReference) basic(aggregate(root, 'OrderReference'), 'ID', doc.purchaseOrderReference);
  if (doc.precedingInvoice) {
    const reference = aggregate(aggregate(root, 'BillingReference'), 'InvoiceDocumentReference');
    basic(reference, 'ID', doc.precedingInvoice.number);
    basic(reference, 'IssueDate', doc.precedingInvoice.issueDate);
  }
  party(root, 'AccountingSupplierParty', doc.seller, showVatIds);
  party(root, 'AccountingCustomerParty', doc.buyer, showVatIds);
  if (doc.deliveryDate || doc.deliveryCountry) {
    const delivery = aggregate(root, 'Delivery');
    basic(delivery, 'ActualDeliveryDate', doc.deliveryDate);
    if (doc.deliveryCountry) {
      basic(aggregate(aggregate(aggregate(delivery, 'DeliveryLocation'), 'Address'), 'Country'), 'IdentificationCode', doc.deliveryCountry);
    }
  }
  paymentMeans(root, doc);
  taxTotal(root, doc, money);
  monetaryTotal(root, doc, money);
  for (const line of doc.lines) documentLine(root, doc, line, money);
  return xml.end({ prettyPrint: true });
}
