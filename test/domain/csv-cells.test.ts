import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountCell, plainCell, textCell } from '../../src/domain/csv-cells.js';

const formulaStarts = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

describe('CSV cells', () => {
  it('prefix text that a spreadsheet would run as a formula with a quote', () => {
    expect(textCell('=HYPERLINK("http://evil.test","x")')).toBe(`'=HYPERLINK("http://evil.test","x")`);
    expect(textCell('+1 555 0100')).toBe("'+1 555 0100");
    expect(textCell('-10% goodwill')).toBe("'-10% goodwill");
    expect(textCell('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(textCell('\tcmd')).toBe("'\tcmd");
    expect(textCell('\r=1')).toBe("'\r=1");
    expect(textCell('＝1+1')).toBe("'＝1+1");
    expect(textCell("'already quoted")).toBe("'already quoted");
    expect(textCell('Acme = best')).toBe('Acme = best');
    expect(textCell(' =1')).toBe(' =1');
  });

  it('leave empty and null text empty', () => {
    expect(textCell(null)).toBe('');
    expect(textCell('')).toBe('');
    expect(plainCell(null)).toBe('');
    expect(plainCell('2026-01-31')).toBe('2026-01-31');
  });

  it('guard exactly the text that begins like a formula, changing nothing else (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...formulaStarts).chain((start) => fc.string().map((rest) => start + rest))), (text) => {
        const cell = textCell(text);
        const guarded = text !== '' && formulaStarts.includes(text.charAt(0));
        expect(cell).toBe(guarded ? `'${text}` : text);
        expect(formulaStarts.includes(cell.charAt(0))).toBe(false);
      }),
    );
  });

  it('write amounts in major units with the currency’s decimals, minus signs unguarded', () => {
    expect(amountCell(123_450, 'USD')).toBe('1234.50');
    expect(amountCell(500, 'JPY')).toBe('500');
    expect(amountCell(1_234, 'KWD')).toBe('1.234');
    expect(amountCell(5, 'EUR')).toBe('0.05');
    expect(amountCell(-5, 'EUR')).toBe('-0.05');
    expect(amountCell(-1_000n, 'JPY')).toBe('-1000');
    expect(amountCell(0, 'BHD')).toBe('0.000');
    expect(amountCell(2n ** 70n, 'EUR')).toBe('11805916207174113034.24');
  });

  it('write every amount so that reading it back gives the same minor units (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), fc.constantFrom(['EUR', 2], ['JPY', 0], ['KWD', 3]), (minor, [currency, digits]) => {
        const text = amountCell(minor, currency as string);
        expect(text).toMatch(digits === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${digits}}$`));
        expect(BigInt(text.replace('.', ''))).toBe(minor);
      }),
    );
  });
});
