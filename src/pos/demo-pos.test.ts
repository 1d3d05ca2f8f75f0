/**
 * The demo's point of sale and kitchen, as `console --demo` runs them: a real WebSocket server
 * on loopback, the real relay, a real SQLite file. An order sent is acknowledged, then moves
 * through confirmed, cooking, on the way (with a driver) and delivered.
 */
import fs from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { seed } from '../demo/seed.js';
import { sendOrders, waitFor } from '../../test/e2e/pos-fake.js';
import { connectDemoOutlets, parsePace, startDemoPointOfSale } from './demo-pos.js';
import { startRelay } from './relay.js';
import { wsLink } from './ws-transport.js';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function demoStore(): Store {
  const dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-demo-pos-`);
  const store = Store.open(`${dir}/demo.db`, { region: 'CZ', currency: 'CZK' });
  cleanup.push(() => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
  seed(store, {});
  return store;
}

describe('the demo point of sale and kitchen', () => {
  it('acknowledges an order and moves it through cooking, on the way and delivered', async () => {
    const store = demoStore();
    const demo = await startDemoPointOfSale({ pace: { accepted: 0.05, cooking: 0.15, onTheWay: 0.3, delivered: 0.45 } });
    cleanup.push(() => demo.close());
    expect(await connectDemoOutlets(store.ports, demo)).toEqual(['Pizzeria Vinohrady', 'Pizzeria Karlín']);
    const vinohrady = store.pointsOfSale.byName('Pizzeria Vinohrady')!;
    expect(vinohrady).toMatchObject({ transport: 'ws', endpoint: `ws://127.0.0.1:${demo.port}/demo/pizzeria-vinohrady` });
    const relay = startRelay({ store: store.ports, owner: 'demo-test', pollMs: 20 });
    cleanup.push(() => relay.stop());

    const [d] = sendOrders(store, vinohrady.id, 1);
    const seen: string[] = [];
    await waitFor('delivered', () => {
      const now = store.deliveries.get(d.id)!;
      const word = `${now.status}${store.outbox.handoffOf(d.id)?.state === 'acknowledged' ? '+ack' : ''}`;
      if (seen[seen.length - 1] !== word) seen.push(word);
      return now.status === 'delivered';
    }, 5000);
    // acknowledged by the demo POS before the kitchen's first status
    expect(seen.indexOf('sent+ack')).toBeGreaterThanOrEqual(0);
    expect(seen.indexOf('sent+ack')).toBeLessThan(seen.indexOf('confirmed+ack'));
    expect(seen.filter((w) => w.endsWith('+ack')).map((w) => w.replace('+ack', ''))).toEqual(
      expect.arrayContaining(['confirmed', 'cooking', 'on-the-way', 'delivered']));
    const delivered = store.deliveries.get(d.id)!;
    expect(delivered.driverName).toBe('Karel Rychlý');
    expect([...demo.taken.values()]).toEqual([{ orderId: `ringdesk-delivery-${d.id}`, revision: d.version }]);
  });

  it('takes a repeated key once, refuses a stranger, and never takes over a real point of sale', async () => {
    const store = demoStore();
    expect(store.pointsOfSale.set('Pizzeria Karlín', { endpoint: 'https://pos.example/karlin', token: 'real-token-123456' }).ok).toBe(true);
    const demo = await startDemoPointOfSale({ pace: { accepted: 0.05, cooking: 10, onTheWay: 10, delivered: 10 } });
    cleanup.push(() => demo.close());
    expect(await connectDemoOutlets(store.ports, demo)).toEqual(['Pizzeria Vinohrady']);
    expect(store.pointsOfSale.byName('Pizzeria Karlín')!.endpoint).toBe('https://pos.example/karlin');
    // a second demo console re-points the outlet at its own kitchen
    const again = await startDemoPointOfSale();
    cleanup.push(() => again.close());
    expect(await connectDemoOutlets(store.ports, again)).toEqual(['Pizzeria Vinohrady']);

    const { endpoint, token } = demo.outlet('Pizzeria Vinohrady');
    const statuses: unknown[] = [];
    const link = wsLink(endpoint, token, { posId: 1, keepOpen: false, onStatus: async (_id, r) => { statuses.push(r); return { code: 200, body: {} }; } });
    cleanup.push(() => link.close());
    const payload = JSON.stringify({ id: 'ringdesk-delivery-77', revision: 3, status: 'sent' });
    expect(await link.send({ key: 'ringdesk-77-v3', payload, timeoutMs: 2000 }, () => {})).toEqual({ kind: 'acknowledged' });
    expect(await link.send({ key: 'ringdesk-77-v3', payload, timeoutMs: 2000 }, () => {})).toEqual({ kind: 'acknowledged' });
    expect(demo.taken.size).toBe(1);
    await waitFor('accepted', () => statuses.length === 1, 2000);
    await new Promise((r) => setTimeout(r, 150));
    expect(statuses).toHaveLength(1);
    const stranger = wsLink(endpoint, 'not-the-demo-token', { posId: 1, keepOpen: false });
    cleanup.push(() => stranger.close());
    expect(await stranger.send({ key: 'k', payload, timeoutMs: 2000 }, () => {})).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('401') });
  });

  it('reads the kitchen pace, refusing what it cannot', () => {
    expect(parsePace('1, 2,3,4')).toEqual({ ok: true, pace: { accepted: 1, cooking: 2, onTheWay: 3, delivered: 4 } });
    for (const bad of ['1,2,3', '4,3,2,1', 'a,b,c,d', '-1,2,3,4']) expect(parsePace(bad)).toMatchObject({ ok: false, error: expect.stringContaining(`"${bad}"`) });
  });
});
