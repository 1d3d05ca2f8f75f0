/**
 * Issue 12, "Long writes never freeze the desk": an import and the bulk seed commit in short
 * transactions, and between two of them a console's connection can write at once. The clock
 * is deterministic: each row written costs half a millisecond of it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../test/helpers/temp-store.js';
import { Store } from './index.js';
import { seed } from '../demo/seed.js';
import { importCustomersCsv } from '../customers/customer-csv.js';
import { SlicedWrites, type SliceOptions } from './sliced-writes.js';
import { BULK_MARK_MS } from './bulk-write-mark.js';
import { manualClock } from '../domain/clock.js';
import { NOON } from '../../test/helpers/clock.js';

let t: ReturnType<typeof tempDir>;
let store: Store;
let consoleDb: Database.Database;

beforeEach(() => {
  t = tempDir('ringdesk-slices-');
  store = Store.open(path.join(t.dir, 'desk.db'), { region: 'CZ', currency: 'CZK' });
  // a console's connection to the same file; it does not wait at all for the lock
  consoleDb = new Database(path.join(t.dir, 'desk.db'));
  consoleDb.pragma('busy_timeout = 0');
  consoleDb.exec('CREATE TABLE IF NOT EXISTS console_writes (at INTEGER)');
});
afterEach(() => {
  consoleDb.close();
  store.close();
  t.cleanup();
});

/** A clock on which a row costs 0.5 ms, and a breath between slices in which the console writes a row. */
function rowClock(table: string): { slices: SliceOptions; consoleWrites: () => number; refused: () => number } {
  const rows = store.db.prepare(`SELECT (SELECT COUNT(*) FROM ${table}) AS n`).pluck();
  const write = consoleDb.prepare('INSERT INTO console_writes (at) VALUES (1)');
  let written = 0, refused = 0;
  return {
    slices: {
      clock: () => (rows.get() as number) * 0.5,
      pause: () => {
        try { write.run(); written++; } catch { refused++; }
      },
    },
    consoleWrites: () => written,
    refused: () => refused,
  };
}

describe('bulk writes in short transactions', () => {
  it('db import: every slice within 50 ms (20 ms aimed at), and the console writes between any two', () => {
    const csv = path.join(t.dir, 'big.csv');
    fs.writeFileSync(csv, 'name,phone\n' + Array.from({ length: 3000 }, (_, i) => `Customer ${i},+420 601 ${300 + Math.floor(i / 1000)} ${String(i % 1000).padStart(3, '0')}\n`).join(''));
    const c = rowClock('customers');
    const r = importCustomersCsv(store, csv, { region: 'CZ', slices: c.slices });
    if (!r.ok) throw new Error(r.error);
    expect(r).toMatchObject({ committed: true, created: 3000 });
    expect(r.writes.longestMs).toBeLessThanOrEqual(50);
    expect(r.writes.slices).toBeGreaterThan(50);
    expect(c.refused()).toBe(0);
    expect(c.consoleWrites()).toBe(r.writes.slices - 1);
    expect(store.customerSearch.find('Customer 2999', { funnel: 'all' }).entries).toHaveLength(1);
  });

  it('db seed --customers/--deliveries: the same, and the same data as ever (same seed, same customers)', () => {
    const c = rowClock('deliveries');
    const n = seed(store, { customers: 2000, deliveries: 2000, seed: 5, now: 0, slices: { ...c.slices, clock: () => (store.db.prepare('SELECT (SELECT COUNT(*) FROM customers) + (SELECT COUNT(*) FROM deliveries)').pluck().get() as number) * 0.5 } });
    expect(n).toEqual({ customers: 2008, deliveries: 2004 });
    expect(c.refused()).toBe(0);
    expect(c.consoleWrites()).toBeGreaterThan(40);
    const indexed = store.db.prepare('SELECT COUNT(*) AS n FROM customer_search').get() as { n: number };
    expect(indexed.n).toBe(2008);
    expect(store.db.prepare("SELECT COUNT(*) FROM settings WHERE key = 'customer-search:paused'").pluck().get()).toBe(0);
  });
});

describe('a console leaves the checkpoint to a bulk write (issue 12: keystrokes during an import)', () => {
  /** A slice that writes ~60 pages (a console's checkpoint would copy them into the file). */
  const pages = (writer: SlicedWrites) => writer.slice(60, () => {
    store.db.exec('CREATE TABLE IF NOT EXISTS bulk_scratch (b BLOB)');
    const put = store.db.prepare('INSERT INTO bulk_scratch (b) VALUES (?)');
    for (let i = 0; i < 60; i++) put.run(Buffer.alloc(4000, i));
  });

  it('while the mark is renewed the console does not copy the log; after finish(), or once a dead writer\'s mark ran out, it does', () => {
    const file = path.join(t.dir, 'desk.db');
    const desk = Store.open(file, { region: 'CZ', currency: 'CZK' });
    try {
      const clock = manualClock(NOON);
      desk.checkpointNow(clock()); // whatever the setup left in the log
      const size = () => fs.statSync(file).size;

      // an import that keeps writing: the console's checkpoint waits, the file is untouched
      const importing = new SlicedWrites(store.db, { now: clock, pause: () => {} });
      const before = size();
      pages(importing);
      expect(desk.checkpointNow(clock())).toBe('bulk-write');
      clock.advance(5_000);
      pages(importing);
      expect(desk.checkpointNow(clock())).toBe('bulk-write');
      expect(size()).toBe(before);
      // it finishes: the mark goes (and the importer folds its own log)
      importing.finish();
      expect(desk.checkpointNow(clock())).toBe('done');
      expect(size()).toBeGreaterThan(before + 100 * 4000);

      // an import killed mid-way never clears its mark: it runs out BULK_MARK_MS after the last renewal
      const killed = new SlicedWrites(store.db, { now: clock, pause: () => {} });
      const before2 = size();
      pages(killed);
      clock.advance(BULK_MARK_MS - 1);
      expect(desk.checkpointNow(clock())).toBe('bulk-write');
      expect(size()).toBe(before2);
      clock.advance(2);
      expect(desk.checkpointNow(clock())).toBe('done');
      expect(size()).toBeGreaterThan(before2 + 50 * 4000);
    } finally {
      desk.close();
    }
  });
});
