/**
 * Reading an e-invoice (UBL or CII) back with a real XML parser and XPath (saxon-js): the values a
 * test set, each business term found where its syntax puts it (`termPaths`), and the sums
 * EN 16931 requires (BR-CO-10…16) computed in xs:decimal, never in floats.
 */
import SaxonJS from 'saxon-js';
import { expect } from 'vitest';

export type Syntax = 'ubl' | 'cii';

const namespaceContext = {
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  inv: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
};

export interface ParsedUbl {
  text(xpath: string): string;
  texts(xpath: string): string[];
  isTrue(xpath: string): boolean;
}

export async function parseUbl(xml: string): Promise<ParsedUbl> {
  const document = await SaxonJS.getResource({ text: xml, type: 'xml' });
  const evaluate = (xpath: string) => SaxonJS.XPath.evaluate(xpath, document, { namespaceContext, resultForm: 'array' }) as unknown[];
  return {
    text: (xpath) => String(SaxonJS.XPath.evaluate(`string(${xpath})`, document, { namespaceContext })),
    texts: (xpath) => evaluate(`for $node in ${xpath} return string($node)`).map(String),
    isTrue: (xpath) => SaxonJS.XPath.evaluate(`boolean(${xpath})`, document, { namespaceContext }) === true,
  };
}

const CII_SUMS = '/*/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation';
const CII_AGREEMENT = '/*/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement';
const CII_SETTLEMENT = '/*/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement';

/**
 * Where each business term sits, per syntax. Document-level terms are absolute; `taxes.*` are
 * relative to one tax breakdown (BG-23), `line.*` to one invoice line (BG-25). CII dates are
 * format 102 (CCYYMMDD).
 */
