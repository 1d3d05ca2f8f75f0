import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Store, StoreError, openDatabase } from './index.js';
import { migrations } from './migrations/index.js';
import { seed, demoNumbers } from '../demo/seed.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.forEach((c) => c()); cleanups = []; });
const fresh = () => { const t = tempStore(); cleanups.push(t.cleanup); return t; };

describe('store', () => {
  it('opens with WAL, foreign keys, busy timeout and the latest schema', () => {
    const { store } = fresh();
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.db.pragma('user_version', { simple: true })).toBe(migrations[migrations.length - 1].version);
  });

  it('checkpointEvery: commits stop copying the WAL into the database; a checkpoint follows this connection\'s writes, none without them', async () => {
    const pageBytes = (store: Store) => store.db.pragma('page_size', { simple: true }) as number;
    const fill = (store: Store) => {
      store.db.exec('CREATE TABLE IF NOT EXISTS scratch (b BLOB)');
      const put = store.db.prepare('INSERT INTO scratch (b) VALUES (?)');
      for (let i = 0; i < 1500; i++) put.run(Buffer.alloc(pageBytes(store) - 100, i % 251)); // a commit per page
    };
    const size = (f: string) => fs.statSync(f).size;

    // SQLite's default: a commit past 1,000 pages checkpoints, so the log never grows much past that
    const auto = fresh();
    fill(auto.store);
    expect(size(`${auto.file}-wal`)).toBeLessThan(1100 * (pageBytes(auto.store) + 24));

    const { store, file } = fresh();
    store.checkpointEvery(60_000);
    const before = size(file);
    fill(store);
    expect(size(`${file}-wal`)).toBeGreaterThan(1400 * pageBytes(store)); // every page still in the log
    expect(size(file)).toBe(before); // nothing copied by the commits
    store.checkpointEvery(20);
    await new Promise((r) => setTimeout(r, 200));
    expect(size(file)).toBe(before); // nothing written since: no checkpoint (and no timer)
    fill(store);
    const copied = Date.now() + 5000;
    while (size(file) <= before + 1400 * pageBytes(store) && Date.now() < copied) await new Promise((r) => setTimeout(r, 20));
    expect(size(file)).toBeGreaterThan(before + 1400 * pageBytes(store)); // this console wrote: the checkpoint after it copied them
    store.close(); // stops the timer: no checkpoint on a closed database
    await new Promise((r) => setTimeout(r, 60));
  });

  it('refuses a database written by a newer ringdesk, with a clear message', () => {
    const { file, store } = fresh();
    store.db.pragma('user_version = 999');
    store.close();
    expect(() => openDatabase(file)).toThrow(StoreError);
    expect(() => openDatabase(file)).toThrow(/schema version 999, newer than this ringdesk knows/);
  });

  it('finds customers and unfinished deliveries whatever way the number is written', () => {
    const { store } = fresh();
    seed(store, { now: NOON });
    for (const raw of ['+420 777 123 456', '00420777123456', '777 123 456', '777-123-456']) {
      const l = store.lookupCaller(raw);
      expect(l.customers.map((c) => c.name)).toEqual(['Jana Nováková']);
      expect(l.unfinished.map((d) => d.number)).toEqual(['D-001']);
    }
    expect(store.lookupCaller(demoNumbers.sharedNumber).customers).toHaveLength(3);
    expect(store.lookupCaller('anonymous')).toMatchObject({ key: null, customers: [], unfinished: [] });
  });

  it('a customer may have several numbers and a number several customers', () => {
    const { store } = fresh();
    const a = store.customers.create({ name: 'A', phone: { key: '+420777000001', asTyped: '777 000 001' } });
    const b = store.customers.create({ name: 'B', phone: { key: '+420777000001', asTyped: '777000001' } });
    store.customers.attachPhone(a, '+420777000002', '+420 777 000 002');
    expect(store.customers.withPhone('+420777000001').map((c) => c.id)).toEqual([a, b]);
    expect(store.customers.get(a)!.phones.map((p) => p.e164)).toEqual(['+420777000001', '+420777000002']);
  });

  it('refuses a stale write and hands back the newer delivery (two consoles, one file)', () => {
    const { store, file } = fresh();
    const other = Store.open(file, { region: 'CZ', currency: 'CZK' });
    cleanups.push(() => other.close());
    const d = store.deliveries.createDraft({ customerId: null, phone: '', phoneKey: null }, NOON);
    const mine = store.deliveries.get(d.id)!;
    const theirs = other.deliveries.get(d.id)!;
    const v0 = store.dataVersion();
    const first = other.deliveries.save({ ...theirs, comment: 'ring twice' });
    expect(first.ok).toBe(true);
    expect(store.dataVersion()).not.toBe(v0); // the other console's commit is visible to polling
    const second = store.deliveries.save({ ...mine, comment: 'leave at door' });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.reason).toMatch(/changed by someone else/);
      expect(second.current?.comment).toBe('ring twice');
    }
    expect(store.deliveries.get(d.id)!.comment).toBe('ring twice');
  });

  it('sending writes the status change and the outbox row together, or neither', () => {
    const { store, file } = fresh();
    seed(store, { now: NOON });
    const d = store.deliveries.createDraft({ customerId: null, phone: '+420 720 999 888', phoneKey: '+420720999888', posId: 1 }, NOON);
    const withItems = { ...d, items: [{ productId: 1, name: 'Margherita pizza', size: '', modifiers: [], quantity: 2, unitPrice: 18900, kitchenComment: '' }], address: { ...d.address, street: 'Korunní', house: '1' } };
    // a colleague types another street first: our send must be refused and leave no outbox row
    const other = Store.open(file, { region: 'CZ', currency: 'CZK' });
    cleanups.push(() => other.close());
    const theirs = other.deliveries.get(d.id)!;
    other.deliveries.save({ ...theirs, address: { ...theirs.address, street: 'Italská' } });
    expect(store.sendToPointOfSale(withItems).ok).toBe(false);
    expect(store.outbox.list()).toHaveLength(0);
    expect(store.deliveries.get(d.id)!.status).toBe('draft');
    const fresh2 = { ...withItems, version: store.deliveries.get(d.id)!.version };
    const r = store.sendToPointOfSale(fresh2);
    expect(r.ok).toBe(true);
    const rows = store.outbox.list();
    expect(rows).toHaveLength(1);
    expect(rows[0].idempotencyKey).toBe(`ringdesk-${d.id}-v${store.deliveries.get(d.id)!.version}`);
    expect(JSON.parse(rows[0].payload).totals.total).toBe(37800);
    expect(store.deliveries.get(d.id)!.status).toBe('sent');
  });

  it('keeps money in minor units and the total equal to the items', () => {
    const { store } = fresh();
    const d = store.deliveries.createDraft({ customerId: null, phone: '', phoneKey: null }, NOON);
    const r = store.deliveries.save({ ...d, items: [
      { productId: null, name: 'A', size: '', modifiers: [{ name: 'cheese', price: 2500 }], quantity: 3, unitPrice: 10000, kitchenComment: '' },
      { productId: null, name: 'B', size: '', modifiers: [], quantity: 1, unitPrice: 1, kitchenComment: '' },
    ] });
    expect(r.ok && r.delivery.total).toBe(37501);
  });

  it('seeds deterministically and at scale', () => {
    const a = fresh(); const b = fresh();
    seed(a.store, { customers: 2000, deliveries: 5000, seed: 7, now: 1_700_000_000_000 });
    seed(b.store, { customers: 2000, deliveries: 5000, seed: 7, now: 1_700_000_000_000 });
    const dump = (s: Store) => s.db.prepare('SELECT name, category FROM customers ORDER BY id').all();
    expect(dump(a.store)).toEqual(dump(b.store));
    expect((a.store.db.prepare('SELECT COUNT(*) n FROM deliveries').get() as { n: number }).n).toBe(5004);
    // generated numbers never collide with a demo caller
    expect(a.store.lookupCaller(demoNumbers.newCaller).customers).toHaveLength(0);
  });

  it('a migration failure rolls back and leaves the version alone', () => {
    const { file, store } = fresh();
    store.close();
    const bad = [...migrations, { version: 9000, name: 'broken', up: (db: Database.Database) => db.exec('CREATE TABLE t (x); SELECT * FROM nope;') }];
    expect(() => openDatabase(file, bad)).toThrow();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations[migrations.length - 1].version);
    expect(db.prepare(`SELECT COUNT(*) n FROM sqlite_master WHERE name = 't'`).get()).toEqual({ n: 0 });
    db.close();
  });
});
