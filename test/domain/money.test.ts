import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AmountError,
  computeInvoice,
  computeLine,
  divideRounded,
  QUANTITY_SCALE,
  TAX_RATE_SCALE,
  toScaledInteger,
} from '../../src/domain/money.js';

/**
 * The reference: the same amounts from decimal strings, rounding by comparing twice the
 * remainder, written without the module's helpers. Inputs are generated as exact integers
 * (thousandths, ten-thousandths) and handed to the module as the JSON numbers a client sends.
 */
function decimalText(scaled: bigint, decimals: number): string {
  const digits = scaled.toString().padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

function referenceLine(quantityText: string, unitPrice: bigint, rateText: string) {
  const [qWhole = '0', qFraction = ''] = quantityText.split('.');
  const [rWhole = '0', rFraction = ''] = rateText.split('.');
  const qNumerator = BigInt(qWhole + qFraction);
  const qDenominator = 10n ** BigInt(qFraction.length);
  const rNumerator = BigInt(rWhole + rFraction);
  const rDenominator = 10n ** BigInt(rFraction.length) * 100n;
  const roundHalfUp = (n: bigint, d: bigint) => (n * 2n + d) / (d * 2n); // n, d ≥ 0
  const subtotal = roundHalfUp(qNumerator * unitPrice, qDenominator);
  const tax = roundHalfUp(subtotal * rNumerator, rDenominator);
  return { subtotal, tax, total: subtotal + tax };
}

const quantityMilli = fc.bigInt({ min: 1n, max: 1_000_000_000n });
const rateTenThousandths = fc.bigInt({ min: 0n, max: 1_000_000n });
const unitPrice = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.bigInt({ min: 0n, max: 10n ** 9n }));
const line = fc.record({ quantityMilli, unitPrice, rateTenThousandths });

const asInput = (l: { quantityMilli: bigint; unitPrice: bigint; rateTenThousandths: bigint }) => ({
  quantity: Number(decimalText(l.quantityMilli, 3)),
  unitPrice: Number(l.unitPrice),
  taxRate: Number(decimalText(l.rateTenThousandths, 4)),
});

const asReference = (l: { quantityMilli: bigint; unitPrice: bigint; rateTenThousandths: bigint }) =>
  referenceLine(decimalText(l.quantityMilli, 3), l.unitPrice, decimalText(l.rateTenThousandths, 4));

