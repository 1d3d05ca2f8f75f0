import { describe, expect, it } from 'vitest';
import { parseSince } from './period.js';

const tz = 'Europe/Prague';
// 2025-03-14 10:30 in Prague (UTC+1)
const now = Date.UTC(2025, 2, 14, 9, 30);
const at = (text: string) => {
  const r = parseSince(text, now, tz);
  if (!r.ok) throw new Error(r.error);
  return new Date(r.at).toISOString();
};

describe('parseSince', () => {
  it('reads the ways a shift manager names the start of a period', () => {
    expect(at('today')).toBe('2025-03-13T23:00:00.000Z');
    expect(at('yesterday')).toBe('2025-03-12T23:00:00.000Z');
    expect(at('8:00')).toBe('2025-03-14T07:00:00.000Z');
    expect(at('22.00')).toBe('2025-03-13T21:00:00.000Z'); // still to come today: yesterday's
    expect(at('2h')).toBe('2025-03-14T07:30:00.000Z');
    expect(at('90m')).toBe('2025-03-14T08:00:00.000Z');
    expect(at('2025-03-01')).toBe('2025-02-28T23:00:00.000Z');
    expect(at('2025-07-01 08:00')).toBe('2025-07-01T06:00:00.000Z'); // summer time
  });
  it('says what it accepts when it cannot read the text', () => {
    for (const bad of ['10:99', 'soon', '2025-02-30', '25:00']) {
      const r = parseSince(bad, now, tz);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error).toContain(`--since "${bad}"`);
    }
  });
});
