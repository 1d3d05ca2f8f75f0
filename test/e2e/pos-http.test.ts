/**
 * The relay against a real HTTP server standing in for the POS, fault by fault. After each:
 * every order created exactly once by the POS (it dedupes on the key, and the test shows the
 * same key arriving again), none lost, the delivery's status right in the database.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import type { Delivery } from '../../src/domain/delivery.js';
import { startRelay, type Relay, type RelayOptions } from '../../src/pos/relay.js';
import { formatClock } from '../../src/domain/local-time.js';
import { FakeHttpPos, sendOrders, storeWithPos, waitFor, type Behaviour } from './pos-fake.js';

const PORT = 18080;
const TOKEN = 'kitchen-one-token-7f3a';
const fast: Partial<RelayOptions> = { timeoutMs: 400, leaseMs: 1500, baseDelayMs: 30, maxDelayMs: 200, pollMs: 20 };

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(behaviour: Behaviour, opts: { up?: boolean; relay?: Partial<RelayOptions>; n?: number; promisedAt?: number; now?: number } = {}) {
  const pos = new FakeHttpPos(PORT, TOKEN);
  pos.behaviour = behaviour;
  if (opts.up !== false) await pos.start();
  const { store, posId, dir } = storeWithPos(pos.url, TOKEN);
  const log: string[] = [];
  const deliveries = sendOrders(store, posId, opts.n ?? 5, { promisedAt: opts.promisedAt, now: opts.now });
  const relay = startRelay({ store: store.ports, owner: 'test-relay', log: (l) => log.push(l), ...fast, ...opts.relay });
  cleanup.push(() => pos.stop(), () => relay.stop(), () => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
  return { pos, store, posId, deliveries, relay, log };
}

const keyOf = (d: Delivery) => `ringdesk-${d.id}-v${d.version}`;

function allAcknowledged(store: Store): boolean {
  const c = store.outbox.counts();
  return c.acknowledged > 0 && c.queued + c.sending + c.sent + c.failed === 0;
}

/** The promise of the hand-off, checked after every fault. */
function expectExactlyOnce(pos: FakeHttpPos, store: Store, deliveries: Delivery[]): void {
  expect(pos.invalid).toEqual([]);
  expect(pos.created.size).toBe(deliveries.length);
  for (const d of deliveries) {
    expect(pos.created.get(keyOf(d))?.orderId).toBe(`ringdesk-delivery-${d.id}`);
    const rows = store.outbox.ofDelivery(d.id);
    expect(rows.map((r) => r.state)).toEqual(['acknowledged']);
    expect(store.deliveries.get(d.id)!.status).toBe('sent');
  }
}

