/**
 * Cells of the CSV files (exports and report CSVs). Text written by people is guarded against CSV
 * injection (OWASP): a cell a spreadsheet would read as a formula gets a leading `'`. Amounts are
 * never guarded: they are numbers, written in major units with the currency's decimals, exactly.
 */
import { majorUnits } from './currency-amounts.js';

/** `=`, `+`, `-`, `@`, tab and carriage return, and the full-width forms some spreadsheets fold to them. */
const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/** A text cell: empty for null; a leading `'` when it begins like a formula. */
export function textCell(value: string | null): string {
  if (value === null || value === '') return '';
  return formulaStarts.has(value.charAt(0)) ? `'${value}` : value;
}

/** A value that is never a formula (a date, timestamp, id or code): empty for null, else as it is. */
export const plainCell = (value: string | null): string => value ?? '';

/** Minor units as major-unit decimal text with the currency's decimals: `123450` USD → `1234.50`, `-5` → `-0.05`. */
export const amountCell = (minor: number | bigint, currency: string): string => majorUnits(minor, currency);
