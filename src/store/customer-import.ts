/**
 * Bulk writing and reading of the customer base for `ringdesk db import` / `db export`.
 * Every row is checked and matched before anything is written (unless the caller accepts
 * skipping bad rows, one bad row means nothing is written); then the rows are written in short
 * transactions. A row is the same person as a card only on an explicit key (MatchKey): a
 * number shared with another card alone never merges them — the console's chooser is for that.
 */
import type { Db } from './db.js';
import type { Address, Category } from './types.js';
import { SlicedWrites, type SliceOptions, type SliceReport } from './sliced-writes.js';
import { SavedAddresses } from './saved-addresses.js';

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

/**
 * What makes a row the same person as a card already there (or an earlier row):
 * name+phone (default) — the same name (or company, without a name) and one of the numbers;
 * id — the file's id column is this database's customer id (a file exported from here);
 * phone — any card with one of the numbers (the old behaviour: merges a family sharing a phone).
 * A number alone never merges people unless asked with `phone`.
 */
export type MatchKey = 'name+phone' | 'id' | 'phone';
export const matchKeys: readonly MatchKey[] = ['name+phone', 'id', 'phone'];

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

/** Who a row is, for name+phone matching: the name (else the company), case and spacing aside. */
export function personKey(c: { name: string; company: string }): string {
  return (c.name || c.company).normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase();
}

/**
 * A customer the import is writing to: > 0 a card that was in the database before, < 0 the
 * n-th customer this file creates (-1 the first), so a plan can be made before anything is written.
 */
type Target = number;
type Resolution = { kind: 'new' } | { kind: 'merge' | 'same'; into: Target } | ImportProblem;

/** Decides, row by row, whether a row is a new customer or which one it is (see MatchKey). */
class Matcher {
  private byFileId = new Map<string, Target>();
  private fileIdOf = new Map<Target, string>();
  /** Who a target is, for the rows that continue it by file id (they may carry no name). */
  private personOf = new Map<Target, string>();
  private byPerson = new Map<string, Target | Target[]>();
  private byPhone = new Map<string, Target | Target[]>();
  private lineOfNew: number[] = [];
  private idOfNew: number[] = [];
  /** Cards this import created: found in the database, but they are this file's rows, not cards that were there. */
  private created = new Set<number>();
  private readonly emptyBase: boolean;
  private owners; private card;

  constructor(db: Db, private match: MatchKey, private policy: DuplicatePolicy) {
    this.owners = db.prepare<[string], { id: number; name: string; company: string }>(
      'SELECT c.id, c.name, c.company FROM customer_phones p JOIN customers c ON c.id = p.customer_id WHERE p.e164 = ? ORDER BY c.id LIMIT 20');
    this.card = db.prepare<[number], { id: number; name: string; company: string }>('SELECT id, name, company FROM customers WHERE id = ?');
    // an empty base has no cards to look up: every match is with an earlier row
    this.emptyBase = db.prepare('SELECT 1 FROM customers LIMIT 1').get() === undefined;
  }

  private cardsWith(phone: string) {
    return this.emptyBase ? [] : this.owners.all(phone).filter((c) => !this.created.has(c.id));
  }

  describe(t: Target): string {
    if (t < 0) return `line ${this.lineOfNew[-t - 1]}`;
    const c = this.card.get(t);
    return `customer #${t}${c ? ` ${c.name || c.company}` : ''}`.trim();
  }

