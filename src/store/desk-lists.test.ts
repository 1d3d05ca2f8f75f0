/**
 * Issue 19: which of a desk's lists a write moved (migration v19's per-list counters), so a
 * console woken by a colleague's commit re-reads only those. A real SQLite file.
 */
import { afterEach, expect, it } from 'vitest';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { seed } from '../demo/seed.js';
import type { Store } from './index.js';

let cleanup = () => {};
afterEach(() => cleanup());

function moved(store: Store, write: () => void): string[] {
  const before = store.listVersions();
  write();
  const after = store.listVersions();
  return (Object.keys(after) as (keyof typeof after)[]).filter((l) => after[l] !== before[l]);
}

it('an order moves the orders and the chats (its client card), a chat the chats and the queue, an e-mail the queue, a heartbeat nothing', () => {
  const t = tempStore();
  cleanup = t.cleanup;
  const { store } = t;
  seed(store, { now: NOON });
  expect(moved(store, () => store.deliveries.createDraft({ customerId: null, phone: '+420777000111', phoneKey: '+420777000111' }, NOON))).toEqual(['orders', 'chats']);
  const d = store.deliveries.open().map((o) => store.deliveries.get(o.id)!).find((o) => o.customerId)!;
  const c = store.customers.get(d.customerId!)!;
  expect(moved(store, () => store.customers.update({ ...c, name: 'Renamed' }))).toEqual(['orders', 'chats']);
  // a new chat opens a work item in the queue
  const r = store.conversations.receive('web', 'visitor-a', { channelMessageId: 'm1', kind: 'text', text: 'Hello' }, NOON);
  expect(r.ok).toBe(true);
  expect(moved(store, () => store.conversations.receive('web', 'visitor-a', { channelMessageId: 'm2', kind: 'text', text: 'Still there?' }, NOON + 1000))).toContain('chats');
  expect(moved(store, () => store.conversations.receive('web', 'visitor-a', { channelMessageId: 'm3', kind: 'text', text: 'Hi' }, NOON + 2000))).not.toContain('orders');
  expect(moved(store, () => store.mailOutbox.enqueue({ kind: 'callback', to: 'a@example.com', subject: 'Order', body: 'Your order' }, NOON))).toEqual(['queue']);
  store.consoles.begin('bob-run', 'bob', NOON);
  expect(moved(store, () => store.consoles.alive('bob-run', NOON + 10_000))).toEqual([]);
});
