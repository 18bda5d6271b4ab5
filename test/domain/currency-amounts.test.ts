import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmount, formatQuantity, formatTaxRate, majorUnits, minorUnitDigits } from '../../src/domain/currency-amounts.js';
import { currencyCodes } from '../../src/domain/iso-codes.js';

describe('currency amounts', () => {
  it('knows the ISO 4217 minor-unit digits', () => {
    expect(minorUnitDigits('USD')).toBe(2);
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KRW')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(minorUnitDigits('TND')).toBe(3);
    for (const currency of currencyCodes) expect([0, 2, 3]).toContain(minorUnitDigits(currency));
  });

  it('writes minor units as major-unit text with the currency decimals', () => {
    expect(majorUnits(123456, 'USD')).toBe('1234.56');
    expect(majorUnits(5, 'EUR')).toBe('0.05');
    expect(majorUnits(0, 'EUR')).toBe('0.00');
    expect(majorUnits(-5, 'EUR')).toBe('-0.05');
    expect(majorUnits(500, 'JPY')).toBe('500');
    expect(majorUnits(1, 'KWD')).toBe('0.001');
    expect(majorUnits(Number.MAX_SAFE_INTEGER, 'USD')).toBe('90071992547409.91');
  });

  it('groups thousands for people', () => {
    expect(formatAmount(123456, 'USD')).toBe('1,234.56');
    expect(formatAmount(99, 'USD')).toBe('0.99');
    expect(formatAmount(100000000, 'USD')).toBe('1,000,000.00');
    expect(formatAmount(1234567, 'JPY')).toBe('1,234,567');
    expect(formatAmount(-123456789, 'EUR')).toBe('-1,234,567.89');
    expect(formatAmount(1234567, 'BHD')).toBe('1,234.567');
  });

  it('round-trips every safe integer exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (minor) => {
        expect(BigInt(majorUnits(minor, 'USD').replace('.', ''))).toBe(BigInt(minor));
        expect(formatAmount(minor, 'JPY').replaceAll(',', '')).toBe(String(minor));
      }),
    );
  });

  it('formats quantities and tax rates without trailing zeros', () => {
    expect(formatQuantity(1)).toBe('1');
    expect(formatQuantity(2.5)).toBe('2.5');
    expect(formatQuantity(0.001)).toBe('0.001');
    expect(formatQuantity(1_000_000)).toBe('1,000,000');
    expect(formatTaxRate(19)).toBe('19');
    expect(formatTaxRate(7.75)).toBe('7.75');
    expect(formatTaxRate(0)).toBe('0');
    expect(formatTaxRate(12.3456)).toBe('12.3456');
  });
});
