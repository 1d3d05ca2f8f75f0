/**
 * Bulk writing and reading of the customer base for `ringdesk db import` / `db export`.
 * An import is one transaction: every row is checked, duplicates (a number already on a
 * card, or on an earlier row) are merged into that card or reported, and unless the
 * caller accepts skipping bad rows, one bad row means nothing is written.
 */
import type { Db } from './db.js';
import type { Address, Category } from './types.js';

/** A checked row, ready to write. Numbers are normalised keys (E.164, or bare digits). */
export interface ImportCustomer {
  line: number;
  name: string;
  company: string;
  /** null = leave as it is (regular for a new customer). */
  category: Category | null;
  note: string;
  city: string;
  country: string;
  /** Minor units; null = leave as it is. */
  debt: number | null;
  phones: { key: string; asTyped: string }[];
  address: Address | null;
}

/** A row that cannot be imported, with its line and what is wrong. */
export interface ImportProblem { line: number; reason: string }

export type DuplicatePolicy = 'merge' | 'report';

export interface ImportOutcome {
  rows: number;
  created: number;
  merged: number;
  problems: ImportProblem[];
  /** False when bad rows stopped the import: nothing was written. */
  committed: boolean;
}

/** One customer as exported: the last-used address, every number. */
export interface ExportedCustomer {
  id: number; name: string; company: string; category: Category; note: string; city: string; country: string;
  debt: number; phones: string[]; address: Address | null;
}

const PAUSED = 'customer-search:paused';
/** From this many rows on, an import tidies the search index and the WAL afterwards. */
const BIG_IMPORT = 10_000;
class Rollback extends Error {}

/**
 * Bulk-write customers with the search index's triggers paused, then index in one pass the
 * customers created meanwhile (ids above today's highest) and those `fn` adds to `touched`.
 * Call it inside a transaction: the pause is a settings row nobody else ever sees.
 * (seed() and any other bulk writer of customers should use it: the triggers cost ~60 µs a row.)
 */
