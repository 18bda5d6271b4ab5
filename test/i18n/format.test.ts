import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalText, minorUnitDigits } from '../../src/domain/currency-amounts.js';
import {
  countryName,
  formatAmount,
  formatDate,
  formatDecimal,
  formatMoney,
  formatMonth,
  formatPercent,
  languages,
  localeOf,
  monthName,
  translate,
  unitName,
} from '../../src/i18n/index.js';

// Intl separates groups and the currency with no-break spaces (U+00A0, U+202F) where a locale has spaces.
const plain = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ');

describe('locale formats', () => {
  it('uses en-US, pt-PT and each other language’s main country', () => {
    expect(languages.map(localeOf)).toEqual(['en-US', 'de-DE', 'fr-FR', 'es-ES', 'it-IT', 'nl-NL', 'pt-PT', 'pl-PL']);
  });

  it('writes money as each locale does', () => {
    const eur = Object.fromEntries(languages.map((language) => [language, plain(formatMoney(language, 'EUR', 123456n))]));
    expect(eur).toEqual({
      en: '€1,234.56',
      de: '1.234,56 €',
      fr: '1 234,56 €',
      es: '1234,56 €',
      it: '1234,56 €',
      nl: '€ 1.234,56',
      pt: '1234,56 €',
      pl: '1234,56 €',
    });
    expect(plain(formatMoney('de', 'EUR', 123456789n))).toBe('1.234.567,89 €');
    expect(formatMoney('en', 'USD', -5n)).toBe('-$0.05');
    expect(plain(formatMoney('de', 'JPY', 1234567n))).toBe('1.234.567 ¥');
    expect(plain(formatMoney('fr', 'KWD', 1234567n))).toBe('1 234,567 KWD');
    expect(formatMoney('en', 'EUR', 0n)).toBe('€0.00');
    expect(plain(formatAmount('fr', 'EUR', 123456n))).toBe('1 234,56');
    expect(formatAmount('en', 'JPY', 1234567n)).toBe('1,234,567');
  });

  it('keeps every digit of amounts far beyond a double’s precision', () => {
    const digitsOnly = (text: string) => text.replace(/\D/g, '');
    fc.assert(
      fc.property(
        fc.constantFrom(...languages),
        fc.constantFrom('EUR', 'JPY', 'KWD', 'CHF'),
        fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }),
        (language, currency, minor) => {
          const expected = digitsOnly(decimalText(minor < 0n ? -minor : minor, minorUnitDigits(currency)));
          expect(digitsOnly(formatMoney(language, currency, minor))).toBe(expected);
          expect(digitsOnly(formatAmount(language, currency, minor))).toBe(expected);
          expect(formatMoney(language, currency, minor).includes('-')).toBe(minor < 0n);
        },
      ),
    );
  });

  it('writes quantities and percentages with their exact decimals', () => {
    expect(formatDecimal('de', '1234.125')).toBe('1.234,125');
    expect(formatDecimal('en', '2.5')).toBe('2.5');
    expect(formatDecimal('fr', '2')).toBe('2');
    expect(formatPercent('en', '19')).toBe('19%');
    expect(plain(formatPercent('de', '7.75'))).toBe('7,75 %');
    expect(plain(formatPercent('fr', '12.3456'))).toBe('12,3456 %');
  });

  it('writes dates, months and month names in the locale’s words', () => {
    const dates = Object.fromEntries(languages.map((language) => [language, formatDate(language, '2026-12-06')]));
    expect(dates).toEqual({
      en: 'Dec 6, 2026',
      de: '06.12.2026',
      fr: '6 déc. 2026',
      es: '6 dic 2026',
      it: '6 dic 2026',
      nl: '6 dec 2026',
      pt: '06/12/2026',
      pl: '6 gru 2026',
    });
    expect(formatDate('en', '0099-02-28')).toBe('Feb 28, 99');
    expect(formatDate('de', '2028-02-29')).toBe('29.02.2028');
    expect(() => formatDate('de', '2027-02-29')).toThrow(RangeError);
    expect(() => formatDate('de', '6.12.2026')).toThrow(RangeError);
    expect(formatMonth('de', '2026-12')).toBe('Dezember 2026');
    expect(formatMonth('pl', '2026-12')).toBe('grudzień 2026');
    expect(monthName('fr', 2)).toBe('février');
    expect(monthName('en', 12)).toBe('December');
    expect(translate('de', 'document.dueOn', { date: formatDate('de', '2026-12-06') })).toBe('Fällig am 06.12.2026');
  });

  it('names countries and units in the language, with the quantity’s plural', () => {
    expect(countryName('de', 'DE')).toBe('Deutschland');
    expect(countryName('fr', 'DE')).toBe('Allemagne');
    expect(countryName('pl', 'GB')).toBe('Wielka Brytania');
    expect(countryName('en', 'XK')).toBe('Kosovo');
    expect(unitName('en', 'DAY', '1')).toBe('day');
    expect(unitName('en', 'DAY', '2.5')).toBe('days');
    expect(unitName('de', 'HUR', '3')).toBe('Std.');
    expect(unitName('de', 'MON', '3')).toBe('Monate');
    expect(['1', '2', '5', '22', '1.5'].map((quantity) => unitName('pl', 'DAY', quantity))).toEqual(['dzień', 'dni', 'dni', 'dni', 'dnia']);
    expect(unitName('de', 'XYZ', '1')).toBe('XYZ');
    expect(unitName('pl', 'MTK', '1')).toBe('m²');
  });
});
