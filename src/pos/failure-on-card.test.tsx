/**
 * A failed hand-off as the dispatcher sees it: the list shows the delivery failed, the card says
 * why, and the send key sends it again (a new version) until the POS acknowledges it.
 */
import fs from 'node:fs';
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { App } from '../views/App.js';
import { DeskRunner } from '../desk/runner.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { FakeHttpPos, sendOrders, storeWithPos, waitFor } from '../../test/e2e/pos-fake.js';
import { startRelay } from './relay.js';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('a failed order on the desk', () => {
  it('shows failed in the list and the reason on the card; s sends it again', async () => {
    const pos = new FakeHttpPos(18087, 'card-test-token-1234');
    pos.behaviour = () => 422;
    await pos.start();
    const { store, posId, dir } = storeWithPos(pos.url, 'card-test-token-1234');
    cleanup.push(() => pos.stop(), () => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
    const [d] = sendOrders(store, posId, 1);

    const runner = new DeskRunner({ store, phone: new ReplayPhone({ register: false }), operator: { id: null, name: 'alice', extension: '101' }, columns: 120, rows: 30 });
    runner.start();
    const ui = render(<App runner={runner} timeZone="UTC" />);
    cleanup.push(() => ui.unmount(), () => runner.dispose());
    const frame = () => ui.lastFrame() ?? '';
    await waitFor('list shows the order', () => frame().includes(d.number), 3000);
    runner.dispatch({ type: 'key', key: 'enter' });
    await waitFor('card open', () => frame().includes(`Order ${d.number}`), 3000);
    expect(frame()).not.toContain('Not at the POS');

    // the console's own relay fails it while the card is open: the card updates by itself
    const relay = startRelay({ store, owner: 'card-test', timeoutMs: 400, baseDelayMs: 20, pollMs: 20, onChange: () => runner.dispatch({ type: 'store-changed' }) });
    cleanup.push(() => relay.stop());
    await waitFor('card shows the reason', () => frame().includes('Not at the POS: POS answered 422: fault 422'), 3000);
    expect(store.deliveries.get(d.id)!.status).toBe('failed');
    runner.dispatch({ type: 'key', key: 'escape' });
    await waitFor('list shows it failed', () => frame().includes('Open orders') && new RegExp(`${d.number}.*FAILED at POS`).test(frame()), 3000);
    runner.dispatch({ type: 'key', key: 'enter' });
    await waitFor('card again', () => frame().includes('Not at the POS'), 3000);
    expect(frame()).toContain('s sends it again');

    pos.behaviour = () => 'ok';
    runner.dispatch({ type: 'key', key: 's' });
    await waitFor('the new version acknowledged', () => store.outbox.counts().acknowledged === 1, 5000);
    expect(store.deliveries.get(d.id)!.status).toBe('sent');
    const rows = store.outbox.ofDelivery(d.id);
    expect(rows.map((r) => [r.version, r.state])).toEqual([[d.version, 'failed'], [rows[1].version, 'acknowledged']]);
    expect(rows[1].version).toBeGreaterThan(d.version);
    expect(pos.created.size).toBe(1);
  });
});
