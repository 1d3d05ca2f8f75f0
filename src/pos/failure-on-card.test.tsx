/**
 * A failed hand-off as dispatchers see it: the list shows the delivery failed, the card says
 * why, every console on the database shows it loudly (not only the one that sent it), and one
 * key resends it (the same order and key) until the POS acknowledges it. Before that, the list
 * and the card say queued / sending with the attempt, never "sent to POS".
 */
import fs from 'node:fs';
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../views/App.js';
import { DeskRunner } from '../desk/runner.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { Store } from '../store/index.js';
import { FakeHttpPos, sendOrders, storeWithPos, waitFor } from '../../test/e2e/pos-fake.js';
import { startRelay } from './relay.js';
import { lateWaker } from './wake.js';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function desk(store: Store, name: string, o: { relay?: ReturnType<typeof lateWaker>; bell?: () => void } = {}) {
  const runner = new DeskRunner({ store, phone: new ReplayPhone({ register: false }), operator: { id: null, name, extension: '101' }, columns: 120, rows: 30, relay: o.relay, bell: o.bell });
  runner.start();
  const ui = render(<App runner={runner} timeZone="UTC" />);
  cleanup.push(() => ui.unmount(), () => runner.dispose());
  return { runner, frame: () => ui.lastFrame() ?? '' };
}

