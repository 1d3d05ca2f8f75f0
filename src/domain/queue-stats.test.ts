import { describe, expect, it } from 'vitest';
import { INTERVAL_MS, queueStats } from './queue-stats.js';
import type { LoggedCall } from './shift-summary.js';

const T = Date.UTC(2026, 11, 7, 11, 0); // 12:00 in Prague, on a 15-minute boundary
let id = 0;
function call(startS: number, o: { answerS?: number; endS?: number; outcome?: LoggedCall['outcome']; remote?: string }): LoggedCall {
  return {
    id: ++id, callRef: `c${id}`, direction: 'incoming', remote: o.remote ?? `77700000${id}`, remoteKey: null, operator: 'alice', extension: '101',
    startedAt: T + startS * 1000, answeredAt: o.answerS === undefined ? null : T + o.answerS * 1000, endedAt: o.endS === undefined ? null : T + o.endS * 1000,
    outcome: o.outcome ?? (o.answerS !== undefined ? 'answered' : 'missed'), customerId: null, deliveryId: null, customerName: '', callbackDone: false,
  };
}

describe('queue statistics', () => {
  it('service level, speed of answer, abandoned with position and wait, per kind and per 15 minutes', () => {
    const calls = [
      call(0, { answerS: 10, endS: 100 }), // answered in 10 s
      call(5, { endS: 50, remote: '777111222' }), // gave up after 45 s, second in the queue
      call(20, { answerS: 60, endS: 200 }), // answered in 40 s (outside 20 s)
      call(30, { outcome: 'rejected', endS: 31 }), // rejected: not queue traffic
      call(16 * 60, { answerS: 16 * 60 + 4, endS: 17 * 60 }), // next interval, 4 s
    ];
    const s = queueStats({
      calls,
      items: [
        { kind: 'callback', arrivedAt: T + 1000, position: 1, acceptedAt: T + 61_000, abandonedAt: null, who: '777 000 999' },
        { kind: 'chat', arrivedAt: T + 2000, position: 2, acceptedAt: null, abandonedAt: T + 32_000, who: 'Eva' },
      ],
      waitingItems: [{ kind: 'callback', arrivedAt: T - 60_000 }, { kind: 'chat', arrivedAt: T + 100_000 }],
      callbacksDue: [T + 1000, T + 3_600_000, T + 7_200_000],
      now: T + 20 * 60_000,
    });
    expect(s.total.call).toEqual({ offered: 4, answered: 3, abandoned: 1, answeredWithinSl: 2, serviceLevel: 0.5, averageSpeedOfAnswerMs: 18_000 });
    expect(s.total.callback).toMatchObject({ offered: 1, answered: 1, serviceLevel: 0, averageSpeedOfAnswerMs: 60_000 });
    expect(s.total.chat).toMatchObject({ offered: 1, abandoned: 1, serviceLevel: 0, averageSpeedOfAnswerMs: null });
    expect(s.abandoned).toEqual([
      { kind: 'chat', at: T + 2000, who: 'Eva', position: 2, waitedMs: 30_000 },
      { kind: 'call', at: T + 5000, who: '777111222', position: 2, waitedMs: 45_000 },
    ]);
    expect(s.intervals.map((i) => [i.from - T, i.kinds.call.offered, i.kinds.call.serviceLevel])).toEqual([[0, 3, 1 / 3], [INTERVAL_MS, 1, 1]]);
    expect(s.waitingNow).toEqual({ call: 0, callback: 1, chat: 1 });
    expect(s.oldestWaiting).toEqual({ kind: 'callback', arrivedAt: T - 60_000, waitedMs: 21 * 60_000 });
    expect(s.callbacks).toEqual({ scheduled: 2, due: 1 });
  });

  it('a call still ringing waits now (from the log); nothing offered is no service level rather than 0%', () => {
    const s = queueStats({ calls: [call(0, { outcome: 'ringing' })], items: [], waitingItems: [{ kind: 'call', arrivedAt: T }], callbacksDue: [], now: T + 30_000 });
    expect(s.waitingNow).toEqual({ call: 1, callback: 0, chat: 0 });
    expect(s.oldestWaiting).toEqual({ kind: 'call', arrivedAt: T, waitedMs: 30_000 });
    expect(s.total.call).toMatchObject({ offered: 0, serviceLevel: null, averageSpeedOfAnswerMs: null });
    expect(s.intervals).toEqual([]);
  });
});
