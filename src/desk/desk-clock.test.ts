/**
 * Issue 19: an idle console does no work. The desk's clock moves by the minute (by the second
 * only while something counts seconds), nothing is drawn when nothing visible changed, and a
 * scheduled order's confirmation call shows as due when its minute comes, without a key.
 * Time is the injected manual clock; the timers are vitest's, moved in step with it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeskRunner } from './runner.js';
import { nextTickAt } from './desk-clock.js';
import { initialState } from './state.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { Store } from '../store/index.js';
import { seed } from '../demo/seed.js';
import { manualClock, type ManualClock } from '../domain/clock.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { statusRow } from '../views/StatusBar.js';

const MIN = 60_000;
let t: ReturnType<typeof tempStore>;
let clock: ManualClock;
let runner: DeskRunner;
let phone: ReplayPhone;
let stopLive: () => void;
let drawn: number;

/** Time passes: the clock and the timers together. */
async function pass(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= Math.min(left, 1000)) {
    const step = Math.min(left, 1000);
    clock.advance(step);
    vi.advanceTimersByTime(step);
    // what the tick asked of the store has answered before the next second
    await runner.settled();
  }
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  t = tempStore();
  seed(t.store, { now: NOON });
  clock = manualClock(NOON + 20_000); // 12:00:20 in Prague
  phone = new ReplayPhone({ remoteAnswerMs: -1, now: clock });
  runner = new DeskRunner({ store: t.store, phone, operator: { id: null, name: 'alice', extension: '101' }, now: clock, timezone: 'Europe/Prague' });
  await runner.start();
  await phone.start();
  stopLive = runner.runLive();
  // the phone says it is registered a turn later (its 0 ms timer)
  vi.advanceTimersByTime(0);
  await runner.settled();
  drawn = 0;
  runner.subscribe(() => drawn++);
});
afterEach(async () => {
  stopLive();
  runner.dispose();
  await phone.stop();
  t.cleanup();
  vi.useRealTimers();
});

describe('the desk clock', () => {
  it('ticks at the next whole minute when idle, at the next second while a call is on', () => {
    const idle = initialState({ operator: 'a', extension: '1', currency: 'CZK', region: 'CZ', now: NOON });
    expect(nextTickAt(idle, NOON + 20_500)).toBe(NOON + MIN);
    const onCall = { ...idle, calls: [{ id: 'c1' } as never] };
    expect(nextTickAt(onCall, NOON + 20_500)).toBe(NOON + 21_000);
  });

  it('idle: nothing is drawn until the minute on the status bar changes, then once', async () => {
    expect(statusRow(runner.state, 'Europe/Prague').map((s) => s.text).join('')).toMatch(/12:00$/);
    await pass(39_000); // 12:00:59
    expect(drawn).toBe(0);
    await pass(1_000); // 12:01:00
    expect(drawn).toBe(1);
    expect(statusRow(runner.state, 'Europe/Prague').map((s) => s.text).join('')).toMatch(/12:01$/);
    await pass(59_000);
    expect(drawn).toBe(1);
  });

  it('a call counts seconds: a frame a second while it rings and is on, by the minute again after it', async () => {
    phone.ring('+420731000222', 'c1');
    await runner.settled();
    drawn = 0;
    await pass(5_000);
    expect(drawn).toBe(5);
    runner.dispatch({ type: 'key', key: 'a' });
    await runner.settled();
    phone.callerHangsUp('c1');
    await pass(1_000);
    expect(runner.state.calls).toEqual([]);
    drawn = 0;
    await pass(30_000); // 12:00:56 at most: the next minute has not come
    expect(drawn).toBeLessThanOrEqual(1);
  });

  it('idle with its lock held: an hour passes without one write to the shared database (no heartbeat); a call beats every 10 s', async () => {
    const aliveAt = () => t.store.consoles.live().find((r) => r.id === runner.consoleId)!.aliveAt;
    // a colleague's connection: its data_version moves with every commit of this console
    const colleague = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
    try {
      const before = { aliveAt: aliveAt(), commits: colleague.dataVersion() };
      await pass(60 * MIN);
      expect(aliveAt()).toBe(before.aliveAt);
      expect(colleague.dataVersion()).toBe(before.commits);
    } finally {
      colleague.close();
    }
    // a call on: a sign of life every 10 s, so a crash closes it at its last one
    phone.ring('+420731000222', 'c1');
    await runner.settled();
    runner.flushWrites();
    await pass(20_000);
    expect(aliveAt()).toBe(clock());
  });

  it("a scheduled order's confirmation call shows as due when its minute comes, without a key", async () => {
    const draft = t.store.deliveries.createDraft({ customerId: null, phone: '+420777000111', phoneKey: '+420777000111' }, NOON);
    const due = NOON + 5 * MIN; // 12:05
    const r = t.store.orderTerms.applyQuote(draft.id, draft.version, { zoneId: null, posId: null, fee: 0, minutes: null, promisedAt: NOON + 90 * MIN, asap: false, confirmDueAt: due }, NOON);
    expect(r.ok).toBe(true);
    runner.dispatch({ type: 'key', key: 'S' });
    await runner.settled();
    const mine = () => runner.state.scheduled.list.find((o) => o.id === draft.id);
    expect(mine()).toMatchObject({ due: false });
    await pass(due - clock() - 1_000); // 12:04:59
    expect(mine()).toMatchObject({ due: false });
    await pass(1_000); // 12:05:00
    expect(mine()).toMatchObject({ due: true });
  });
});
