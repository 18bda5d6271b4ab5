/**
 * What invoices and credit notes share about their content: the priced lines, allowances, charges
 * and sums as stored columns (the arithmetic is src/domain/document-pricing.ts), stored ones back
 * as pricing input and as the API shows them, and the tax exemptions.
 */
import type { Selectable } from 'kysely';
import type { AdjustmentInput, LineInput, PricedAdjustment } from '../../base/stored-shapes.js';
import type { TaxRounding } from '../../base/vocabulary.js';
import type { DB } from '../../db/types.js';
import type { Invoice, LineDiscount, TaxExemption, TaxExemptionInput } from '../../schemas/invoices.js';
import { type DocumentAdjustments, DocumentRuleError, priceDocument } from '../domain/document-pricing.js';
import { AppError } from '../errors.js';

/**
 * The lines priced with their defaults, and the document's columns: sums, tax breakdown,
 * allowances and charges (jsonb as text).
 */
export function priceItems(items: readonly LineInput[], rounding: TaxRounding, adjustments: DocumentAdjustments = {}) {
  const priced = priceDocument(items, rounding, adjustments);
  return {
    totals: {
      subtotal: priced.subtotal,
      tax: priced.tax,
      total: priced.total,
      allowance_total: priced.allowanceTotal,
      charge_total: priced.chargeTotal,
      tax_breakdown: JSON.stringify(priced.taxBreakdown),
      allowances: JSON.stringify(priced.allowances),
      charges: JSON.stringify(priced.charges),
    },
    lines: priced.lines,
  };
}
export type PricedItems = ReturnType<typeof priceItems>;

/**
 * 400 for input the schema cannot judge, before any query; amounts that do not add up (422) wait
 * until the document's own lines or adjustments are known.
 */
export function assertWellFormed(items: readonly LineInput[], adjustments: DocumentAdjustments) {
  try {
    priceItems(items, 'line', adjustments);
  } catch (error) {
    if (!(error instanceof DocumentRuleError && error.unprocessable)) throw error;
  }
}

/** The stored columns of a priced line, for invoices and credit notes alike (their lines have one shape). */
export const lineColumns = (line: PricedItems['lines'][number], position: number) => ({
  position,
  description: line.description,
  quantity: line.quantity,
  unit_code: line.unitCode,
  unit_price: line.unitPrice,
  tax_category: line.taxCategory,
  tax_rate: line.taxRate,
  discount_percent: line.discount?.percent ?? null,
  discount_amount: line.discountAmount,
  discount_reason: line.discount?.reason ?? null,
  subtotal: line.subtotal,
  tax: line.tax,
  total: line.total,
});

type ItemRow = Selectable<DB['invoice_items']>;
/** The columns a priced line is stored in (lineColumns' values), for invoices and credit notes alike. */
export const pricedLineColumns = [
  'description',
  'quantity',
  'unit_code',
  'unit_price',
  'tax_category',
  'tax_rate',
  'discount_percent',
  'discount_amount',
  'discount_reason',
  'subtotal',
  'tax',
  'total',
] as const satisfies readonly (keyof ItemRow)[];
/** The columns of a priced line as stored that the API shows and pricing reads again. */
export const itemColumns = ['id', ...pricedLineColumns] as const;
/** A priced line as stored, for invoices and credit notes alike. */
export type ItemColumns = Pick<ItemRow, (typeof itemColumns)[number]>;

/** The discount as it was stated: a percent, or an amount (which is then the discount amount). */
function discountOf(item: ItemColumns): LineDiscount | null {
  if (item.discount_percent !== null) return { percent: Number(item.discount_percent), reason: item.discount_reason };
  if (item.discount_amount > 0) return { amount: item.discount_amount, reason: item.discount_reason };
  return null;
}

/** A line as stored, back as the input that prices it again (a new rounding, a full credit note). */
export const toLineInput = (item: ItemColumns) => ({
  description: item.description,
  quantity: Number(item.quantity),
  unitCode: item.unit_code,
  unitPrice: item.unit_price,
  taxCategory: item.tax_category,
  taxRate: Number(item.tax_rate),
  discount: discountOf(item),
});

export function toInvoiceItem(item: ItemColumns): Invoice['items'][number] {
  return {
    id: item.id,
    ...toLineInput(item),
    gross: item.subtotal + item.discount_amount,
    discountAmount: item.discount_amount,
    subtotal: item.subtotal,
    tax: item.tax,
    total: item.total,
  };
}

type DocumentRow = Pick<
  Selectable<DB['invoices'] | DB['credit_notes']>,
  'subtotal' | 'tax' | 'total' | 'allowance_total' | 'charge_total' | 'allowances' | 'charges' | 'tax_breakdown'
>;

/** The sums, breakdown, allowances and charges of a stored invoice or credit note, as the API shows them. */
export function documentTotals(row: DocumentRow) {
  return {
    taxBreakdown: row.tax_breakdown,
    allowances: row.allowances,
    charges: row.charges,
    lineTotal: row.subtotal + row.allowance_total - row.charge_total,
    allowanceTotal: row.allowance_total,
    chargeTotal: row.charge_total,
    subtotal: row.subtotal,
    tax: row.tax,
    total: row.total,
  };
}

/** Stored allowances or charges back as the input that prices them again. */
export const toAdjustmentInputs = (stored: readonly PricedAdjustment[]): AdjustmentInput[] =>
  stored.map(({ percent, amount, ...rest }) => (percent === null ? { ...rest, amount } : { ...rest, percent }));

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
