import { describe, expect, it } from 'vitest';
import { spamVerdict } from './spam.js';

const c = (id: number, category: 'spam' | 'regular' | 'vip', name = `C${id}`) => ({ id, name, category });

describe('spamVerdict', () => {
  it('marks a number whose every card is spam, and rejects it only with the switch on', () => {
    expect(spamVerdict([c(4, 'spam', 'Robocall')], { rejectSpam: false })).toEqual({ spam: true, reject: false, reason: 'the number is on a spam card (#4 Robocall)' });
    expect(spamVerdict([c(4, 'spam'), c(5, 'spam')], { rejectSpam: true })).toEqual({ spam: true, reject: true, reason: 'rejected automatically: the number is on a spam card (#4 C4, #5 C5)' });
  });
  it('never marks an unknown number, or one shared with a real customer', () => {
    expect(spamVerdict([], { rejectSpam: true }).spam).toBe(false);
    expect(spamVerdict([c(4, 'spam'), c(6, 'vip')], { rejectSpam: true })).toEqual({ spam: false, reject: false, reason: '' });
  });
});
