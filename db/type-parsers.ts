/**
 * One set of result parsers for both drivers, so pg and PGlite hand back the same JS types:
 * int8 → number (refusing values past the safe-integer range), date → 'YYYY-MM-DD' string,
 * numeric → exact decimal string (both drivers' default), timestamptz → the ISO 8601 string the
 * API shows (`2026-12-01T10:11:12.123Z`), rewritten from PostgreSQL's UTC text without a Date.
 */
import pg from 'pg';

const INT8_OID = 20;
const DATE_OID = 1082;
const TIMESTAMPTZ_OID = 1184;

function parseSafeInteger(value: string | bigint): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`int8 value ${value} exceeds the safe-integer range`);
  return parsed;
}

const keepText = (value: string) => value;

/** Sessions run in UTC (db/database.ts); PostgreSQL trims trailing zeros of the fraction. */
const utcText = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;
const parseWithDate = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (value: string) => Date;

/** Columns are timestamptz(3); anything but a plain UTC text (another zone, a BC year) goes through a Date. */
export function isoTimestamp(value: string): string {
  const match = utcText.exec(value);
  if (!match) return parseWithDate(value).toISOString();
  const [, date, time, fraction = ''] = match;
  return `${date}T${time}.${(fraction + '000').slice(0, 3)}Z`;
}

export const typeParsers: Record<number, (value: string) => unknown> = {
  [INT8_OID]: parseSafeInteger,
  [DATE_OID]: keepText,
  [TIMESTAMPTZ_OID]: isoTimestamp,
};
