/**
 * The item net price (BT-146) a UBL line states. Peppol rule R120 wants the line net amount to
 * equal quantity × price within 0.02 currency units; the line net is round(quantity × unitPrice),
 * so in a currency without decimals (JPY) and with a decimal quantity the unit price itself can be
 * too far off. Then the price is the line net divided by the quantity, with as many decimals as
 * bring the product within tolerance.
 */
import { decimalText, minorUnitDigits } from '../currency-amounts.js';
import { QUANTITY_SCALE, divideRounded, toScaledInteger } from '../money.js';

const MAX_EXTRA_DECIMALS = 12;

/** |quantity × price − subtotal| ≤ 0.02 units, all in integers: price in minor units × 10^extra. */
function withinTolerance(quantityMilli: bigint, priceScaled: bigint, subtotal: bigint, extra: bigint, minorPerUnit: bigint) {
  const scale = QUANTITY_SCALE * 10n ** extra;
  const difference = quantityMilli * priceScaled - subtotal * scale;
  const absolute = difference < 0n ? -difference : difference;
  // 0.02 units = 2 × minorPerUnit / 100 minor units.
  return absolute * 100n <= 2n * minorPerUnit * scale;
}

export function priceAmountText(line: { quantity: number; unitPrice: number; subtotal: number }, currency: string): string {
  const digits = minorUnitDigits(currency);
  const minorPerUnit = 10n ** BigInt(digits);
  const quantityMilli = toScaledInteger(line.quantity, QUANTITY_SCALE, '/quantity');
  const subtotal = BigInt(line.subtotal);
  if (withinTolerance(quantityMilli, BigInt(line.unitPrice), subtotal, 0n, minorPerUnit)) {
    return decimalText(BigInt(line.unitPrice), digits);
  }
  for (let extra = 1n; extra <= MAX_EXTRA_DECIMALS; extra += 1n) {
    const priceScaled = divideRounded(subtotal * QUANTITY_SCALE * 10n ** extra, quantityMilli);
    if (withinTolerance(quantityMilli, priceScaled, subtotal, extra, minorPerUnit)) {
      return decimalText(priceScaled, digits + Number(extra)).replace(/\.?0+$/, '');
    }
  }
  throw new RangeError('no price within tolerance');
}
