/**
 * The SQLite engine behind the store's ports (src/store/ports.ts). better-sqlite3 answers
 * synchronously, so each port method runs its repository's method at once and hands back a
 * Promise already settled with the answer (a throw becomes a rejection). The assignments below
 * are the compile-time check that every SQLite repository keeps its port's signatures.
 */
import type { Store } from './index.js';
import type { StorePorts } from './ports.js';

/** A synchronous repository's methods, each answering with a Promise. */
export type Promised<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : T[K] };

/** One synchronous call, its answer (or its throw) as a settled Promise. */
export function settle<R>(call: () => R): Promise<R> {
  try {
    return Promise.resolve(call());
  } catch (err) {
    return Promise.reject(err);
  }
}

/** The methods of a synchronous repository (its class's, up the prototype chain), each answering with a Promise. */
export function promised<T extends object>(repo: T): Promised<T> {
  const out: Record<string, unknown> = {};
  for (let proto = Object.getPrototypeOf(repo); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (name === 'constructor' || name in out || typeof d?.value !== 'function') continue;
      const method = d.value as (...args: unknown[]) => unknown;
      out[name] = (...args: unknown[]) => settle(() => method.apply(repo, args));
    }
  }
  return out as Promised<T>;
}

/** The repositories whose SQLite class is the port as it is, every method promised. */
const direct = [
  'customers', 'deliveries', 'catalog', 'calls', 'transfers', 'operators', 'sessions', 'outbox', 'customerSearch', 'callReport',
  'zones', 'menu', 'outlets', 'orderTerms', 'addresses', 'pointsOfSale', 'drivers', 'consoleLocks', 'presence', 'groupRoutes',
  'workItems', 'groups', 'mailOutbox', 'secrets', 'invitationCodes', 'callbacks', 'conversations',
] as const satisfies readonly (keyof Store & keyof StorePorts)[];
type Direct = (typeof direct)[number];

function directPorts(store: Store): Pick<StorePorts, Direct> {
  const out = {} as { [K in Direct]: Promised<Store[K]> };
  for (const name of direct) (out as Record<Direct, unknown>)[name] = promised(store[name]);
  // the compile-time check: each SQLite repository, promised, keeps its port's signatures
  return out;
}

/** The ports over one open SQLite store (made once per store: `Store.ports`). */
export function sqlitePorts(store: Store): StorePorts {
  return {
    region: store.region,
    currency: store.currency,
    ...directPorts(store),
    customerImport: {
      run: (rows, opts) => settle(() => store.customerImport.run(rows, opts)),
      // one customer at a time from the synchronous cursor: a large export never sits in memory whole
      async *exportAll() { yield* store.customerImport.exportAll(); },
    },
    consoles: {
      ...promised(store.consoles),
      // SQLite's proof of life is a lock file per run beside the database (src/store/console-locks.ts)
      sweep: (me, operator, now, o) => settle(() => store.consoles.sweep(store.consoleLocks, me, operator, now, o)),
    },
    // the lease opens its own file on first use: asked for at each call, not here
    relayLease: {
      holder: (now) => settle(() => store.relayLease.holder(now)),
      take: (owner, kind, now, ttlMs) => settle(() => store.relayLease.take(owner, kind, now, ttlMs)),
      release: (owner) => settle(() => store.relayLease.release(owner)),
    },
    changes: {
      onCommit: (listener) => store.onCommit(listener),
      dataVersion: () => settle(() => store.dataVersion()),
      deskVersion: () => settle(() => store.deskVersion()),
      listVersions: () => settle(() => store.listVersions()),
    },
    lookupCaller: (raw) => settle(() => store.lookupCaller(raw)),
    driverWithPhone: (key) => settle(() => store.driverWithPhone(key)),
    sendToPointOfSale: (d, now) => settle(() => store.sendToPointOfSale(d, now)),
    cancelDelivery: (id, version, reason, note, now) => settle(() => store.cancelDelivery(id, version, reason, note, now)),
    close: () => settle(() => store.close()),
  };
}
