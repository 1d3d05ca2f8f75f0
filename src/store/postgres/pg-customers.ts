/**
 * Customers, their numbers, saved addresses and the search as typed, on PostgreSQL (issue 17).
 * The rows are read into the same shapes as on SQLite by the same mapping functions
 * (listEntry, toAddress); only the SQL differs. The search has no FTS5 here: every word typed
 * (or the digits of a number) must be found, case-blind, in the name, company, a number or an
 * address — trigram indexes (pg_trgm, migration v4) under each.
 */
import type { Customer } from '../../domain/customer.js';
import type { Address } from '../../domain/address.js';
import type { CustomerRepository, CustomerSearchRepository, SavedAddressRepository } from '../ports.js';
import { LAST_ADDRESS, LIST_COLUMNS, listEntry, planSearch, type ListRow } from '../customer-search.js';
import { toAddress, type AddressRow } from '../saved-addresses.js';
import type { PgDb, Queryable } from './pg-db.js';

type CustomerRow = Omit<Customer, 'phones'>;

export function pgCustomers(db: PgDb): CustomerRepository {
  const get = async (id: number, q: Queryable = db): Promise<Customer | null> => {
    const row = await q.row<CustomerRow>('SELECT id, name, company, category, note, city, country, debt FROM customers WHERE id = $1', [id]);
    if (!row) return null;
    const phones = await q.rows<{ e164: string; as_typed: string }>(
      'SELECT e164, as_typed FROM customer_phones WHERE customer_id = $1 ORDER BY added_at, e164', [id]);
    return { ...row, phones: phones.map((p) => ({ e164: p.e164, asTyped: p.as_typed })) };
  };
  const attach = (q: Queryable, customerId: number, key: string, asTyped: string, now: number) =>
    q.rows('INSERT INTO customer_phones (customer_id, e164, as_typed, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [customerId, key, asTyped, now]);
  return {
    get: (id) => get(id),
    async withPhone(key) {
      const ids = await db.rows<{ customer_id: number }>('SELECT customer_id FROM customer_phones WHERE e164 = $1 ORDER BY customer_id LIMIT 50', [key]);
      const cards = await Promise.all(ids.map((r) => get(r.customer_id)));
      return cards.filter((c): c is Customer => c !== null);
    },
    create: (c, now = Date.now()) => db.tx(async (q) => {
      const { id } = (await q.row<{ id: number }>(
        `INSERT INTO customers (name, company, category, note, city, country, debt, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
        [c.name ?? '', c.company ?? '', c.category ?? 'regular', c.note ?? '', c.city ?? '', c.country ?? '', c.debt ?? 0, now]))!;
      if (c.phone) await attach(q, id, c.phone.key, c.phone.asTyped, now);
      return id;
    }),
    async update(c, now = Date.now()) {
      await db.rows(
        `UPDATE customers SET name = $2, company = $3, category = $4, note = $5, city = $6, country = $7, debt = $8, updated_at = $9 WHERE id = $1`,
        [c.id, c.name, c.company, c.category, c.note, c.city, c.country, c.debt, now]);
    },
    async attachPhone(customerId, key, asTyped, now = Date.now()) {
      await attach(db, customerId, key, asTyped, now);
    },
  };
}

const ADDRESS_FIELDS = ['city', 'street', 'house', 'building', 'flat', 'entrance', 'floor', 'intercom', 'postcode', 'lat', 'lon', 'courierNote'] as const;
const addressValues = (a: Address) => ADDRESS_FIELDS.map((f) => a[f]);

export function pgSavedAddresses(db: PgDb): SavedAddressRepository {
  // "the very same address": every field equal, a missing position equal to a missing one
  const same = (q: Queryable, customerId: number, a: Address) => q.row<{ id: number }>(
    `SELECT id FROM addresses WHERE customer_id = $1 AND city = $2 AND street = $3 AND house = $4 AND building = $5 AND flat = $6
       AND entrance = $7 AND floor = $8 AND intercom = $9 AND postcode = $10 AND lat IS NOT DISTINCT FROM $11::float8
       AND lon IS NOT DISTINCT FROM $12::float8 AND courier_note = $13 LIMIT 1`, [customerId, ...addressValues(a)]);
  const insert = (q: Queryable, customerId: number, a: Address, at: number) => q.rows(
    `INSERT INTO addresses (customer_id, city, street, house, building, flat, entrance, floor, intercom, postcode, lat, lon, courier_note, last_used_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, [customerId, ...addressValues(a), at]);
  return {
    async forCustomer(customerId, limit = 20) {
      return (await db.rows<AddressRow>('SELECT * FROM addresses WHERE customer_id = $1 ORDER BY last_used_at DESC, id DESC LIMIT $2', [customerId, limit])).map(toAddress);
    },
    async sameAs(customerId, a) {
      return (await same(db, customerId, a))?.id ?? null;
    },
    async add(customerId, a, lastUsed) {
      await insert(db, customerId, a, lastUsed);
    },
    async remember(customerId, a, now = Date.now()) {
      if (!a.street.trim() && a.lat === null) return;
      await db.tx(async (q) => {
        // two consoles remembering the same address at once: one row (the second waits on the customer's row)
        await q.rows('SELECT 1 FROM customers WHERE id = $1 FOR UPDATE', [customerId]);
        const hit = await same(q, customerId, a);
        if (hit) await q.rows('UPDATE addresses SET last_used_at = $1 WHERE id = $2', [now, hit.id]);
        else await insert(q, customerId, a, now);
      });
    },
  };
}

const likeOf = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function pgCustomerSearch(db: PgDb, region: string): CustomerSearchRepository {
  const find: CustomerSearchRepository['find'] = async (query, opts = {}) => {
    if (opts.funnel && opts.funnel !== 'all') throw new Error(`the "${opts.funnel}" funnel is not on PostgreSQL yet`);
    const limit = Math.max(1, Math.min(opts.limit ?? 50, 500));
    const plan = planSearch(query, region);
    if (plan.kind === 'too-short') return { entries: [], note: 'too-short', hint: plan.hint };
    const terms = plan.kind === 'match' ? plan.terms : [];
    // each term: in the name, the company, a number's digits or an address
    const where = terms.map((_, i) => `(lower(c.name) LIKE $${i + 2} OR lower(c.company) LIKE $${i + 2} OR lower(c.city) LIKE $${i + 2}
      OR EXISTS (SELECT 1 FROM customer_phones p WHERE p.customer_id = c.id AND p.e164 LIKE $${i + 2})
      OR EXISTS (SELECT 1 FROM addresses x WHERE x.customer_id = c.id AND (lower(x.street) LIKE $${i + 2} OR lower(x.city) LIKE $${i + 2})))`);
    const rows = await db.rows<ListRow>(
      `SELECT ${LIST_COLUMNS} FROM customers c ${LAST_ADDRESS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.id DESC LIMIT $1`,
      [limit, ...terms.map(likeOf)]);
    return { entries: rows.map((r) => listEntry(r, region)), note: null, hint: '' };
  };
  return {
    find,
    search: async (query, opts) => (await find(query, opts)).entries,
    async addressesOf(customerId) {
      return (await db.rows<AddressRow>('SELECT * FROM addresses WHERE customer_id = $1 ORDER BY last_used_at DESC, id DESC', [customerId])).map(toAddress);
    },
  };
}
