/**
 * The customer base as a dispatcher searches it while the caller waits (S5 left pane):
 * name, company, any phone format or address, typed a few letters at a time, narrowed by
 * category "funnels". Backed by the FTS5 index of schema v4 (rowid = customer id).
 */
import { funnelCategories, type CustomerListEntry, type Funnel } from '../domain/customer.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type { Address } from '../domain/address.js';
import type { Category } from '../domain/customer.js';
import { emptyAddress, formatAddress } from '../domain/address.js';
import { displayPhone, normalisePhone } from '../domain/phone-number.js';
import { getCountryCallingCode, isSupportedCountry } from 'libphonenumber-js/max';

/** The calling code of the desk's region ("420" for CZ); '' when the region is unknown. */
function homeCallingCode(region: string): string {
  const r = region.toUpperCase();
  return isSupportedCountry(r) ? getCountryCallingCode(r) : '';
}

export interface SearchOptions { funnel?: Funnel; limit?: number }

const PHONE_LIKE = /^(?:tel:|sips?:)?[\d\s+\-().\/]+$/i;
/** A funnel narrower than everyone stops after this many matches, newest first (see `find`). */
export const FUNNEL_SCAN = 5000;

/** How a query is run: everyone, not yet (too short to narrow a big base), or an FTS5 match. */
export type SearchPlan =
  | { kind: 'everyone' }
  | { kind: 'too-short'; hint: string }
  /** `shortWords`: one-letter words, checked on the rows found rather than in the index. */
  | { kind: 'match'; expression: string; shortWords: string[]; terms: string[] };

const fold = (t: string) => t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Plan what the dispatcher typed. A phone-like query becomes one digit prefix (E.164 digits
 * when it is a whole valid number or starts with + / 00, else the digits as typed, which match
 * the national and trunk-0 forms) and needs 3 digits (6 in international form); anything
 * else becomes one prefix per word of 2+ letters, all required.
 */
export function planSearch(query: string, region: string): SearchPlan {
  const q = query.trim();
  if (!q) return { kind: 'everyone' };
  if (PHONE_LIKE.test(q) && /\d/.test(q)) {
    const n = normalisePhone(q, region);
    const bare = q.replace(/^(?:tel:|sips?:)/i, '').trim();
    const all = bare.replace(/\D/g, '');
    const home = homeCallingCode(region);
    let digits: string;
    let international = false;
    if (n.kind === 'valid' && all.length >= 6) { digits = n.e164.slice(1); international = true; }
    else if (/^\+/.test(bare)) { digits = all; international = true; }
    else if (/^00[1-9]/.test(all)) { digits = all.slice(2); international = true; }
    else digits = all;
    // every home number is indexed by its national digits too, and "420…" prefixes match the
    // whole base: digits that start with the home calling code are searched by the rest
    if (home && digits.startsWith(home)) {
      digits = digits.slice(home.length);
      international = false;
    }
    const min = international ? 6 : 3;
    if (digits.length < min || (home && home.startsWith(digits))) {
      return { kind: 'too-short', hint: `type at least ${min} digits of the number` };
    }
    return { kind: 'match', expression: `"${digits}"*`, shortWords: [], terms: [digits] };
  }
  const words = q.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  // a word whose every token is one letter ("s", "s.r.o.") matches half the base: checked on the rows found
  const isShort = (w: string) => w.split(/[^\p{L}\p{N}]+/u).every((t) => t.length < 2);
  const long = words.filter((w) => !isShort(w));
  if (long.length === 0) return { kind: 'too-short', hint: 'type at least 2 letters' };
  return {
    kind: 'match',
    expression: long.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' '),
    shortWords: words.filter(isShort).map(fold),
    // the words an engine without FTS5 looks for (PostgreSQL: src/store/postgres/pg-customers.ts)
    terms: long.map((w) => w.toLowerCase()),
  };
}

