/**
 * When a failed webhook delivery is tried again: exponential backoff from the base delay,
 * capped, with ±25 % jitter so endpoints that failed together do not retry together. At the
 * default base (30 s) the first retry comes within a minute and the attempts span more than
 * three days even when every jitter draw is the smallest (see the property tests).
 */

/** Attempts in all (the first and the retries); after the last failure the delivery is abandoned. */
export const MAX_ATTEMPTS = 32;
/** The delay stops doubling after this many doublings (30 s × 2⁹ ≈ 4.3 h at the default). */
const MAX_DOUBLINGS = 9;
const JITTER = 0.25;

/**
 * The delay before attempt `finished + 1`, after `finished` failed attempts, or null when none
 * is left. `random` is a draw in [0, 1) (Math.random in production).
 */
export function retryDelayMs(finished: number, baseMs: number, random: number): number | null {
  if (finished < 1 || finished >= MAX_ATTEMPTS) return null;
  const nominal = baseMs * 2 ** Math.min(finished - 1, MAX_DOUBLINGS);
  return Math.round(nominal * (1 - JITTER + 2 * JITTER * random));
}
