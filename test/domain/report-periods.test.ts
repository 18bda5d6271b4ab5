import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportGroupings } from '../../base/vocabulary.js';
import { addYears, periodStart, rangeProblem, reportPeriods } from '../../src/domain/report-periods.js';

const DAY_MS = 86_400_000;
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** Any calendar day of years 1–9999, as text. */
const calendarDay = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

/** A range of up to about three years, anywhere in the calendar. */
const range = fc.tuple(calendarDay, fc.integer({ min: 0, max: 1_100 })).map(([from, days]) => {
  let to = from;
  for (let day = 0; day < days && to < '9999-12-31'; day += 1) to = dayAfter(to);
  return { from, to };
});

describe('report periods', () => {
  it('cut a range into clipped months, quarters or years', () => {
    expect(reportPeriods('2026-01-15', '2026-04-10', 'month')).toEqual([
      { period: '2026-01', start: '2026-01-01', from: '2026-01-15', to: '2026-01-31' },
      { period: '2026-02', start: '2026-02-01', from: '2026-02-01', to: '2026-02-28' },
      { period: '2026-03', start: '2026-03-01', from: '2026-03-01', to: '2026-03-31' },
      { period: '2026-04', start: '2026-04-01', from: '2026-04-01', to: '2026-04-10' },
    ]);
    expect(reportPeriods('2023-11-30', '2024-03-01', 'quarter')).toEqual([
      { period: '2023-Q4', start: '2023-10-01', from: '2023-11-30', to: '2023-12-31' },
      { period: '2024-Q1', start: '2024-01-01', from: '2024-01-01', to: '2024-03-01' },
    ]);
    expect(reportPeriods('0099-12-31', '0100-01-01', 'year')).toEqual([
      { period: '0099', start: '0099-01-01', from: '0099-12-31', to: '0099-12-31' },
      { period: '0100', start: '0100-01-01', from: '0100-01-01', to: '0100-01-01' },
    ]);
    expect(reportPeriods('2024-02-01', '2024-02-29', 'month')).toEqual([{ period: '2024-02', start: '2024-02-01', from: '2024-02-01', to: '2024-02-29' }]);
    expect(reportPeriods('9999-12-31', '9999-12-31', 'quarter')).toEqual([{ period: '9999-Q4', start: '9999-10-01', from: '9999-12-31', to: '9999-12-31' }]);
  });

  it('tile the range exactly: contiguous, in order, each inside one calendar period (property)', () => {
    fc.assert(
      fc.property(range, fc.constantFrom(...reportGroupings), ({ from, to }, groupBy) => {
        const periods = reportPeriods(from, to, groupBy);
        expect(periods[0]?.from).toBe(from);
        expect(periods.at(-1)?.to).toBe(to);
        periods.forEach((period, index) => {
          expect(period.from <= period.to).toBe(true);
          expect(periodStart(period.from, groupBy)).toBe(period.start);
          expect(periodStart(period.to, groupBy)).toBe(period.start);
          if (index > 0) expect(period.from).toBe(dayAfter(periods[index - 1]?.to ?? ''));
          const next = periods[index + 1];
          if (next) expect(periodStart(dayAfter(period.to), groupBy)).toBe(next.start);
        });
        expect(new Set(periods.map((period) => period.period)).size).toBe(periods.length);
      }),
      { numRuns: 300 },
    );
  });

  it('label months, quarters and years', () => {
    expect(reportPeriods('2026-03-05', '2026-03-05', 'month')[0]?.period).toBe('2026-03');
    expect(['2026-01-01', '2026-04-30', '2026-09-30', '2026-10-01'].map((day) => reportPeriods(day, day, 'quarter')[0]?.period)).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
    expect(reportPeriods('2026-12-31', '2026-12-31', 'year')[0]?.period).toBe('2026');
  });
});

describe('report ranges', () => {
  it('add years, 29 February falling back to the 28th', () => {
    expect(addYears('2016-01-01', 10)).toBe('2026-01-01');
    expect(addYears('2016-02-29', 10)).toBe('2026-02-28');
    expect(addYears('2016-02-29', 4)).toBe('2020-02-29');
    expect(addYears('9995-06-30', 10)).toBe('10005-06-30');
  });

  it('refuse from after to, a date before 0001-01-01, and ten years or more', () => {
    expect(rangeProblem('2026-02-01', '2026-01-31', 10)).toEqual({ path: '/from', message: 'must not be after to' });
    expect(rangeProblem('0000-12-31', '2026-01-31', 10)?.path).toBe('/from');
    expect(rangeProblem('2026-01-01', '0000-01-01')?.path).toBe('/to');
    expect(rangeProblem('2016-01-01', '2026-01-01', 10)?.path).toBe('/to');
    expect(rangeProblem('2016-01-01', '2025-12-31', 10)).toBeUndefined();
    expect(rangeProblem('2016-01-01', '2099-12-31')).toBeUndefined();
    expect(rangeProblem('9995-01-01', '9999-12-31', 10)).toBeUndefined();
    expect(rangeProblem('2026-01-31', '2026-01-31', 10)).toBeUndefined();
  });

  it('accept a range exactly when it has fewer than ten years of days (property)', () => {
    fc.assert(
      fc.property(calendarDay, calendarDay, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const fromYear = Number(from.slice(0, 4));
        const anniversary = `${String(fromYear + 10).padStart(4, '0')}${from.slice(4)}`;
        // The tenth anniversary of 29 February is 28 February (no leap day ten years on).
        const limit = from.endsWith('-02-29') ? anniversary.replace(/-29$/, '-28') : anniversary;
        const tooLong = fromYear + 10 <= 9999 && to >= limit;
        expect(rangeProblem(from, to, 10) === undefined).toBe(!tooLong);
      }),
      { numRuns: 500 },
    );
  });
});
