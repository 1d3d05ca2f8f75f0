/**
 * Bulk writing and reading of the customer base for `ringdesk db import` / `db export`.
 * Every row is checked and matched before anything is written (unless the caller accepts
 * skipping bad rows, one bad row means nothing is written); then the rows are written in short
 * transactions. A row is the same person as a card only on an explicit key (MatchKey): a
 * number shared with another card alone never merges them — the console's chooser is for that.
 */
import type { Db } from './db.js';
import type { Address } from '../domain/address.js';
import type { Category } from '../domain/customer.js';
import { SlicedWrites, type SliceOptions, type SliceReport } from './sliced-writes.js';
import { SavedAddresses } from './saved-addresses.js';
import { Matcher } from './import-matcher.js';
import { ImportPlan, type PlannedRow } from './import-plan.js';

/** A checked row, ready to write. Numbers are normalised keys (E.164, or bare digits). */
export interface ImportCustomer {
  line: number;
  /**
   * The file's own id for the customer ('' without an id column). Rows with one id are one
   * customer (an export writes a customer's further addresses as rows with only the id);
   * rows with different ids are never merged with each other.
   */
  fileId: string;
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

/** A row that cannot be imported, with its line and what is wrong; `fatal` when the file cannot be read on from there. */
export interface ImportProblem { line: number; reason: string; fatal?: boolean }

export type DuplicatePolicy = 'merge' | 'report';

import { matchKeys, type MatchKey } from '../domain/customer.js';
export { matchKeys, type MatchKey };

export interface ImportOutcome {
  rows: number;
  created: number;
  merged: number;
  problems: ImportProblem[];
  /** False when bad rows stopped the import: nothing was written. */
  committed: boolean;
  /** The transactions the import was written in (each short, so consoles keep writing meanwhile). */
  writes: SliceReport;
}

export interface ImportOptions {
  skipBad?: boolean;
  duplicates?: DuplicatePolicy;
  match?: MatchKey;
  now?: number;
  /** How the write is sliced (tests give a clock). */
  slices?: SliceOptions;
}

/** One customer as exported: every number, every address (the last used first). */
export interface ExportedCustomer {
  id: number; name: string; company: string; category: Category; note: string; city: string; country: string;
  debt: number; phones: string[]; addresses: Address[];
}

const PAUSED = 'customer-search:paused';
/** From this many rows on, an import tidies the search index afterwards. */
const BIG_IMPORT = 10_000;

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

  /**
   * Import checked rows (problems pass through to the outcome). The file is read once, into a
   * plan (ImportPlan): every row matched (Matcher) and kept aside, nothing written; unless
   * `skipBad`, one bad row ends the import there with nothing written. Then the plan is written
   * in short transactions (SlicedWrites), so the consoles on the same file keep writing
   * meanwhile. Running the same file again changes nothing.
   */
  run(rows: Iterable<ImportCustomer | ImportProblem>, opts: ImportOptions = {}): ImportOutcome {
    const db = this.db;
    const now = opts.now ?? Date.now();
    const out: ImportOutcome = { rows: 0, created: 0, merged: 0, problems: [], committed: false, writes: { slices: 0, longestMs: 0, over50Ms: 0, rowsPerSlice: 0 } };
    const done = () => { out.problems.sort((a, b) => a.line - b.line); return out; };
    const plan = new ImportPlan(db);
    try {
      if (!this.makePlan(plan, rows, opts, out)) return done();
      this.writePlan(plan, opts.slices, now, out);
      return done();
    } finally {
      plan.drop();
    }
  }

  /** Read, check and match every row into `plan`; false when the import stops here (a file that cannot be read, or bad rows without skipBad). */
  private makePlan(plan: ImportPlan, rows: Iterable<ImportCustomer | ImportProblem>, opts: ImportOptions, out: ImportOutcome): boolean {
    const matcher = new Matcher(this.db, opts.match ?? 'name+phone', opts.duplicates ?? 'merge');
    let seq = 0;
    let pending: ImportCustomer[] = [];
    // the temporary table takes rows faster in transactions of its own (they lock nothing in the database file)
    const keep = this.db.transaction((items: ImportCustomer[]) => {
      for (const item of items) {
        const r = matcher.resolve(item);
        if ('reason' in r) { out.problems.push(r); continue; }
        plan.add({ seq: ++seq, kind: r.kind, target: matcher.record(item, r), item });
      }
    });
    for (const item of rows) {
      if ('reason' in item) {
        out.problems.push(item);
        if (item.fatal) return false;
        continue;
      }
      out.rows++;
      pending.push(item);
      if (pending.length >= 5000) { keep(pending); pending = []; }
    }
    keep(pending);
    return out.problems.length === 0 || !!opts.skipBad;
  }