export const termPaths = {
  ubl: {
    specification: '/*/cbc:CustomizationID',
    process: '/*/cbc:ProfileID',
    number: '/*/cbc:ID',
    typeCode: '/*/(cbc:InvoiceTypeCode | cbc:CreditNoteTypeCode)',
    issueDate: '/*/cbc:IssueDate',
    dueDate: '/*/cbc:DueDate',
    currency: '/*/cbc:DocumentCurrencyCode',
    note: '/*/cbc:Note',
    buyerReference: '/*/cbc:BuyerReference',
    orderReference: '/*/cac:OrderReference/cbc:ID',
    precedingInvoice: '/*/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID',
    sellerName: '/*/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName',
    sellerVatId: '/*/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID',
    sellerEndpoint: '/*/cac:AccountingSupplierParty/cac:Party/cbc:EndpointID',
    sellerContactName: '/*/cac:AccountingSupplierParty/cac:Party/cac:Contact/cbc:Name',
    sellerPostalCode: '/*/cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cbc:PostalZone',
    buyerName: '/*/cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName',
    buyerVatId: '/*/cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID',
    buyerEndpoint: '/*/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID',
    deliveryDate: '/*/cac:Delivery/cbc:ActualDeliveryDate',
    deliveryCountry: '/*/cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode',
    deliveryCity: '/*/cac:Delivery/cac:DeliveryLocation/cac:Address/cbc:CityName',
    paymentMeans: '/*/cac:PaymentMeans/cbc:PaymentMeansCode',
    iban: '/*/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID',
    lineNet: '/*/cac:LegalMonetaryTotal/cbc:LineExtensionAmount',
    taxExclusive: '/*/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount',
    allowanceTotal: '/*/cac:LegalMonetaryTotal/cbc:AllowanceTotalAmount',
    chargeTotal: '/*/cac:LegalMonetaryTotal/cbc:ChargeTotalAmount',
    taxTotal: '/*/cac:TaxTotal/cbc:TaxAmount',
    taxInclusive: '/*/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount',
    prepaid: '/*/cac:LegalMonetaryTotal/cbc:PrepaidAmount',
    payable: '/*/cac:LegalMonetaryTotal/cbc:PayableAmount',
    adjustments: {
      each: '/*/cac:AllowanceCharge',
      charge: 'cbc:ChargeIndicator',
      amount: 'cbc:Amount',
      category: 'cac:TaxCategory/cbc:ID',
      rate: 'cac:TaxCategory/cbc:Percent',
    },
    taxes: {
      each: '/*/cac:TaxTotal/cac:TaxSubtotal',
      category: 'cac:TaxCategory/cbc:ID',
      rate: 'cac:TaxCategory/cbc:Percent',
      basis: 'cbc:TaxableAmount',
      amount: 'cbc:TaxAmount',
      exemptionReason: 'cac:TaxCategory/cbc:TaxExemptionReason',
      exemptionCode: 'cac:TaxCategory/cbc:TaxExemptionReasonCode',
    },
    line: {
      each: "/*/*[local-name() = 'InvoiceLine' or local-name() = 'CreditNoteLine']",
      name: 'cac:Item/cbc:Name',
      quantity: "*[local-name() = 'InvoicedQuantity' or local-name() = 'CreditedQuantity']",
      unitCode: "*[local-name() = 'InvoicedQuantity' or local-name() = 'CreditedQuantity']/@unitCode",
      price: 'cac:Price/cbc:PriceAmount',
      net: 'cbc:LineExtensionAmount',
      category: 'cac:Item/cac:ClassifiedTaxCategory/cbc:ID',
      rate: 'cac:Item/cac:ClassifiedTaxCategory/cbc:Percent',
    },
  },
  cii: {
    specification: '/*/rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID',
    process: '/*/rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID',
    number: '/*/rsm:ExchangedDocument/ram:ID',
    typeCode: '/*/rsm:ExchangedDocument/ram:TypeCode',
    issueDate: '/*/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString',
    dueDate: `${CII_SETTLEMENT}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString`,
    currency: `${CII_SETTLEMENT}/ram:InvoiceCurrencyCode`,
    note: '/*/rsm:ExchangedDocument/ram:IncludedNote/ram:Content',
    buyerReference: `${CII_AGREEMENT}/ram:BuyerReference`,
    orderReference: `${CII_AGREEMENT}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID`,
    precedingInvoice: `${CII_SETTLEMENT}/ram:InvoiceReferencedDocument/ram:IssuerAssignedID`,
    sellerName: `${CII_AGREEMENT}/ram:SellerTradeParty/ram:Name`,
    sellerVatId: `${CII_AGREEMENT}/ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID = 'VA']`,
    sellerEndpoint: `${CII_AGREEMENT}/ram:SellerTradeParty/ram:URIUniversalCommunication/ram:URIID`,
    sellerContactName: `${CII_AGREEMENT}/ram:SellerTradeParty/ram:DefinedTradeContact/ram:PersonName`,
    sellerPostalCode: `${CII_AGREEMENT}/ram:SellerTradeParty/ram:PostalTradeAddress/ram:PostcodeCode`,
    buyerName: `${CII_AGREEMENT}/ram:BuyerTradeParty/ram:Name`,
    buyerVatId: `${CII_AGREEMENT}/ram:BuyerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID = 'VA']`,
    buyerEndpoint: `${CII_AGREEMENT}/ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID`,
    deliveryDate: '/*/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString',
    deliveryCountry: '/*/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID',
    deliveryCity: '/*/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CityName',
    paymentMeans: `${CII_SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode`,
    iban: `${CII_SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount/ram:IBANID`,
    lineNet: `${CII_SUMS}/ram:LineTotalAmount`,
    taxExclusive: `${CII_SUMS}/ram:TaxBasisTotalAmount`,
    allowanceTotal: `${CII_SUMS}/ram:AllowanceTotalAmount`,
    chargeTotal: `${CII_SUMS}/ram:ChargeTotalAmount`,
    taxTotal: `${CII_SUMS}/ram:TaxTotalAmount`,
    taxInclusive: `${CII_SUMS}/ram:GrandTotalAmount`,
    prepaid: `${CII_SUMS}/ram:TotalPrepaidAmount`,
    payable: `${CII_SUMS}/ram:DuePayableAmount`,
    adjustments: {
      each: `${CII_SETTLEMENT}/ram:SpecifiedTradeAllowanceCharge`,
      charge: 'ram:ChargeIndicator/udt:Indicator',
      amount: 'ram:ActualAmount',
      category: 'ram:CategoryTradeTax/ram:CategoryCode',
      rate: 'ram:CategoryTradeTax/ram:RateApplicablePercent',
    },
    taxes: {
      each: `${CII_SETTLEMENT}/ram:ApplicableTradeTax`,
      category: 'ram:CategoryCode',
      rate: 'ram:RateApplicablePercent',
      basis: 'ram:BasisAmount',
      amount: 'ram:CalculatedAmount',
      exemptionReason: 'ram:ExemptionReason',
      exemptionCode: 'ram:ExemptionReasonCode',
    },
    line: {
      each: '/*/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem',
      name: 'ram:SpecifiedTradeProduct/ram:Name',
      quantity: 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity',
      unitCode: 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode',
      price: 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount',
      net: 'ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount',
      category: 'ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode',
      rate: 'ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent',
    },
  },
} as const;

type DocumentTerm = Exclude<keyof (typeof termPaths)['ubl'], 'taxes' | 'line' | 'adjustments'>;

