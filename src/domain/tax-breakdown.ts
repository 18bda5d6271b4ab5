/**
 * The VAT breakdown (EN 16931 BG-23): one entry per tax category and rate, and the invoice tax
 * taken from it. `line` rounding sums the lines' rounded taxes (contract v1); `document` rounding
 * rounds each category's base × rate once (BR-CO-17 exactly). Pure, exact, bigint inside.
 */
import { AmountError, TAX_RATE_SCALE, computeInvoice, divideRounded, toScaledInteger } from './money.js';
import type { LineInput } from './money.js';
import type { TaxBreakdownEntry } from '../../base/stored-shapes.js';
import type { TaxCategory, TaxRounding } from '../../base/vocabulary.js';

const PERCENT = 100n;
const MAX_AMOUNT = BigInt(Number.MAX_SAFE_INTEGER);

export interface TaxedLine {
  taxCategory: TaxCategory;
  taxRate: number;
  subtotal: number;
  tax: number;
}

interface Group {
  taxCategory: TaxCategory;
  taxRate: number;
  rate: bigint;
  taxable: bigint;
  lineTax: bigint;
}

const byCategoryThenRate = (a: Group, b: Group) =>
  a.taxCategory === b.taxCategory ? Number(a.rate - b.rate) : a.taxCategory < b.taxCategory ? -1 : 1;

function safe(value: bigint): number {
  if (value > MAX_AMOUNT) throw new AmountError('/items', `the tax breakdown exceeds ${Number.MAX_SAFE_INTEGER} minor units`);
  return Number(value);
}

/** One entry per distinct (category, rate), ordered by category code, then rate ascending. */
export function computeTaxBreakdown(lines: readonly TaxedLine[], rounding: TaxRounding): TaxBreakdownEntry[] {
  const groups = new Map<string, Group>();
  for (const line of lines) {
    const rate = toScaledInteger(line.taxRate, TAX_RATE_SCALE, '/taxRate');
    const key = `${line.taxCategory}:${rate}`;
    const group = groups.get(key) ?? { taxCategory: line.taxCategory, taxRate: line.taxRate, rate, taxable: 0n, lineTax: 0n };
    group.taxable += BigInt(line.subtotal);
    group.lineTax += BigInt(line.tax);
    groups.set(key, group);
  }
  return [...groups.values()].sort(byCategoryThenRate).map((group) => ({
    taxCategory: group.taxCategory,
    taxRate: group.taxRate,
    taxableAmount: safe(group.taxable),
    taxAmount: safe(rounding === 'line' ? group.lineTax : divideRounded(group.taxable * group.rate, PERCENT * TAX_RATE_SCALE)),
  }));
}

export interface PricedInvoice<Line> {
  lines: (Line & { subtotal: number; tax: number; total: number })[];
  taxBreakdown: TaxBreakdownEntry[];
  subtotal: number;
  tax: number;
  total: number;
}

/**
 * Prices every line (money.computeInvoice) and derives the invoice sums from the breakdown:
 * `tax` is the sum of its tax amounts and `total = subtotal + tax`, whatever the rounding.
 */
export function priceInvoice<Line extends LineInput & { taxCategory: TaxCategory }>(
  lines: readonly Line[],
  rounding: TaxRounding,
): PricedInvoice<Line> {
  const { lines: priced, subtotal } = computeInvoice(lines);
  const taxBreakdown = computeTaxBreakdown(priced, rounding);
  const tax = taxBreakdown.reduce((sum, entry) => sum + BigInt(entry.taxAmount), 0n);
  return { lines: priced, taxBreakdown, subtotal, tax: safe(tax), total: safe(BigInt(subtotal) + tax) };
}
