/**
 * The document model read as EN 16931's business terms (BT-…), for one profile: every value an
 * e-invoice states, already decided and formatted (amounts as major-unit decimal text, rates and
 * quantities as plain decimals), so the syntax bindings (UBL in ubl.ts, CII in cii.ts) only place
 * them. This is the one mapping from our invoices and credit notes to EN 16931: a rule about what
 * a document says (category O hides VAT numbers, which categories carry an exemption reason, what
 * is payable) belongs here, never in a serialiser. Call documentGaps() first: this assumes none.
 */
import { formatTaxRate, majorUnits, quantityText } from '../currency-amounts.js';
import type { Address, BankAccount, ElectronicAddress, PricedAdjustment } from '../../../base/stored-shapes.js';
import type { TaxCategory } from '../../../base/vocabulary.js';
import { priceAmountText } from './price-amount.js';
import { type EInvoiceProfile, businessProcessOf, specificationIds } from './profiles.js';
import type { DocumentLine, DocumentParty, TradeDocument } from './trade-document.js';

/** A postal address (BG-5, BG-8) or a delivery location (BG-15), which may hold its country only. */
export type AddressTerms = Omit<Address, 'line1' | 'city'> & { line1: string | null; city: string | null };

export interface PartyTerms {
  /** BT-27 / BT-44 */
  name: string;
  /** BT-28 / BT-45 */
  tradingName: string | null;
  address: AddressTerms | null;
  /** BT-31 / BT-48: null where the document may not show it */
  vatId: string | null;
  /** BT-30 / BT-47 with its ICD scheme */
  legalId: { value: string; scheme: string | null } | null;
  /** BG-6 / BG-9: BT-41…43 / BT-56…58; null when none is known */
  contact: { name: string | null; phone: string | null; email: string | null } | null;
  /** BT-34 / BT-49 */
  electronicAddress: ElectronicAddress | null;
}

export interface TaxTerms {
  /** BT-118 */
  category: TaxCategory;
  /** BT-119; for category O none, except 0 for XRechnung, which wants one in every breakdown (BR-DE-14) */
  rate: string | null;
  /** BT-116 */
  taxableAmount: string;
  /** BT-117 */
  taxAmount: string;
  /** BT-120, BT-121: only for categories that are exempt from VAT */
  exemptionReason: string | null;
  exemptionReasonCode: string | null;
}

/** BG-20 / BG-21 on the document (with its tax category), BG-27 / BG-28 on a line (without). */
export interface AllowanceChargeTerms {
  /** false: an allowance; true: a charge */
  charge: boolean;
  /** BT-98 / BT-105 / BT-140 / BT-145 */
  reasonCode: string | null;
  /** BT-97 / BT-104 / BT-139 / BT-144 */
  reason: string | null;
  /** BT-92 / BT-99 / BT-136 / BT-141 */
  amount: string;
  /** BT-94 and BT-93 (percentage and base), only where amount = base × percent exactly (Peppol R040) */
  percent: string | null;
  base: string | null;
  /** BT-95 / BT-102 and BT-96 / BT-103: document level only */
  tax: { category: TaxCategory; rate: string | null } | null;
}

export interface LineTerms {
  /** BT-126 */
  id: string;
  /** BT-153 */
  name: string;
  /** BT-129, BT-130 */
  quantity: string;
  unitCode: string;
  /** BT-146: with the decimals Peppol R120 needs (see price-amount.ts) */
  netPrice: string;
  /** BT-131 */
  netAmount: string;
  /** BT-151, BT-152 (null for O: BR-O-05) */
  category: TaxCategory;
  rate: string | null;
  /** BG-27: the line's discount */
  allowances: AllowanceChargeTerms[];
}

export interface PaymentTerms {
  /** BT-81: 58, SEPA credit transfer */
  meansCode: string;
  /** BT-82 */
  meansText: string;
  /** BT-83: the remittance information, our document number */
  remittance: string;
  /** BT-84…86 */
  account: BankAccount;
}