export interface ParsedEInvoice extends ParsedUbl {
  syntax: Syntax;
  /** A document-level business term's text; dates as ISO dates in both syntaxes. */
  term(name: DocumentTerm): string;
  /** [category, rate, basis, amount] of each tax breakdown, in document order. */
  taxRows(): string[][];
  /** One value per line, in document order. */
  lineTerms(name: Exclude<keyof (typeof termPaths)['ubl']['line'], 'each'>): string[];
}

const isoDate = (text: string) => (/^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}` : text);

export async function parseEInvoice(xml: string, syntax: Syntax): Promise<ParsedEInvoice> {
  const parsed = await parseUbl(xml);
  const paths = termPaths[syntax];
  const { taxes, line } = paths;
  return {
    ...parsed,
    syntax,
    term: (name) => isoDate(parsed.text(paths[name])),
    taxRows: () =>
      parsed.texts(taxes.each).map((_, index) => {
        const at = `(${taxes.each})[${index + 1}]`;
        return [taxes.category, taxes.rate, taxes.basis, taxes.amount].map((path) => parsed.text(`${at}/${path}`));
      }),
    lineTerms: (name) => parsed.texts(`${line.each}/string(${line[name]})`),
  };
}

/** The document-level sums of EN 16931 hold exactly, and there is one tax breakdown per category and rate. */
export function expectConsistentSums(document: ParsedEInvoice) {
  const paths = termPaths[document.syntax];
  const { taxes, line, adjustments } = paths;
  const amount = (path: string) => `xs:decimal(${path})`;
  const orZero = (path: string) => `(if (${path}) then xs:decimal(${path}) else 0)`;
  const lineNets = `sum(${line.each}/${line.net}/xs:decimal(.))`;
  const sameTax = (category: string, rate: string) =>
    `[${category} = $s/${taxes.category} and (${category} = 'O' or string(${rate}) = string($s/${taxes.rate}))]`;
  const adjustmentsOf = (charge: boolean) =>
    `sum(${adjustments.each}[string(${adjustments.charge}) = '${String(charge)}']${sameTax(adjustments.category, adjustments.rate)}/${adjustments.amount}/xs:decimal(.))`;
  const rules: Record<string, string> = {
    'BR-CO-10 sum of line net amounts': `${amount(paths.lineNet)} = ${lineNets}`,
    'BR-CO-11 sum of allowances': `${orZero(paths.allowanceTotal)} = sum(${adjustments.each}[string(${adjustments.charge}) = 'false']/${adjustments.amount}/xs:decimal(.))`,
    'BR-CO-12 sum of charges': `${orZero(paths.chargeTotal)} = sum(${adjustments.each}[string(${adjustments.charge}) = 'true']/${adjustments.amount}/xs:decimal(.))`,
    'BR-CO-13 tax exclusive = line total − allowances + charges': `${amount(paths.taxExclusive)} = ${amount(paths.lineNet)} - ${orZero(paths.allowanceTotal)} + ${orZero(paths.chargeTotal)}`,
    'BR-CO-14 tax total = sum of breakdowns': `${amount(paths.taxTotal)} = sum(${taxes.each}/${taxes.amount}/xs:decimal(.))`,
    'BR-CO-15 tax inclusive = exclusive + tax': `${amount(paths.taxInclusive)} = ${amount(paths.taxExclusive)} + ${amount(paths.taxTotal)}`,
    'BR-CO-16 payable = inclusive − prepaid': `${amount(paths.payable)} = ${amount(paths.taxInclusive)} - (if (${paths.prepaid}) then ${amount(paths.prepaid)} else 0)`,
    // Lines of category O have no rate; XRechnung's O breakdown says 0.
    'each breakdown’s base is its lines − its allowances + its charges': `every $s in ${taxes.each} satisfies xs:decimal($s/${taxes.basis}) = sum(${line.each}${sameTax(line.category, line.rate)}/${line.net}/xs:decimal(.)) - ${adjustmentsOf(false)} + ${adjustmentsOf(true)}`,
    'one breakdown per category and rate': `count(${taxes.each}) = count(distinct-values(${taxes.each}/concat(${taxes.category}, '|', ${taxes.rate}))) and count(distinct-values((${line.each}/concat(${line.category}, '|', ${line.rate}), ${adjustments.each}/concat(${adjustments.category}, '|', ${adjustments.rate})))) = count(${taxes.each})`,
    'one currency everywhere': `every $a in //@currencyID satisfies $a = ${paths.currency}`,
    'no empty element': `not(//*[not(*) and normalize-space(.) = ''][not(self::ram:ApplicableHeaderTradeDelivery)])`,
  };
  for (const [rule, xpath] of Object.entries(rules)) expect(document.isTrue(xpath), rule).toBe(true);
}
