/** When to try a point of sale again: exponential back-off with jitter, capped at 30 s, honouring Retry-After. */

/** No back-off step is longer than this, whatever the settings: an order waiting for a POS that is back goes within 30 s even without a probe. */
export const MAX_RETRY_DELAY_MS = 30_000;

export interface BackoffPolicy {
  /** Delay before the second attempt; doubles each time. */
  baseDelayMs: number;
  /** No wait is longer than this, nor than MAX_RETRY_DELAY_MS (Retry-After may ask for more, up to an hour). */
  maxDelayMs: number;
}

/**
 * The wait after attempt number `attempts` (1 = the first send) failed: half the exponential step
 * fixed plus half random ("equal jitter"), so relays that failed together do not retry together.
 */
export function retryDelay(attempts: number, p: BackoffPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  const step = Math.min(p.maxDelayMs, MAX_RETRY_DELAY_MS, p.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(step / 2 + random() * (step / 2));
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, 3_600_000));
}
