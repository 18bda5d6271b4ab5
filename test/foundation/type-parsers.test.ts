import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTimestamp } from '../../db/type-parsers.js';

/** PostgreSQL's text for a timestamptz(3) in a UTC session: fraction without trailing zeros. */
const postgresUtcText = (date: Date) => {
  const [day, time = ''] = date.toISOString().slice(0, -1).split('T');
  const [clock, fraction = ''] = time.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `${day} ${clock}${trimmed ? `.${trimmed}` : ''}+00`;
};

describe('timestamptz parser', () => {
  it.each([
    ['2026-12-01 10:11:12.123+00', '2026-12-01T10:11:12.123Z'],
    ['2026-12-01 10:11:12.12+00', '2026-12-01T10:11:12.120Z'],
    ['2026-12-01 10:11:12.1+00', '2026-12-01T10:11:12.100Z'],
    ['2026-12-01 10:11:12+00', '2026-12-01T10:11:12.000Z'],
    ['2026-12-01 10:11:12.123456+00', '2026-12-01T10:11:12.123Z'],
    ['2026-12-01 11:11:12.5+01', '2026-12-01T10:11:12.500Z'],
    ['2026-12-01 05:41:12+05:30', '2026-12-01T00:11:12.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(isoTimestamp(text)).toBe(iso);
  });

  it('gives what a Date round trip gives, for any instant from year 1000 to 9999', () => {
    const instants = fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });
    fc.assert(fc.property(instants, (date) => isoTimestamp(postgresUtcText(date)) === date.toISOString()), { numRuns: 5_000 });
  });
});
