/**
 * Issue 12, "order status is the truth": what the list, the card, the caller card and
 * `ringdesk lookup` say at each step of the hand-off (they all read `statusText`). An order is
 * "sent to POS" only once the POS acknowledged it.
 */
import { describe, expect, it } from 'vitest';
import { statusText } from './order-status.js';
import type { Handoff } from './delivery.js';
import { NOON } from '../../test/helpers/clock.js';

const now = NOON;
const handoff = (h: Partial<Handoff>): Handoff => ({
  state: 'queued', attempts: 0, nextAttemptAt: now, lastError: '', acknowledgedAt: null, version: 1, outboxId: 1, ...h,
});

describe('the status of an order as the dispatcher reads it', () => {
  it('queued, then sending with the attempt, the next try and why the last one failed; never "sent to POS" before the acknowledgement', () => {
    const queued = statusText('sent', handoff({}), now, 'Kitchen One');
    expect(queued).toMatchObject({ short: 'queued', long: 'queued for Kitchen One', alarm: false, pending: true });
    const retrying = statusText('sent', handoff({ attempts: 3, nextAttemptAt: now + 12_000, lastError: 'HTTP 503' }), now, 'Kitchen One');
    expect(retrying).toMatchObject({
      short: 'sending #3 · 12 s', brief: 'sending #3', long: 'sending (attempt 3, next try in 12 s): HTTP 503', alarm: false, pending: true,
    });
    const inFlight = statusText('sent', handoff({ state: 'sent', attempts: 1 }), now, 'Kitchen One');
    expect(inFlight).toMatchObject({ short: 'sending #1', long: 'sending (attempt 1) to Kitchen One', pending: true });
    for (const t of [queued, retrying, inFlight]) expect(`${t.short} ${t.long}`).not.toContain('sent to POS');
  });

  it('acknowledged: "sent to POS"; then the statuses the POS reports', () => {
    const acked = statusText('sent', handoff({ state: 'acknowledged', attempts: 1, acknowledgedAt: now }), now, 'Kitchen One');
    expect(acked).toMatchObject({ short: 'acknowledged', long: 'sent to POS: acknowledged by Kitchen One', alarm: false, pending: false });
    expect(statusText('cooking', handoff({ state: 'acknowledged' }), now).long).toBe('cooking');
    expect(statusText('on-the-way', handoff({ state: 'acknowledged' }), now).short).toBe('on the way');
    // an edit after the kitchen started is on its way: the POS's word stays, the update is named
    const update = statusText('cooking', handoff({ version: 2, attempts: 2, nextAttemptAt: now + 5_000 }), now, 'Kitchen One');
    expect(update).toMatchObject({ short: 'cooking · update sending #2 · 5 s', pending: true, alarm: false });
  });

  it('failed: loud, with the reason', () => {
    const failed = statusText('failed', handoff({ state: 'failed', attempts: 9, lastError: 'gave up at the promised time 12:45' }), now);
    expect(failed).toMatchObject({ short: 'FAILED at POS', long: 'FAILED at POS: gave up at the promised time 12:45', alarm: true, pending: false });
    expect(statusText('cooking', handoff({ state: 'failed', version: 2, lastError: '422 unknown product' }), now))
      .toMatchObject({ short: 'cooking · update FAILED', alarm: true });
  });
});
