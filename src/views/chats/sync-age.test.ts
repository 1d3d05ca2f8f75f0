import { describe, expect, it } from 'vitest';
import { syncAge } from './chat-rows.js';
import { NOON } from '../../../test/helpers/clock.js';

describe("the chat list's sync age", () => {
  it('a read made after the desk clock last ticked is "just now", not a negative count (seen: "synced -1s ago")', () => {
    expect(syncAge(NOON, NOON + 1_500)).toBe('synced just now');
    expect(syncAge(NOON + 59_000, NOON)).toBe('synced just now');
  });
  it('by the minute, then hours and minutes; never read says so', () => {
    expect(syncAge(NOON + 3 * 60_000 + 5_000, NOON)).toBe('synced 3 min ago');
    expect(syncAge(NOON + 65 * 60_000, NOON)).toBe('synced 1h 05m ago');
    expect(syncAge(NOON, null)).toBe('not read yet');
  });
});
