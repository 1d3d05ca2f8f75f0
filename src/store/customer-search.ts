/**
 * The customer base as a dispatcher searches it while the caller waits (S5 left pane):
 * name, company, any phone format or address, typed a few letters at a time, narrowed by
 * category "funnels". Backed by the FTS5 index of schema v4 (rowid = customer id).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type { Address, Category } from './types.js';
import { emptyAddress, formatAddress } from './types.js';
import { displayPhone, normalisePhone } from '../domain/phone-number.js';

/** A category "funnel" (S5): everyone, paying clients only, or one category. */
export type Funnel = 'all' | 'clients' | Category;
export const funnels: readonly Funnel[] = ['all', 'clients', 'vip', 'problem', 'staff', 'spam', 'sleeping', 'not-a-client', 'regular'];
const funnelCategories: Record<Exclude<Funnel, 'all'>, Category[]> = {
  clients: ['regular', 'vip', 'problem'],
  regular: ['regular'], vip: ['vip'], problem: ['problem'], staff: ['staff'], spam: ['spam'],
  sleeping: ['sleeping'], 'not-a-client': ['not-a-client'],
};

/** One line of the customer list. */
export interface CustomerListEntry {
  id: number;
  name: string;
  company: string;
  category: Category;
  note: string;
  debt: number;
  /** The first number on the card, as a dispatcher reads it; '' when none. */
  phone: string;
  /** The most recently used address, one line; '' when none. */
  address: string;
}

export interface SearchOptions { funnel?: Funnel; limit?: number }

const PHONE_LIKE = /^(?:tel:|sips?:)?[\d\s+\-().\/]+$/i;

/**
 * The FTS5 MATCH expression for what the dispatcher typed, or null for "no filter".
 * A phone-like query becomes one digit prefix (E.164 digits when it is a whole valid
 * number or starts with + / 00, else the digits as typed, which match the national and
 * trunk-0 forms); anything else becomes one prefix per word, all required.
 */
export function matchExpression(query: string, region: string): string | null {
  const q = query.trim();
  if (!q) return null;
  if (PHONE_LIKE.test(q) && /\d/.test(q)) {
    const n = normalisePhone(q, region);
    const bare = q.replace(/^(?:tel:|sips?:)/i, '').trim();
    let digits: string;
    if (n.kind === 'valid' && bare.replace(/\D/g, '').length >= 6) digits = n.e164.slice(1);
    else if (/^\+/.test(bare)) digits = bare.replace(/\D/g, '');
    else if (/^00[1-9]/.test(bare.replace(/\D/g, ''))) digits = bare.replace(/\D/g, '').slice(2);
    else digits = bare.replace(/\D/g, '');
    return digits ? `"${digits}"*` : null;
  }
  const words = q.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

interface ListRow {
  id: number; name: string; company: string; category: Category; note: string; debt: number; phone: string | null;
  street: string | null; house: string | null; flat: string | null; city: string | null;
}
interface AddressRow {
  city: string; street: string; house: string; building: string; flat: string; entrance: string; floor: string;
  intercom: string; postcode: string; lat: number | null; lon: number | null; courier_note: string;
}

const LIST_COLUMNS = `c.id, c.name, c.company, c.category, c.note, c.debt,
  (SELECT p.e164 FROM customer_phones p WHERE p.customer_id = c.id ORDER BY p.added_at LIMIT 1) AS phone,
  a.street, a.house, a.flat, a.city`;
const LAST_ADDRESS = `LEFT JOIN addresses a ON a.id = (SELECT id FROM addresses WHERE customer_id = c.id ORDER BY last_used_at DESC, id DESC LIMIT 1)`;

export class CustomerSearch {
  private statements = new Map<string, Statement<unknown[], ListRow>>();
  private addressList;

  constructor(private db: Db, private region: string) {
    this.addressList = db.prepare<[number], AddressRow>(
      'SELECT * FROM addresses WHERE customer_id = ? ORDER BY last_used_at DESC, id DESC');
  }

  /**
   * Customers matching what was typed so far, newest first, within the funnel. An empty
   * query lists the funnel; a query nothing can match (or a malformed one) finds nobody.
   */
  search(query: string, opts: SearchOptions = {}): CustomerListEntry[] {
    const funnel = opts.funnel ?? 'all';
    const limit = Math.max(1, Math.min(opts.limit ?? 50, 500));
    const match = matchExpression(query, this.region);
    if (match === null && query.trim() !== '') return [];
    const stmt = this.statement(funnel, match !== null);
    const rows = match === null ? stmt.all(limit) : stmt.all(match, limit);
    return rows.map((r) => this.toEntry(r));
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
      // FTS first, walked in rowid order so LIMIT stops early even for a one-letter prefix
      stmt = withMatch
        ? this.db.prepare<unknown[], ListRow>(`SELECT ${LIST_COLUMNS} FROM customer_search s JOIN customers c ON c.id = s.rowid ${LAST_ADDRESS}
            WHERE customer_search MATCH ? AND ${where} ORDER BY s.rowid DESC LIMIT ?`)
        : this.db.prepare<unknown[], ListRow>(`SELECT ${LIST_COLUMNS} FROM customers c ${LAST_ADDRESS} WHERE ${where} ORDER BY c.id DESC LIMIT ?`);
      this.statements.set(key, stmt);
    }
    return stmt;
  }

  private toEntry(r: ListRow): CustomerListEntry {
    const address = r.street === null ? '' : formatAddress({
      ...emptyAddress, street: r.street, house: r.house ?? '', flat: r.flat ?? '', city: r.city ?? '',
    });
    return {
      id: r.id, name: r.name, company: r.company, category: r.category, note: r.note, debt: r.debt,
      phone: r.phone ? displayPhone(normalisePhone(r.phone, this.region)) : '', address,
    };
  }
}
