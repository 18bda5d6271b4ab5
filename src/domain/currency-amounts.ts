/**
 * Minor units to major-unit decimal text, exactly: integer minor units are turned into digits by
 * bigint arithmetic, never by dividing a float. `majorUnits` is the plain form documents such as
 * UBL need (`1234.56`, `-0.05`, `500` for JPY); `formatAmount` is the human form (`1,234.56`).
 */
import { QUANTITY_SCALE, TAX_RATE_SCALE, toScaledInteger } from './money.js';

// ISO 4217 minor-unit digits where they are not 2. XDR and XSU have none ("N.A."): their amounts
// are whole units.
const minorUnitDigitsByCurrency: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0,
  VUV: 0, XAF: 0, XDR: 0, XOF: 0, XPF: 0, XSU: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

/** How many decimals the currency's major unit has: 2 for USD, 0 for JPY, 3 for KWD. */
export function minorUnitDigits(currency: string): number {
  return minorUnitDigitsByCurrency[currency] ?? 2;
}

/** `scaled / 10^decimals` as decimal text, with every decimal kept (`decimalText(5n, 2)` is `0.05`). */
export function decimalText(scaled: bigint, decimals: number): string {
  const sign = scaled < 0n ? '-' : '';
  const digits = (scaled < 0n ? -scaled : scaled).toString().padStart(decimals + 1, '0');
  if (decimals === 0) return sign + digits;
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** Thousands separated by commas in the whole part: `1234567.5` → `1,234,567.5`. */
function groupThousands(text: string): string {
  const [whole = '', fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function withoutTrailingZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Plain major-unit text with the currency's decimals: `123456` USD → `1234.56`, `500` JPY → `500`. */
export function majorUnits(minor: number | bigint, currency: string): string {
  return decimalText(BigInt(minor), minorUnitDigits(currency));
}

/** For people: `123456` USD → `1,234.56`; `-5` EUR → `-0.05`; `1234567` JPY → `1,234,567`. */
export function formatAmount(minor: number | bigint, currency: string): string {
  return groupThousands(majorUnits(minor, currency));
}

/** An item quantity (at most 3 decimals) as plain decimal text for documents: `1500` → `1500`, `2.50` → `2.5`. */
export function quantityText(quantity: number): string {
  return withoutTrailingZeros(decimalText(toScaledInteger(quantity, QUANTITY_SCALE, '/quantity'), 3));
}

/** An item quantity (at most 3 decimals) for people: `1500` → `1,500`, `2.5` → `2.5`. */
export function formatQuantity(quantity: number): string {
  return groupThousands(quantityText(quantity));
}

/** A tax percentage (at most 4 decimals) without trailing zeros: `19` → `19`, `7.75` → `7.75`. */
export function formatTaxRate(taxRate: number): string {
  return withoutTrailingZeros(decimalText(toScaledInteger(taxRate, TAX_RATE_SCALE, '/taxRate'), 4));
}
