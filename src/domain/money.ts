/**
 * Invoice arithmetic, exact: quantities and tax rates arrive as JSON numbers, are turned into
 * scaled integers (thousandths of a unit, ten-thousandths of a percent) and every amount is
 * computed in bigint minor units, rounded half away from zero per line. No I/O.
 */

export const QUANTITY_SCALE = 1000n;
export const TAX_RATE_SCALE = 10_000n;
const PERCENT = 100n;
const MAX_AMOUNT = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * An input that cannot be represented exactly or a result past the safe-integer range. `path` is
 * a JSON pointer into the input that caused it (`/quantity`, `/items/3/unitPrice`, `/items`).
 */
export class AmountError extends RangeError {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'AmountError';
  }
}

export interface LineInput {
  quantity: number;
  unitPrice: number;
  taxRate: number;
}

export interface Amounts {
  subtotal: number;
  tax: number;
  total: number;
}

/**
 * `value × scale` as a bigint, refusing a value with more decimals than the scale holds: the
 * scaled integer must map back to the very same double (n / scale is correctly rounded, so it
 * equals the parsed decimal exactly when the decimal has few enough digits).
 */
export function toScaledInteger(value: number, scale: bigint, path: string): bigint {
  const scaled = Math.round(value * Number(scale));
  if (!Number.isSafeInteger(scaled) || scaled / Number(scale) !== value) {
    throw new AmountError(path, `must have at most ${String(scale).length - 1} decimals`);
  }
  return BigInt(scaled);
}

/** numerator / denominator rounded half away from zero; denominator > 0. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twiceRemainder < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

function toSafeAmount(value: bigint, path: string, what: string): number {
  if (value < 0n || value > MAX_AMOUNT) {
    throw new AmountError(path, `${what} must be between 0 and ${Number.MAX_SAFE_INTEGER} minor units`);
  }
  return Number(value);
}

/** subtotal = round(quantity × unitPrice), tax = round(subtotal × taxRate / 100), total = subtotal + tax. */
export function computeLine({ quantity, unitPrice, taxRate }: LineInput): Amounts {
  if (!Number.isSafeInteger(unitPrice) || unitPrice < 0) {
    throw new AmountError('/unitPrice', `must be an integer between 0 and ${Number.MAX_SAFE_INTEGER}`);
  }
  if (!(quantity > 0)) throw new AmountError('/quantity', 'must be greater than 0');
  if (!(taxRate >= 0 && taxRate <= 100)) throw new AmountError('/taxRate', 'must be between 0 and 100');
  const quantityMilli = toScaledInteger(quantity, QUANTITY_SCALE, '/quantity');
  const rate = toScaledInteger(taxRate, TAX_RATE_SCALE, '/taxRate');
  const subtotal = divideRounded(quantityMilli * BigInt(unitPrice), QUANTITY_SCALE);
  const tax = divideRounded(subtotal * rate, PERCENT * TAX_RATE_SCALE);
  return {
    subtotal: toSafeAmount(subtotal, '/unitPrice', 'the line subtotal'),
    tax: toSafeAmount(tax, '/unitPrice', 'the line tax'),
    total: toSafeAmount(subtotal + tax, '/unitPrice', 'the line total'),
  };
}

/**
 * Each line with its amounts added, and the invoice sums; errors point at
 * `/items/<index>/<field>` or `/items`.
 */
export function computeInvoice<Line extends LineInput>(lines: readonly Line[]): { lines: (Line & Amounts)[] } & Amounts {
  const computed = lines.map((line, index) => {
    try {
      return { ...line, ...computeLine(line) };
    } catch (error) {
      if (error instanceof AmountError) throw new AmountError(`/items/${index}${error.path}`, error.message);
      throw error;
    }
  });
  const sum = (field: keyof Amounts) => computed.reduce((total, line) => total + BigInt(line[field]), 0n);
  return {
    lines: computed,
    subtotal: toSafeAmount(sum('subtotal'), '/items', 'the invoice subtotal'),
    tax: toSafeAmount(sum('tax'), '/items', 'the invoice tax'),
    total: toSafeAmount(sum('total'), '/items', 'the invoice total'),
  };
}