/** The FTS5 MATCH expression for a query, or null when it is empty or too short to run. */
export function matchExpression(query: string, region: string): string | null {
  const p = planSearch(query, region);
  return p.kind === 'match' ? p.expression : null;
}

/** What a search found, and why the list may be shorter than it could be. */
export interface SearchResult {
  entries: CustomerListEntry[];
  /** 'too-short': nothing run yet; 'partial': a narrow funnel looked at the newest matches only. */
  note: 'too-short' | 'partial' | null;
  /** A line for the dispatcher when `note` is set. */
  hint: string;
}

export interface ListRow {
  id: number; name: string; company: string; category: Category; note: string; debt: number; phone: string | null;
  street: string | null; house: string | null; flat: string | null; city: string | null;
}
interface AddressRow {
  city: string; street: string; house: string; building: string; flat: string; entrance: string; floor: string;
  intercom: string; postcode: string; lat: number | null; lon: number | null; courier_note: string;
}

export const LIST_COLUMNS = `c.id, c.name, c.company, c.category, c.note, c.debt,
  (SELECT p.e164 FROM customer_phones p WHERE p.customer_id = c.id ORDER BY p.added_at LIMIT 1) AS phone,
  a.street, a.house, a.flat, a.city`;
export const LAST_ADDRESS = `LEFT JOIN addresses a ON a.id = (SELECT id FROM addresses WHERE customer_id = c.id ORDER BY last_used_at DESC, id DESC LIMIT 1)`;

export class CustomerSearch {
  private statements = new Map<string, Statement<unknown[], ListRow>>();
  private counter: Statement<[string, number], { n: number }> | undefined;
  private funnelIds = new Map<Funnel, Statement<[string, number], number>>();
  private rowsById: Statement<[string], ListRow> | undefined;
  private addressList;

  constructor(private db: Db, private region: string) {
    this.addressList = db.prepare<[number], AddressRow>(
      'SELECT * FROM addresses WHERE customer_id = ? ORDER BY last_used_at DESC, id DESC');
  }

  /** Customers matching what was typed so far (see `find`). */
  search(query: string, opts: SearchOptions = {}): CustomerListEntry[] {
    return this.find(query, opts).entries;
  }

  /**
   * Customers matching what was typed so far, newest first, within the funnel. An empty
   * query lists the funnel. Keystrokes too short to narrow a big base run nothing; a funnel
   * narrower than everyone looks at the newest FUNNEL_SCAN matches, so a million customers
   * answer within a keystroke (typing more narrows further).
   */
  find(query: string, opts: SearchOptions = {}): SearchResult {
    const funnel = opts.funnel ?? 'all';
    const limit = Math.max(1, Math.min(opts.limit ?? 50, 500));
    const plan = planSearch(query, this.region);
    if (plan.kind === 'too-short') return { entries: [], note: 'too-short', hint: plan.hint };
    if (plan.kind === 'everyone') return { entries: this.statement(funnel, false).all(limit).map((r) => this.toEntry(r)), note: null, hint: '' };
    const short = plan.shortWords;
    const fits = (e: CustomerListEntry) => {
      if (short.length === 0) return true;
      const text = fold(`${e.name} ${e.company} ${e.address} ${e.phone.replace(/\D/g, '')}`);
      const words = text.split(/[^\p{L}\p{N}]+/u);
      return short.every((w) => (w.length === 1 ? words.some((x) => x.startsWith(w)) : text.includes(w)));
    };
    const fetch = short.length ? limit * 8 : limit;
    const rows = funnel === 'all' ? this.statement(funnel, true).iterate(plan.expression, fetch) : this.inFunnel(funnel, plan.expression, fetch);
    const entries: CustomerListEntry[] = [];
    // rows come newest first and lazily: stop reading once the list is full
    for (const r of rows) {
      const e = this.toEntry(r);
      if (fits(e)) entries.push(e);
      if (entries.length >= limit) break;
    }
    const partial = funnel !== 'all' && entries.length < limit && this.countUpTo(plan.expression, FUNNEL_SCAN + 1) > FUNNEL_SCAN;
    return { entries, note: partial ? 'partial' : null, hint: partial ? `looked at the newest ${FUNNEL_SCAN} matches: type more to narrow` : '' };
  }

