/**
 * Issue 19: colleagues' commits are noticed without polling (a watch on the -wal file, then
 * data_version), and only those that moved what a desk shows reload its lists: a colleague's
 * heartbeat wakes nothing. Two real connections on one SQLite file.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DeskRunner } from './runner.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { Store } from '../store/index.js';
import { seed } from '../demo/seed.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import type { Effect } from './events.js';
import { until } from '../../test/helpers/until.js';

let t: ReturnType<typeof tempStore>;
let colleague: Store;
let runner: DeskRunner;
let stopLive: () => void;
const effects: Effect['type'][] = [];

beforeEach(async () => {
  t = tempStore();
  seed(t.store, { now: NOON });
  colleague = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
  runner = new DeskRunner({ store: t.store, phone: new ReplayPhone({ register: false }), operator: { id: null, name: 'alice', extension: '101' }, now: () => NOON, onEffect: (e) => effects.push(e.type) });
  await runner.start();
  stopLive = runner.runLive();
  effects.length = 0;
});
afterEach(() => {
  stopLive();
  runner.dispose();
  colleague.close();
  t.cleanup();
});

it("a colleague's new order shows without a key; a colleague's heartbeat reloads nothing", async () => {
  colleague.consoles.begin('bob-run', 'bob', NOON);
  colleague.consoles.alive('bob-run', NOON + 10_000);
  await new Promise((r) => setTimeout(r, 300));
  expect(effects).not.toContain('load-list');
  const before = runner.state;
  const d = colleague.deliveries.createDraft({ customerId: null, phone: '+420777000111', phoneKey: '+420777000111' }, NOON);
  await until('the new order in the list', () => runner.state.openOrders.some((o) => o.id === d.id));
  expect(runner.state).not.toBe(before);
  expect(effects).toContain('load-list');
});

it("a colleague's change to one order: the other rows keep their objects (only that row is drawn again)", async () => {
  const before = runner.state.openOrders;
  expect(before.length).toBeGreaterThan(2);
  const changed = before.find((o) => o.customerName)!;
  const d = colleague.deliveries.get(changed.id)!;
  colleague.customers.update({ ...colleague.customers.get(d.customerId!)!, name: 'Renamed By A Colleague' });
  await until('the new name in the list', () => runner.state.openOrders.some((o) => o.customerName === 'Renamed By A Colleague'));
  const after = runner.state.openOrders;
  for (const o of after) {
    const was = before.find((b) => b.id === o.id)!;
    if (o.customerName === 'Renamed By A Colleague') expect(o).not.toBe(was);
    else expect(o, `order ${o.number}`).toBe(was);
  }
});

it("a colleague's commit between the desk's start and its watch (the console loads its relay first) shows once the watch starts", async () => {
  stopLive();
  runner.dispose();
  runner = new DeskRunner({ store: t.store, phone: new ReplayPhone({ register: false }), operator: { id: null, name: 'alice', extension: '101' }, now: () => NOON });
  await runner.start();
  const item = colleague.workItems.create({ kind: 'callback', entry: { via: 'ivr', value: '2' }, phone: '602 111 222' }, NOON);
  expect(item.ok).toBe(true);
  expect(runner.state.queue.items).toEqual([]);
  stopLive = runner.runLive();
  await until('the callback in the queue', () => runner.state.queue.items.length === 1);
});

it("a colleague's new order reads the orders again, not the queue (each list has its own counter)", async () => {
  const d = colleague.deliveries.createDraft({ customerId: null, phone: '+420777000112', phoneKey: '+420777000112' }, NOON);
  await until('the new order in the list', () => runner.state.openOrders.some((o) => o.id === d.id));
  expect(effects).toContain('load-list');
  expect(effects).not.toContain('load-queue');
});

it("a chat arriving at a colleague's intake reads the queue again, not the open orders", async () => {
  const r = colleague.conversations.receive('web', 'visitor-q', { channelMessageId: 'm1', kind: 'text', text: 'Do you deliver to Brno?' }, NOON);
  expect(r.ok).toBe(true);
  await until('the chat in the queue', () => runner.state.queue.items.length === 1);
  expect(effects).toContain('load-queue');
  expect(effects).not.toContain('load-list');
});