/**
 * Taken from the document as they are: BT-1 number, BT-2 issue and BT-9 due dates (ISO), BT-5
 * currency, BT-22 note, BT-10 buyer reference, BT-13 purchase order, BG-3 preceding invoice.
 */
type StatedAsIs = 'kind' | 'number' | 'issueDate' | 'dueDate' | 'currency' | 'note' | 'buyerReference' | 'purchaseOrderReference' | 'precedingInvoice';

export interface InvoiceTerms extends Pick<TradeDocument, StatedAsIs> {
  /** BT-24 */
  specificationId: string;
  /** BT-23 */
  businessProcess: string | null;
  /** BT-3: 380 commercial invoice, 381 credit note */
  typeCode: '380' | '381';
  seller: PartyTerms;
  buyer: PartyTerms;
  /** BG-13: BT-72 and the deliver-to location (BG-15) */
  delivery: { date: string | null; address: AddressTerms | null } | null;
  /** BG-16 */
  payment: PaymentTerms | null;
  /** BG-20 and BG-21, allowances first, each in the order given */
  allowanceCharges: AllowanceChargeTerms[];
  /** BG-23, one per category and rate */
  taxes: TaxTerms[];
  /** BG-22 */
  totals: {
    /** BT-106 */
    lineNet: string;
    /** BT-107 and BT-108, null when the document has none */
    allowances: string | null;
    charges: string | null;
    /** BT-109 */
    taxExclusive: string;
    /** BT-110 */
    tax: string;
    /** BT-112 */
    taxInclusive: string;
    /** BT-113, null when nothing was paid */
    prepaid: string | null;
    /** BT-115 */
    payable: string;
  };
  lines: LineTerms[];
}

const SEPA_CREDIT_TRANSFER = '58';
/** UNCL 5189 95, "Discount": the code of a line discount given without a reason (BR-42 needs one of the two). */
const DISCOUNT_REASON_CODE = '95';
/** Categories whose tax breakdown states why no VAT is charged (BT-120, BT-121). */
const exemptCategories: readonly TaxCategory[] = ['E', 'AE', 'K', 'G', 'O'];

const rateOf = (category: TaxCategory, rate: number) => (category === 'O' ? null : formatTaxRate(rate));

function partyTerms(party: DocumentParty, showVatId: boolean): PartyTerms {
  const { contactName, phone, email } = party;
  return {
    name: party.name,
    tradingName: party.tradingName,
    address: party.address,
    vatId: showVatId ? party.vatId : null,
    legalId: party.legalId ? { value: party.legalId, scheme: party.legalIdScheme } : null,
    contact: contactName || phone || email ? { name: contactName, phone, email } : null,
    electronicAddress: party.electronicAddress,
  };
}

/**
 * Where the goods or services went. XRechnung wants a deliver-to address with its city and post
 * code (BR-DE-10, BR-DE-11): there it is the buyer's address, which documentGaps() has checked lies
 * in deliveryCountry; elsewhere the country alone (BT-80).
 */
function deliveryTerms(doc: TradeDocument, profile: EInvoiceProfile): InvoiceTerms['delivery'] {
  if (!doc.deliveryDate && !doc.deliveryCountry) return null;
  const country = doc.deliveryCountry;
  const address: AddressTerms | null =
    country === null
      ? null
      : profile === 'xrechnung' && doc.buyer.address
        ? doc.buyer.address
        : { line1: null, line2: null, city: null, postalCode: null, region: null, country };
  return { date: doc.deliveryDate, address };
}

/**
 * The percent and base of an allowance or charge, stated only where amount = base × percent / 100
 * exactly at the currency's precision (Peppol R040 allows no rounding); otherwise the amount alone.
 */
function percentTerms(percent: number | null, base: number, amount: number, money: (minor: number) => string) {
  if (percent === null) return { percent: null, base: null };
  const hundredths = BigInt(Math.round(percent * 100));
  const product = BigInt(base) * hundredths;
  if (product % 10_000n !== 0n || product / 10_000n !== BigInt(amount)) return { percent: null, base: null };
  return { percent: String(percent), base: money(base) };
}

