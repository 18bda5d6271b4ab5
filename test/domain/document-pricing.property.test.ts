import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AdjustmentInput } from '../../base/stored-shapes.js';
import { type DraftLine, DocumentRuleError, priceDocument } from '../../src/domain/document-pricing.js';
import { priceInvoice } from '../../src/domain/tax-breakdown.js';
import type { TaxCategory } from '../../base/vocabulary.js';

/**
 * The reference model, written apart from the module: every number as decimal text turned into a
 * fraction, rounding half up on non-negative values (negative ones mirrored), groups in a plain
 * object keyed by text, allowances and charges summed in their own groups.
 */
const fraction = (text: string): [bigint, bigint] => {
  const [whole = '0', decimals = ''] = text.split('.');
  return [BigInt(whole + decimals), 10n ** BigInt(decimals.length)];
};
const roundHalfUp = (n: bigint, d: bigint): bigint => (n < 0n ? -roundHalfUp(-n, d) : (n * 2n + d) / (d * 2n));
const times = (amount: bigint, percentText: string) => {
  const [n, d] = fraction(percentText);
  return roundHalfUp(amount * n, d * 100n);
};

interface ModelLine {
  quantityText: string;
  unitPrice: number;
  rateText: string;
  category: TaxCategory;
  discount: { percentText: string } | { amount: number } | null;
}
interface ModelAdjustment {
  percentText: string | null;
  amount: number;
  rateText: string;
  category: TaxCategory;
}

function model(lines: ModelLine[], allowances: ModelAdjustment[], charges: ModelAdjustment[], rounding: 'line' | 'document') {
  const priced = lines.map((line) => {
    const [qn, qd] = fraction(line.quantityText);
    const gross = roundHalfUp(qn * BigInt(line.unitPrice), qd);
    const discount = line.discount === null ? 0n : 'amount' in line.discount ? BigInt(line.discount.amount) : times(gross, line.discount.percentText);
    const net = gross - discount;
    return { ...line, gross, discount, net, tax: times(net, line.rateText) };
  });
  const lineTotal = priced.reduce((sum, line) => sum + line.net, 0n);
  const amountOf = (entry: ModelAdjustment) => (entry.percentText === null ? BigInt(entry.amount) : times(lineTotal, entry.percentText));
  const allowanceAmounts = allowances.map(amountOf);
  const chargeAmounts = charges.map(amountOf);
  const groups: Record<string, { category: TaxCategory; rateText: string; taxable: bigint; lineTax: bigint }> = {};
  const add = (category: TaxCategory, rateText: string, taxable: bigint, tax: bigint) => {
    const key = `${category}|${Number(rateText).toFixed(4).padStart(9, '0')}`;
    groups[key] ??= { category, rateText, taxable: 0n, lineTax: 0n };
    groups[key].taxable += taxable;
    groups[key].lineTax += tax;
  };
  for (const line of priced) add(line.category, line.rateText, line.net, line.tax);
  allowances.forEach((entry, i) => add(entry.category, entry.rateText, -allowanceAmounts[i]!, -times(allowanceAmounts[i]!, entry.rateText)));
  charges.forEach((entry, i) => add(entry.category, entry.rateText, chargeAmounts[i]!, times(chargeAmounts[i]!, entry.rateText)));
  const breakdown = Object.keys(groups)
    .sort()
    .map((key) => {
      const group = groups[key]!;
      const taxAmount = rounding === 'line' ? group.lineTax : times(group.taxable, group.rateText);
      return { taxCategory: group.category, taxRate: Number(group.rateText), taxableAmount: group.taxable, taxAmount };
    });
  const allowanceTotal = allowanceAmounts.reduce((a, b) => a + b, 0n);
  const chargeTotal = chargeAmounts.reduce((a, b) => a + b, 0n);
  const subtotal = lineTotal - allowanceTotal + chargeTotal;
  const tax = breakdown.reduce((sum, entry) => sum + entry.taxAmount, 0n);
  const refused = subtotal < 0n || breakdown.some((entry) => entry.taxableAmount < 0n || entry.taxAmount < 0n);
  return { priced, lineTotal, allowanceAmounts, chargeAmounts, breakdown, allowanceTotal, chargeTotal, subtotal, tax, total: subtotal + tax, refused };
}

