/** The outbox and points of sale in a real SQLite file, opened by two connections as two consoles would. */
import fs from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { sendOrders } from '../../test/e2e/pos-fake.js';
import { receiveStatus } from './status-intake.js';
import { giveUpAt, parseGiveUp } from './give-up.js';

const TOKEN = 'tok-1234567890-secret-abcd';
let dirs: string[] = [];
let stores: Store[] = [];

function fresh(): { a: Store; b: Store; file: string; posId: number } {
  const dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-outbox-`);
  dirs.push(dir);
  const file = `${dir}/desk.db`;
  const a = Store.open(file, { region: 'CZ', currency: 'CZK' });
  const res = a.pointsOfSale.add('Kitchen One', { endpoint: 'http://127.0.0.1:1/orders', token: TOKEN });
  if (!res.ok) throw new Error(res.reason);
  const b = Store.open(file, { region: 'CZ', currency: 'CZK' });
  stores.push(a, b);
  return { a, b, file, posId: res.pos.id };
}

afterEach(() => {
  for (const s of stores) s.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  stores = [];
  dirs = [];
});

describe('outbox leases', () => {
  it('gives each due row to one relay; a lease that runs out puts it up again with the same key', () => {
    const { a, b, posId } = fresh();
    const sent = sendOrders(a, posId, 6);
    const now = Date.now();
    const first = a.outbox.claimDue('console-a', 1000, 4, now);
    const second = b.outbox.claimDue('relay-b', 5000, 10, now);
    expect(first).toHaveLength(4);
    expect(second).toHaveLength(2);
    expect(new Set([...first, ...second].map((r) => r.id)).size).toBe(6);
    expect(first[0].idempotencyKey).toBe(`ringdesk-${sent[0].id}-v${sent[0].version}`);
    expect(first[0].posId).toBe(posId);
    expect(b.outbox.claimDue('relay-b', 1000, 10, now + 999)).toHaveLength(0);
    // console-a dies between send and acknowledgement
    expect(a.outbox.markWritten(first[0].id, 'console-a', now)).toBe(true);
    const taken = b.outbox.claimDue('relay-b', 1000, 10, now + 1001);
    expect(taken.map((r) => r.id).sort()).toEqual(first.map((r) => r.id).sort());
    expect(taken.find((r) => r.id === first[0].id)!.attempts).toBe(2);
    // the dead owner's late report cannot move a row it no longer holds
    expect(a.outbox.markWritten(first[1].id, 'console-a', now + 1002)).toBe(false);
    a.outbox.retryLater(first[1], 'console-a', now + 5, 'late');
    expect(a.outbox.get(first[1].id)!.state).toBe('sending');
    // but the POS's acknowledgement is the truth, whoever hears it
    a.outbox.acknowledge(first[1], now + 1003);
    expect(b.outbox.get(first[1].id)!.state).toBe('acknowledged');
  });

  it('orders for a point of sale with no endpoint wait, untouched, until one is set', () => {
    const { a, posId } = fresh();
    expect(a.pointsOfSale.set('Kitchen One', { endpoint: '' }).ok).toBe(true);
    sendOrders(a, posId, 2);
    expect(a.outbox.hasDue()).toBe(false);
    expect(a.outbox.claimDue('r', 1000, 5)).toEqual([]);
    expect(a.outbox.counts().queued).toBe(2);
    expect(a.pointsOfSale.set('Kitchen One', { endpoint: 'http://127.0.0.1:1/orders' }).ok).toBe(true);
    expect(a.outbox.hasDue()).toBe(true);
    expect(a.outbox.claimDue('r', 1000, 5)).toHaveLength(2);
  });

  it('marks the row and the delivery failed with the reason, and a resend queues the same key again', () => {
    const { a, b, posId } = fresh();
    const [d] = sendOrders(a, posId, 1);
    const [row] = a.outbox.claimDue('r', 1000, 1);
    a.outbox.markFailed(row, 'r', 'POS answered 422: phone missing');
    expect(b.deliveries.get(d.id)!.status).toBe('failed');
    expect(b.outbox.failureOf(d.id)!.lastError).toBe('POS answered 422: phone missing');
    expect(b.outbox.counts().failed).toBe(1);
    expect(b.outbox.resend(row.id).ok).toBe(true);
    expect(a.deliveries.get(d.id)!.status).toBe('sent');
    const again = a.outbox.claimDue('r', 1000, 1);
    expect(again[0].idempotencyKey).toBe(row.idempotencyKey);
    expect(again[0].attempts).toBe(1);
    const refused = a.outbox.resend(row.id);
    expect(refused.ok === false && refused.reason).toMatch(/sending, not failed/);
    expect(a.outbox.resend(999).ok).toBe(false);
  });

  it('an edit after sending goes out as a new row with a higher version; an old failure does not mark it failed', () => {
    const { a, posId } = fresh();
    const [d] = sendOrders(a, posId, 1);
    const edited = a.sendToPointOfSale({ ...a.deliveries.get(d.id)!, comment: 'ring twice' });
    expect(edited.ok).toBe(true);
    const rows = a.outbox.ofDelivery(d.id);
    expect(rows.map((r) => r.version)).toEqual([d.version, d.version + 1]);
    expect(JSON.parse(rows[1].payload).revision).toBe(d.version + 1);
    const claimed = a.outbox.claimDue('r', 1000, 5);
    a.outbox.markFailed(claimed.find((r) => r.version === d.version)!, 'r', 'POS answered 400');
    expect(a.deliveries.get(d.id)!.status).toBe('sent');
  });
});

describe('failed orders (issue 12)', () => {
  it('a status from the POS for an order marked failed reconciles it: the POS has it after all', async () => {
    const { a, b, posId } = fresh();
    const [d, other] = sendOrders(a, posId, 2);
    for (const row of a.outbox.claimDue('r', 1000, 2)) a.outbox.markFailed(row, 'r', 'not acknowledged by 12:45 (its promised time) after 30 attempts: the POS is not reachable (connection refused)');
    expect(b.outbox.failures().map((f) => [f.number, f.posName])).toEqual([[d.number, 'Kitchen One'], [other.number, 'Kitchen One']]);
    const reply = await receiveStatus(b.ports, posId, { orderId: `ringdesk-delivery-${d.id}`, status: 'cooking' });
    expect(reply).toMatchObject({ code: 200, body: { applied: true, status: 'cooking' } });
    expect(a.outbox.ofDelivery(d.id)).toMatchObject([{ state: 'acknowledged', lastError: 'acknowledged late: the POS reported "cooking"' }]);
    expect(a.deliveries.get(d.id)!.status).toBe('cooking');
    expect(a.outbox.failures().map((f) => f.deliveryId)).toEqual([other.id]);
    // another POS's word counts for nothing
    expect((await receiveStatus(b.ports, posId + 1, { orderId: `ringdesk-delivery-${other.id}`, status: 'cooking' })).code).toBe(403);
    expect(a.outbox.failures().map((f) => f.deliveryId)).toEqual([other.id]);
  });

  it('an acknowledgement wakes the POS\'s other orders waiting out a back-off', () => {
    const { a, posId } = fresh();
    sendOrders(a, posId, 3, { now: 1000 });
    const rows = a.outbox.claimDue('r', 1000, 3, 1000);
    for (const r of rows) a.outbox.retryLater(r, 'r', 1000 + 30_000, 'connection refused');
    expect(a.outbox.hasDue(2000)).toBe(false);
    // the probe takes the oldest early, one per POS, and not while one is in flight
    const [probe] = a.outbox.claimProbes('r', 1000, 2000);
    expect(probe.id).toBe(rows[0].id);
    expect(a.outbox.claimProbes('r', 1000, 2000)).toEqual([]);
    expect(a.outbox.acknowledge(probe, 2100)).toBe(2);
    expect(a.outbox.claimDue('r', 1000, 5, 2100).map((r) => r.id)).toEqual([rows[1].id, rows[2].id]);
  });

  it('a resend starts a fresh run of retries: its deadline is counted from the resend', () => {
    const { a, posId } = fresh();
    const [d] = sendOrders(a, posId, 1, { promisedAt: 50_000_000, now: 10_000_000 });
    const [row] = a.outbox.claimDue('r', 1000, 1, 10_000_000);
    expect(row).toMatchObject({ promisedAt: 50_000_000, retryFrom: 10_000_000 });
    a.outbox.markFailed(row, 'r', 'late', 50_000_001);
    expect(a.outbox.resend(row.id, 60_000_000).ok).toBe(true);
    const [again] = a.outbox.claimDue('r', 1000, 1, 60_000_000);
    expect(again).toMatchObject({ deliveryId: d.id, retryFrom: 60_000_000, attempts: 1 });
    const policy = parseGiveUp('promised');
    expect(policy.ok && giveUpAt(policy.policy, again)).toBe(60_000_000 + 10 * 60_000);
  });
});

describe('points of sale', () => {
  it('keeps the token sealed in the database, masked in lists, usable to authenticate', () => {
    const { a, b, file, posId } = fresh();
    expect(a.pointsOfSale.list()[0].token).toBe('****abcd');
    expect(JSON.stringify(a.pointsOfSale.list())).not.toContain(TOKEN);
    a.close();
    b.close();
    for (const f of [file, `${file}-wal`]) if (fs.existsSync(f)) expect(fs.readFileSync(f).includes(TOKEN)).toBe(false);
    expect(fs.statSync(`${file}.secret-key`).mode & 0o007).toBe(0);
    const c = Store.open(file, { region: 'CZ', currency: 'CZK' });
    stores.push(c);
    const conn = c.pointsOfSale.connection(posId);
    expect(conn.ok && conn.pos.token).toBe(TOKEN);
    expect(c.pointsOfSale.authenticate(TOKEN)?.name).toBe('Kitchen One');
    expect(c.pointsOfSale.authenticate('tok-1234567890-secret-abce')).toBeNull();
    fs.renameSync(`${file}.secret-key`, `${file}.moved`);
    const d = Store.open(file, { region: 'CZ', currency: 'CZK' });
    stores.push(d);
    const lost = d.pointsOfSale.connection(posId);
    expect(lost.ok === false && lost.reason).toMatch(/key file .* is missing; set the POS tokens again/);
  });

  it('refuses bad settings with a message naming what is wrong', () => {
    const { a } = fresh();
    const r = (x: ReturnType<typeof a.pointsOfSale.add>) => (x.ok ? 'ok' : x.reason);
    expect(r(a.pointsOfSale.add('Kitchen One'))).toMatch(/already exists/);
    expect(r(a.pointsOfSale.add('Two', { endpoint: 'ws://x/orders' }))).toMatch(/must start with http:\/\/ or https:\/\//);
    expect(r(a.pointsOfSale.add('Two', { endpoint: 'http://x', transport: 'smtp' }))).toMatch(/transport "smtp"/);
    expect(r(a.pointsOfSale.add('Two', { endpoint: 'not a url' }))).toMatch(/not a URL/);
    expect(r(a.pointsOfSale.add('Two', { token: 'short' }))).toMatch(/at least 8/);
    expect(a.pointsOfSale.byName('Two')).toBeNull(); // nothing half-made
    expect(r(a.pointsOfSale.set('Kitchen One', { transport: 'ws', endpoint: 'ws://127.0.0.1:1/' }))).toBe('ok');
    expect(r(a.pointsOfSale.set('Nope', {}))).toMatch(/no point of sale named "Nope"/);
  });

  it('applies statuses forward only, with the driver, and refuses strangers', () => {
    const { a, b, posId } = fresh();
    const [d] = sendOrders(a, posId, 1);
    const stale = b.deliveries.get(d.id)!;
    expect(a.pointsOfSale.recordStatus(posId, { deliveryId: d.id, status: 'confirmed' }).kind).toBe('applied');
    const ontheway = a.pointsOfSale.recordStatus(posId, { deliveryId: d.id, status: 'on-the-way', driver: { name: 'Petr', mobile: '+420777000111' } });
    expect(ontheway.kind === 'applied' && ontheway.delivery.driverName).toBe('Petr');
    const late = a.pointsOfSale.recordStatus(posId, { deliveryId: d.id, status: 'cooking' });
    expect(late.kind === 'ignored' && late.reason).toMatch(/only move forward/);
    expect(b.deliveries.get(d.id)!.status).toBe('on-the-way');
    // a desk holding the old version cannot write "sent" over the POS's news (it only merges what it changed)…
    const again = b.deliveries.save(stale);
    expect(again.ok && again.delivery.status).toBe('on-the-way');
    // …nor change what the courier already has
    expect(b.deliveries.save({ ...stale, comment: 'late change' })).toMatchObject({ ok: false, reason: expect.stringContaining('courier is on the way') });
    expect(a.pointsOfSale.recordStatus(posId, { deliveryId: 9999, status: 'cooking' }).kind).toBe('unknown-delivery');
    expect(a.pointsOfSale.recordStatus(posId + 1, { deliveryId: d.id, status: 'delivered' }).kind).toBe('other-point-of-sale');
  });
});
