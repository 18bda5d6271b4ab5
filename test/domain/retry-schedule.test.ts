import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMAIL_RETRY_POLICY, MAX_ATTEMPTS, type RetryPolicy, retryDelayMs } from '../../src/domain/retry-schedule.js';

const DEFAULT_BASE_MS = 30_000;
const THREE_DAYS_MS = 3 * 24 * 3_600_000;
const draws = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
  minLength: MAX_ATTEMPTS,
  maxLength: MAX_ATTEMPTS,
});

/** Every retry delay of one delivery that always fails, with the given jitter draws. */
function schedule(baseMs: number, random: number[], policy?: RetryPolicy): number[] {
  const delays: number[] = [];
  for (let finished = 1; ; finished += 1) {
    const delay = retryDelayMs(finished, baseMs, random[finished - 1] ?? 0, policy);
    if (delay === null) return delays;
    delays.push(delay);
  }
}

describe('webhook retry schedule', () => {
  it('retries the first failure within a minute at the default base', () => {
    fc.assert(
      fc.property(draws, (random) => {
        expect(schedule(DEFAULT_BASE_MS, random)[0]).toBeLessThan(60_000);
      }),
    );
  });

  it('keeps trying for at least 3 days at the default base, whatever the jitter', () => {
    fc.assert(
      fc.property(draws, (random) => {
        const total = schedule(DEFAULT_BASE_MS, random).reduce((sum, delay) => sum + delay, 0);
        expect(total).toBeGreaterThanOrEqual(THREE_DAYS_MS);
        expect(total).toBeLessThan(7 * 24 * 3_600_000);
      }),
    );
    expect(schedule(DEFAULT_BASE_MS, Array(MAX_ATTEMPTS).fill(0))).toHaveLength(MAX_ATTEMPTS - 1);
  });

  it('grows exponentially up to a cap, each delay within ±25 % of its nominal value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 3_600_000 }), draws, (baseMs, random) => {
        schedule(baseMs, random).forEach((delay, index) => {
          const nominal = baseMs * 2 ** Math.min(index, 9);
          expect(delay).toBeGreaterThanOrEqual(Math.round(nominal * 0.75));
          expect(delay).toBeLessThanOrEqual(Math.round(nominal * 1.25));
        });
      }),
    );
  });

  it('spreads retries that fail together (jitter)', () => {
    expect(retryDelayMs(3, DEFAULT_BASE_MS, 0.1)).not.toBe(retryDelayMs(3, DEFAULT_BASE_MS, 0.9));
  });

  it('has no retry before the first attempt or after the last', () => {
    expect(retryDelayMs(0, DEFAULT_BASE_MS, 0.5)).toBeNull();
    expect(retryDelayMs(MAX_ATTEMPTS, DEFAULT_BASE_MS, 0.5)).toBeNull();
  });
});

describe('email retry schedule (EMAIL_RETRY_BASE_MS default 60 s)', () => {
  const emailDraws = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
    minLength: EMAIL_RETRY_POLICY.maxAttempts,
    maxLength: EMAIL_RETRY_POLICY.maxAttempts,
  });

  it('retries a temporary failure within about a minute, then for at least 24 h whatever the jitter', () => {
    fc.assert(
      fc.property(emailDraws, (random) => {
        const delays = schedule(60_000, random, EMAIL_RETRY_POLICY);
        expect(delays[0]).toBeLessThanOrEqual(75_000);
        expect(delays).toHaveLength(EMAIL_RETRY_POLICY.maxAttempts - 1);
        const total = delays.reduce((sum, delay) => sum + delay, 0);
        expect(total).toBeGreaterThanOrEqual(24 * 3_600_000);
        expect(total).toBeLessThan(3 * 24 * 3_600_000);
      }),
    );
  });
});