  /** Write the plan a slice at a time; the customers the file creates get their ids as they are written. */
  private writePlan(plan: ImportPlan, slices: SliceOptions | undefined, now: number, out: ImportOutcome): void {
    const db = this.db;
    const updateCard = db.prepare(
      `UPDATE customers SET name = IIF(@name <> '', @name, name), company = IIF(@company <> '', @company, company),
         category = COALESCE(@category, category), note = IIF(@note <> '', @note, note), city = IIF(@city <> '', @city, city),
         country = IIF(@country <> '', @country, country), debt = COALESCE(@debt, debt), updated_at = @now WHERE id = @id`);
    const insertCard = db.prepare(
      `INSERT INTO customers (name, company, category, note, city, country, debt, created_at, updated_at)
       VALUES (@name, @company, @category, @note, @city, @country, @debt, @now, @now)`);
    const phoneCount = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM customer_phones WHERE customer_id = ?');
    const addPhone = db.prepare('INSERT OR IGNORE INTO customer_phones (customer_id, e164, as_typed, added_at) VALUES (?, ?, ?, ?)');
    const oldestImported = db.prepare<[number], { m: number | null }>('SELECT MIN(last_used_at) AS m FROM addresses WHERE customer_id = ?');
    const addresses = new SavedAddresses(db);
    const idOfNew: number[] = [];

    const writeRow = ({ kind, target, item }: PlannedRow, touched: Set<number>) => {
      let id: number;
      let phonesBefore = 0;
      if (kind === 'new') {
        id = Number(insertCard.run({ ...item, category: item.category ?? 'regular', debt: item.debt ?? 0, now }).lastInsertRowid);
        idOfNew[-target - 1] = id;
        out.created++;
      } else {
        id = target > 0 ? target : idOfNew[-target - 1];
        // a card planned for may have been deleted on a console since
        if (updateCard.run({ ...item, id, now }).changes === 0) {
          out.problems.push({ line: item.line, reason: `customer #${id} was deleted while the file was imported; the row was not written` });
          return;
        }
        touched.add(id);
        phonesBefore = phoneCount.get(id)!.n;
        if (kind === 'merge') out.merged++;
      }
      // numbers keep the file's order (the first is the one shown first)
      item.phones.forEach((p, i) => addPhone.run(id, p.key, p.asTyped, now + phonesBefore + i));
      const a = item.address;
      if (a && (kind === 'new' || addresses.sameAs(id, a) === null)) {
        // imported addresses rank below any used on an order, in the file's order (an export lists the last used first)
        const oldest = kind === 'new' ? null : oldestImported.get(id)!.m;
        addresses.add(id, a, oldest === null || oldest > 0 ? 0 : oldest - 1);
      }
    };

    const writer = new SlicedWrites(db, slices);
    // a big import touches more pages than the default cache holds: give it room, then hand it back
    const cache = db.pragma('cache_size', { simple: true }) as number;
    db.pragma('cache_size = -262144');
    try {
      for (let after = 0; ;) {
        const batch = plan.next(after, writer.rowsPerSlice);
        if (batch.length === 0) break;
        after = batch[batch.length - 1].seq;
        writer.slice(batch.length, () => withSearchIndexPaused(db, (touched) => { for (const p of batch) writeRow(p, touched); }));
      }
      out.committed = true;
      if (out.created + out.merged >= BIG_IMPORT) {
        // pages of index merged, not rows: a writer that learns its own slice size
        const tidy = new SlicedWrites(db, { ...slices, firstRows: 16 });
        try {
          tidySearchIndex(db, tidy);
        } finally {
          tidy.finish();
          addReport(writer.report, tidy.report);
        }
      }
    } finally {
      db.pragma(`cache_size = ${cache}`);
      writer.finish();
      out.writes = writer.report;
    }
  }

  /** Every customer, lowest id first, streamed, with every number and every address (the last used first). */
  *exportAll(): IterableIterator<ExportedCustomer> {
    // one query (better-sqlite3 runs nothing else on the connection while a statement iterates)
    const rows = this.db.prepare<[], Record<string, unknown>>(
      `SELECT c.id, c.name, c.company, c.category, c.note, c.city, c.country, c.debt,
         (SELECT group_concat(e164, ' ') FROM (SELECT e164 FROM customer_phones WHERE customer_id = c.id ORDER BY added_at, e164)) AS phones,
         a.id AS a_id, a.city AS a_city, a.street, a.house, a.building, a.flat, a.entrance, a.floor, a.intercom, a.postcode,
         a.lat, a.lon, a.courier_note
       FROM customers c LEFT JOIN addresses a ON a.customer_id = c.id
       ORDER BY c.id, a.last_used_at DESC, a.id DESC`);
    let current: ExportedCustomer | undefined;
    for (const r of rows.iterate()) {
      if (!current || current.id !== r.id) {
        if (current) yield current;
        current = {
          id: r.id as number, name: r.name as string, company: r.company as string, category: r.category as Category,
          note: r.note as string, city: r.city as string, country: r.country as string, debt: r.debt as number,
          phones: r.phones ? (r.phones as string).split(' ') : [], addresses: [],
        };
      }
      if (r.a_id !== null) {
        current.addresses.push({
          city: r.a_city as string, street: r.street as string, house: r.house as string, building: r.building as string,
          flat: r.flat as string, entrance: r.entrance as string, floor: r.floor as string, intercom: r.intercom as string,
          postcode: r.postcode as string, lat: r.lat as number | null, lon: r.lon as number | null, courierNote: r.courier_note as string,
        });
      }
    }
    if (current) yield current;
  }
}

/**
 * After a big import the search index is many small segments: merge them a slice at a time
 * (FTS5's incremental 'merge'; 'optimize' would hold the lock for seconds), so the next
 * search as you type reads a tidy index.
 */
function tidySearchIndex(db: Db, writer: SlicedWrites): void {
  const changes = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
  const merge = db.prepare(`INSERT INTO customer_search (customer_search, rank) VALUES ('merge', ?)`);
  for (let round = 0; round < 10_000; round++) {
    const pages = writer.rowsPerSlice;
    const worked = writer.slice(pages, () => {
      const before = changes.get()!.n;
      // negative: every segment counts, as 'optimize' would, but only this many pages of it now
      merge.run(-pages);
      return changes.get()!.n - before >= 2;
    });
    if (!worked) return;
  }
}

/** Both writers' transactions in one report. */
function addReport(into: SliceReport, more: SliceReport): void {
  into.slices += more.slices;
  into.longestMs = Math.max(into.longestMs, more.longestMs);
  into.over50Ms += more.over50Ms;
}