const rateText = fc.constantFrom('0', '7', '10', '19', '20', '5.5', '12.3456');
const percentText = fc.integer({ min: 1, max: 10_000 }).map((n) => (n / 100).toFixed(2));
const categoryFor = (rate: string, other: TaxCategory): TaxCategory => (Number(rate) > 0 ? 'S' : other);
const otherCategory = fc.constantFrom<TaxCategory>('Z', 'E', 'AE');

const modelLine = fc
  .record({
    quantityMilli: fc.integer({ min: 1, max: 100_000_000 }),
    unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
    rateText,
    other: otherCategory,
    discount: fc.oneof(
      fc.constant(null),
      percentText.map((text) => ({ percentText: text })),
      fc.integer({ min: 1, max: 1_000 }).map((amount) => ({ amount })),
    ),
  })
  .map(({ quantityMilli, unitPrice, rateText: rate, other, discount }): ModelLine => ({
    quantityText: (quantityMilli / 1000).toFixed(3),
    unitPrice,
    rateText: rate,
    category: categoryFor(rate, other),
    discount,
  }));

const modelAdjustment = fc
  .record({ percent: fc.option(percentText.filter((p) => Number(p) <= 20)), amount: fc.integer({ min: 1, max: 5_000 }), rateText, other: otherCategory })
  .map(({ percent, amount, rateText: rate, other }): ModelAdjustment => ({ percentText: percent, amount, rateText: rate, category: categoryFor(rate, other) }));

const toLine = (line: ModelLine): DraftLine => ({
  quantity: Number(line.quantityText),
  unitPrice: line.unitPrice,
  taxRate: Number(line.rateText),
  taxCategory: line.category,
  discount: line.discount === null ? null : 'amount' in line.discount ? { amount: line.discount.amount } : { percent: Number(line.discount.percentText) },
});
const toAdjustment = (entry: ModelAdjustment): AdjustmentInput => ({
  reason: 'r',
  ...(entry.percentText === null ? { amount: entry.amount } : { percent: Number(entry.percentText) }),
  taxCategory: entry.category,
  taxRate: Number(entry.rateText),
});

/** Allowances mostly in the lines' own categories and rates (elsewhere they can only be refused). */
const documents = fc.array(modelLine, { maxLength: 20 }).chain((lines) =>
  fc.record({
    lines: fc.constant(lines),
    allowances: fc.array(
      fc.tuple(modelAdjustment, fc.nat(), fc.integer({ min: 0, max: 9 }).map((n) => n > 0)).map(([entry, index, own]) => {
        const line = lines[index % Math.max(lines.length, 1)];
        return own && line ? { ...entry, category: line.category, rateText: line.rateText } : entry;
      }),
      { maxLength: 10 },
    ),
    charges: fc.array(modelAdjustment, { maxLength: 10 }),
    rounding: fc.constantFrom<'line' | 'document'>('line', 'document'),
  }),
);

