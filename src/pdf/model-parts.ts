/**
 * Pieces of a PdfDocumentModel that invoices and credit notes share: parties, lines, the tax
 * summary and payment details, every label from the language's catalogue and every amount, date
 * and quantity in its locale (src/i18n): amounts from exact bigint minor units, never a float.
 */
import { friendlyFormatIBAN } from 'ibantools';
import type { Invoice, TaxExemption } from '../../schemas/invoices.js';
import type { BankAccount, InvoiceSeller } from '../../schemas/parties.js';
import { formatTaxRate, quantityText } from '../domain/currency-amounts.js';
import {
  type Language,
  type MessageKey,
  adjustmentRows,
  buyerParty,
  discountText,
  formatAmount,
  formatDate,
  formatDecimal,
  formatMoney,
  formatPercent,
  present,
  sellerParty,
  translate,
  unitName,
} from '../i18n/index.js';
import type { PdfDocumentModel, PdfFact, PdfLine, PdfSection, PdfTaxRow, PdfTotal } from './document-model.js';

export function itemLines(language: Language, items: readonly Invoice['items'][number][], currency: string): PdfLine[] {
  const amount = (minor: number) => formatAmount(language, currency, BigInt(minor));
  return items.map((item) => {
    const quantity = quantityText(item.quantity);
    const discount = discountText(language, currency, item.discount, item.discountAmount);
    return {
      description: item.description,
      ...(discount === null ? {} : { discount }),
      quantity: formatDecimal(language, quantity),
      unit: unitName(language, item.unitCode, quantity),
      unitPrice: amount(item.unitPrice),
      taxRate: formatDecimal(language, formatTaxRate(item.taxRate)),
      netAmount: amount(item.subtotal),
      total: amount(item.total),
    };
  });
}

// The notes the law asks an invoice of these categories to carry (Directive 2006/112/EC, Art. 226).
const legalNotes: Partial<Record<TaxExemption['category'], MessageKey>> = { AE: 'tax.note.AE', K: 'tax.note.K' };

/**
 * One row per category and rate. Its note: the legal note of the category in the document's
 * language, then the seller's own exemption reason (text, VATEX code or both) as they wrote it.
 */
export function taxRows(
  language: Language,
  breakdown: readonly Invoice['taxBreakdown'][number][],
  exemptions: readonly TaxExemption[],
  currency: string,
): PdfTaxRow[] {
  return breakdown.map((entry) => {
    const category = entry.taxCategory;
    const exemption = exemptions.find((candidate) => candidate.category === category);
    const legalNote = legalNotes[category];
    const note = present([
      legalNote && translate(language, legalNote),
      exemption && present([exemption.reason, exemption.reasonCode]).join(' · '),
    ]).join('\n');
    return {
      label: translate(language, 'tax.row', {
        name: translate(language, 'tax.category', { category }),
        category,
        rate: formatPercent(language, formatTaxRate(entry.taxRate)),
      }),
      taxableAmount: formatAmount(language, currency, BigInt(entry.taxableAmount)),
      taxAmount: formatAmount(language, currency, BigInt(entry.taxAmount)),
      note: note || null,
    };
  });
}

type PricedDocument = Pick<Invoice, 'currency' | 'buyer' | 'items' | 'taxBreakdown' | 'taxExemptions'>;

/** What every document shows alike: its language and currency, the parties, the lines and the tax summary. */
export function documentParts(
  language: Language,
  document: PricedDocument,
  seller: InvoiceSeller,
): Pick<PdfDocumentModel, 'language' | 'currency' | 'seller' | 'buyer' | 'lines' | 'taxRows'> {
  return {
    language,
    currency: document.currency,
    seller: sellerParty(language, seller),
    buyer: buyerParty(language, document.buyer),
    lines: itemLines(language, document.items, document.currency),
    taxRows: taxRows(language, document.taxBreakdown, document.taxExemptions, document.currency),
  };
}

/** A date fact under the title: `Fälligkeitsdatum 31.12.2099`. */
export const dateFact = (language: Language, label: MessageKey, isoDate: string): PdfFact => ({
  label: translate(language, label),
  value: formatDate(language, isoDate),
});

export const totalRow = (language: Language, label: MessageKey, minor: number, currency: string, emphasis = false): PdfTotal => ({
  label: translate(language, label),
  amount: formatMoney(language, currency, BigInt(minor)),
  emphasis,
});

type DocumentSums = Pick<Invoice, 'lineTotal' | 'allowances' | 'charges' | 'allowanceTotal' | 'chargeTotal' | 'subtotal' | 'tax' | 'total'>;

/**
 * How the totals of every document begin: with allowances or charges, the line total, each of
 * them and their totals; then subtotal, VAT and total.
 */
export const sumRows = (language: Language, sums: DocumentSums, currency: string): PdfTotal[] => [
  ...adjustmentRows(language, sums).map(({ label, minor }) => ({ label, amount: formatMoney(language, currency, BigInt(minor)), emphasis: false })),
  totalRow(language, 'totals.subtotal', sums.subtotal, currency),
  totalRow(language, 'totals.tax', sums.tax, currency),
  totalRow(language, 'totals.total', sums.total, currency, true),
];

/** IBAN in groups of four, BIC and account holder; nothing without a bank account. */
export function paymentSection(language: Language, bankAccount: BankAccount | null, reference: string | null): PdfSection[] {
  if (!bankAccount) return [];
  const lines = present([
    bankAccount.accountName && translate(language, 'payment.accountHolder', { name: bankAccount.accountName }),
    translate(language, 'payment.iban', { iban: friendlyFormatIBAN(bankAccount.iban) ?? bankAccount.iban }),
    bankAccount.bic && translate(language, 'payment.bic', { bic: bankAccount.bic }),
    reference && translate(language, 'payment.reference', { reference }),
  ]);
  return [{ heading: translate(language, 'payment.heading'), text: lines.join('\n') }];
}

export const notesSection = (language: Language, notes: string | null): PdfSection[] =>
  notes?.trim() ? [{ heading: translate(language, 'section.notes'), text: notes }] : [];
