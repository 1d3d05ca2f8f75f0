import { afterEach, describe, expect, it } from 'vitest';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.forEach((c) => c()); cleanups = []; });

describe('the queue in the call report', () => {
  it('reads calls from the log and callbacks from the queue: waiting now, due and scheduled, service level and who gave up', () => {
    const { store, cleanup } = tempStore();
    cleanups.push(cleanup);
    const log = (ref: string, at: number, o: { answerAfter?: number; endAfter: number; outcome: 'answered' | 'missed' }) => {
      store.calls.started({ callRef: ref, direction: 'incoming', remote: '777 000 111', remoteKey: '+420777000111', operatorId: null, extension: '101', startedAt: at });
      if (o.answerAfter !== undefined) store.calls.markAnswered(ref, at + o.answerAfter);
      store.calls.markEnded(ref, at + o.endAfter, o.outcome);
    };
    log('a', NOON, { answerAfter: 8000, endAfter: 60_000, outcome: 'answered' });
    log('b', NOON + 1000, { endAfter: 31_000, outcome: 'missed' });
    const terms = (dueAt: number) => ({ dueAt, attemptsLeft: 3, retryDelayMs: 600_000, expiresAt: NOON + 86_400_000 });
    const due = store.callbacks.create({ item: { entry: { via: 'web', value: 'x' }, phone: '777 000 222', arrivedAt: NOON + 2000 }, source: 'web', terms: terms(NOON) }, NOON + 2000);
    const later = store.callbacks.create({ item: { entry: { via: 'web', value: 'x' }, phone: '777 000 333', arrivedAt: NOON + 3000 }, source: 'web', terms: terms(NOON + 3_600_000) }, NOON + 3000);
    if (!due.ok || !later.ok) throw new Error('callbacks not made');
    expect(store.workItems.accept(due.item.id, { operator: 'alice', console: 'desk-a' }, NOON + 32_000).ok).toBe(true);
    const q = store.callReport.summary({ since: NOON - 60_000, timezone: 'Europe/Prague' }, NOON + 120_000).queue!;
    expect(q.waitingNow).toEqual({ call: 0, callback: 1, chat: 0 });
    expect(q.callbacks).toEqual({ scheduled: 1, due: 0 });
    expect(q.total.call).toMatchObject({ offered: 2, answered: 1, abandoned: 1, serviceLevel: 0.5, averageSpeedOfAnswerMs: 8000 });
    expect(q.total.callback).toMatchObject({ offered: 1, answered: 1, serviceLevel: 0, averageSpeedOfAnswerMs: 30_000 });
    expect(q.abandoned).toEqual([{ kind: 'call', at: NOON + 1000, who: '777 000 111', position: 2, waitedMs: 31_000 }]);
  });
});
