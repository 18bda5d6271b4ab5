/**
 * One set of result parsers for both drivers, so pg and PGlite hand back the same JS types:
 * int8 → number (refusing values past the safe-integer range), date → 'YYYY-MM-DD' string,
 * numeric → exact decimal string (both drivers' default).
 */
const INT8_OID = 20;
const DATE_OID = 1082;

function parseSafeInteger(value: string | bigint): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`int8 value ${value} exceeds the safe-integer range`);
  return parsed;
}

const keepText = (value: string) => value;

export const typeParsers: Record<number, (value: string) => unknown> = {
  [INT8_OID]: parseSafeInteger,
  [DATE_OID]: keepText,
};
