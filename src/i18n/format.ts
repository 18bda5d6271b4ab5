/**
 * Numbers, dates and names as the language's locale writes them, with Intl (Node ships full ICU).
 * Amounts arrive as exact bigint minor units and reach Intl as decimal strings, which it formats
 * exactly: never through a float. Formatters are built once per locale and options.
 */
import { decimalText, minorUnitDigits } from '../domain/currency-amounts.js';
import { localeOf } from './catalogues.js';
import type { Language } from './languages.js';
import { isMessageKey, translate } from './translate.js';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${language}:${JSON.stringify(options)}`;
  let format = numberFormats.get(id);
  if (!format) numberFormats.set(id, (format = new Intl.NumberFormat(localeOf(language), options)));
  return format;
}

const decimalsOf = (text: string) => text.split('.')[1]?.length ?? 0;

// Intl.NumberFormat formats decimal strings exactly (ES2023); its typings accept only number | bigint.
const exact = (format: Intl.NumberFormat, decimal: string) => format.format(decimal as unknown as number);

/** Money with its currency: `formatMoney('de', 'EUR', 123456n)` → `1.234,56 €`; `en` → `€1,234.56`. */
export function formatMoney(language: Language, currency: string, minorUnits: bigint): string {
  const digits = minorUnitDigits(currency);
  const format = numberFormat(language, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  return exact(format, decimalText(minorUnits, digits));
}

/** An amount with the currency's decimals but no symbol, for columns headed by the currency: `1.234,56`. */
export function formatAmount(language: Language, currency: string, minorUnits: bigint): string {
  const digits = minorUnitDigits(currency);
  return exact(numberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits }), decimalText(minorUnits, digits));
}

/** Exact decimal text (`2.5`, `-1234.125`) with the locale's separators and every decimal it has: `2,5`. */
export function formatDecimal(language: Language, decimal: string): string {
  const digits = decimalsOf(decimal);
  return exact(numberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits }), decimal);
}

/** A percentage given as exact decimal text (`19`, `7.75`): `19%` in English, `19 %` in German. */
export function formatPercent(language: Language, percent: string): string {
  const digits = decimalsOf(percent);
  const format = numberFormat(language, { style: 'unit', unit: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits });
  return exact(format, percent);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${language}:${JSON.stringify(options)}`;
  let format = dateFormats.get(id);
  if (!format) dateFormats.set(id, (format = new Intl.DateTimeFormat(localeOf(language), { ...options, timeZone: 'UTC' })));
  return format;
}

/** Midnight UTC of a calendar date; a year below 100 stays that year (Date.UTC would add 1900). */
function utcDate(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`${year}-${month}-${day} is not a calendar date`);
  }
  return date;
}

function parseIsoDate(isoDate: string): Date {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`${isoDate} is not a YYYY-MM-DD date`);
  return utcDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** A calendar date (`YYYY-MM-DD`) in the locale's medium form: `Dec 6, 2026`, `06.12.2026`, `6 déc. 2026`. */
export const formatDate = (language: Language, isoDate: string): string =>
  dateFormat(language, { dateStyle: 'medium' }).format(parseIsoDate(isoDate));

/** A month (`YYYY-MM`) with its name: `December 2026`, `Dezember 2026`, `grudzień 2026`. */
export function formatMonth(language: Language, isoMonth: string): string {
  return dateFormat(language, { year: 'numeric', month: 'long' }).format(parseIsoDate(`${isoMonth}-01`));
}

/** The name of a month (1–12) on its own: `December`, `Dezember`, `grudzień`. */
export const monthName = (language: Language, month: number): string =>
  dateFormat(language, { month: 'long' }).format(utcDate(2000, month, 1));

const regionNames = new Map<Language, Intl.DisplayNames>();

/** A country's name from its ISO 3166-1 alpha-2 code: `DE` → `Germany`, `Deutschland`, `Allemagne`. */
export function countryName(language: Language, countryCode: string): string {
  let names = regionNames.get(language);
  if (!names) regionNames.set(language, (names = new Intl.DisplayNames(localeOf(language), { type: 'region', fallback: 'code' })));
  return names.of(countryCode) ?? countryCode;
}

// SI symbols, the same in every language.
const unitSymbols: Readonly<Record<string, string>> = {
  KGM: 'kg', GRM: 'g', TNE: 't', MTR: 'm', KMT: 'km', CMT: 'cm', MMT: 'mm', MTK: 'm²', MTQ: 'm³', LTR: 'l', KWH: 'kWh',
};

/**
 * A UN/ECE Rec 20 unit for a quantity (exact decimal text, which picks the plural form):
 * `HUR` → `h`, `Std.`; `DAY` with `2` → `days`, `Tage`; `KGM` → `kg`. A code without a name prints as itself.
 */
export function unitName(language: Language, unitCode: string, quantity: string): string {
  const key = `unit.${unitCode}`;
  // The plural form only needs the quantity's size, which a double keeps for every quantity we hold.
  if (isMessageKey(key)) return translate(language, key, { count: Number(quantity) });
  return unitSymbols[unitCode] ?? unitCode;
}