  resolve(item: ImportCustomer): Resolution {
    const problem = (reason: string): ImportProblem => ({ line: item.line, reason });
    if (item.fileId) {
      const same = this.byFileId.get(item.fileId);
      if (same !== undefined) return { kind: 'same', into: same };
    }
    const person = personKey(item);
    let found: Target[] = [];
    if (this.match === 'id' && /^[1-9]\d{0,15}$/.test(item.fileId)) {
      const c = this.emptyBase || this.created.has(Number(item.fileId)) ? undefined : this.card.get(Number(item.fileId));
      if (c) {
        const sharesNumber = item.phones.some((p) => this.owners.all(p.key).some((o) => o.id === c.id));
        if (person && personKey(c) !== person && !sharesNumber) {
          return problem(`id ${c.id} is ${c.name || c.company} here, not ${item.name || item.company}, and they share no number: a file from another database? import it without --match id`);
        }
        found = [c.id];
      }
    } else if (this.match === 'name+phone' && person) {
      for (const p of item.phones) {
        found.push(...targets(this.byPerson.get(`${person}\n${p.key}`)));
        found.push(...this.cardsWith(p.key).filter((c) => personKey(c) === person).map((c) => c.id));
      }
    } else if (this.match === 'phone') {
      for (const p of item.phones) {
        const owners = [...new Set([...targets(this.byPhone.get(p.key)), ...this.cardsWith(p.key).map((c) => c.id)])];
        if (owners.length > 1) return problem(`number ${p.asTyped} is on several customers' cards (${owners.map((t) => this.describe(t)).join(', ')}); merge them by hand`);
        found.push(...owners);
      }
    }
    // rows the file gives different ids are different customers, whatever they share
    found = [...new Set(found)].filter((t) => !item.fileId || (this.fileIdOf.get(t) ?? item.fileId) === item.fileId);
    if (found.length > 1) {
      const which = found.map((t) => this.describe(t)).join(', ');
      return problem(this.match === 'phone' ? `the numbers belong to different customers (${which})` : `matches several customers (${which}); merge them by hand`);
    }
    if (found.length === 1) {
      if (this.policy === 'report') return problem(`duplicate: ${this.match === 'phone' ? 'the number is already on' : 'the same customer as'} ${this.describe(found[0])}`);
      return { kind: 'merge', into: found[0] };
    }
    if (!item.name && !item.company && item.phones.length === 0) {
      return problem(item.fileId ? `no name, company or phone, and no earlier line has id ${item.fileId}` : 'no name, company or phone');
    }
    return { kind: 'new' };
  }

  /** Remember what the row was resolved to, so later rows find it; the target it writes to. */
  record(item: ImportCustomer, r: Exclude<Resolution, ImportProblem>): Target {
    const t = r.kind === 'new' ? -this.lineOfNew.push(item.line) : r.into;
    if (item.fileId && !this.byFileId.has(item.fileId)) this.byFileId.set(item.fileId, t);
    if (item.fileId && !this.fileIdOf.has(t)) this.fileIdOf.set(t, item.fileId);
    if (this.match === 'name+phone') {
      const person = r.kind === 'same' ? this.personOf.get(t) ?? '' : personKey(item);
      if (item.fileId && !this.personOf.has(t)) this.personOf.set(t, person);
      if (person) for (const p of item.phones) add(this.byPerson, `${person}\n${p.key}`, t);
    }
    if (this.match === 'phone') for (const p of item.phones) add(this.byPhone, p.key, t);
    return t;
  }

  /** The database id of a target, once written. */
  idOf(t: Target): number {
    return t > 0 ? t : this.idOfNew[-t - 1];
  }

  written(t: Target, id: number): void {
    this.idOfNew[-t - 1] = id;
    this.created.add(id);
  }
}

/** One target, or several, per key: most keys have one, and a million one-element arrays cost memory. */
function add(map: Map<string, Target | Target[]>, key: string, t: Target): void {
  const had = map.get(key);
  if (had === undefined) map.set(key, t);
  else if (typeof had === 'number') { if (had !== t) map.set(key, [had, t]); }
  else if (!had.includes(t)) had.push(t);
}

function targets(v: Target | Target[] | undefined): Target[] {
  return v === undefined ? [] : typeof v === 'number' ? [v] : v;
}

export class CustomerImport {
  constructor(private db: Db) {}