  /** A narrow funnel: the newest FUNNEL_SCAN matches' ids, their categories, then the rows of at most `limit`. */
  private inFunnel(funnel: Exclude<Funnel, 'all'>, expression: string, limit: number): ListRow[] {
    let pick = this.funnelIds.get(funnel);
    if (!pick) {
      const cats = funnelCategories[funnel].map((c) => `'${c}'`).join(',');
      pick = this.db.prepare<[string, number], number>(
        `SELECT m.id FROM (SELECT rowid AS id FROM customer_search WHERE customer_search MATCH ? ORDER BY rowid DESC LIMIT ${FUNNEL_SCAN}) m
         CROSS JOIN customers c ON c.id = m.id WHERE c.category IN (${cats}) LIMIT ?`).pluck();
      this.funnelIds.set(funnel, pick);
    }
    const ids = pick.all(expression, limit).sort((a, b) => b - a);
    if (ids.length === 0) return [];
    this.rowsById ??= this.db.prepare<[string], ListRow>(
      `SELECT ${LIST_COLUMNS} FROM customers c ${LAST_ADDRESS} WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id DESC`);
    return this.rowsById.all(JSON.stringify(ids));
  }

  private countUpTo(expression: string, cap: number): number {
    this.counter ??= this.db.prepare<[string, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM (SELECT rowid FROM customer_search WHERE customer_search MATCH ? LIMIT ?)');
    return this.counter.get(expression, cap)?.n ?? 0;
  }

  /** Every address on the customer's card, most recently used first. */
  addressesOf(customerId: number): Address[] {
    return this.addressList.all(customerId).map((r) => ({
      ...emptyAddress, city: r.city, street: r.street, house: r.house, building: r.building, flat: r.flat,
      entrance: r.entrance, floor: r.floor, intercom: r.intercom, postcode: r.postcode, lat: r.lat, lon: r.lon,
      courierNote: r.courier_note,
    }));
  }

  private statement(funnel: Funnel, withMatch: boolean) {
    const key = `${funnel}:${withMatch}`;
    let stmt = this.statements.get(key);
    if (!stmt) {
      if (funnel !== 'all' && !(funnel in funnelCategories)) throw new Error(`unknown funnel ${funnel}`);
      const cats = funnel === 'all' ? null : funnelCategories[funnel].map((c) => `'${c}'`).join(',');
      const where = cats ? `c.category IN (${cats})` : '1';
      // FTS walked in rowid order, so LIMIT stops early even for a broad prefix (narrow funnels: inFunnel)
      stmt = withMatch
        ? this.db.prepare<unknown[], ListRow>(`SELECT ${LIST_COLUMNS} FROM customer_search s JOIN customers c ON c.id = s.rowid ${LAST_ADDRESS}
            WHERE customer_search MATCH ? ORDER BY s.rowid DESC LIMIT ?`)
        : this.db.prepare<unknown[], ListRow>(`SELECT ${LIST_COLUMNS} FROM customers c ${LAST_ADDRESS} WHERE ${where} ORDER BY c.id DESC LIMIT ?`);
      this.statements.set(key, stmt);
    }
    return stmt;
  }

  private toEntry(r: ListRow): CustomerListEntry {
    return listEntry(r, this.region);
  }
}

/** A row of the customers' list as the list shows it (every engine). */
export function listEntry(r: ListRow, region: string): CustomerListEntry {
    const address = r.street === null ? '' : formatAddress({
      ...emptyAddress, street: r.street, house: r.house ?? '', flat: r.flat ?? '', city: r.city ?? '',
    });
    return {
      id: r.id, name: r.name, company: r.company, category: r.category, note: r.note, debt: r.debt,
      phone: r.phone ? displayPhone(normalisePhone(r.phone, region), region) : '', address,
    };
}
