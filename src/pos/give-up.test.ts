import { describe, expect, it } from 'vitest';
import { describeGiveUp, giveUpAt, parseGiveUp, type GiveUpPolicy } from './give-up.js';

const policy = (text: string): GiveUpPolicy => {
  const p = parseGiveUp(text);
  if (!p.ok) throw new Error(p.error);
  return p.policy;
};
const min = 60_000;

describe('when the relay gives up on an unacknowledged order', () => {
  it('at its promised time by default, never sooner than 10 minutes after it was queued', () => {
    const p = policy('promised');
    expect(giveUpAt(p, { promisedAt: 45 * min, retryFrom: 0 })).toBe(45 * min);
    expect(describeGiveUp(p, { promisedAt: 45 * min, retryFrom: 0 })).toBe('its promised time');
    // resent after the promised time, or queued just before it
    expect(giveUpAt(p, { promisedAt: 45 * min, retryFrom: 50 * min })).toBe(60 * min);
    expect(describeGiveUp(p, { promisedAt: 45 * min, retryFrom: 50 * min })).toBe('10 min after it was queued');
    expect(giveUpAt(p, { promisedAt: null, retryFrom: 0 })).toBe(60 * min);
  });
  it('with grace after the promised time, or a fixed time after queueing', () => {
    expect(giveUpAt(policy('promised+15m'), { promisedAt: 45 * min, retryFrom: 0 })).toBe(60 * min);
    expect(giveUpAt(policy('2h'), { promisedAt: 45 * min, retryFrom: 0 })).toBe(120 * min);
    expect(giveUpAt(policy(' 90S '), { promisedAt: null, retryFrom: 0 })).toBe(90_000);
  });
  it('refuses what it cannot read, naming the value', () => {
    for (const bad of ['', 'never', '8 attempts', 'promised-5m', '0m', '5d']) {
      const p = parseGiveUp(bad);
      expect(p.ok, bad).toBe(false);
      if (!p.ok) expect(p.error).toContain(`"${bad}"`);
    }
  });
});