describe('money: properties', () => {
  it('a line equals the exact decimal computation', () => {
    fc.assert(
      fc.property(line, (l) => {
        const expected = asReference(l);
        expect(computeLine(asInput(l))).toEqual({
          subtotal: Number(expected.subtotal),
          tax: Number(expected.tax),
          total: Number(expected.total),
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('an invoice sums its lines exactly, keeps their order and is never negative', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 200 }), (lines) => {
        const invoice = computeInvoice(lines.map(asInput));
        const expected = lines.map(asReference);
        const sum = (field: 'subtotal' | 'tax' | 'total') => Number(expected.reduce((s, e) => s + e[field], 0n));
        expect(invoice.subtotal).toBe(sum('subtotal'));
        expect(invoice.tax).toBe(sum('tax'));
        expect(invoice.total).toBe(invoice.subtotal + invoice.tax);
        expect(invoice.lines.map((l) => l.total)).toEqual(expected.map((e) => Number(e.total)));
        for (const amounts of [invoice, ...invoice.lines]) {
          expect(amounts.subtotal).toBeGreaterThanOrEqual(0);
          expect(amounts.tax).toBeGreaterThanOrEqual(0);
          expect(amounts.tax).toBeLessThanOrEqual(amounts.subtotal);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('scales every valid quantity and rate exactly, and refuses one more decimal', () => {
    fc.assert(
      fc.property(quantityMilli, rateTenThousandths, (q, r) => {
        expect(toScaledInteger(Number(decimalText(q, 3)), QUANTITY_SCALE, '/q')).toBe(q);
        expect(toScaledInteger(Number(decimalText(r, 4)), TAX_RATE_SCALE, '/r')).toBe(r);
        expect(() => toScaledInteger(Number(`${decimalText(q, 3)}5`), QUANTITY_SCALE, '/q')).toThrow(AmountError);
        expect(() => toScaledInteger(Number(`${decimalText(r, 4)}5`), TAX_RATE_SCALE, '/r')).toThrow(AmountError);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('money: rounding', () => {
  it('rounds half away from zero and below half toward zero', () => {
    expect(divideRounded(5n, 10n)).toBe(1n);
    expect(divideRounded(4_999n, 10_000n)).toBe(0n);
    expect(divideRounded(15n, 10n)).toBe(2n);
    expect(divideRounded(25n, 10n)).toBe(3n);
    expect(divideRounded(-5n, 10n)).toBe(-1n);
    expect(divideRounded(-4n, 10n)).toBe(0n);
  });

  it('rounds the subtotal: x.5 up, x.4999… down', () => {
    expect(computeLine({ quantity: 0.5, unitPrice: 1, taxRate: 0 }).subtotal).toBe(1);
    expect(computeLine({ quantity: 2.5, unitPrice: 1, taxRate: 0 }).subtotal).toBe(3);
    expect(computeLine({ quantity: 0.499, unitPrice: 1, taxRate: 0 }).subtotal).toBe(0);
    expect(computeLine({ quantity: 1.005, unitPrice: 100, taxRate: 0 }).subtotal).toBe(101); // 100.5
    expect(computeLine({ quantity: 0.001, unitPrice: 499, taxRate: 0 }).subtotal).toBe(0); // 0.499
    expect(computeLine({ quantity: 0.001, unitPrice: 500, taxRate: 0 }).subtotal).toBe(1); // 0.5
  });

  it('rounds the tax: x.5 up, x.4999 down, tiny rates to zero', () => {
    expect(computeLine({ quantity: 1, unitPrice: 1, taxRate: 50 })).toEqual({ subtotal: 1, tax: 1, total: 2 });
    expect(computeLine({ quantity: 1, unitPrice: 10_000, taxRate: 0.0049 }).tax).toBe(0); // 0.49
    expect(computeLine({ quantity: 1, unitPrice: 10_000, taxRate: 0.005 }).tax).toBe(1); // 0.5
    expect(computeLine({ quantity: 1, unitPrice: 99_990, taxRate: 0.0005 }).tax).toBe(0); // 0.49995
    expect(computeLine({ quantity: 1, unitPrice: 100_000, taxRate: 0.0005 }).tax).toBe(1); // 0.5
    expect(computeLine({ quantity: 1, unitPrice: 1999, taxRate: 0.0001 }).tax).toBe(0);
  });

  it('prices a typical line exactly where floats would drift', () => {
    // 0.1 × 3 is 0.30000000000000004 in floats; 19% of 1999 is 379.81.
    expect(computeLine({ quantity: 0.1, unitPrice: 3, taxRate: 0 }).subtotal).toBe(0);
    expect(computeLine({ quantity: 3, unitPrice: 1999, taxRate: 19 })).toEqual({ subtotal: 5997, tax: 1139, total: 7136 });
    expect(computeLine({ quantity: 1.15, unitPrice: 100, taxRate: 8.875 })).toEqual({ subtotal: 115, tax: 10, total: 125 });
  });

  it('needs nothing special for 0-decimal currencies: everything is minor units', () => {
    // ¥500 × 3 at 10% is ¥1650.
    expect(computeLine({ quantity: 3, unitPrice: 500, taxRate: 10 })).toEqual({ subtotal: 1500, tax: 150, total: 1650 });
  });

  it('gives an empty invoice zero totals', () => {
    expect(computeInvoice([])).toEqual({ lines: [], subtotal: 0, tax: 0, total: 0 });
  });
});

describe('money: refusals', () => {
  const expectAmountError = (run: () => unknown, path: string) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(AmountError);
      expect((error as AmountError).path).toBe(path);
      return;
    }
    throw new Error(`expected an AmountError at ${path}`);
  };

  it('refuses a line whose subtotal or total passes the safe-integer range', () => {
    expectAmountError(() => computeLine({ quantity: 2, unitPrice: Number.MAX_SAFE_INTEGER, taxRate: 0 }), '/unitPrice');
    expectAmountError(() => computeLine({ quantity: 1_000_000, unitPrice: 10 ** 10, taxRate: 0 }), '/unitPrice');
    expectAmountError(() => computeLine({ quantity: 1, unitPrice: Number.MAX_SAFE_INTEGER, taxRate: 1 }), '/unitPrice');
    expect(computeLine({ quantity: 1, unitPrice: Number.MAX_SAFE_INTEGER, taxRate: 0 }).total).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('names the offending item, or /items when only the sum overflows', () => {
    const half = Math.ceil(Number.MAX_SAFE_INTEGER / 2);
    const ok = { quantity: 1, unitPrice: 1, taxRate: 0 };
    expectAmountError(() => computeInvoice([ok, ok, ok, { ...ok, unitPrice: Number.MAX_SAFE_INTEGER, quantity: 3 }]), '/items/3/unitPrice');
    expectAmountError(() => computeInvoice([ok, { ...ok, quantity: 1.0005 }]), '/items/1/quantity');
    expectAmountError(() => computeInvoice([{ ...ok, taxRate: 12.34565 }]), '/items/0/taxRate');
    expectAmountError(() => computeInvoice([{ ...ok, unitPrice: half }, { ...ok, unitPrice: half }]), '/items');
  });

  it('refuses inputs that are unsafe, negative or out of range', () => {
    expectAmountError(() => computeLine({ quantity: 1, unitPrice: Number.MAX_SAFE_INTEGER + 1, taxRate: 0 }), '/unitPrice');
    expectAmountError(() => computeLine({ quantity: 1, unitPrice: -1, taxRate: 0 }), '/unitPrice');
    expectAmountError(() => computeLine({ quantity: 1, unitPrice: 1.5, taxRate: 0 }), '/unitPrice');
    expectAmountError(() => computeLine({ quantity: 0, unitPrice: 1, taxRate: 0 }), '/quantity');
    expectAmountError(() => computeLine({ quantity: -1, unitPrice: 1, taxRate: 0 }), '/quantity');
    expectAmountError(() => computeLine({ quantity: Number.NaN, unitPrice: 1, taxRate: 0 }), '/quantity');
    expectAmountError(() => computeLine({ quantity: 1, unitPrice: 1, taxRate: 100.00001 }), '/taxRate');
    expectAmountError(() => computeLine({ quantity: 1, unitPrice: 1, taxRate: -0.0001 }), '/taxRate');
    expectAmountError(() => computeLine({ quantity: 1, unitPrice: 1, taxRate: 1.00000000001 }), '/taxRate');
  });
});