describe('relay → HTTP POS', () => {
  it('POS down, then up: queued orders wait and go once it is back', async () => {
    const { pos, store, deliveries, relay: _r, log } = await setup(() => 'ok', { up: false });
    await waitFor('two refused attempts each', () => store.outbox.list().every((r) => r.attempts >= 2));
    expect(store.outbox.list()[0].lastError).toMatch(/not reachable \(connection refused\)/);
    expect(store.outbox.counts().failed).toBe(0);
    await pos.start();
    await waitFor('all acknowledged', () => allAcknowledged(store));
    expectExactlyOnce(pos, store, deliveries);
    expect(log.some((l) => /again in/.test(l))).toBe(true);
  });

  it('500s: the same key goes again until the POS takes it', async () => {
    const { pos, store, deliveries } = await setup((_k, n) => (n <= 2 ? 500 : 'ok'));
    await waitFor('all acknowledged', () => allAcknowledged(store));
    expectExactlyOnce(pos, store, deliveries);
    for (const d of deliveries) expect(pos.arrivalsOf(keyOf(d))).toBe(3);
    for (const r of store.outbox.list()) expect(r.attempts).toBe(3);
  });

  it('timeouts: the POS took the order but never answered; the resend is deduplicated', async () => {
    const { pos, store, deliveries } = await setup((_k, n) => (n === 1 ? 'timeout' : 'ok'));
    await waitFor('all acknowledged', () => allAcknowledged(store));
    expectExactlyOnce(pos, store, deliveries);
    for (const d of deliveries) expect(pos.arrivalsOf(keyOf(d))).toBe(2);
  });

  it('connection resets after the POS took the order', async () => {
    const { pos, store, deliveries } = await setup((_k, n) => (n === 1 ? 'reset' : 'ok'));
    await waitFor('all acknowledged', () => allAcknowledged(store));
    expectExactlyOnce(pos, store, deliveries);
    for (const d of deliveries) expect(pos.arrivalsOf(keyOf(d))).toBe(2);
  });

  it('slow acks: within the timeout they count; past it the same key goes again', async () => {
    const { pos, store, deliveries } = await setup((k, n) => (n > 1 ? 'ok' : Number(k.split('-')[1]) % 2 ? { slowMs: 800 } : { slowMs: 250 }));
    await waitFor('all acknowledged', () => allAcknowledged(store));
    expectExactlyOnce(pos, store, deliveries);
    const arrivals = deliveries.map((d) => pos.arrivalsOf(keyOf(d)));
    expect(arrivals.filter((a) => a === 1).length).toBeGreaterThan(0);
    expect(arrivals.filter((a) => a === 2).length).toBeGreaterThan(0);
    // a late answer to an attempt already given up changes nothing
    await new Promise((r) => setTimeout(r, 900));
    expectExactlyOnce(pos, store, deliveries);
  });

  it('a validation refusal is not retried blindly: failed with the reason, then resent by the dispatcher', async () => {
    let fixed = false;
    const { pos, store, deliveries } = await setup(() => (fixed ? 'ok' : 422), { n: 1 });
    const [d] = deliveries;
    await waitFor('failed', () => store.outbox.counts().failed === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(pos.arrivalsOf(keyOf(d))).toBe(1);
    expect(store.deliveries.get(d.id)!.status).toBe('failed');
    const failure = store.outbox.failureOf(d.id)!;
    expect(failure.lastError).toBe('POS answered 422: fault 422');
    fixed = true;
    expect(store.outbox.resend(failure.id).ok).toBe(true);
    await waitFor('acknowledged after resend', () => allAcknowledged(store));
    expectExactlyOnce(pos, store, deliveries);
    expect(pos.arrivalsOf(keyOf(d))).toBe(2);
  });

  it('a POS outage never fails an order by attempt count: retries go on, capped at 30 s, until the promised time', async () => {
    // the clock is injected: 50 minutes of outage pass in a few hundred milliseconds
    const start = Date.UTC(2026, 11, 8, 11, 0);
    let clock = start;
    const promisedAt = start + 45 * 60_000;
    const { store, deliveries } = await setup(() => 'ok', {
      up: false, n: 3, promisedAt, now: start,
      relay: { now: () => clock, baseDelayMs: 2000, maxDelayMs: 30_000, probeMs: 3_600_000, pollMs: 5, random: () => 1 },
    });
    const settled = () => store.outbox.list().every((r) => r.state === 'failed' || (r.state === 'queued' && r.nextAttemptAt > clock));
    const gaps: number[] = [];
    while (clock < promisedAt + 5 * 60_000) {
      clock += 15_000;
      await waitFor('every due attempt made', settled, 5000);
      for (const r of store.outbox.list()) if (r.state === 'queued') gaps.push(r.nextAttemptAt - clock);
      if (clock < promisedAt) expect(store.outbox.counts().failed).toBe(0);
    }
    for (const d of deliveries) {
      const [row] = store.outbox.ofDelivery(d.id);
      expect(row.state).toBe('failed');
      expect(row.attempts).toBeGreaterThan(20); // the old relay gave up after 8
      expect(row.lastError).toMatch(new RegExp(`^not acknowledged by ${formatClock(promisedAt, 'UTC')} \\(its promised time\\) after \\d+ attempts: the POS is not reachable`));
      expect(store.deliveries.get(d.id)!.status).toBe('failed');
    }
    expect(Math.max(...gaps)).toBeLessThanOrEqual(30_000);
  });

  it('the POS back after a 90 s outage: a probe notices and every waiting order goes at once, not after its back-off', async () => {
    const start = Date.UTC(2026, 11, 8, 11, 0);
    let clock = start;
    const { pos, store, deliveries, log } = await setup(() => 'ok', {
      up: false, n: 40, promisedAt: start + 3_600_000, now: start,
      relay: { now: () => clock, baseDelayMs: 2000, maxDelayMs: 30_000, probeMs: 500, pollMs: 5, random: () => 1, concurrency: 16 },
    });
    while (clock < start + 90_000) {
      clock += 10_000;
      await waitFor('every due attempt made', () => store.outbox.list().every((r) => r.state === 'queued' && r.nextAttemptAt > clock), 5000);
    }
    // every order waits out a back-off longer than the time the test gives it
    expect(Math.min(...store.outbox.list().map((r) => r.nextAttemptAt - clock))).toBeGreaterThan(4000);
    await pos.start();
    const back = Date.now();
    await waitFor('all acknowledged', () => allAcknowledged(store), 10_000);
    expect(Date.now() - back).toBeLessThan(10_000);
    expect(clock).toBe(start + 90_000); // nobody waited for the clock: the probe and the wake-up did it
    expectExactlyOnce(pos, store, deliveries);
    expect(log.some((l) => /probe.*acknowledged.*waiting order\(s\) of it go now/.test(l))).toBe(true);
  });

  it('an update sent after the order carries a higher revision; the POS keeps the newest even when the old one arrives last', async () => {
    const { pos, store, deliveries, relay } = await setup(() => 'ok', { n: 1 });
    const [d] = deliveries;
    const edited = store.sendToPointOfSale({ ...store.deliveries.get(d.id)!, comment: 'ring twice, flat 4' });
    expect(edited.ok).toBe(true);
    const newKey = keyOf(edited.ok ? edited.delivery : d);
    // the first version hits a 500 so the update overtakes it
    pos.behaviour = (k, n) => (k === keyOf(d) && n === 1 ? 500 : 'ok');
    relay.kick();
    await waitFor('both versions acknowledged', () => allAcknowledged(store) && store.outbox.counts().acknowledged === 2, 15_000);
    const order = pos.arrivals.filter((a) => a.orderId === `ringdesk-delivery-${d.id}`).map((a) => a.revision);
    expect(order.sort()).toEqual([d.version, d.version, d.version + 1]);
    expect(pos.arrivals[pos.arrivals.length - 1].revision).toBe(d.version); // the old one came last
    expect(pos.latest.get(`ringdesk-delivery-${d.id}`)).toBe(d.version + 1);
    expect(pos.created.has(newKey)).toBe(true);
    expect(JSON.parse(pos.created.get(newKey)!.payloadText).comment).toBe('ring twice, flat 4');
  });

  it('a wrong token is a refusal to fix, not to retry', async () => {
    const { pos, store, deliveries } = await setup(() => 'ok', { n: 1 });
    await waitFor('acknowledged', () => allAcknowledged(store));
    const res = store.pointsOfSale.set('Kitchen One', { token: 'another-token-0000' });
    expect(res.ok).toBe(true);
    const again = store.sendToPointOfSale({ ...store.deliveries.get(deliveries[0].id)!, comment: 'x' });
    expect(again.ok).toBe(true);
    await waitFor('failed', () => store.outbox.counts().failed === 1);
    expect(store.outbox.list(1)[0].lastError).toMatch(/401.*check the token/);
    expect(pos.authFailures).toEqual(['Bearer another-token-0000']);
  });
});
