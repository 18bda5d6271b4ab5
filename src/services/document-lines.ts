/**
 * What invoices and credit notes share about their content: the priced lines and sums as stored
 * columns (the arithmetic is src/domain/document-pricing.ts), stored lines back as pricing input,
 * and the tax exemptions.
 */
import type { TaxCategory, TaxRounding } from '../../base/vocabulary.js';
import type { TaxExemption, TaxExemptionInput } from '../../schemas/invoices.js';
import { type DraftLine, priceDocument } from '../domain/document-pricing.js';
import { AppError } from '../errors.js';
import type { InvoiceItemRow } from './invoice-records.js';

/** A line as a draft or a credit note states it. */
export type DocumentLineInput = DraftLine & { description: string };

/** The lines priced with their defaults, and the document's total columns (tax breakdown as JSON). */
export function priceItems(items: readonly DocumentLineInput[], rounding: TaxRounding) {
  const { lines, taxBreakdown, ...totals } = priceDocument(items, rounding);
  return { totals: { ...totals, tax_breakdown: JSON.stringify(taxBreakdown) }, lines };
}
export type PricedItems = ReturnType<typeof priceItems>;

/** The stored columns of a priced line, for invoices and credit notes alike (their lines have one shape). */
export const lineColumns = (line: PricedItems['lines'][number], position: number) => ({
  position,
  description: line.description,
  quantity: line.quantity,
  unit_code: line.unitCode,
  unit_price: line.unitPrice,
  tax_category: line.taxCategory,
  tax_rate: line.taxRate,
  subtotal: line.subtotal,
  tax: line.tax,
  total: line.total,
});

/** A line as stored, back as the input that prices it again (a new rounding, a full credit note). */
export const toLineInput = (item: InvoiceItemRow): DocumentLineInput => ({
  description: item.description,
  quantity: Number(item.quantity),
  unitCode: item.unit_code,
  unitPrice: item.unit_price,
  taxCategory: item.tax_category as TaxCategory,
  taxRate: Number(item.tax_rate),
});

/** At most one exemption per category, and none for S or Z (which never carry a reason); as stored. */
export function normaliseExemptions(exemptions: readonly TaxExemptionInput[]): string {
  const errors = exemptions.flatMap(({ category }, index) => {
    const path = `/taxExemptions/${index}/category`;
    if (category === 'S' || category === 'Z') return [{ path, message: `${category} takes no exemption reason` }];
    if (exemptions.findIndex((other) => other.category === category) !== index) {
      return [{ path, message: `a second exemption for ${category}` }];
    }
    return [];
  });
  if (errors.length > 0) throw new AppError('validation_failed', 'Invalid taxExemptions', errors);
  const normalised: TaxExemption[] = exemptions.map(({ category, reason, reasonCode }) => ({
    category,
    reason: reason ?? null,
    reasonCode: reasonCode ?? null,
  }));
  return JSON.stringify(normalised);
}
