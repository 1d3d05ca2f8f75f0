import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff.js';

const policy = { baseDelayMs: 1000, maxDelayMs: 20_000 };

describe('retryDelay', () => {
  it('doubles per attempt, between half and all of the step', () => {
    expect(retryDelay(1, policy, undefined, () => 0)).toBe(500);
    expect(retryDelay(1, policy, undefined, () => 1)).toBe(1000);
    expect(retryDelay(2, policy, undefined, () => 1)).toBe(2000);
    expect(retryDelay(4, policy, undefined, () => 0.5)).toBe(6000);
  });
  it('is capped, and jitter spreads relays that failed together', () => {
    expect(retryDelay(30, policy, undefined, () => 1)).toBe(20_000);
    // a POS outage never stretches the wait past 30 s, whatever the settings (issue 12)
    expect(retryDelay(30, { baseDelayMs: 2000, maxDelayMs: 120_000 }, undefined, () => 1)).toBe(30_000);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelay(3, policy)));
    expect(spread.size).toBeGreaterThan(10);
    for (const d of spread) expect(d).toBeGreaterThanOrEqual(2000), expect(d).toBeLessThanOrEqual(4000);
  });
  it('waits at least as long as Retry-After asks, up to an hour', () => {
    expect(retryDelay(1, policy, 30_000, () => 0)).toBe(30_000);
    expect(retryDelay(1, policy, 10, () => 0)).toBe(500);
    expect(retryDelay(1, policy, 99 * 3_600_000, () => 0)).toBe(3_600_000);
  });
});
