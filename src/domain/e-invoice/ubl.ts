/**
 * The UBL 2.1 binding of the business terms (business-terms.ts): an Invoice (type 380) or a
 * CreditNote (type 381, referencing its invoice). Built with xmlbuilder2 (escaping and namespaces
 * by the library); elements without a value are left out (Peppol refuses empty ones). What the
 * document says is decided in business-terms.ts; this file only places it.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { AddressTerms, AllowanceChargeTerms, InvoiceTerms, LineTerms, PartyTerms, TaxTerms } from './business-terms.js';

const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
const ROOT = {
  invoice: { name: 'Invoice', ns: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', typeCode: 'InvoiceTypeCode', line: 'InvoiceLine', quantity: 'InvoicedQuantity' },
  'credit-note': { name: 'CreditNote', ns: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2', typeCode: 'CreditNoteTypeCode', line: 'CreditNoteLine', quantity: 'CreditedQuantity' },
} as const;

type Attributes = Record<string, string>;

/** A cbc element with text, or nothing when the value is null or empty. */
function basic(parent: XMLBuilder, name: string, value: string | null | undefined, attributes: Attributes = {}) {
  if (value === null || value === undefined || value === '') return;
  parent.ele(CBC, `cbc:${name}`, attributes).txt(value);
}

const aggregate = (parent: XMLBuilder, name: string) => parent.ele(CAC, `cac:${name}`);

function taxCategory(parent: XMLBuilder, name: 'TaxCategory' | 'ClassifiedTaxCategory', tax: Pick<TaxTerms, 'category' | 'rate'>) {
  const element = aggregate(parent, name);
  basic(element, 'ID', tax.category);
  basic(element, 'Percent', tax.rate);
  return element;
}

function taxScheme(parent: XMLBuilder) {
  basic(aggregate(parent, 'TaxScheme'), 'ID', 'VAT');
}

function postalAddress(parent: XMLBuilder, name: string, address: AddressTerms) {
  const element = aggregate(parent, name);
  basic(element, 'StreetName', address.line1);
  basic(element, 'AdditionalStreetName', address.line2);
  basic(element, 'CityName', address.city);
  basic(element, 'PostalZone', address.postalCode);
  basic(element, 'CountrySubentity', address.region);
  basic(aggregate(element, 'Country'), 'IdentificationCode', address.country);
}

function party(parent: XMLBuilder, role: 'AccountingSupplierParty' | 'AccountingCustomerParty', who: PartyTerms) {
  const element = aggregate(aggregate(parent, role), 'Party');
  if (who.electronicAddress) basic(element, 'EndpointID', who.electronicAddress.value, { schemeID: who.electronicAddress.scheme });
  if (who.tradingName) basic(aggregate(element, 'PartyName'), 'Name', who.tradingName);
  if (who.address) postalAddress(element, 'PostalAddress', who.address);
  if (who.vatId) {
    const tax = aggregate(element, 'PartyTaxScheme');
    basic(tax, 'CompanyID', who.vatId);
    taxScheme(tax);
  }
  const legal = aggregate(element, 'PartyLegalEntity');
  basic(legal, 'RegistrationName', who.name);
  if (who.legalId) basic(legal, 'CompanyID', who.legalId.value, who.legalId.scheme ? { schemeID: who.legalId.scheme } : {});
  if (who.contact) {
    const contact = aggregate(element, 'Contact');
    basic(contact, 'Name', who.contact.name);
    basic(contact, 'Telephone', who.contact.phone);
    basic(contact, 'ElectronicMail', who.contact.email);
  }
}

function delivery(root: XMLBuilder, terms: InvoiceTerms) {
  if (!terms.delivery) return;
  const element = aggregate(root, 'Delivery');
  basic(element, 'ActualDeliveryDate', terms.delivery.date);
  if (terms.delivery.address) postalAddress(aggregate(element, 'DeliveryLocation'), 'Address', terms.delivery.address);
}

function paymentMeans(root: XMLBuilder, terms: InvoiceTerms) {
  if (!terms.payment) return;
  const { payment } = terms;
  const means = aggregate(root, 'PaymentMeans');
  basic(means, 'PaymentMeansCode', payment.meansCode, { name: payment.meansText });
  // A CreditNote states its due date here; an Invoice has cbc:DueDate.
  if (terms.kind === 'credit-note') basic(means, 'PaymentDueDate', terms.dueDate);
  basic(means, 'PaymentID', payment.remittance);
  const account = aggregate(means, 'PayeeFinancialAccount');
  basic(account, 'ID', payment.account.iban);
  basic(account, 'Name', payment.account.accountName);
  if (payment.account.bic) basic(aggregate(account, 'FinancialInstitutionBranch'), 'ID', payment.account.bic);
}

