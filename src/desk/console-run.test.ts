/**
 * Issue 19: one look for vanished consoles per box. The relay service sweeps every console run
 * (`sweepTheBox`); a console sweeps its part of the ring only while no service is alive, so an
 * idle console beside the service runs one timer: the minute on its status bar. Real SQLite files
 * and lock files; time is an injected manual clock with vitest's timers moved in step.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../store/index.js';
import { DeskRunner } from './runner.js';
import { SWEEP_MS, sweepTheBox } from './console-run.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { manualClock } from '../domain/clock.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

let t: ReturnType<typeof tempStore>;
let other: Store;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  t = tempStore();
  other = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
});
afterEach(() => {
  other.close();
  t.cleanup();
  vi.useRealTimers();
});

describe('looking for vanished consoles', () => {
  it("the relay service's sweep finds a console whose process ended within one SWEEP_MS: offline, its run gone", () => {
    const clock = manualClock(NOON);
    other.consoleLocks.hold('desk-nina');
    other.consoles.begin('desk-nina', 'nina', NOON);
    other.presence.set('nina', { status: 'available', until: null, since: NOON }, 'desk-nina');
    const lines: string[] = [];
    const stop = sweepTheBox(t.store, { owner: 'relay-box', now: clock, log: (l) => lines.push(l) });
    try {
      clock.advance(SWEEP_MS);
      vi.advanceTimersByTime(SWEEP_MS);
      expect(t.store.presence.of('nina')?.status).toBe('available');
      // the process ends without quitting: the kernel lets its lock go
      (other.consoleLocks as unknown as { held: { close(): void } }).held.close();
      clock.advance(SWEEP_MS);
      vi.advanceTimersByTime(SWEEP_MS);
      expect(t.store.presence.of('nina')).toEqual({ status: 'offline', until: null, since: NOON + 2 * SWEEP_MS });
      expect(t.store.consoles.live()).toEqual([]);
      expect(lines).toEqual([expect.stringContaining('console of nina is gone')]);
    } finally {
      stop();
    }
  });

  it('an idle console beside the relay service runs one timer, the minute on its status bar; without the service it sweeps again, at once', async () => {
    const clock = manualClock(NOON + 20_000);
    const runner = new DeskRunner({ store: t.store, phone: new ReplayPhone({ register: false }), operator: { id: null, name: 'olga', extension: '102' }, now: clock, timezone: 'Europe/Prague' });
    await runner.start();
    runner.sweepColleagues(false); // the standby saw the service's lease
    const stopLive = runner.runLive();
    try {
      expect(vi.getTimerCount()).toBe(1);
      // a colleague's console vanishes while the service is down: this console looks at once
      other.consoleLocks.hold('desk-nina');
      other.consoles.begin('desk-nina', 'nina', NOON);
      (other.consoleLocks as unknown as { held: { close(): void } }).held.close();
      runner.sweepColleagues(true);
      await runner.settled();
      expect(t.store.consoles.live().map((r) => r.operator)).toEqual(['olga']);
      expect(vi.getTimerCount()).toBe(2);
      runner.sweepColleagues(false);
      expect(vi.getTimerCount()).toBe(1);
    } finally {
      stopLive();
      runner.dispose();
    }
  });
});
