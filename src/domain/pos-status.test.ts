import { describe, expect, it } from 'vitest';
import { isForward, parsePosStatus } from './pos-status.js';
import { outcomeOfCode, retryAfterMs } from '../pos/transport.js';

describe('POS statuses', () => {
  it('maps what a POS says to delivery statuses, forgiving spelling', () => {
    expect(parsePosStatus('accepted')).toBe('confirmed');
    expect(parsePosStatus('On the way')).toBe('on-the-way');
    expect(parsePosStatus('on_the_way')).toBe('on-the-way');
    expect(parsePosStatus('canceled')).toBe('cancelled');
    expect(parsePosStatus('cooking')).toBe('cooking');
    expect(parsePosStatus('delivered')).toBe('delivered');
    expect(parsePosStatus('lost')).toBeNull();
    expect(parsePosStatus(7)).toBeNull();
  });
  it('only moves forward; cancel from any unfinished status; nothing after the end', () => {
    expect(isForward('sent', 'confirmed')).toBe(true);
    expect(isForward('failed', 'cooking')).toBe(true);
    expect(isForward('on-the-way', 'cooking')).toBe(false);
    expect(isForward('cooking', 'cooking')).toBe(false);
    expect(isForward('cooking', 'cancelled')).toBe(true);
    expect(isForward('delivered', 'cancelled')).toBe(false);
    expect(isForward('cancelled', 'delivered')).toBe(false);
  });
});

describe('answers of a POS', () => {
  it('retries what may pass later, never a validation refusal', () => {
    for (const c of [408, 409, 425, 429, 500, 502, 503, 504]) expect(outcomeOfCode(c, '').kind).toBe('retry');
    for (const c of [400, 404, 413, 422]) expect(outcomeOfCode(c, 'bad phone').kind).toBe('rejected');
    expect(outcomeOfCode(201, '').kind).toBe('acknowledged');
    const auth = outcomeOfCode(401, 'bad token');
    expect(auth.kind === 'rejected' && auth.reason).toMatch(/401.*bad token.*token/);
  });
  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000 + 5000).toUTCString(), 10_000)).toBe(5000);
    expect(retryAfterMs('soon')).toBeUndefined();
    const o = outcomeOfCode(429, '', '2');
    expect(o.kind === 'retry' && o.retryAfterMs).toBe(2000);
  });
});
