/**
 * Pieces of a PdfDocumentModel that invoices and credit notes share: parties, lines, the tax
 * summary and payment details, each formatted for people (amounts in major units with the
 * currency's decimals, thousands separated by commas: 1,234.56; JPY 1,235).
 */
import { friendlyFormatIBAN } from 'ibantools';
import type { ClientAddress } from '../../schemas/clients.js';
import type { Invoice, TaxExemption } from '../../schemas/invoices.js';
import type { BankAccount, InvoiceBuyer, InvoiceSeller } from '../../schemas/parties.js';
import { formatAmount, formatQuantity, formatTaxRate } from '../domain/currency-amounts.js';
import type { TaxCategory } from '../../base/vocabulary.js';
import type { PdfDocumentModel, PdfLine, PdfParty, PdfSection, PdfTaxRow, PdfTotal } from './document-model.js';
import { unitLabel } from './unit-labels.js';

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

const present = (values: readonly (string | null | undefined)[]): string[] =>
  values.filter((value): value is string => typeof value === 'string' && value.trim() !== '');

export function addressLines(address: ClientAddress | null): string[] {
  if (!address) return [];
  const cityLine = present([address.postalCode, address.city]).join(' ');
  return present([address.line1, address.line2, cityLine, address.region, countryNames.of(address.country) ?? address.country]);
}

export function sellerParty(seller: InvoiceSeller): PdfParty {
  const legalId = seller.legalId ? `Reg. no. ${seller.legalId}${seller.legalIdScheme ? ` (ICD ${seller.legalIdScheme})` : ''}` : null;
  return {
    heading: 'From',
    name: seller.legalName,
    details: present([
      seller.tradingName ? `Trading as ${seller.tradingName}` : null,
      ...addressLines(seller.address),
      seller.vatId ? `VAT ${seller.vatId}` : null,
      legalId,
      seller.email,
      seller.phone,
    ]),
  };
}

export function buyerParty(buyer: InvoiceBuyer): PdfParty {
  return {
    heading: 'Bill to',
    name: buyer.name,
    details: present([
      buyer.contactName ? `Attn. ${buyer.contactName}` : null,
      ...addressLines(buyer.address),
      buyer.vatId ? `VAT ${buyer.vatId}` : null,
      buyer.email,
    ]),
  };
}

export function itemLines(items: readonly Invoice['items'][number][], currency: string): PdfLine[] {
  return items.map((item) => ({
    description: item.description,
    quantity: formatQuantity(item.quantity),
    unit: unitLabel(item.unitCode),
    unitPrice: formatAmount(item.unitPrice, currency),
    taxRate: formatTaxRate(item.taxRate),
    netAmount: formatAmount(item.subtotal, currency),
    total: formatAmount(item.total, currency),
  }));
}

const categoryNames: Record<TaxCategory, string> = {
  S: 'Standard rate',
  Z: 'Zero rated',
  E: 'Exempt',
  AE: 'Reverse charge',
  K: 'Intra-community supply',
  G: 'Export outside the EU',
  O: 'Outside the scope of VAT',
};

/** One row per category and rate, with the category's exemption reason (text, VATEX code or both). */
export function taxRows(
  breakdown: readonly Invoice['taxBreakdown'][number][],
  exemptions: readonly TaxExemption[],
  currency: string,
): PdfTaxRow[] {
  return breakdown.map((entry) => {
    const exemption = exemptions.find((candidate) => candidate.category === entry.taxCategory);
    const note = exemption ? present([exemption.reason, exemption.reasonCode]).join(' · ') : '';
    return {
      label: `${categoryNames[entry.taxCategory]} (${entry.taxCategory}) ${formatTaxRate(entry.taxRate)} %`,
      taxableAmount: formatAmount(entry.taxableAmount, currency),
      taxAmount: formatAmount(entry.taxAmount, currency),
      note: note || null,
    };
  });
}

type PricedDocument = Pick<Invoice, 'currency' | 'buyer' | 'items' | 'taxBreakdown' | 'taxExemptions'>;

/** What every document shows alike: its currency, the parties, the lines and the tax summary. */
export function documentParts(
  document: PricedDocument,
  seller: InvoiceSeller,
): Pick<PdfDocumentModel, 'currency' | 'seller' | 'buyer' | 'lines' | 'taxRows'> {
  return {
    currency: document.currency,
    seller: sellerParty(seller),
    buyer: buyerParty(document.buyer),
    lines: itemLines(document.items, document.currency),
    taxRows: taxRows(document.taxBreakdown, document.taxExemptions, document.currency),
  };
}

export const totalRow = (label: string, minor: number, currency: string, emphasis = false): PdfTotal => ({
  label,
  amount: formatAmount(minor, currency),
  emphasis,
});

/** Subtotal, tax and total: how the totals of every document begin. */
export const sumRows = (sums: Pick<Invoice, 'subtotal' | 'tax' | 'total'>, currency: string): PdfTotal[] => [
  totalRow('Subtotal', sums.subtotal, currency),
  totalRow('Tax', sums.tax, currency),
  totalRow('Total', sums.total, currency, true),
];

/** IBAN in groups of four, BIC and account holder; nothing without a bank account. */
export function paymentSection(bankAccount: BankAccount | null, reference: string | null): PdfSection[] {
  if (!bankAccount) return [];
  const lines = present([
    bankAccount.accountName ? `Account holder: ${bankAccount.accountName}` : null,
    `IBAN: ${friendlyFormatIBAN(bankAccount.iban) ?? bankAccount.iban}`,
    bankAccount.bic ? `BIC: ${bankAccount.bic}` : null,
    reference ? `Reference: ${reference}` : null,
  ]);
  return [{ heading: 'Payment details', text: lines.join('\n') }];
}

export const notesSection = (notes: string | null): PdfSection[] => (notes?.trim() ? [{ heading: 'Notes', text: notes }] : []);
