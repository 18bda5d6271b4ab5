/**
 * How documents (PDFs, hosted pages) word discounts, allowances and charges, in one place so both
 * say the same: a line's discount under its description, and the rows the totals block begins
 * with when a document has allowances or charges (line total, each one, their totals), amounts
 * in minor units with allowances and their total negative, so the column adds up to the subtotal.
 */
import { formatTaxRate } from '../domain/currency-amounts.js';
import { formatAmount, formatPercent } from './format.js';
import type { Language } from './languages.js';
import { translate } from './translate.js';

/** A line discount as the API states it: `{ percent }` or `{ amount }`, and a reason. */
export interface DiscountFacts {
  percent?: number;
  reason?: string | null;
}

export interface AdjustmentFacts {
  reason: string | null;
  reasonCode: string | null;
  percent: number | null;
  amount: number;
  taxRate: number;
}

export interface AdjustedSums {
  lineTotal: number;
  allowances: readonly AdjustmentFacts[];
  charges: readonly AdjustmentFacts[];
  allowanceTotal: number;
  chargeTotal: number;
}

/** A row of the totals block: its label, and its amount in minor units (negative for allowances), for the caller's format. */
export interface AmountRow {
  label: string;
  minor: number;
}

const percentText = (language: Language, percent: number) => formatPercent(language, formatTaxRate(percent));

/** `Rabatt 10 %: -20,00 (Treuerabatt)`, the amount in the lines' columns' format; null without a discount. */
export function discountText(language: Language, currency: string, discount: DiscountFacts | null, discountAmount: number): string | null {
  if (!discount || discountAmount === 0) return null;
  return translate(language, 'lines.discount', {
    kind: discount.percent === undefined ? 'amount' : 'percent',
    percent: discount.percent === undefined ? '' : percentText(language, discount.percent),
    amount: formatAmount(language, currency, -BigInt(discountAmount)),
    withReason: discount.reason ? 'yes' : 'no',
    reason: discount.reason ?? '',
  });
}

/** The seller's reason, else the name of its UNCL 5189 / 7161 code in the language. */
function reasonOf(language: Language, kind: 'allowance' | 'charge', entry: AdjustmentFacts): string {
  if (entry.reason) return entry.reason;
  return translate(language, kind === 'allowance' ? 'adjustment.allowanceCode' : 'adjustment.chargeCode', { code: entry.reasonCode ?? '' });
}

/**
 * Line total, each allowance and charge (percent, VAT rate, reason), the allowance and charge
 * totals: the rows before the subtotal. None when the document has no allowance or charge (its
 * subtotal is then its line total).
 */
export function adjustmentRows(language: Language, sums: AdjustedSums): AmountRow[] {
  if (sums.allowances.length === 0 && sums.charges.length === 0) return [];
  const entry = (kind: 'allowance' | 'charge', sign: number) => (adjustment: AdjustmentFacts) => ({
    label: translate(language, kind === 'allowance' ? 'totals.allowance' : 'totals.charge', {
      kind: adjustment.percent === null ? 'amount' : 'percent',
      percent: adjustment.percent === null ? '' : percentText(language, adjustment.percent),
      rate: percentText(language, adjustment.taxRate),
      reason: reasonOf(language, kind, adjustment),
    }),
    minor: sign * adjustment.amount,
  });
  return [
    { label: translate(language, 'totals.lineTotal'), minor: sums.lineTotal },
    ...sums.allowances.map(entry('allowance', -1)),
    ...sums.charges.map(entry('charge', 1)),
    ...(sums.allowances.length > 0 ? [{ label: translate(language, 'totals.allowanceTotal'), minor: -sums.allowanceTotal }] : []),
    ...(sums.charges.length > 0 ? [{ label: translate(language, 'totals.chargeTotal'), minor: sums.chargeTotal }] : []),
  ];
}
