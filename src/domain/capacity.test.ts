import { describe, expect, it } from 'vitest';
import { defaultCapacity, offerRefusal } from './capacity.js';
import { nextPresence, nextPresenceChange, presenceNow, presenceWords, wrapUpAfter, type Presence } from './presence.js';

const at = (status: Presence['status'], until: number | null = null): Presence => ({ status, until, since: 0 });

describe('capacity matrix', () => {
  it('offers a call only to an available operator with no voice conversation and no more chats than allowed beside one', () => {
    expect(offerRefusal('available', defaultCapacity, { voice: 0, chats: 0 }, 'call')).toBeNull();
    expect(offerRefusal('available', defaultCapacity, { voice: 1, chats: 0 }, 'call')).toBe('already on a call');
    expect(offerRefusal('available', defaultCapacity, { voice: 0, chats: 1 }, 'call')).toMatch(/in 1 chat/);
    expect(offerRefusal('available', { chats: 3, chatsBesideCall: 1 }, { voice: 0, chats: 1 }, 'call')).toBeNull();
    expect(offerRefusal('available', defaultCapacity, { voice: 1, chats: 0 }, 'callback')).toBe('already on a call');
    expect(offerRefusal('break', defaultCapacity, { voice: 0, chats: 0 }, 'call')).toBe('you are on break');
    expect(offerRefusal('offline', defaultCapacity, { voice: 0, chats: 0 }, 'chat')).toBe('you are offline');
  });
  it('offers chats up to the limit the supervisor set, none during a call unless allowed', () => {
    expect(offerRefusal('available', defaultCapacity, { voice: 0, chats: 2 }, 'chat')).toBeNull();
    expect(offerRefusal('available', defaultCapacity, { voice: 0, chats: 3 }, 'chat')).toMatch(/already in 3 chats \(the most you take: 3\)/);
    expect(offerRefusal('available', { chats: 4, chatsBesideCall: 0 }, { voice: 0, chats: 3 }, 'chat')).toBeNull();
    expect(offerRefusal('available', defaultCapacity, { voice: 1, chats: 0 }, 'chat')).toBe('on a call');
    expect(offerRefusal('available', { chats: 3, chatsBesideCall: 1 }, { voice: 1, chats: 0 }, 'chat')).toBeNull();
  });
  it('a wrap-up refuses until it ends, then the same operator is offered', () => {
    const p = at('wrap-up', 20_000);
    expect(offerRefusal(p, defaultCapacity, { voice: 0, chats: 0 }, 'call', 19_999)).toBe('you are wrapping up the last call');
    expect(offerRefusal(p, defaultCapacity, { voice: 0, chats: 0 }, 'call', 20_000)).toBeNull();
  });
});

describe('presence', () => {
  it('a wrap-up ends by itself; the key goes available → break → offline → available and ends a wrap-up early', () => {
    expect(presenceNow(at('wrap-up', 1000), 999)).toBe('wrap-up');
    expect(presenceNow(at('wrap-up', 1000), 1000)).toBe('available');
    expect(nextPresence(at('available'), 0)).toBe('break');
    expect(nextPresence(at('break'), 0)).toBe('offline');
    expect(nextPresence(at('offline'), 0)).toBe('available');
    expect(nextPresence(at('wrap-up', 1000), 0)).toBe('available');
  });
  it('wraps up after a conversation only from available (a break chosen during the call stays), never with 0 s', () => {
    expect(wrapUpAfter(at('available'), 5000, 30_000)).toEqual({ status: 'wrap-up', until: 35_000, since: 5000 });
    expect(wrapUpAfter(at('break'), 5000, 30_000)).toBeNull();
    expect(wrapUpAfter(at('available'), 5000, 0)).toBeNull();
  });
  it('says the seconds left and when the next wrap-up ends', () => {
    expect(presenceWords(at('wrap-up', 20_000), 10_500)).toBe('wrap-up 10 s');
    expect(presenceWords(at('break'), 0)).toBe('on break');
    expect(nextPresenceChange([at('wrap-up', 9000), at('wrap-up', 5000), at('break')], 1000)).toBe(5000);
    expect(nextPresenceChange([at('wrap-up', 500)], 1000)).toBeNull();
  });
});
