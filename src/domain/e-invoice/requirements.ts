/**
 * What a document lacks for an e-invoice (UBL or CII) that passes the official rules of its
 * profile: each gap as a field error (a JSON pointer into the invoice and what is missing). An
 * empty list means the document can be built. The rule ids in comments are EN 16931's (BR-…),
 * Peppol BIS 3.0's (PEPPOL-…) and XRechnung 3.0's (BR-DE-…); the syntaxes share every one.
 */
import { minorUnitDigits } from '../currency-amounts.js';
import { peppolEasCodes } from '../code-lists.js';
import { TAX_RATE_SCALE, toScaledInteger } from '../money.js';
import type { TaxBreakdownEntry } from '../../../base/stored-shapes.js';
import type { TaxCategory } from '../../../base/vocabulary.js';
import { categoriesNeedingExemptionReason } from '../tax-categories.js';
import { passesPeppolIdentifierCheck } from './peppol-identifiers.js';
import type { EInvoiceProfile } from './profiles.js';
import type { DocumentParty, TradeDocument } from './trade-document.js';

export interface DocumentGap {
  path: string;
  message: string;
}

/** Categories that need the seller's VAT number (BR-S-02, BR-Z-02, BR-E-02, BR-AE-02, BR-IC-02, BR-G-02). */
const needSellerVatId: readonly TaxCategory[] = ['S', 'Z', 'E', 'AE', 'K', 'G'];
/** Categories that need the buyer's VAT number (BR-AE-03, BR-IC-03… as the contract settles: AE and K). */
const needBuyerVatId: readonly TaxCategory[] = ['AE', 'K'];

function partyGaps(party: DocumentParty, path: string): DocumentGap[] {
  // BR-08…BR-11: both postal addresses with their country.
  return party.address ? [] : [{ path: `${path}/address`, message: 'is required for an e-invoice' }];
}

function taxGaps(doc: TradeDocument): DocumentGap[] {
  const used = new Set([...doc.lines, ...doc.taxBreakdown].map((entry) => entry.taxCategory));
  const gaps: DocumentGap[] = [];
  const uses = (categories: readonly TaxCategory[]) => categories.filter((category) => used.has(category));
  const sellerVatNeeded = uses(needSellerVatId);
  if (sellerVatNeeded.length > 0 && !doc.seller.vatId) {
    gaps.push({ path: '/seller/vatId', message: `is required for tax category ${sellerVatNeeded.join(', ')}` });
  }
  const buyerVatNeeded = uses(needBuyerVatId);
  if (buyerVatNeeded.length > 0 && !doc.buyer.vatId) {
    gaps.push({ path: '/buyer/vatId', message: `is required for tax category ${buyerVatNeeded.join(', ')} (the client’s taxId)` });
  }
  if (used.has('K')) {
    // BR-IC-11, BR-IC-12: an intra-community supply says when and where it was delivered.
    if (!doc.deliveryDate) gaps.push({ path: '/deliveryDate', message: 'is required for tax category K (intra-community supply)' });
    if (!doc.deliveryCountry) gaps.push({ path: '/deliveryCountry', message: 'is required for tax category K (intra-community supply)' });
  }
  if (used.has('O')) {
    // BR-O-11…14: "not subject to VAT" stands alone; BR-CO-26: the seller is then known by its legal id.
    if (used.size > 1) gaps.push({ path: '/items', message: 'tax category O cannot be combined with other categories on one document' });
    if (!doc.seller.legalId) gaps.push({ path: '/seller/legalId', message: 'is required for tax category O (no VAT number may be shown)' });
  }
  for (const category of uses(categoriesNeedingExemptionReason)) {
    const exemption = doc.taxExemptions.find((candidate) => candidate.category === category);
    if (!exemption?.reason && !exemption?.reasonCode) {
      gaps.push({ path: '/taxExemptions', message: `needs a reason or reasonCode for tax category ${category}` });
    }
  }
  return gaps;
}

/**
 * BR-CO-17 as the official XSLT tests it: a rate that rounds to 0 % (below 0.5 %) must carry a
 * tax that rounds to 0 units, whatever the base.
 */
function tinyRateGaps(doc: TradeDocument, minorPerUnit: bigint): DocumentGap[] {
  const halfUnit = minorPerUnit / 2n || 1n;
  return doc.taxBreakdown
    .filter((entry) => entry.taxRate > 0 && entry.taxRate < 0.5 && BigInt(entry.taxAmount) >= halfUnit)
    .map((entry) => ({
      path: '/items',
      message: `a tax rate below 0.5% (${entry.taxRate}%) with half a currency unit of tax or more fails EN 16931 BR-CO-17 as the official rules test it`,
    }));
}

/**
 * BR-CO-17 accepts a category's tax within (strictly) one currency unit of base × rate rounded
 * to cents; line rounding can stray further on many lines.
 */
function straysPastTolerance(entry: TaxBreakdownEntry, minorPerUnit: bigint): boolean {
  const rate = toScaledInteger(entry.taxRate, TAX_RATE_SCALE, '/taxRate');
  // Hundredths of a unit: exact = taxable × rate / 100, rounded half up as the rule's XPath does.
  const denominator = minorPerUnit * TAX_RATE_SCALE;
  const expected = (BigInt(entry.taxableAmount) * rate * 2n + denominator) / (denominator * 2n);
  const actual = (BigInt(entry.taxAmount) * 100n) / minorPerUnit;
  const difference = actual > expected ? actual - expected : expected - actual;
  return difference >= 100n;
}

