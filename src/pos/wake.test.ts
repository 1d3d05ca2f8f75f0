/**
 * The console wakes its relay when the dispatcher sends an order: the order reaches the POS
 * without waiting for the relay's next look at the outbox (here: an hour away).
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskRunner } from '../desk/runner.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { FakeHttpPos, sendOrders, storeWithPos, waitFor } from '../../test/e2e/pos-fake.js';
import { startRelay } from './relay.js';
import { lateWaker, relayLoadedLater } from './wake.js';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('waking the relay', () => {
  it('an order sent on the desk goes to the POS at once, not at the next poll', async () => {
    const pos = new FakeHttpPos(0, 'wake-test-token-1234');
    await pos.start();
    const { store, posId, dir } = storeWithPos(pos.url, 'wake-test-token-1234');
    cleanup.push(() => pos.stop(), () => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
    const waker = lateWaker();
    const runner = new DeskRunner({ store, phone: new ReplayPhone({ register: false }), operator: { id: null, name: 'alice', extension: '101' }, relay: waker });
    runner.start();
    cleanup.push(() => runner.dispose());
    const relay = startRelay({ store: store.ports, owner: 'wake-test', pollMs: 3_600_000, probeMs: 3_600_000 });
    cleanup.push(() => relay.stop());
    waker.attach(relay);
    // let the relay's first look at the (empty) outbox pass
    await new Promise((r) => setImmediate(r));

    const draft = store.deliveries.createDraft({ customerId: null, phone: '777 123 456', phoneKey: '+420777123456', posId });
    const d = { ...draft, address: { ...draft.address, street: 'Korunní', house: '5', city: 'Praha' },
      items: [{ productId: null, name: 'Margherita', size: '', modifiers: [], quantity: 1, unitPrice: 18900, kitchenComment: '' }] };
    expect(store.deliveries.save(d).ok).toBe(true);
    runner.dispatch({ type: 'delivery-opened', delivery: store.deliveries.get(d.id)! });
    runner.dispatch({ type: 'key', key: 's' });
    // the send goes through the ports (the quote too): read the outbox once the runner has carried it out
    await runner.settled();
    expect(store.outbox.counts().queued).toBe(1);
    await waitFor('the POS has the order', () => pos.created.size === 1, 3000);
    await waitFor('acknowledged', () => store.outbox.counts().acknowledged === 1, 3000);
  });

  it("a relay whose code loads only when it starts: an order queued during the load goes out; a stop during the load stops the relay it started", async () => {
    const pos = new FakeHttpPos(0, 'later-test-token-1234');
    await pos.start();
    const { store, posId, dir } = storeWithPos(pos.url, 'later-test-token-1234');
    cleanup.push(() => pos.stop(), () => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
    const failures: Error[] = [];
    let open!: () => void;
    const loaded = new Promise<void>((r) => { open = r; });
    const relay = relayLoadedLater('later-test', async () => {
      await loaded;
      return startRelay({ store: store.ports, owner: 'later-test', pollMs: 3_600_000, probeMs: 3_600_000 });
    }, (e) => failures.push(e));
    cleanup.push(() => relay.stop());
    expect(relay.owner).toBe('later-test');
    sendOrders(store, posId, 1);
    relay.wake(); // nothing loaded yet: harmless
    open();
    await waitFor('the POS has the order queued during the load', () => pos.created.size === 1, 3000);

    let openToo!: () => void;
    const loadedToo = new Promise<void>((r) => { openToo = r; });
    const late = relayLoadedLater('later-stopped', async () => {
      await loadedToo;
      return startRelay({ store: store.ports, owner: 'later-stopped', pollMs: 20, probeMs: 20 });
    }, (e) => failures.push(e));
    const stopping = late.stop();
    openToo();
    await stopping;
    await relay.stop();
    // neither relay runs now: an order queued after stays queued
    sendOrders(store, posId, 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(pos.created.size).toBe(1);
    expect(failures).toEqual([]);
  });
});
