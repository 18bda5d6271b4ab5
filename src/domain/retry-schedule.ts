/**
 * When a failed background task is tried again: exponential backoff from the base delay, capped,
 * with ±25 % jitter so tasks that failed together do not retry together. Each kind of task has
 * its policy; webhook deliveries use the default: at a 30 s base the first retry comes within a
 * minute and the attempts span more than three days even when every jitter draw is the smallest
 * (see the property tests).
 */

export interface RetryPolicy {
  /** Attempts in all (the first and the retries); after the last failure the task is given up. */
  maxAttempts: number;
  /** The delay stops doubling after this many doublings. */
  maxDoublings: number;
}

/** Webhook deliveries: 32 attempts, the delay capped at 2⁹ × base (≈ 4.3 h at 30 s). */
export const MAX_ATTEMPTS = 32;
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: MAX_ATTEMPTS, maxDoublings: 9 };
const JITTER = 0.25;

/**
 * The delay before attempt `finished + 1`, after `finished` failed attempts, or null when none
 * is left. `random` is a draw in [0, 1) (Math.random in production).
 */
export function retryDelayMs(finished: number, baseMs: number, random: number, policy = DEFAULT_RETRY_POLICY): number | null {
  if (finished < 1 || finished >= policy.maxAttempts) return null;
  const nominal = baseMs * 2 ** Math.min(finished - 1, policy.maxDoublings);
  return Math.round(nominal * (1 - JITTER + 2 * JITTER * random));
}

/**
 * Email messages (a temporary SMTP failure): 40 attempts, the delay capped at 2⁶ × base (64 min
 * at the default 60 s), so the attempts span more than 24 h even when every jitter draw is the
 * smallest (the property tests check it).
 */
export const EMAIL_RETRY_POLICY: RetryPolicy = { maxAttempts: 40, maxDoublings: 6 };
