import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from './index.js';
import { tempDir, tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import type { NewWorkItem } from '../domain/work-item.js';

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.reverse().forEach((c) => c()); cleanups = []; });
const fresh = () => { const t = tempStore(); cleanups.push(t.cleanup); return t; };
const jana = { operator: 'jana', console: 'c-jana' };
const petr = { operator: 'petr', console: 'c-petr' };

const call = (ref: string, over: Partial<NewWorkItem> = {}): NewWorkItem =>
  ({ kind: 'call', ref, entry: { via: 'number', value: '800 100 200' }, phone: '777 123 456', ...over });

function created(store: Store, n: NewWorkItem, now: number) {
  const r = store.workItems.create(n, now);
  if (!r.ok) throw new Error(r.reason);
  return r.item;
}

describe('work items in the store', () => {
  it('lists waiting items across kinds in first-arrival order, each with its original position, phone normalised and outside text cleaned', () => {
    const { store } = fresh();
    const chat = created(store, { kind: 'chat', ref: 'conv-1', entry: { via: 'web', value: 'https://pizza.example/menu' }, language: 'en-GB', name: 'Ann\x1b[2J Smith',
      web: { page: 'https://pizza.example/menu', referrer: 'https://search.example/?q=pizza', browser: 'Firefox 133', os: 'Linux' } }, NOON + 2000);
    const ring = created(store, call('call-1', { language: 'cs' }), NOON + 5000);
    // a callback made from a caller who hung up keeps the call's first arrival: it goes ahead of both
    const back = created(store, { kind: 'callback', entry: { via: 'ivr', value: '2' }, phone: '+420 602 111 222', arrivedAt: NOON }, NOON + 9000);
    expect(store.workItems.listWaiting().map((i) => i.id)).toEqual([back.id, chat.id, ring.id]);
    expect([chat.position, ring.position, back.position]).toEqual([1, 2, 1]);
    expect(chat.name).toBe('Ann Smith');
    expect(chat.web).toEqual({ page: 'https://pizza.example/menu', referrer: 'https://search.example/?q=pizza', browser: 'Firefox 133', os: 'Linux' });
    expect(ring.phoneKey).toBe('+420777123456');
    expect(back.phoneKey).toBe('+420602111222');
    expect(ring).toMatchObject({ kind: 'call', state: 'waiting', language: 'cs', arrivedAt: NOON + 5000, owner: { to: 'anyone' }, holder: null, entry: { via: 'number', value: '800 100 200' } });
  });

  it('makes one item per channel reference: a second console seeing the same ringing call gets the first one\'s', () => {
    const { store } = fresh();
    const a = store.workItems.create(call('call-7'), NOON);
    const b = store.workItems.create(call('call-7'), NOON + 300);
    expect(a.ok && b.ok && a.created && !b.created && a.item.id === b.item.id).toBe(true);
    expect(store.workItems.listWaiting()).toHaveLength(1);
  });

  it('refuses a bad item with the field named (NUL, a too long name, an unknown language)', () => {
    const { store } = fresh();
    expect(store.workItems.create(call('x', { name: 'a\0b' }), NOON)).toEqual({ ok: false, reason: expect.stringMatching(/^name: .*NUL/) });
    expect(store.workItems.create(call('x', { name: 'n'.repeat(201) }), NOON)).toEqual({ ok: false, reason: expect.stringMatching(/^name: .*201 characters/) });
    expect(store.workItems.create(call('x', { language: 'klingon!' }), NOON)).toEqual({ ok: false, reason: expect.stringMatching(/language "klingon!"/) });
    expect(store.workItems.listWaiting()).toEqual([]);
  });

  it('accept is taken once: a second accept is told who has it; finish ends it; each move is recorded', () => {
    const { store } = fresh();
    const item = created(store, call('call-1'), NOON);
    const won = store.workItems.accept(item.id, jana, NOON + 4000);
    expect(won.ok && won.item.state === 'accepted' && won.item.holder?.operator === 'jana').toBe(true);
    expect(store.workItems.accept(item.id, petr, NOON + 4001)).toMatchObject({ ok: false, reason: 'already accepted by jana' });
    expect(store.workItems.listWaiting()).toEqual([]);
    expect(store.workItems.abandon(item.id, NOON + 5000)).toMatchObject({ ok: false });
    expect(store.workItems.finish(item.id, 'jana', NOON + 60_000)).toMatchObject({ ok: true, item: { state: 'done' } });
    expect(store.workItems.returnToQueue(item.id, NOON + 61_000)).toMatchObject({ ok: false, reason: 'already dealt with' });
    expect(store.workItems.history(item.id).map((m) => `${m.from ?? '-'}>${m.to}`)).toEqual(['->waiting', 'waiting>accepted', 'accepted>done']);
  });

  it('an item offered to one operator is theirs to accept; returned to the queue it keeps its original place', () => {
    const { store } = fresh();
    const first = created(store, call('call-1'), NOON);
    const second = created(store, call('call-2'), NOON + 1000);
    expect(store.workItems.offer(first.id, jana, NOON + 2000)).toMatchObject({ ok: true, item: { state: 'offered' } });
    expect(store.workItems.accept(first.id, petr, NOON + 2100)).toMatchObject({ ok: false, reason: 'offered to jana' });
    expect(store.workItems.accept(first.id, jana, NOON + 2200)).toMatchObject({ ok: true });
    expect(store.workItems.returnToQueue(first.id, NOON + 9000, 'not reached')).toMatchObject({ ok: true, item: { state: 'waiting', holder: null } });
    expect(store.workItems.listWaiting().map((i) => i.id)).toEqual([first.id, second.id]);
    expect(store.workItems.get(first.id)).toMatchObject({ arrivedAt: NOON, position: 1 });
  });

  it('redirect to a group with a note: the note travels; only the group\'s members may accept', () => {
    const { store } = fresh();
    expect(store.groups.add('Brno', NOON)).toMatchObject({ ok: true });
    store.groups.addMember('Brno', 'petr', NOON);
    const item = created(store, call('call-1'), NOON);
    store.workItems.accept(item.id, jana, NOON + 1000);
    const moved = store.workItems.redirect(item.id, { group: 'Brno' }, { by: 'jana', text: 'wants\x07 the Brno outlet' }, NOON + 2000);
    expect(moved).toMatchObject({ ok: true, item: { state: 'redirected', holder: null, owner: { to: 'group', group: 'Brno' } } });
    expect(store.workItems.listWaiting()[0].notes).toEqual([{ at: NOON + 2000, by: 'jana', text: 'wants the Brno outlet' }]);
    expect(store.workItems.accept(item.id, jana, NOON + 3000)).toMatchObject({ ok: false, reason: 'for group Brno; jana is not in it' });
    expect(store.workItems.accept(item.id, petr, NOON + 3000)).toMatchObject({ ok: true, item: { notes: [{ text: 'wants the Brno outlet' }] } });
    expect(store.workItems.redirect(item.id, { group: 'Praha' }, { by: 'petr', text: '' }, NOON)).toMatchObject({ ok: false, reason: 'no group Praha' });
    expect(store.workItems.redirect(item.id, { operator: 'jana' }, { by: 'petr', text: 'back to you' }, NOON + 4000)).toMatchObject({ ok: true, item: { owner: { to: 'operator', operator: 'jana' } } });
    expect(store.workItems.accept(item.id, petr, NOON + 5000)).toMatchObject({ ok: false, reason: 'for jana only' });
  });

  it("a vanished console's items go back to the queue; abandon and expire end waiting items", () => {
    const { store } = fresh();
    const a = created(store, call('call-1'), NOON);
    const b = created(store, call('call-2'), NOON + 1);
    const c = created(store, call('call-3'), NOON + 2);
    store.workItems.accept(a.id, jana, NOON + 10);
    store.workItems.offer(b.id, jana, NOON + 10);
    expect(store.workItems.returnHeldBy('c-jana', NOON + 20)).toEqual([a.id, b.id]);
    expect(store.workItems.listWaiting().map((i) => i.state)).toEqual(['waiting', 'waiting', 'waiting']);
    expect(store.workItems.abandon(c.id, NOON + 30, 'caller hung up')).toMatchObject({ ok: true, item: { state: 'abandoned' } });
    expect(store.workItems.expire(b.id, NOON + 40)).toMatchObject({ ok: true, item: { state: 'expired' } });
    expect(store.workItems.listWaiting().map((i) => i.id)).toEqual([a.id]);
  });

  it("an item created by a colleague's connection wakes this console's commit watch and moves deskVersion", async () => {
    const { store: mine, file } = fresh();
    const colleague = Store.open(file, { region: 'CZ', currency: 'CZK' });
    cleanups.push(() => colleague.close());
    const told: boolean[] = [];
    cleanups.push(mine.onCommit((byOthers) => told.push(byOthers)));
    const before = mine.deskVersion();
    created(colleague, call('call-1'), NOON);
    const end = Date.now() + 2000;
    while (!told.includes(true) && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    expect(told).toContain(true);
    expect(mine.deskVersion()).toBeGreaterThan(before);
    expect(mine.workItems.listWaiting()).toHaveLength(1);
  });

  it('two consoles (two connections in two threads) accepting the same item at the same instant: exactly one wins, 200 times out of 200', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, 'race.db');
    const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
    cleanups.push(() => store.close());
    const ids = Array.from({ length: 200 }, (_, i) => created(store, call(`race-${i}`), NOON + i).id);
    // beside node_modules, so the worker finds better-sqlite3 (kept external: it is native)
    const racer = path.resolve(__dirname, `../../node_modules/.cache/ringdesk-test/accept-racer-${process.pid}.mjs`);
    cleanups.push(() => fs.rmSync(racer, { force: true }));
    await build({ entryPoints: [path.resolve(__dirname, '../../test/helpers/accept-racer.ts')], bundle: true, platform: 'node', format: 'esm', outfile: racer, external: ['better-sqlite3'], logLevel: 'silent',
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" }});
    const barrier = new SharedArrayBuffer(8);
    const run = (me: string) => new Promise<boolean[]>((resolve, reject) => {
      const w = new Worker(racer, { workerData: { file, ids, me, barrier } });
      w.once('message', resolve);
      w.once('error', reject);
    });
    const [a, b] = await Promise.all([run('jana'), run('petr')]);
    const winners = ids.map((_, i) => Number(a[i]) + Number(b[i]));
    expect(winners.every((n) => n === 1)).toBe(true);
    expect(a.filter(Boolean).length + b.filter(Boolean).length).toBe(200);
    const held = ids.map((id) => store.workItems.get(id)!.holder!.operator);
    expect(held.map((h, i) => (a[i] ? 'jana' : 'petr') === h).every(Boolean)).toBe(true);
  }, 60_000);
});
