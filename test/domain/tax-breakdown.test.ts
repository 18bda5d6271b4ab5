import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeLine } from '../../src/domain/money.js';
import { computeTaxBreakdown, priceInvoice } from '../../src/domain/tax-breakdown.js';
import { type TaxCategory, taxCategories } from '../../base/vocabulary.js';

/**
 * The reference model, written apart from the module: rates as decimal text turned into a
 * fraction, groups keyed by text in a plain object, rounding half up on non-negative values
 * by comparing twice the remainder, sorting by a composite string key.
 */
function fraction(rateText: string): [bigint, bigint] {
  const [whole = '0', decimals = ''] = rateText.split('.');
  return [BigInt(whole + decimals), 10n ** BigInt(decimals.length) * 100n];
}
const roundHalfUp = (n: bigint, d: bigint) => (n * 2n + d) / (d * 2n);

interface ModelLine {
  category: TaxCategory;
  rateText: string;
  subtotal: number;
  tax: number;
}

function referenceBreakdown(lines: ModelLine[], rounding: 'line' | 'document') {
  const groups: Record<string, { category: TaxCategory; rateText: string; taxable: bigint; lineTax: bigint }> = {};
  for (const line of lines) {
    const key = `${line.category}|${Number(line.rateText).toFixed(4).padStart(9, '0')}`;
    groups[key] ??= { category: line.category, rateText: line.rateText, taxable: 0n, lineTax: 0n };
    groups[key].taxable += BigInt(line.subtotal);
    groups[key].lineTax += BigInt(line.tax);
  }
  return Object.keys(groups)
    .sort()
    .map((key) => {
      const group = groups[key]!;
      const [numerator, denominator] = fraction(group.rateText);
      return {
        taxCategory: group.category,
        taxRate: Number(group.rateText),
        taxableAmount: Number(group.taxable),
        taxAmount: Number(rounding === 'line' ? group.lineTax : roundHalfUp(group.taxable * numerator, denominator)),
      };
    });
}

const rateText = fc.oneof(
  fc.constantFrom('0', '5', '7', '7.5', '19', '20', '21', '25.5', '100'),
  fc.integer({ min: 1, max: 1_000_000 }).map((n) => (n / 10_000).toFixed(4)),
);
const line = fc.record({
  quantityMilli: fc.integer({ min: 1, max: 1_000_000_000 }),
  unitPrice: fc.integer({ min: 0, max: 10_000_000 }),
  rateText,
  nonStandard: fc.constantFrom(...taxCategories.filter((category) => category !== 'S')),
});
const lines = fc.array(line, { minLength: 0, maxLength: 40 });

interface GeneratedLine {
  quantityMilli: number;
  unitPrice: number;
  rateText: string;
  nonStandard: TaxCategory;
}

function toInputs(generated: GeneratedLine[]) {
  return generated.map(({ quantityMilli, unitPrice, rateText: text, nonStandard }) => {
    const taxRate = Number(text);
    return { quantity: quantityMilli / 1000, unitPrice, taxRate, rateText: text, taxCategory: taxRate > 0 ? ('S' as const) : nonStandard };
  });
}

describe('tax breakdown', () => {
  for (const rounding of ['line', 'document'] as const) {
    it(`${rounding} rounding matches the reference model, and the invoice sums follow from it`, () => {
      fc.assert(
        fc.property(lines, (generated) => {
          const inputs = toInputs(generated);
          const priced = priceInvoice(inputs, rounding);
          const model = referenceBreakdown(
            priced.lines.map((l) => ({ category: l.taxCategory, rateText: l.rateText, subtotal: l.subtotal, tax: l.tax })),
            rounding,
          );
          expect(priced.taxBreakdown).toEqual(model);
          const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
          expect(priced.subtotal).toBe(sum(priced.lines.map((l) => l.subtotal)));
          expect(sum(priced.taxBreakdown.map((e) => e.taxableAmount))).toBe(priced.subtotal);
          expect(priced.tax).toBe(sum(priced.taxBreakdown.map((e) => e.taxAmount)));
          expect(priced.total).toBe(priced.subtotal + priced.tax);
          const keys = priced.taxBreakdown.map((e) => `${e.taxCategory}|${e.taxRate}`);
          expect(new Set(keys).size).toBe(keys.length);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('document rounding satisfies BR-CO-17 exactly; line rounding strays at most half a unit per line', () => {
    fc.assert(
      fc.property(lines, (generated) => {
        const inputs = toInputs(generated);
        const document = priceInvoice(inputs, 'document');
        const line = priceInvoice(inputs, 'line');
        for (const entry of document.taxBreakdown) {
          const [numerator, denominator] = fraction(entry.taxRate.toFixed(4));
          expect(BigInt(entry.taxAmount)).toBe(roundHalfUp(BigInt(entry.taxableAmount) * numerator, denominator));
        }
        line.taxBreakdown.forEach((entry, index) => {
          const count = inputs.filter((i) => i.taxCategory === entry.taxCategory && i.taxRate === entry.taxRate).length;
          const exact = (entry.taxableAmount * entry.taxRate) / 100;
          expect(Math.abs(entry.taxAmount - exact)).toBeLessThanOrEqual(count * 0.5 + 1e-6);
          expect(entry.taxableAmount).toBe(document.taxBreakdown[index]?.taxableAmount);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('orders by category code, then rate ascending, and keeps one entry per category and rate', () => {
    const taxed = (taxCategory: TaxCategory, taxRate: number, subtotal: number) => ({
      taxCategory,
      taxRate,
      subtotal,
      tax: computeLine({ quantity: 1, unitPrice: subtotal, taxRate }).tax,
    });
    const breakdown = computeTaxBreakdown(
      [taxed('Z', 0, 1), taxed('S', 21, 100), taxed('E', 0, 5), taxed('S', 6, 10), taxed('S', 21, 200), taxed('AE', 0, 7)],
      'line',
    );
    expect(breakdown).toEqual([
      { taxCategory: 'AE', taxRate: 0, taxableAmount: 7, taxAmount: 0 },
      { taxCategory: 'E', taxRate: 0, taxableAmount: 5, taxAmount: 0 },
      { taxCategory: 'S', taxRate: 6, taxableAmount: 10, taxAmount: 1 },
      { taxCategory: 'S', taxRate: 21, taxableAmount: 300, taxAmount: 63 },
      { taxCategory: 'Z', taxRate: 0, taxableAmount: 1, taxAmount: 0 },
    ]);
  });

  it('an invoice without lines has an empty breakdown and zero sums', () => {
    expect(priceInvoice([], 'document')).toEqual({ lines: [], taxBreakdown: [], subtotal: 0, tax: 0, total: 0 });
  });
});