describe('a failed order on the desk', () => {
  it('shows failed in the list and the reason on the card; s sends it again as a new version', async () => {
    const pos = new FakeHttpPos(0, 'card-test-token-1234');
    pos.behaviour = () => 422;
    await pos.start();
    const { store, posId, dir } = storeWithPos(pos.url, 'card-test-token-1234');
    cleanup.push(() => pos.stop(), () => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
    const [d] = sendOrders(store, posId, 1);

    const { runner, frame } = desk(store, 'alice');
    await waitFor('list shows the order queued, not sent', () => new RegExp(`${d.number}.*queued`).test(frame()), 10_000);
    expect(frame()).not.toContain('sent to POS');
    runner.dispatch({ type: 'key', key: 'enter' });
    await waitFor('card open', () => frame().includes(`Order ${d.number}`), 10_000);
    expect(frame()).toContain(`POS: queued for Kitchen One`);
    expect(frame()).not.toContain('Not at the POS');

    // the console's own relay fails it while the card is open: the card updates by itself
    const relay = startRelay({ store: store.ports, owner: 'card-test', timeoutMs: 400, baseDelayMs: 20, pollMs: 20, onChange: () => runner.dispatch({ type: 'store-changed' }) });
    cleanup.push(() => relay.stop());
    await waitFor('card shows the reason', () => frame().includes('Not at the POS (F resends it): POS answered 422: fault 422'), 10_000);
    expect(store.deliveries.get(d.id)!.status).toBe('failed');
    runner.dispatch({ type: 'key', key: 'escape' });
    await waitFor('list shows it failed', () => frame().includes('Open orders') && new RegExp(`${d.number}.*FAILED at POS`).test(frame()), 10_000);
    runner.dispatch({ type: 'key', key: 'enter' });
    await waitFor('card again', () => frame().includes('Not at the POS'), 10_000);

    pos.behaviour = () => 'ok';
    runner.dispatch({ type: 'key', key: 's' });
    await waitFor('the new version acknowledged', () => store.outbox.counts().acknowledged === 1, 5000);
    expect(store.deliveries.get(d.id)!.status).toBe('sent');
    const rows = store.outbox.ofDelivery(d.id);
    expect(rows.map((r) => [r.version, r.state])).toEqual([[d.version, 'failed'], [rows[1].version, 'acknowledged']]);
    expect(rows[1].version).toBeGreaterThan(d.version);
    expect(pos.created.size).toBe(1);
    await waitFor('list says acknowledged', () => new RegExp(`${d.number}.*acknowledged`).test(frame()), 10_000);
    expect(frame()).not.toContain('NOT AT THE POS');
  });

  it('every console on the database shows the failure loudly and F resends it from any of them, with the same key', async () => {
    const pos = new FakeHttpPos(0, 'loud-test-token-1234');
    pos.behaviour = () => 503;
    await pos.start();
    const { store, file, posId, dir } = storeWithPos(pos.url, 'loud-test-token-1234');
    const other = Store.open(file, { region: 'CZ', currency: 'CZK' });
    cleanup.push(() => pos.stop(), () => store.close(), () => other.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
    const [d] = sendOrders(store, posId, 1);
    const key = `ringdesk-${d.id}-v${d.version}`;

    // alice's console sends; bob's console is another process on the same file (its own connection)
    const waker = lateWaker();
    const alice = desk(store, 'alice', { relay: waker });
    let bells = 0;
    const bob = desk(other, 'bob', { bell: () => { bells++; } });
    // bob's console refreshes as the console does: when another connection commits
    let seen = other.dataVersion();
    const poll = setInterval(() => {
      const v = other.dataVersion();
      if (v !== seen) { seen = v; bob.runner.dispatch({ type: 'store-changed' }); }
    }, 20);
    cleanup.push(() => clearInterval(poll));
    const relay = startRelay({
      store: store.ports, owner: 'alice-relay', timeoutMs: 3000, baseDelayMs: 20, maxDelayMs: 40, pollMs: 20, probeMs: 3_600_000,
      giveUp: { kind: 'after', ms: 4000 }, onChange: () => alice.runner.dispatch({ type: 'store-changed' }),
    });
    waker.attach(relay);
    cleanup.push(() => relay.stop());

    await waitFor('alice sees it retried', () => new RegExp(`${d.number}.*sending #\\d`).test(alice.frame()), 10_000);
    await waitFor('failed', () => store.outbox.counts().failed === 1, 5000);
    const loud = new RegExp(`NOT AT THE POS: ${d.number} · Kitchen One · F resends ${d.number} · not acknowledged by \\d\\d:\\d\\d`);
    await waitFor('alice sees it loudly', () => loud.test(alice.frame()), 10_000);
    await waitFor('bob sees it loudly too', () => loud.test(bob.frame()), 10_000);
    expect(bob.runner.state.failedOrders[0].reason).toMatch(/^not acknowledged by \d\d:\d\d \(4 s after it was queued\) after \d+ attempts: (POS answered 503: fault 503|no answer from the POS within 3 s .*)$/);
    expect(bells).toBe(1);
    // on bob's screens too: the customers screen keeps the alert, and says how to reach the key
    bob.runner.dispatch({ type: 'key', key: 'C' });
    await waitFor('alert over the customers screen', () => bob.frame().includes('NOT AT THE POS') && bob.frame().includes('close this, then F resends'), 10_000);
    bob.runner.dispatch({ type: 'key', key: 'escape' });
    await waitFor('bob back on the list', () => bob.frame().includes('Open orders'), 10_000);

    pos.behaviour = () => 'ok';
    bob.runner.dispatch({ type: 'key', key: 'F' });
    await bob.runner.settled();
    expect(bob.runner.state.message?.text).toContain(`${d.number} sent again to Kitchen One`);
    await waitFor('acknowledged', () => store.outbox.counts().acknowledged === 1, 5000);
    expect(store.outbox.ofDelivery(d.id)).toMatchObject([{ state: 'acknowledged', idempotencyKey: key }]);
    expect(pos.created.size).toBe(1);
    expect(pos.arrivals.every((a) => a.key === key)).toBe(true);
    await waitFor('the alert leaves alice', () => !alice.frame().includes('NOT AT THE POS'), 10_000);
    await waitFor('and bob', () => !bob.frame().includes('NOT AT THE POS'), 10_000);
    expect(bob.runner.state.failedOrders).toEqual([]);
    // nothing left to resend: the key says why
    bob.runner.dispatch({ type: 'key', key: 'F' });
    expect(bob.runner.state.message?.text).toBe('resend failed order: no order has failed at a point of sale');
  });
});