  /**
   * Import rows read by `rows()` (problems pass through to the outcome). Unless `skipBad`, every
   * row is first checked and matched without writing (a first reading), so that one bad row means
   * nothing is written; then the rows are written in short transactions (SlicedWrites), so the
   * consoles on the same file keep writing meanwhile. Running the same file again changes nothing.
   */
  run(rows: () => Iterable<ImportCustomer | ImportProblem>, opts: ImportOptions = {}): ImportOutcome {
    const db = this.db;
    const now = opts.now ?? Date.now();
    const match = opts.match ?? 'name+phone';
    const policy = opts.duplicates ?? 'merge';
    const out: ImportOutcome = { rows: 0, created: 0, merged: 0, problems: [], committed: false, writes: { slices: 0, longestMs: 0, over50Ms: 0, rowsPerSlice: 0 } };
    const done = () => { out.problems.sort((a, b) => a.line - b.line); return out; };

    // the plan: every row checked and matched, nothing written (with skipBad every row decides for itself)
    let plan: Matcher | null = new Matcher(db, match, policy);
    for (const item of opts.skipBad ? [] : rows()) {
      if ('reason' in item) {
        out.problems.push(item);
        if (item.fatal) return done();
        continue;
      }
      out.rows++;
      const r = plan.resolve(item);
      if ('reason' in r) out.problems.push(r);
      else plan.record(item, r);
    }
    plan = null; // its maps are as big as the file: let them go before the write builds its own
    if (out.problems.length > 0 && !opts.skipBad) return done();

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

    const matcher = new Matcher(db, match, policy);
    const writeRow = (item: ImportCustomer, touched: Set<number>) => {
      const r = matcher.resolve(item);
      // only a change made by a console between the plan and the write can bring a problem here
      if ('reason' in r) { out.problems.push(r); return; }
      const t = matcher.record(item, r);
      let id: number;
      let phonesBefore = 0;
      if (r.kind === 'new') {
        id = Number(insertCard.run({ ...item, category: item.category ?? 'regular', debt: item.debt ?? 0, now }).lastInsertRowid);
        matcher.written(t, id);
        out.created++;
      } else {
        id = matcher.idOf(t);
        updateCard.run({ ...item, id, now });
        touched.add(id);
        phonesBefore = phoneCount.get(id)!.n;
        if (r.kind === 'merge') out.merged++;
      }
      // numbers keep the file's order (the first is the one shown first)
      item.phones.forEach((p, i) => addPhone.run(id, p.key, p.asTyped, now + phonesBefore + i));
      const a = item.address;
      if (a && (r.kind === 'new' || addresses.sameAs(id, a) === null)) {
        // imported addresses rank below any used on an order, in the file's order (an export lists the last used first)
        const oldest = r.kind === 'new' ? null : oldestImported.get(id)!.m;
        addresses.add(id, a, oldest === null || oldest > 0 ? 0 : oldest - 1);
      }
    };

    const writer = new SlicedWrites(db, opts.slices);
    // a big import touches more pages than the default cache holds: give it room, then hand it back
    const cache = db.pragma('cache_size', { simple: true }) as number;
    db.pragma('cache_size = -262144');
    out.problems = [];
    out.rows = 0;
    try {
      let batch: (ImportCustomer | ImportProblem)[] = [];
      const flush = () => {
        const items = batch;
        batch = [];
        writer.slice(items.length, () => withSearchIndexPaused(db, (touched) => {
          for (const item of items) {
            if ('reason' in item) out.problems.push(item);
            else { out.rows++; writeRow(item, touched); }
          }
        }));
      };
      for (const item of rows()) {
        batch.push(item);
        if (batch.length >= writer.rowsPerSlice) flush();
      }
      if (batch.length) flush();
      out.committed = true;
      if (out.created + out.merged >= BIG_IMPORT) tidySearchIndex(db, writer);
    } finally {
      db.pragma(`cache_size = ${cache}`);
      writer.finish();
      out.writes = writer.report;
    }
    return done();
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
  let pages = 64;
  for (let round = 0; round < 10_000; round++) {
    const worked = writer.slice(pages, () => {
      const before = changes.get()!.n;
      // negative: every segment counts, as 'optimize' would, but only this many pages of it now
      merge.run(-pages);
      return changes.get()!.n - before >= 2;
    });
    if (!worked) return;
    pages = writer.rowsPerSlice;
  }
}
