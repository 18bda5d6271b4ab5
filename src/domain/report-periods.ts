/**
 * The calendar of the reports: the periods a date range is cut into (months, quarters or years,
 * the first and last clipped to the range) and the bounds a range must keep. Dates are
 * `YYYY-MM-DD` strings of years 0001–9999, compared as text (their order is the calendar's).
 */
import type { ReportGrouping } from '../../base/vocabulary.js';

const monthsPer: Record<ReportGrouping, number> = { month: 1, quarter: 3, year: 12 };

export interface ReportPeriod {
  /** `2026-03`, `2026-Q1` or `2026`. */
  period: string;
  /** The first day of the whole period, also when the range clips it: the key the database groups by. */
  start: string;
  /** The part of the period inside the range, both inclusive. */
  from: string;
  to: string;
}

interface YearMonth {
  year: number;
  /** 1–12. */
  month: number;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const dateText = ({ year, month }: YearMonth, day: number) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
const firstDay = (yearMonth: YearMonth) => dateText(yearMonth, 1);
// Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
const daysIn = ({ year, month }: YearMonth) => {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
};
const lastDay = (yearMonth: YearMonth) => dateText(yearMonth, daysIn(yearMonth));

function yearMonthOf(date: string): YearMonth {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

const monthIndex = ({ year, month }: YearMonth) => year * 12 + month - 1;

function plusMonths(yearMonth: YearMonth, months: number): YearMonth {
  const index = monthIndex(yearMonth) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The first month of the period holding `date`. */
function periodStartMonth(date: string, groupBy: ReportGrouping): YearMonth {
  const { year, month } = yearMonthOf(date);
  const size = monthsPer[groupBy];
  return { year, month: month - ((month - 1) % size) };
}

function label(start: YearMonth, groupBy: ReportGrouping): string {
  const year = pad(start.year, 4);
  if (groupBy === 'year') return year;
  if (groupBy === 'quarter') return `${year}-Q${(start.month + 2) / 3}`;
  return `${year}-${pad(start.month, 2)}`;
}

/** The first day of the month, quarter or year holding `date`. */
export function periodStart(date: string, groupBy: ReportGrouping): string {
  return firstDay(periodStartMonth(date, groupBy));
}

/** Every period from the one holding `from` to the one holding `to`, in order, clipped to the range. */
export function reportPeriods(from: string, to: string, groupBy: ReportGrouping): ReportPeriod[] {
  const periods: ReportPeriod[] = [];
  const size = monthsPer[groupBy];
  const last = monthIndex(yearMonthOf(to));
  // By month numbers, not date text: after year 9999 the text would sort before it.
  for (let start = periodStartMonth(from, groupBy); monthIndex(start) <= last; start = plusMonths(start, size)) {
    const whole = { from: firstDay(start), to: lastDay(plusMonths(start, size - 1)) };
    periods.push({
      period: label(start, groupBy),
      start: whole.from,
      from: whole.from < from ? from : whole.from,
      to: whole.to > to ? to : whole.to,
    });
  }
  return periods;
}

/** `date` plus `years` years; 29 February becomes 28 February in a year without it. */
export function addYears(date: string, years: number): string {
  const yearMonth = { year: Number(date.slice(0, 4)) + years, month: Number(date.slice(5, 7)) };
  return dateText(yearMonth, Math.min(Number(date.slice(8, 10)), daysIn(yearMonth)));
}

/** The earliest date PostgreSQL's calendar has (it has no year 0); the date format caps years at 9999. */
export const EARLIEST_DATE = '0001-01-01';

export interface RangeProblem {
  path: '/from' | '/to' | '/asOf';
  message: string;
}

const tooEarly = (path: RangeProblem['path']): RangeProblem => ({ path, message: `must be ${EARLIEST_DATE} or later` });

/** What is wrong with a single report date (`asOf`), if anything. */
export function dateProblem(date: string, path: RangeProblem['path']): RangeProblem | undefined {
  return date < EARLIEST_DATE ? tooEarly(path) : undefined;
}

/**
 * What is wrong with a report or export range, if anything: a date before the calendar's first,
 * `from` after `to`, or (when `maxYears` is given) a range of more than that many years: `to` must
 * come before `from` + `maxYears` years, so 2016-01-01 … 2025-12-31 is the longest from 2016-01-01.
 */
export function rangeProblem(from: string, to: string, maxYears?: number): RangeProblem | undefined {
  const early = dateProblem(from, '/from') ?? dateProblem(to, '/to');
  if (early) return early;
  if (from > to) return { path: '/from', message: 'must not be after to' };
  if (maxYears === undefined) return undefined;
  const limit = addYears(from, maxYears);
  // A limit past year 9999 has five digits and is out of every four-digit date's reach.
  if (limit.length === EARLIEST_DATE.length && to >= limit) {
    return { path: '/to', message: `must be before ${limit}: a range covers at most ${maxYears} years` };
  }
  return undefined;
}
