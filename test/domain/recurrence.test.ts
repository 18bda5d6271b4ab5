import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recurrenceIntervals } from '../../base/vocabulary.js';
import { addDays } from '../../src/domain/calendar.js';
import { type Recurrence, firstPeriodOnOrAfter, periodDate, periodExists } from '../../src/domain/recurrence.js';

const date = fc
  .date({ min: new Date('1999-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true })
  .map((value) => value.toISOString().slice(0, 10));
const recurrence = fc.record({
  interval: fc.constantFrom(...recurrenceIntervals),
  intervalCount: fc.integer({ min: 1, max: 12 }),
  startDate: date,
  endDate: fc.constant(null),
}) as fc.Arbitrary<Recurrence>;
const monthly = (startDate: string, intervalCount = 1): Recurrence => ({ interval: 'month', intervalCount, startDate, endDate: null });
const dates = (schedule: Recurrence, count: number) => Array.from({ length: count }, (_, n) => periodDate(schedule, n));

describe('recurring invoice periods', () => {
  it('clamp month ends without drifting, in leap and common years', () => {
    expect(dates(monthly('2027-01-31'), 5)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31']);
    expect(dates(monthly('2028-01-31'), 3)).toEqual(['2028-01-31', '2028-02-29', '2028-03-31']);
    expect(dates({ ...monthly('2028-02-29'), interval: 'year' }, 5)).toEqual(['2028-02-29', '2029-02-28', '2030-02-28', '2031-02-28', '2032-02-29']);
    expect(dates({ ...monthly('2026-11-30'), interval: 'quarter' }, 4)).toEqual(['2026-11-30', '2027-02-28', '2027-05-30', '2027-08-30']);
    expect(dates(monthly('2026-10-31', 2), 3)).toEqual(['2026-10-31', '2026-12-31', '2027-02-28']);
    expect(dates({ ...monthly('2026-12-28'), interval: 'week', intervalCount: 2 }, 3)).toEqual(['2026-12-28', '2027-01-11', '2027-01-25']);
  });

  it('are UTC calendar dates whatever the process time zone (no local-time arithmetic)', () => {
    // 2026-03-29 is a DST change in Europe; a local-time implementation would land a day off somewhere.
    expect(dates({ ...monthly('2026-03-29'), interval: 'week' }, 2)).toEqual(['2026-03-29', '2026-04-05']);
    expect(dates(monthly('2026-03-29'), 2)).toEqual(['2026-03-29', '2026-04-29']);
  });

  it('strictly increase, keep the start day when the month has it, and step by the interval', () => {
    fc.assert(
      fc.property(recurrence, fc.integer({ min: 0, max: 300 }), (schedule, n) => {
        const [current, next] = [periodDate(schedule, n), periodDate(schedule, n + 1)];
        expect(next > current).toBe(true);
        const startDay = Number(schedule.startDate.slice(8));
        const day = Number(current.slice(8));
        if (schedule.interval === 'week') expect(addDays(current, 7 * schedule.intervalCount)).toBe(next);
        else expect(day === startDay || (day < startDay && addDays(current, 1).slice(8) === '01')).toBe(true);
      }),
    );
  });

  it('find the first period on or after any date: none skipped, none twice', () => {
    fc.assert(
      fc.property(recurrence, date, (schedule, day) => {
        const n = firstPeriodOnOrAfter(schedule, day);
        expect(periodDate(schedule, n) >= day).toBe(true);
        if (n > 0) expect(periodDate(schedule, n - 1) < day).toBe(true);
      }),
    );
  });

  it('never repeat or skip a period across any sequence of pause, resume and restart', () => {
    // The schedule's next period only moves forward: generation takes it and steps by one; a resume
    // on `day` moves it to max(itself, first period on or after `day`) (periods while paused are
    // skipped); a restart recomputes nothing.
    const action = fc.oneof(
      fc.record({ kind: fc.constant('generate' as const) }),
      fc.record({ kind: fc.constant('pause-resume' as const), days: fc.integer({ min: 0, max: 400 }) }),
      fc.record({ kind: fc.constant('restart' as const) }),
    );
    fc.assert(
      fc.property(recurrence, fc.array(action, { maxLength: 60 }), (schedule, actions) => {
        let next = 0;
        let today = schedule.startDate;
        const issued: string[] = [];
        for (const step of actions) {
          if (step.kind === 'generate') {
            issued.push(periodDate(schedule, next));
            today = periodDate(schedule, next);
            next += 1;
          } else if (step.kind === 'pause-resume') {
            today = addDays(today, step.days);
            next = Math.max(next, firstPeriodOnOrAfter(schedule, today));
          }
        }
        expect(new Set(issued).size).toBe(issued.length);
        expect([...issued].sort()).toEqual(issued);
      }),
    );
  });

  it('end on the inclusive endDate', () => {
    const schedule = { ...monthly('2027-01-31'), endDate: '2027-03-31' };
    expect([0, 1, 2, 3].map((n) => periodExists(schedule, n))).toEqual([true, true, true, false]);
  });
});