describe('document pricing: properties', () => {
  it('agrees with the reference model, or refuses (422) exactly when the model has a negative subtotal or category', () => {
    fc.assert(
      fc.property(documents, ({ lines, allowances, charges, rounding }) => {
        // An amount discount above its gross is a separate refusal: keep the discounts that fit.
        const fitting = lines.filter((line) => !(line.discount && 'amount' in line.discount) || model([line], [], [], 'line').priced[0]!.gross >= line.discount.amount);
        const expected = model(fitting, allowances, charges, rounding);
        const run = () => priceDocument(fitting.map(toLine), rounding, { allowances: allowances.map(toAdjustment), charges: charges.map(toAdjustment) });
        if (expected.refused) {
          expect(run).toThrow(DocumentRuleError);
          return;
        }
        const priced = run();
        expect(priced.lines.map(({ gross, discountAmount, subtotal, tax }) => [gross, discountAmount, subtotal, tax])).toEqual(
          expected.priced.map((line) => [line.gross, line.discount, line.net, line.tax].map(Number)),
        );
        expect(priced.allowances.map((entry) => entry.amount)).toEqual(expected.allowanceAmounts.map(Number));
        expect(priced.charges.map((entry) => entry.amount)).toEqual(expected.chargeAmounts.map(Number));
        expect(priced.taxBreakdown).toEqual(
          expected.breakdown.map((entry) => ({ ...entry, taxableAmount: Number(entry.taxableAmount), taxAmount: Number(entry.taxAmount) })),
        );
        expect([priced.lineTotal, priced.allowanceTotal, priced.chargeTotal, priced.subtotal, priced.tax, priced.total]).toEqual(
          [expected.lineTotal, expected.allowanceTotal, expected.chargeTotal, expected.subtotal, expected.tax, expected.total].map(Number),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('holds the EN 16931 sums: BR-CO-10…15, Σ breakdown = totals, and BR-CO-17 exactly with document rounding', () => {
    fc.assert(
      fc.property(documents, ({ lines, allowances, charges, rounding }) => {
        let priced;
        try {
          priced = priceDocument(lines.map(toLine), rounding, { allowances: allowances.map(toAdjustment), charges: charges.map(toAdjustment) });
        } catch (error) {
          if (error instanceof DocumentRuleError && error.unprocessable) return;
          throw error;
        }
        const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
        expect(priced.lineTotal).toBe(sum(priced.lines.map((line) => line.subtotal))); // BR-CO-10
        expect(priced.allowanceTotal).toBe(sum(priced.allowances.map((entry) => entry.amount))); // BR-CO-11
        expect(priced.chargeTotal).toBe(sum(priced.charges.map((entry) => entry.amount))); // BR-CO-12
        expect(priced.subtotal).toBe(priced.lineTotal - priced.allowanceTotal + priced.chargeTotal); // BR-CO-13
        expect(priced.tax).toBe(sum(priced.taxBreakdown.map((entry) => entry.taxAmount))); // BR-CO-14
        expect(priced.total).toBe(priced.subtotal + priced.tax); // BR-CO-15
        expect(sum(priced.taxBreakdown.map((entry) => entry.taxableAmount))).toBe(priced.subtotal);
        for (const line of priced.lines) expect(line.subtotal).toBe(line.gross - line.discountAmount);
        if (rounding === 'document') {
          for (const entry of priced.taxBreakdown) expect(BigInt(entry.taxAmount)).toBe(times(BigInt(entry.taxableAmount), entry.taxRate.toFixed(4))); // BR-CO-17
        }
      }),
      { numRuns: 400 },
    );
  });

  it('without discounts, allowances or charges every number is the v1.1 pricing’s', () => {
    fc.assert(
      fc.property(fc.array(modelLine, { maxLength: 30 }), fc.constantFrom<'line' | 'document'>('line', 'document'), (lines, rounding) => {
        const plain = lines.map((line) => ({ ...toLine(line), discount: undefined, taxCategory: line.category, taxRate: Number(line.rateText) }));
        const priced = priceDocument(plain, rounding);
        const v11 = priceInvoice(plain, rounding);
        expect(priced.lines.map(({ subtotal, tax, total }) => ({ subtotal, tax, total }))).toEqual(v11.lines.map(({ subtotal, tax, total }) => ({ subtotal, tax, total })));
        expect(priced.taxBreakdown).toEqual(v11.taxBreakdown);
        expect([priced.subtotal, priced.tax, priced.total, priced.lineTotal]).toEqual([v11.subtotal, v11.tax, v11.total, v11.subtotal]);
        expect([priced.allowanceTotal, priced.chargeTotal]).toEqual([0, 0]);
      }),
      { numRuns: 300 },
    );
  });
});
