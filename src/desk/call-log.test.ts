/** The call log across console runs: a real store, the real runner, replay phones. */
import { afterEach, describe, expect, it } from 'vitest';
import { DeskRunner } from './runner.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { seed } from '../demo/seed.js';
import { previewCall, describeRoute } from './lookup.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { manualClock } from '../domain/clock.js';
import { until } from '../../test/helpers/until.js';

const cleanups: (() => void)[] = [];
afterEach(() => { cleanups.splice(0).forEach((f) => f()); });

describe('the call log across runs of the console', () => {
  it('restarting the demo never overwrites an earlier run\'s rows: every run\'s calls have their own references', async () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    const clock = manualClock(NOON);
    for (const run of [1, 2]) {
      const phone = new ReplayPhone({ now: clock });
      const runner = new DeskRunner({ store: t.store, phone, operator: { id: null, name: 'alice', extension: '101' }, now: clock });
      await runner.start();
      await phone.start();
      const id = phone.ring('+420 602 999 111'); // the demo's calls: the phone names them
      await until(() => runner.state.calls.length === 1);
      phone.callerHangsUp(id);
      await until(() => runner.state.calls.length === 0);
      runner.dispose();
      await phone.stop();
      clock.advance(60_000 * run);
    }
    const rows = t.store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER });
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.callRef)).size).toBe(2);
    expect(rows.map((r) => r.outcome)).toEqual(['missed', 'missed']);
  });
});

describe('a driver on the phone', () => {
  it("a driver's mobile finds the driver, written any way; answering opens no order", async () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    seed(t.store, { now: NOON });
    for (const raw of ['+420 605 100 200', '605100200', '00420 605-100-200']) expect(t.store.lookupCaller(raw).driver?.name).toBe('Karel Rychlý');
    expect(t.store.lookupCaller('+420 777 123 456').driver).toBeNull();
    const p = await previewCall(t.store.ports, '605 100 200');
    expect(p.route).toEqual({ kind: 'no-order' });
    expect(describeRoute(p, t.store.region)).toBe('driver Karel Rychlý: answer opens no order');
  });
});
