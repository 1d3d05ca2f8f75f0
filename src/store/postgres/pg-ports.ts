/**
 * The PostgreSQL engine behind the store's ports (issue 17): node-postgres, one pool per process,
 * the same migrations as SQLite (src/store/postgres/pg-migrate.ts). Repositories land in steps;
 * what is not here yet answers with one line saying so (./not-yet.ts), and the table of what works
 * on PostgreSQL today is in docs/architecture.md.
 */
import type { StorePorts } from '../ports.js';
import { normalisePhone, phoneKey } from '../../domain/phone-number.js';
import { PgDb } from './pg-db.js';
import { migratePostgres } from './pg-migrate.js';
import { pgCustomers, pgCustomerSearch, pgSavedAddresses } from './pg-customers.js';
import { pgDeliveries } from './pg-deliveries.js';
import { notYet, repositoryNotYet } from './not-yet.js';

export interface PostgresOptions { region: string; currency: string; /** Connections in the pool (default 4). */ max?: number }

/** Connect, migrate (refusing a database from a newer ringdesk), and the ports over it. */
export async function openPostgres(url: string, opts: PostgresOptions): Promise<StorePorts> {
  const db = new PgDb(url, { max: opts.max });
  try {
    await migratePostgres(db);
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
  return postgresPorts(db, opts);
}

/** The ports over a migrated PostgreSQL database. */
export function postgresPorts(db: PgDb, opts: PostgresOptions): StorePorts {
  const customers = pgCustomers(db);
  const addresses = pgSavedAddresses(db);
  const deliveries = pgDeliveries(db);
  const driverWithPhone = async (key: string) => {
    const drivers = await db.rows<{ id: number; name: string; mobile: string }>(
      `SELECT id, name, mobile FROM drivers WHERE active = 1 AND mobile <> '' ORDER BY id`);
    const d = drivers.find((x) => phoneKey(normalisePhone(x.mobile, opts.region)) === key);
    return d ? { id: d.id, name: d.name } : null;
  };
  const later = <K extends keyof StorePorts>(name: K) => repositoryNotYet<StorePorts[K] & object>(name);
  return {
    region: opts.region,
    currency: opts.currency,
    customers,
    addresses,
    deliveries,
    customerSearch: pgCustomerSearch(db, opts.region),
    catalog: later('catalog'),
    calls: later('calls'),
    transfers: later('transfers'),
    operators: later('operators'),
    sessions: later('sessions'),
    outbox: later('outbox'),
    callReport: later('callReport'),
    customerImport: later('customerImport'),
    zones: later('zones'),
    menu: later('menu'),
    outlets: later('outlets'),
    orderTerms: later('orderTerms'),
    pointsOfSale: later('pointsOfSale'),
    drivers: later('drivers'),
    consoles: later('consoles'),
    consoleLocks: later('consoleLocks'),
    presence: later('presence'),
    groupRoutes: later('groupRoutes'),
    relayLease: later('relayLease'),
    workItems: later('workItems'),
    groups: later('groups'),
    mailOutbox: later('mailOutbox'),
    secrets: later('secrets'),
    invitationCodes: later('invitationCodes'),
    callbacks: later('callbacks'),
    conversations: later('conversations'),
    changes: later('changes'),
    // the caller card: the same answer as SQLite's Store.lookupCaller, minus the open callback (callbacks are not here yet)
    async lookupCaller(raw) {
      const number = normalisePhone(raw, opts.region);
      const key = phoneKey(number);
      if (!key) return { number, key, unfinished: [], customers: [] };
      const found = await customers.withPhone(key);
      // a customer without a city on their card is placed by their last-used address
      const cards = await Promise.all(found.map(async (c) => (c.city ? c : { ...c, city: (await addresses.forCustomer(c.id, 1))[0]?.city ?? '' })));
      return { number, key, unfinished: await deliveries.unfinishedFor(key), customers: cards, driver: await driverWithPhone(key) };
    },
    driverWithPhone,
    sendToPointOfSale: notYet('the store', 'sendToPointOfSale'),
    cancelDelivery: notYet('the store', 'cancelDelivery'),
    close: () => db.close(),
  };
}

/**
 * The ports over a PostgreSQL database for a caller that cannot wait for the connection (a
 * command's synchronous `openPorts`): connecting and migrating start at once, and every method
 * waits for them first — a server that is not there, or a database from a newer ringdesk, is the
 * first call's rejection, one line.
 */
export function postgresPortsOnFirstUse(url: string, opts: PostgresOptions): StorePorts {
  const db = new PgDb(url, { max: opts.max });
  const ready = migratePostgres(db);
  ready.catch(() => {}); // the first call reports it
  const after = (fn: (...a: unknown[]) => unknown, self: unknown) => (...a: unknown[]) => ready.then(() => fn.apply(self, a));
  const ports = postgresPorts(db, opts) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(ports)) {
    if (name === 'close') out[name] = () => ready.then(() => {}, () => {}).then(() => db.close());
    else if (typeof value === 'function') out[name] = after(value as (...a: unknown[]) => unknown, ports);
    else if (value && typeof value === 'object') {
      out[name] = new Proxy(value, {
        get: (t, k) => {
          const v = Reflect.get(t, k);
          return typeof v === 'function' ? after(v as (...a: unknown[]) => unknown, t) : v;
        },
      });
    } else out[name] = value;
  }
  return out as unknown as StorePorts;
}
