/**
 * The desk's line of events over an engine that answers later than SQLite (every port's answer
 * comes 15 ms late, as a database over the network would): keys typed while an effect awaits are
 * neither lost nor put before its answer, and a call's end never overtakes its ringing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeskRunner } from './runner.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { seed, demoNumbers } from '../demo/seed.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { manualClock } from '../domain/clock.js';
import type { StorePorts } from '../store/ports.js';

/** The same ports, each answer handed back `ms` later (the SQLite work itself is done at once). */
function answeringLater<T extends object>(target: T, ms: number): T {
  return new Proxy(target, {
    get(t, name, receiver) {
      const v = Reflect.get(t, name, receiver) as unknown;
      if (typeof v === 'function') {
        return (...args: unknown[]) => {
          const r = (v as (...a: unknown[]) => unknown).apply(t, args);
          if (!(r instanceof Promise)) return r;
          return r.then((x) => new Promise((resolve) => setTimeout(() => resolve(x), ms)));
        };
      }
      if (v && typeof v === 'object' && name !== 'changes') return answeringLater(v as object, ms);
      return v;
    },
  });
}

const cleanups: (() => void)[] = [];
afterEach(() => { while (cleanups.length) cleanups.pop()!(); });

async function slowDesk() {
  const t = tempStore();
  seed(t.store, { now: NOON });
  const clock = manualClock(NOON);
  const phone = new ReplayPhone({ remoteAnswerMs: -1, now: clock });
  const ports: StorePorts = answeringLater(t.store.ports, 15);
  const runner = new DeskRunner({ store: t.store, ports, phone, operator: { id: null, name: 'alice', extension: '101' }, now: clock });
  cleanups.push(() => { runner.dispose(); void phone.stop(); t.cleanup(); });
  await runner.start();
  await phone.start();
  return { ...t, runner, phone };
}

describe('the line of events over an engine that answers later', () => {
  it('keys typed while the customers screen searches are typed into its search, after its answer, none lost', async () => {
    const { runner } = await slowDesk();
    for (const key of ['C', 'n', 'o', 'v']) runner.dispatch({ type: 'key', key });
    // the search for '' is still out: C's answer has not come, the keys wait behind it
    expect(runner.state.customersScreen?.ui.query).toBe('');
    await runner.settled();
    const screen = runner.state.customersScreen!;
    expect(screen.ui.query).toBe('nov');
    expect(screen.results.length).toBeGreaterThan(0);
    expect(screen.results.every((c) => /nov/i.test(`${c.name} ${c.company}`))).toBe(true);
  });

  it('a key typed behind C acts on the list C asked for: down moves to the second customer found', async () => {
    const { runner } = await slowDesk();
    runner.dispatch({ type: 'key', key: 'C' });
    runner.dispatch({ type: 'key', key: 'down' });
    await runner.settled();
    const screen = runner.state.customersScreen!;
    expect(screen.results.length).toBeGreaterThan(1);
    expect(screen.selectedId).toBe(screen.results[1].id);
  });

  it("the answer key while a port's answer is out (the next caller's lookup): the banner's call is answered at once, its frame told, nothing lost", async () => {
    const { runner, phone } = await slowDesk();
    phone.ring(demoNumbers.knownCustomer, 'c1');
    await runner.settled();
    const told: boolean[] = [];
    runner.subscribe((s) => told.push(!!s.calls.find((c) => c.id === 'c1')?.answering));
    // a second caller: the line waits 15 ms for the lookup behind its banner
    phone.ring(demoNumbers.twoOpenOrders, 'c2');
    await new Promise((r) => setImmediate(r));
    runner.dispatch({ type: 'keys', keys: ['a'] });
    // the 200 OK is asked for in the key's own turn, and the frame that follows shows the call being answered
    expect(phone.actions.filter((a) => a.startsWith('answer'))).toEqual(['answer c1']);
    expect(told).toEqual([true]);
    await runner.settled();
    // the second call still came in after it, and nothing was answered twice
    expect(runner.state.calls.map((c) => c.id).sort()).toEqual(['c1', 'c2']);
    expect(phone.actions.filter((a) => a.startsWith('answer'))).toEqual(['answer c1']);
    expect(runner.state.calls.find((c) => c.id === 'c1')?.phase).toBe('answered');
  });

  it("keys other than the banner's answer still wait behind the port's answer ('t' is for the order being opened)", async () => {
    const { runner, phone } = await slowDesk();
    phone.ring(demoNumbers.knownCustomer, 'c1');
    await runner.settled();
    phone.ring(demoNumbers.twoOpenOrders, 'c2');
    await new Promise((r) => setImmediate(r));
    runner.dispatch({ type: 'keys', keys: ['t'] });
    runner.dispatch({ type: 'keys', keys: ['a', 'x'] });
    expect(phone.actions.filter((a) => a.startsWith('answer'))).toEqual([]);
    await runner.settled();
  });

  it("a caller who hangs up while the banner's lookup is out: the end comes after the ringing, the call log says missed", async () => {
    const { runner, phone, store } = await slowDesk();
    phone.ring(demoNumbers.knownCustomer, 'c1');
    phone.callerHangsUp('c1');
    await runner.settled();
    expect(runner.state.calls).toEqual([]);
    expect(store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).map((c) => [c.callRef, c.outcome])).toEqual([['c1', 'missed']]);
  });
});