export function withSearchIndexPaused<T>(db: Db, fn: (touched: Set<number>) => T): T {
  if (!db.inTransaction) throw new Error('withSearchIndexPaused needs a transaction around it');
  const firstNew = ((db.prepare('SELECT MAX(id) AS m FROM customers').get() as { m: number | null }).m ?? 0) + 1;
  db.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES (?, '1')`).run(PAUSED);
  const touched = new Set<number>();
  const result = fn(touched);
  db.prepare(`INSERT INTO customer_search (rowid, name, company, phones, addresses)
    SELECT id, name, company, phones, addresses FROM customer_search_source WHERE id >= ?`).run(firstNew);
  const drop = db.prepare('DELETE FROM customer_search WHERE rowid = ?');
  const add = db.prepare(`INSERT INTO customer_search (rowid, name, company, phones, addresses)
    SELECT id, name, company, phones, addresses FROM customer_search_source WHERE id = ?`);
  for (const id of touched) if (id < firstNew) { drop.run(id); add.run(id); }
  db.prepare('DELETE FROM settings WHERE key = ?').run(PAUSED);
  return result;
}

export class CustomerImport {
  constructor(private db: Db) {}

  /** Write checked rows (problems pass through to the outcome) in one transaction. */
  run(items: Iterable<ImportCustomer | ImportProblem>, opts: { skipBad?: boolean; duplicates?: DuplicatePolicy; now?: number } = {}): ImportOutcome {
    const db = this.db;
    const now = opts.now ?? Date.now();
    const policy = opts.duplicates ?? 'merge';
    const out: ImportOutcome = { rows: 0, created: 0, merged: 0, problems: [], committed: false };
    const maxId = db.prepare<[], { m: number | null }>('SELECT MAX(id) AS m FROM customers');
    const owners = db.prepare<[string], { customer_id: number }>('SELECT customer_id FROM customer_phones WHERE e164 = ? LIMIT 10');
    const nameOf = db.prepare<[number], { name: string; company: string }>('SELECT name, company FROM customers WHERE id = ?');
    const insert = db.prepare(
      `INSERT INTO customers (name, company, category, note, city, country, debt, created_at, updated_at)
       VALUES (@name, @company, @category, @note, @city, @country, @debt, @now, @now)`);
    const merge = db.prepare(
      `UPDATE customers SET name = IIF(@name <> '', @name, name), company = IIF(@company <> '', @company, company),
         category = COALESCE(@category, category), note = IIF(@note <> '', @note, note), city = IIF(@city <> '', @city, city),
         country = IIF(@country <> '', @country, country), debt = COALESCE(@debt, debt), updated_at = @now WHERE id = @id`);
    const addPhone = db.prepare('INSERT OR IGNORE INTO customer_phones (customer_id, e164, as_typed, added_at) VALUES (?, ?, ?, ?)');
    const sameAddress = db.prepare<[number, string, string, string, string], { id: number }>(
      'SELECT id FROM addresses WHERE customer_id = ? AND street = ? AND house = ? AND flat = ? AND city = ? LIMIT 1');
    const addAddress = db.prepare(
      `INSERT INTO addresses (customer_id, city, street, house, building, flat, entrance, floor, intercom, postcode, lat, lon, courier_note, last_used_at)
       VALUES (@customerId, @city, @street, @house, @building, @flat, @entrance, @floor, @intercom, @postcode, @lat, @lon, @courierNote, 0)`);

    const write = db.transaction(() => withSearchIndexPaused(db, (touched) => {
      const firstNew = (maxId.get()?.m ?? 0) + 1;
      const seen = db.prepare('SELECT 1 FROM customer_phones LIMIT 1').get() ? null : new Map<string, number>();
      let lineOfNew = new Int32Array(1024);
      for (const item of items) {
        if ('reason' in item) { out.problems.push(item); continue; }
        out.rows++;
        const ids = new Set<number>();
        let shared = '';
        for (const p of item.phones) {
          // an empty base has no old cards to look up: the numbers seen in this file are in a Map
          const earlier = seen?.get(p.key);
          const found = seen ? (earlier === undefined ? [] : [earlier]) : owners.all(p.key).map((r) => r.customer_id);
          if (found.length > 1) shared = p.asTyped;
          found.forEach((id) => ids.add(id));
        }
        const describe = (id: number) => {
          if (id >= firstNew) return `line ${lineOfNew[id - firstNew]}`;
          const c = nameOf.get(id);
          return `customer #${id}${c ? ` ${c.name || c.company}` : ''}`.trim();
        };
        if (shared) { out.problems.push({ line: item.line, reason: `number ${shared} is on several customers' cards (${[...ids].map(describe).join(', ')}); merge them by hand` }); continue; }
        if (ids.size > 1) { out.problems.push({ line: item.line, reason: `the numbers belong to different customers (${[...ids].map(describe).join(', ')})` }); continue; }
        let id: number;
        if (ids.size === 1) {
          id = [...ids][0];
          if (policy === 'report') { out.problems.push({ line: item.line, reason: `duplicate: the number is already on ${describe(id)}` }); continue; }
          merge.run({ ...item, id, now });
          if (id < firstNew) touched.add(id);
          out.merged++;
        } else {
          id = Number(insert.run({ ...item, category: item.category ?? 'regular', debt: item.debt ?? 0, now }).lastInsertRowid);
          const slot = id - firstNew;
          if (slot >= lineOfNew.length) { const grown = new Int32Array(Math.max(slot + 1, lineOfNew.length * 2)); grown.set(lineOfNew); lineOfNew = grown; }
          lineOfNew[slot] = item.line;
          out.created++;
        }
        for (const p of item.phones) {
          addPhone.run(id, p.key, p.asTyped, now);
          seen?.set(p.key, id);
        }
        const a = item.address;
        if (a && (ids.size === 0 || !sameAddress.get(id, a.street, a.house, a.flat, a.city))) addAddress.run({ ...a, customerId: id });
      }
      if (out.problems.length > 0 && !opts.skipBad) throw new Rollback();
    }));
    // a big import touches more pages than the default cache holds: give it room, then hand it back
    const cache = db.pragma('cache_size', { simple: true }) as number;
    db.pragma('cache_size = -262144');
    try {
      write.immediate();
      out.committed = true;
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    } finally {
      db.pragma(`cache_size = ${cache}`);
    }
    if (out.committed && out.created + out.merged >= BIG_IMPORT) {
      // one search segment instead of hundreds, and the rows moved from the WAL into the file:
      // the next keystroke's search reads a tidy index
      db.prepare(`INSERT INTO customer_search (customer_search) VALUES ('optimize')`).run();
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
    out.problems.sort((a, b) => a.line - b.line);
    return out;
  }

  /** Every customer, lowest id first, streamed. */
  *exportAll(): IterableIterator<ExportedCustomer> {
    const rows = this.db.prepare<[], Record<string, unknown>>(
      `SELECT c.id, c.name, c.company, c.category, c.note, c.city, c.country, c.debt,
         (SELECT group_concat(e164, ' ') FROM (SELECT e164 FROM customer_phones WHERE customer_id = c.id ORDER BY added_at, e164)) AS phones,
         a.id AS a_id, a.city AS a_city, a.street, a.house, a.building, a.flat, a.entrance, a.floor, a.intercom, a.postcode,
         a.lat, a.lon, a.courier_note
       FROM customers c LEFT JOIN addresses a
         ON a.id = (SELECT id FROM addresses WHERE customer_id = c.id ORDER BY last_used_at DESC, id DESC LIMIT 1)
       ORDER BY c.id`);
    for (const r of rows.iterate()) {
      yield {
        id: r.id as number, name: r.name as string, company: r.company as string, category: r.category as Category,
        note: r.note as string, city: r.city as string, country: r.country as string, debt: r.debt as number,
        phones: r.phones ? (r.phones as string).split(' ') : [],
        address: r.a_id === null ? null : {
          city: r.a_city as string, street: r.street as string, house: r.house as string, building: r.building as string,
          flat: r.flat as string, entrance: r.entrance as string, floor: r.floor as string, intercom: r.intercom as string,
          postcode: r.postcode as string, lat: r.lat as number | null, lon: r.lon as number | null, courierNote: r.courier_note as string,
        },
      };
    }
  }
}