function adjustmentTerms(entry: PricedAdjustment, charge: boolean, lineTotal: number, money: (minor: number) => string): AllowanceChargeTerms {
  return {
    charge,
    reasonCode: entry.reasonCode,
    reason: entry.reason,
    amount: money(entry.amount),
    ...percentTerms(entry.percent, lineTotal, entry.amount, money),
    tax: { category: entry.taxCategory, rate: rateOf(entry.taxCategory, entry.taxRate) },
  };
}

function lineDiscountTerms(line: DocumentLine, money: (minor: number) => string): AllowanceChargeTerms[] {
  if (!line.discount) return [];
  const { amount, percent, reason } = line.discount;
  return [{
    charge: false,
    reasonCode: reason ? null : DISCOUNT_REASON_CODE,
    reason,
    amount: money(amount),
    ...percentTerms(percent, line.gross, amount, money),
    tax: null,
  }];
}

/** `doc` as the business terms a `profile` document states. */
export function businessTerms(doc: TradeDocument, profile: EInvoiceProfile): InvoiceTerms {
  const money = (minor: number) => majorUnits(minor, doc.currency);
  // Category O documents show no VAT numbers (BR-O-02…04).
  const showVatIds = !doc.taxBreakdown.some((entry) => entry.taxCategory === 'O');
  return {
    kind: doc.kind,
    specificationId: specificationIds[profile],
    businessProcess: businessProcessOf(profile),
    number: doc.number,
    typeCode: doc.kind === 'invoice' ? '380' : '381',
    issueDate: doc.issueDate,
    dueDate: doc.dueDate,
    currency: doc.currency,
    note: doc.note,
    buyerReference: doc.buyerReference,
    purchaseOrderReference: doc.purchaseOrderReference,
    precedingInvoice: doc.precedingInvoice,
    seller: partyTerms(doc.seller, showVatIds),
    buyer: partyTerms(doc.buyer, showVatIds),
    delivery: deliveryTerms(doc, profile),
    payment: doc.bankAccount
      ? { meansCode: SEPA_CREDIT_TRANSFER, meansText: 'Credit transfer', remittance: doc.number, account: doc.bankAccount }
      : null,
    allowanceCharges: [
      ...doc.allowances.map((entry) => adjustmentTerms(entry, false, doc.lineTotal, money)),
      ...doc.charges.map((entry) => adjustmentTerms(entry, true, doc.lineTotal, money)),
    ],
    taxes: doc.taxBreakdown.map((entry) => {
      const exemption = exemptCategories.includes(entry.taxCategory)
        ? doc.taxExemptions.find((candidate) => candidate.category === entry.taxCategory)
        : undefined;
      return {
        category: entry.taxCategory,
        rate: entry.taxCategory === 'O' && profile === 'xrechnung' ? '0' : rateOf(entry.taxCategory, entry.taxRate),
        taxableAmount: money(entry.taxableAmount),
        taxAmount: money(entry.taxAmount),
        exemptionReason: exemption?.reason ?? null,
        exemptionReasonCode: exemption?.reasonCode ?? null,
      };
    }),
    totals: {
      lineNet: money(doc.lineTotal),
      allowances: doc.allowances.length > 0 ? money(doc.allowanceTotal) : null,
      charges: doc.charges.length > 0 ? money(doc.chargeTotal) : null,
      taxExclusive: money(doc.subtotal),
      tax: money(doc.tax),
      taxInclusive: money(doc.total),
      prepaid: doc.prepaid > 0 ? money(doc.prepaid) : null,
      payable: money(doc.total - doc.prepaid),
    },
    lines: doc.lines.map((line) => ({
      id: line.id,
      name: line.description,
      quantity: quantityText(line.quantity),
      unitCode: line.unitCode,
      // The price is before the discount: quantity × price − discount = net amount (Peppol R120).
      netPrice: priceAmountText({ quantity: line.quantity, unitPrice: line.unitPrice, subtotal: line.gross }, doc.currency),
      netAmount: money(line.subtotal),
      category: line.taxCategory,
      rate: rateOf(line.taxCategory, line.taxRate),
      allowances: lineDiscountTerms(line, money),
    })),
  };
}