/** cac:AllowanceCharge of the document (with its tax category) or of a line (without). */
function allowanceCharge(parent: XMLBuilder, entry: AllowanceChargeTerms, money: (amount: string) => [string, Attributes]) {
  const element = aggregate(parent, 'AllowanceCharge');
  basic(element, 'ChargeIndicator', String(entry.charge));
  basic(element, 'AllowanceChargeReasonCode', entry.reasonCode);
  basic(element, 'AllowanceChargeReason', entry.reason);
  basic(element, 'MultiplierFactorNumeric', entry.percent);
  basic(element, 'Amount', ...money(entry.amount));
  if (entry.base) basic(element, 'BaseAmount', ...money(entry.base));
  if (entry.tax) taxScheme(taxCategory(element, 'TaxCategory', entry.tax));
}

function taxTotal(root: XMLBuilder, terms: InvoiceTerms, money: (amount: string) => [string, Attributes]) {
  const total = aggregate(root, 'TaxTotal');
  basic(total, 'TaxAmount', ...money(terms.totals.tax));
  for (const tax of terms.taxes) {
    const subtotal = aggregate(total, 'TaxSubtotal');
    basic(subtotal, 'TaxableAmount', ...money(tax.taxableAmount));
    basic(subtotal, 'TaxAmount', ...money(tax.taxAmount));
    const category = taxCategory(subtotal, 'TaxCategory', tax);
    basic(category, 'TaxExemptionReasonCode', tax.exemptionReasonCode);
    basic(category, 'TaxExemptionReason', tax.exemptionReason);
    taxScheme(category);
  }
}

function monetaryTotal(root: XMLBuilder, { totals }: InvoiceTerms, money: (amount: string) => [string, Attributes]) {
  const total = aggregate(root, 'LegalMonetaryTotal');
  basic(total, 'LineExtensionAmount', ...money(totals.lineNet));
  basic(total, 'TaxExclusiveAmount', ...money(totals.taxExclusive));
  basic(total, 'TaxInclusiveAmount', ...money(totals.taxInclusive));
  if (totals.allowances) basic(total, 'AllowanceTotalAmount', ...money(totals.allowances));
  if (totals.charges) basic(total, 'ChargeTotalAmount', ...money(totals.charges));
  if (totals.prepaid) basic(total, 'PrepaidAmount', ...money(totals.prepaid));
  basic(total, 'PayableAmount', ...money(totals.payable));
}

function documentLine(root: XMLBuilder, terms: InvoiceTerms, line: LineTerms, money: (amount: string) => [string, Attributes]) {
  const names = ROOT[terms.kind];
  const element = aggregate(root, names.line);
  basic(element, 'ID', line.id);
  basic(element, names.quantity, line.quantity, { unitCode: line.unitCode });
  basic(element, 'LineExtensionAmount', ...money(line.netAmount));
  for (const entry of line.allowances) allowanceCharge(element, entry, money);
  const item = aggregate(element, 'Item');
  basic(item, 'Name', line.name);
  taxScheme(taxCategory(item, 'ClassifiedTaxCategory', line));
  basic(aggregate(element, 'Price'), 'PriceAmount', ...money(line.netPrice));
}

/** The UBL 2.1 XML text of `terms`. */
export function buildUbl(terms: InvoiceTerms): string {
  const names = ROOT[terms.kind];
  const money = (amount: string): [string, Attributes] => [amount, { currencyID: terms.currency }];

  const xml = create({ version: '1.0', encoding: 'UTF-8' });
  const root = xml.ele(names.ns, names.name, { 'xmlns:cac': CAC, 'xmlns:cbc': CBC });
  basic(root, 'CustomizationID', terms.specificationId);
  basic(root, 'ProfileID', terms.businessProcess);
  basic(root, 'ID', terms.number);
  basic(root, 'IssueDate', terms.issueDate);
  if (terms.kind === 'invoice') basic(root, 'DueDate', terms.dueDate);
  basic(root, names.typeCode, terms.typeCode);
  basic(root, 'Note', terms.note);
  basic(root, 'DocumentCurrencyCode', terms.currency);
  basic(root, 'BuyerReference', terms.buyerReference);
  if (terms.purchaseOrderReference) basic(aggregate(root, 'OrderReference'), 'ID', terms.purchaseOrderReference);
  if (terms.precedingInvoice) {
    const reference = aggregate(aggregate(root, 'BillingReference'), 'InvoiceDocumentReference');
    basic(reference, 'ID', terms.precedingInvoice.number);
    basic(reference, 'IssueDate', terms.precedingInvoice.issueDate);
  }
  party(root, 'AccountingSupplierParty', terms.seller);
  party(root, 'AccountingCustomerParty', terms.buyer);
  delivery(root, terms);
  paymentMeans(root, terms);
  for (const entry of terms.allowanceCharges) allowanceCharge(root, entry, money);
  taxTotal(root, terms, money);
  monetaryTotal(root, terms, money);
  for (const line of terms.lines) documentLine(root, terms, line, money);
  return xml.end({ prettyPrint: true });
}
