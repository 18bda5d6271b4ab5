/**
 * The dates of a recurring invoice schedule (calendar dates, UTC): period `n` (0, 1, 2…) is issued
 * on `startDate` plus `n × intervalCount` intervals, always counted from `startDate`, so month ends
 * clamp without drifting: a schedule starting Jan 31 issues Feb 28 (29 in a leap year), Mar 31, Apr 30…
 * `endDate` is inclusive. Pure: no clock, no I/O.
 */
import type { RecurrenceInterval } from '../../base/vocabulary.js';

export interface Recurrence {
  interval: RecurrenceInterval;
  intervalCount: number;
  startDate: string;
  endDate: string | null;
}

const MONTHS: Record<Exclude<RecurrenceInterval, 'week'>, number> = { month: 1, quarter: 3, year: 12 };
const DAY_MS = 86_400_000;

const parts = (date: string) => date.split('-').map(Number) as [number, number, number];
const iso = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The issue date of period `n`. */
export function periodDate(recurrence: Recurrence, n: number): string {
  const [year, month, day] = parts(recurrence.startDate);
  if (recurrence.interval === 'week') return iso(Date.UTC(year, month - 1, day) + n * recurrence.intervalCount * 7 * DAY_MS);
  const months = month - 1 + n * recurrence.intervalCount * MONTHS[recurrence.interval];
  const lastDay = new Date(Date.UTC(year, months + 1, 0)).getUTCDate();
  return iso(Date.UTC(year, months, Math.min(day, lastDay)));
}

/** Whether period `n` is within the schedule (on or before an `endDate`). */
export function periodExists(recurrence: Recurrence, n: number): boolean {
  return recurrence.endDate === null || periodDate(recurrence, n) <= recurrence.endDate;
}

/** The first period whose date is on or after `date` (periods are strictly increasing). */
export function firstPeriodOnOrAfter(recurrence: Recurrence, date: string): number {
  if (date <= recurrence.startDate) return 0;
  const [startYear, startMonth, startDay] = parts(recurrence.startDate);
  const [year, month, day] = parts(date);
  // An estimate at or just below the answer, then forward: no loop over the years in between.
  const estimate =
    recurrence.interval === 'week'
      ? Math.floor((Date.UTC(year, month - 1, day) - Date.UTC(startYear, startMonth - 1, startDay)) / (7 * DAY_MS * recurrence.intervalCount))
      : Math.floor(((year - startYear) * 12 + month - startMonth) / (MONTHS[recurrence.interval] * recurrence.intervalCount));
  let n = Math.max(estimate - 1, 0);
  while (periodDate(recurrence, n) < date) n += 1;
  return n;
}
