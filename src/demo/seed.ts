/**
 * Deterministic seed data: the demo's known callers (every S1/S2 path has one), plus as many
 * generated customers and deliveries as a benchmark asks for (1,000,000 / 3,000,000 is fine).
 */
import type { Store } from '../store/index.js';
import type { Category } from '../domain/customer.js';
import type { DeliveryStatus } from '../domain/delivery.js';
import { normalisePhone, phoneKey } from '../domain/phone-number.js';
import { seedOrders } from './seed-data.js';
import { withSearchIndexPaused } from '../store/customer-import.js';
import { SlicedWrites, type SliceOptions } from '../store/sliced-writes.js';
import { DEFAULT_TIMEZONE, localDay } from '../domain/local-time.js';

export interface SeedOptions {
  /** Generated customers on top of the demo ones. */
  customers?: number;
  /** Generated deliveries on top of the demo ones. */
  deliveries?: number;
  /** Clock for promised times (default now). */
  now?: number;
  /** Time zone of the desk's day: the day of the D-… order numbers (default the config default). */
  timezone?: string;
  /** Random seed; same seed, same data. */
  seed?: number;
  /** How the bulk is sliced into short transactions (tests give a clock). */
  slices?: SliceOptions;
  progress?: (what: string, done: number, total: number) => void;
}

/** The demo's callers, by the number they call from. */
export const demoNumbers = {
  /** VIP with a note and an unfinished delivery: the call opens it. */
  openOrder: '+420 777 123 456',
  /** Two unfinished deliveries: the earliest by delivery time opens. */
  twoOpenOrders: '+420 608 222 333',
  /** Known customer, no open order: a new delivery for them. */
  knownCustomer: '+420 731 000 222',
  /** Shared by a family of three: the chooser. */
  sharedNumber: '+420 602 555 111',
  /** Nobody: a new delivery with the number. */
  newCaller: '+420 720 999 888',
  /** A spam-category number. */
  spam: '+420 900 111 222',
  /** A problem customer who owes money. */
  debtor: '+420 739 444 555',
} as const;

/** mulberry32: a tiny deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const firstNames = ['Jana', 'Petr', 'Eva', 'Jan', 'Lucie', 'Tomáš', 'Marie', 'Martin', 'Kateřina', 'Jiří', 'Tereza', 'Pavel', 'Anna', 'Lukáš', 'Veronika', 'David'];
const lastNames = ['Nováková', 'Svoboda', 'Dvořák', 'Černá', 'Procházka', 'Kučerová', 'Veselý', 'Horáková', 'Němec', 'Marková', 'Pokorný', 'Králová'];
/** Czech mobile prefixes: generated numbers are valid, unique, and never a demo number before the 6 millionth (generated suffixes start at 300 000; demo numbers' lie far below or above where 1M customers reach). */
const mobilePrefixes = ['601', '602', '603', '604', '605', '606', '607', '608', '702', '720', '721', '722', '723', '724', '725', '726', '727', '728', '729', '730', '731', '732', '733', '734', '735', '736', '737', '738', '739', '770', '771', '772', '773', '774', '775', '776', '777', '778', '779', '790', '791', '792', '793', '797', '799'];
const streets = ['Vinohradská', 'Korunní', 'Slezská', 'Mánesova', 'Belgická', 'Francouzská', 'Italská', 'Londýnská', 'Jugoslávská', 'Budečská', 'Polská', 'Římská'];

export const demoProducts: { name: string; category: string; price: number; stopped?: boolean }[] = [
  { name: 'Margherita pizza', category: 'pizza', price: 18900 },
  { name: 'Quattro formaggi pizza', category: 'pizza', price: 23900 },
  { name: 'Diavola pizza', category: 'pizza', price: 22900 },
  { name: 'Prosciutto pizza', category: 'pizza', price: 21900 },
  { name: 'Hawaii pizza', category: 'pizza', price: 20900 },
  { name: 'Truffle pizza', category: 'pizza', price: 32900, stopped: true },
  { name: 'Caesar salad', category: 'salad', price: 16900 },
  { name: 'Greek salad', category: 'salad', price: 14900 },
  { name: 'Spaghetti carbonara', category: 'pasta', price: 19900 },
  { name: 'Lasagne', category: 'pasta', price: 21900 },
  { name: 'Garlic bread', category: 'sides', price: 6900 },
  { name: 'Chips', category: 'sides', price: 5900 },
  { name: 'Tiramisu', category: 'dessert', price: 9900 },
  { name: 'Coca-Cola 0.5 l', category: 'drinks', price: 4900 },
  { name: 'Mattoni 0.5 l', category: 'drinks', price: 3900 },
  { name: 'Pilsner Urquell 0.5 l', category: 'drinks', price: 5900 },
];