function roundingGaps(doc: TradeDocument): DocumentGap[] {
  const minorPerUnit = 10n ** BigInt(minorUnitDigits(doc.currency));
  const straying =
    doc.taxRounding === 'line'
      ? doc.taxBreakdown.filter((entry) => entry.taxRate >= 0.5 && straysPastTolerance(entry, minorPerUnit))
      : [];
  return [
    ...tinyRateGaps(doc, minorPerUnit),
    ...straying.map((entry) => ({
      path: '/taxRounding',
      message: `the per-line taxes of category ${entry.taxCategory} at ${entry.taxRate}% stray more than one currency unit from the category total × rate (EN 16931 BR-CO-17): use taxRounding "document"`,
    })),
  ];
}

const parties = (doc: TradeDocument) => [['seller', doc.seller], ['buyer', doc.buyer]] as const;

/** PEPPOL-EN16931-R010, R020 (Peppol, and XRechnung, which adopts them): both parties' electronic addresses. */
function electronicAddressGaps(doc: TradeDocument, profileName: string): DocumentGap[] {
  return parties(doc)
    .filter(([, party]) => !party.electronicAddress)
    .map(([role]) => ({ path: `/${role}/electronicAddress`, message: `is required for ${profileName}` }));
}

function peppolGaps(doc: TradeDocument): DocumentGap[] {
  const gaps: DocumentGap[] = [];
  // PEPPOL-EN16931-R003
  if (!doc.buyerReference && !doc.purchaseOrderReference) {
    gaps.push({ path: '/buyerReference', message: 'buyerReference or purchaseOrderReference is required for Peppol' });
  }
  gaps.push(...electronicAddressGaps(doc, 'Peppol'));
  for (const [role, party] of parties(doc)) {
    const address = party.electronicAddress;
    if (address && !peppolEasCodes.has(address.scheme)) {
      gaps.push({ path: `/${role}/electronicAddress/scheme`, message: `${address.scheme} is not an EAS code Peppol accepts` });
    } else if (address && !passesPeppolIdentifierCheck(address.scheme, address.value)) {
      gaps.push({ path: `/${role}/electronicAddress/value`, message: `is not a valid identifier of scheme ${address.scheme} (check digits)` });
    }
    // PEPPOL-COMMON-R040…R050 check legal ids of those schemes too.
    if (party.legalId && party.legalIdScheme && !passesPeppolIdentifierCheck(party.legalIdScheme, party.legalId)) {
      gaps.push({ path: `/${role}/legalId`, message: `is not a valid identifier of scheme ${party.legalIdScheme} (check digits)` });
    }
  }
  return gaps;
}

const XRECHNUNG = 'XRechnung';

/** XRechnung 3.0 (BR-DE-…), with the Peppol rules it adopts. */
function xrechnungGaps(doc: TradeDocument): DocumentGap[] {
  const gaps: DocumentGap[] = [];
  const required = (path: string, present: unknown, why = '') => {
    if (!present) gaps.push({ path, message: `is required for ${XRECHNUNG}${why}` });
  };
  required('/buyerReference', doc.buyerReference, ' (the Leitweg-ID, BT-10)'); // BR-DE-15
  gaps.push(...electronicAddressGaps(doc, XRECHNUNG));
  required('/seller/bankAccount', doc.bankAccount, ' (payment instructions, BR-DE-1)');
  required('/seller/contactName', doc.seller.contactName, ' (the seller contact, BT-41)'); // BR-DE-2, BR-DE-5
  required('/seller/phone', doc.seller.phone, ' (BT-42)'); // BR-DE-6
  required('/seller/email', doc.seller.email, ' (BT-43)'); // BR-DE-7
  // BR-DE-3/4 and BR-DE-8/9: city and post code of both parties (the cities are always there).
  if (doc.seller.address) required('/seller/address/postalCode', doc.seller.address.postalCode);
  if (doc.buyer.address) required('/buyer/address/postalCode', doc.buyer.address.postalCode);
  // BR-DE-10/11: a deliver-to address needs a city and post code, so it is the buyer's address.
  const buyerCountry = doc.buyer.address?.country;
  if (doc.deliveryCountry && buyerCountry && buyerCountry !== doc.deliveryCountry) {
    gaps.push({
      path: '/deliveryCountry',
      message: `must be the buyer’s country (${buyerCountry}) for ${XRECHNUNG}: the buyer’s address is the delivery address`,
    });
  }
  return gaps;
}

/** Every gap between the document and an e-invoice of `profile` that passes the official rules. */
export function documentGaps(doc: TradeDocument, profile: EInvoiceProfile): DocumentGap[] {
  const gaps = [...partyGaps(doc.seller, '/seller'), ...partyGaps(doc.buyer, '/buyer'), ...taxGaps(doc)];
  // BR-DEC-*: amounts carry at most two decimals.
  if (minorUnitDigits(doc.currency) > 2) {
    gaps.push({ path: '/currency', message: `${doc.currency} has more than two decimals, which EN 16931 amounts cannot carry` });
  } else {
    gaps.push(...roundingGaps(doc));
  }
  if (profile === 'peppol') gaps.push(...peppolGaps(doc));
  if (profile === 'xrechnung') gaps.push(...xrechnungGaps(doc));
  return gaps;
}
