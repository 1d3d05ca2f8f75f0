/**
 * The relay against a real WebSocket server standing in for the POS: per-message acks, faults,
 * and statuses pushed back over the same connection.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import type { Delivery } from '../../src/domain/delivery.js';
import { startRelay, type RelayOptions } from '../../src/pos/relay.js';
import { FakeWsPos, sendOrders, storeWithPos, waitFor, type Behaviour } from './pos-fake.js';

const PORT = 18085;
const TOKEN = 'kitchen-ws-token-91be';
const fast: Partial<RelayOptions> = { timeoutMs: 400, leaseMs: 1500, baseDelayMs: 30, maxDelayMs: 200, pollMs: 20 };

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(behaviour: Behaviour, opts: { up?: boolean; n?: number; token?: string; relay?: Partial<RelayOptions> } = {}) {
  const pos = new FakeWsPos(PORT, TOKEN);
  pos.behaviour = behaviour;
  if (opts.up !== false) await pos.start();
  const { store, posId, dir } = storeWithPos(pos.url, opts.token ?? TOKEN, 'ws');
  const log: string[] = [];
  const deliveries = sendOrders(store, posId, opts.n ?? 5);
  const relay = startRelay({ store: store.ports, owner: 'ws-relay', log: (l) => log.push(l), ...fast, ...opts.relay });
  cleanup.push(() => pos.stop(), () => relay.stop(), () => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
  return { pos, store, posId, deliveries, relay, log };
}

const keyOf = (d: Delivery) => `ringdesk-${d.id}-v${d.version}`;
const allAcknowledged = (store: Store) => {
  const c = store.outbox.counts();
  return c.acknowledged > 0 && c.queued + c.sending + c.sent + c.failed === 0;
};

function expectExactlyOnce(pos: FakeWsPos, store: Store, deliveries: Delivery[]): void {
  expect(pos.invalid).toEqual([]);
  expect(pos.created.size).toBe(deliveries.length);
  for (const d of deliveries) {
    expect(pos.created.get(keyOf(d))?.orderId).toBe(`ringdesk-delivery-${d.id}`);
    expect(store.outbox.ofDelivery(d.id).map((r) => r.state)).toEqual(['acknowledged']);
    expect(store.deliveries.get(d.id)!.status).toBe('sent');
  }
}

describe('relay → WebSocket POS', () => {
  it('POS down, then up', async () => {
    const { pos, store, deliveries } = await setup(() => 'ok', { up: false });
    await waitFor('two refused attempts each', () => store.outbox.list().every((r) => r.attempts >= 2));
    expect(store.outbox.list()[0].lastError).toMatch(/not reachable/);
    await pos.start();
    await waitFor('all acknowledged', () => allAcknowledged(store));
    expectExactlyOnce(pos, store, deliveries);
  });

  it('nacks with 500, then acks the same key', async () => {
    const { pos, store, deliveries } = await setup((_k, n) => (n <= 2 ? 500 : 'ok'));
    await waitFor('all acknowledged', () => allAcknowledged(store));
    expectExactlyOnce(pos, store, deliveries);
    for (const d of deliveries) expect(pos.arrivalsOf(keyOf(d))).toBe(3);
  });

  it('no ack (timeout), then the resend is deduplicated', async () => {
    const { pos, store, deliveries } = await setup((_k, n) => (n === 1 ? 'timeout' : 'ok'));
    await waitFor('all acknowledged', () => allAcknowledged(store));
    expectExactlyOnce(pos, store, deliveries);
    for (const d of deliveries) expect(pos.arrivalsOf(keyOf(d))).toBe(2);
  });

  it('the connection drops before the ack: reconnect, resend, one order', async () => {
    const { pos, store, deliveries } = await setup((_k, n) => (n === 1 ? 'reset' : 'ok'));
    await waitFor('all acknowledged', () => allAcknowledged(store));
    expectExactlyOnce(pos, store, deliveries);
    for (const d of deliveries) expect(pos.arrivalsOf(keyOf(d))).toBeGreaterThanOrEqual(2);
  });

  it('slow acks', async () => {
    const { pos, store, deliveries } = await setup((k, n) => (n > 1 ? 'ok' : Number(k.split('-')[1]) % 2 ? { slowMs: 800 } : { slowMs: 250 }));
    await waitFor('all acknowledged', () => allAcknowledged(store));
    expectExactlyOnce(pos, store, deliveries);
    expect(deliveries.some((d) => pos.arrivalsOf(keyOf(d)) === 2)).toBe(true);
    expect(deliveries.some((d) => pos.arrivalsOf(keyOf(d)) === 1)).toBe(true);
  });

  it('an ack that comes after the relay gave up reconciles the order marked failed', async () => {
    // the POS takes the order but acks after the timeout; the relay's deadline has passed by then
    const { pos, store, deliveries, log } = await setup(() => ({ slowMs: 700 }), { n: 1, relay: { giveUp: { kind: 'after', ms: 1 } } });
    const [d] = deliveries;
    await waitFor('failed', () => store.outbox.counts().failed === 1);
    expect(store.deliveries.get(d.id)!.status).toBe('failed');
    await waitFor('acknowledged late', () => store.outbox.counts().acknowledged === 1);
    expect(store.outbox.ofDelivery(d.id).map((r) => r.state)).toEqual(['acknowledged']);
    expect(store.deliveries.get(d.id)!.status).toBe('sent');
    expect(store.outbox.failures()).toEqual([]);
    expect(pos.arrivalsOf(keyOf(d))).toBe(1);
    expect(log.some((l) => /acknowledged late/.test(l))).toBe(true);
  });

  it('a refused token is a failure with the reason, not a retry loop', async () => {
    const { store, pos } = await setup(() => 'ok', { n: 1, token: 'wrong-token-1234' });
    await waitFor('failed', () => store.outbox.counts().failed === 1);
    expect(store.outbox.list(1)[0].lastError).toMatch(/401.*check the token/);
    expect(pos.arrivals).toEqual([]);
  });

  it('statuses pushed over the socket move the delivery forward; an unknown delivery is refused and logged', async () => {
    const { pos, store, deliveries, log } = await setup(() => 'ok', { n: 2 });
    await waitFor('all acknowledged', () => allAcknowledged(store));
    const [a, b] = deliveries;
    pos.pushStatus({ eventId: 'e1', orderId: `ringdesk-delivery-${a.id}`, status: 'accepted' });
    pos.pushStatus({ eventId: 'e2', orderId: 'ringdesk-delivery-99999', status: 'cooking' });
    pos.pushStatus({ eventId: 'e3', orderId: `ringdesk-delivery-${b.id}`, status: 'on the way', driver: { name: 'Jana', phone: '603 111 222' } });
    pos.pushStatus({ eventId: 'e4', orderId: `ringdesk-delivery-${b.id}`, status: 'cooking' });
    pos.pushStatus({ eventId: 'e5', orderId: `ringdesk-delivery-${b.id}`, status: 'eaten' });
    await waitFor('five replies', () => pos.statusReplies.length === 5);
    const reply = (id: string) => pos.statusReplies.find((r) => r.eventId === id)!;
    expect(reply('e1')).toMatchObject({ code: 200, applied: true, status: 'confirmed' });
    expect(reply('e2')).toMatchObject({ code: 404, error: 'unknown delivery ringdesk-delivery-99999' });
    expect(reply('e3')).toMatchObject({ code: 200, applied: true, status: 'on-the-way' });
    expect(reply('e4')).toMatchObject({ code: 200, applied: false, status: 'on-the-way' });
    expect(reply('e5')).toMatchObject({ code: 400 });
    expect(String(reply('e5').error)).toMatch(/status "eaten" is not one of: accepted, cooking, on-the-way, delivered, cancelled/);
    expect(store.deliveries.get(a.id)!.status).toBe('confirmed');
    const onTheWay = store.deliveries.get(b.id)!;
    expect(onTheWay).toMatchObject({ status: 'on-the-way', driverName: 'Jana', driverMobile: '+420603111222' });
    expect(log.some((l) => /unknown delivery ringdesk-delivery-99999/.test(l))).toBe(true);
    // still working after the bad reports
    pos.pushStatus({ eventId: 'e6', orderId: `ringdesk-delivery-${b.id}`, status: 'delivered' });
    await waitFor('delivered', () => store.deliveries.get(b.id)!.status === 'delivered');
  });
});