export function seed(store: Store, o: SeedOptions = {}): { customers: number; deliveries: number } {
  const db = store.db;
  const now = o.now ?? Date.now();
  const rnd = prng(o.seed ?? 42);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const key = (raw: string) => phoneKey(normalisePhone(raw, store.region))!;

  const insCustomer = db.prepare(
    `INSERT INTO customers (name, company, category, note, city, country, debt, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insPhone = db.prepare('INSERT OR IGNORE INTO customer_phones (customer_id, e164, as_typed, added_at) VALUES (?, ?, ?, ?)');
  const insAddress = db.prepare(
    `INSERT INTO addresses (customer_id, city, street, house, flat, entrance, floor, intercom, postcode, last_used_at)
     VALUES (?, 'Praha', ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insDelivery = db.prepare(
    `INSERT INTO deliveries (number, customer_id, phone, phone_key, status, addr_city, addr_street, addr_house, addr_flat,
       addr_entrance, addr_floor, addr_intercom, addr_postcode, promised_at, asap, pos_id, driver_id, total, subtotal, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'Praha', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insItem = db.prepare(
    `INSERT INTO delivery_items (delivery_id, position, product_id, name, quantity, unit_price) VALUES (?, ?, ?, ?, ?, ?)`);

  let customers = 0;
  let deliveries = 0;
  // new drafts continue the day's short numbers after the seeded ones
  const daySeq = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), excluded.value)`);
  const noteDay = () => daySeq.run(`delivery-seq:${localDay(now, o.timezone ?? DEFAULT_TIMEZONE)}`, deliveries);
  const customer = (name: string, company: string, category: Category, note: string, debt: number, phones: string[]) => {
    const id = Number(insCustomer.run(name, company, category, note, 'Praha', 'CZ', debt, now, now).lastInsertRowid);
    for (const p of phones) insPhone.run(id, key(p), p, now);
    customers++;
    return id;
  };
  const productRows = () => db.prepare('SELECT id, name, price FROM products ORDER BY id').all() as { id: number; name: string; price: number }[];
  const delivery = (
    products: { id: number; name: string; price: number }[], pos: { id: number }[],
    customerId: number | null, phone: string, status: DeliveryStatus, street: string, house: string,
    promisedInMin: number | null, items: [number, number][], driver: number | null,
  ) => {
    deliveries++;
    const total = items.reduce((t, [p, q]) => t + products[p].price * q, 0);
    const id = Number(insDelivery.run(
      `D-${String(deliveries).padStart(3, '0')}`, customerId, phone, key(phone), status, street, house, String(1 + (deliveries % 20)),
      '1', String(deliveries % 6), 'Name on bell', '120 00', promisedInMin === null ? null : now + promisedInMin * 60_000,
      promisedInMin === null ? 1 : 0, pos[deliveries % pos.length].id, driver, total, total, now - 3_600_000, now - 60_000,
    ).lastInsertRowid);
    items.forEach(([p, q], n) => insItem.run(id, n, products[p].id, products[p].name, q, products[p].price));
    return id;
  };

  db.transaction(() => {
    // reference data, once
    const hasPos = db.prepare('SELECT COUNT(*) AS n FROM points_of_sale').get() as { n: number };
    if (hasPos.n === 0) {
      db.prepare(`INSERT INTO points_of_sale (name, code, preparation_minutes) VALUES ('Pizzeria Vinohrady', 'V', 20), ('Pizzeria Karlín', 'K', 25)`).run();
      db.prepare(`INSERT INTO drivers (name, mobile) VALUES ('Karel Rychlý', '+420 605 100 200'), ('Ondřej Kolo', '+420 605 300 400'), ('Filip Bez Mobilu', '')`).run();
      const insProduct = db.prepare('INSERT INTO products (code, name, category, price) VALUES (?, ?, ?, ?)');
      demoProducts.forEach((p, n) => {
        const id = Number(insProduct.run(`P${n + 1}`, p.name, p.category, p.price).lastInsertRowid);
        if (p.stopped) db.prepare('INSERT INTO stop_list (product_id, pos_id, since) VALUES (?, NULL, ?)').run(id, now);
      });
    }
    const products = productRows();
    const pos = db.prepare('SELECT id FROM points_of_sale ORDER BY id').all() as { id: number }[];
    const drivers = db.prepare('SELECT id FROM drivers ORDER BY id').all() as { id: number }[];
    const order = (...a: [number | null, string, DeliveryStatus, string, string, number | null, [number, number][], number | null]) => delivery(products, pos, ...a);

    // --- the demo's known callers (fixtures rely on these; keep them stable)
    const jana = customer('Jana Nováková', 'Nováková Design s.r.o.', 'vip', 'Allergic to nuts — always ask', 0, [demoNumbers.openOrder]);
    insAddress.run(jana, 'Vinohradská', '12', '4', '1', '2', 'NOVAKOVA', '120 00', now);
    order(jana, demoNumbers.openOrder, 'cooking', 'Vinohradská', '12', 25, [[0, 2], [13, 2]], drivers[0].id);
    const tomas = customer('Tomáš Procházka', '', 'regular', '', 0, [demoNumbers.twoOpenOrders, '+420 605 777 888']);
    order(tomas, demoNumbers.twoOpenOrders, 'sent', 'Korunní', '40', 50, [[1, 1]], null);
    order(tomas, demoNumbers.twoOpenOrders, 'on-the-way', 'Korunní', '40', 10, [[8, 1], [12, 1]], drivers[1].id);
    const lucie = customer('Lucie Černá', '', 'regular', 'Prefers card payment', 0, [demoNumbers.knownCustomer]);
    insAddress.run(lucie, 'Slezská', '7', '12', '2', '3', 'CERNA', '120 00', now - 86_400_000);
    order(lucie, demoNumbers.knownCustomer, 'delivered', 'Slezská', '7', -1440, [[2, 1], [6, 1]], drivers[2].id);
    for (const name of ['Petr Svoboda', 'Eva Svobodová', 'Adam Svoboda']) customer(name, '', 'regular', '', 0, [demoNumbers.sharedNumber]);
    customer('Prank Caller', '', 'spam', 'Orders and never pays', 0, [demoNumbers.spam]);
    customer('Martin Veselý', 'Veselý Autoservis', 'problem', 'Disputed last bill — be polite, ask for cash', 45000, [demoNumbers.debtor]);
    noteDay();
  }).immediate();

  // --- generated bulk for benchmarks, in short transactions: consoles on the same file keep working
  const bulk = new SlicedWrites(db, o.slices);
  try {
    const bulkCustomers: number[] = [];
    const phoneOf = db.prepare('SELECT as_typed FROM customer_phones WHERE customer_id = ? LIMIT 1').pluck();
    const nC = o.customers ?? 0;
    for (let n = 0; n < nC;) {
      const upTo = Math.min(nC, n + bulk.rowsPerSlice);
      // the search index's triggers cost ~60 µs a row: each slice indexes its customers in one pass
      bulk.slice(upTo - n, () => withSearchIndexPaused(db, () => {
        for (; n < upTo; n++) {
          const suffix = String(300_000 + Math.floor(n / mobilePrefixes.length));
          const phone = `+420 ${mobilePrefixes[n % mobilePrefixes.length]} ${suffix.slice(0, 3)} ${suffix.slice(3)}`;
          const id = Number(insCustomer.run(`${pick(firstNames)} ${pick(lastNames)}`, rnd() < 0.1 ? `${pick(lastNames)} s.r.o.` : '', rnd() < 0.02 ? 'vip' : 'regular', '', 'Praha', 'CZ', 0, now, now).lastInsertRowid);
          insPhone.run(id, key(phone), phone, now);
          // every 10th shares its number with the next customer (families, offices)
          if (n % 10 === 1 && bulkCustomers.length) insPhone.run(bulkCustomers[bulkCustomers.length - 1], key(phone), phone, now);
          bulkCustomers.push(id);
          customers++;
          if (o.progress && n % 100_000 === 0) o.progress('customers', n, nC);
        }
      }));
    }
    const nD = o.deliveries ?? 0;
    const finished: DeliveryStatus[] = ['delivered', 'delivered', 'delivered', 'closed', 'cancelled'];
    const products = productRows();
    const pos = db.prepare('SELECT id FROM points_of_sale ORDER BY id').all() as { id: number }[];
    for (let n = 0; n < nD && bulkCustomers.length;) {
      const upTo = Math.min(nD, n + bulk.rowsPerSlice);
      bulk.slice(upTo - n, () => {
        for (; n < upTo; n++) {
          const cid = bulkCustomers[Math.floor(rnd() * bulkCustomers.length)];
          const phone = phoneOf.get(cid) as string;
          const open = rnd() < 0.01;
          delivery(products, pos, cid, phone, open ? 'sent' : pick(finished), pick(streets), String(1 + Math.floor(rnd() * 120)),
            open ? Math.floor(rnd() * 90) : -Math.floor(rnd() * 500_000), [[Math.floor(rnd() * products.length), 1 + Math.floor(rnd() * 3)]], null);
          if (o.progress && n % 100_000 === 0) o.progress('deliveries', n, nD);
        }
        noteDay();
      });
    }
  } finally {
    bulk.finish();
  }
  // zones, the menu with sizes and modifiers, outlets' minutes, the stop-list (issue 7)
  seedOrders(store, rnd, now);
  return { customers, deliveries };
}
