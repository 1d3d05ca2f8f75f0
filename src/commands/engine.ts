/**
 * The SQLite engine itself, for the commands that are the engine's own (layer rule
 * commands-open-the-engine-where-named in .dependency-cruiser.cjs names them): `db init` (the
 * schema version is SQLite's user_version), `db seed` and `db import|export` (bulk writes in one
 * SQLite transaction with prepared statements), the console and `intake` (they open the store for
 * the desk's runner and the chat intake, which still read it synchronously) and `relay` (the
 * console sweep of the box). Every other command asks through the ports: `withPorts`
 * (src/commands/order-command.ts) or `openPorts` (src/commands/common.ts).
 */
import type { Config } from '../config/config.js';
import { Store } from '../store/index.js';
import { StoreError } from '../store/db.js';
import { isPostgresUrl, shownUrl } from '../store/postgres/pg-db.js';
import { configFrom, type GlobalArgs } from './common.js';

export type { Store };
/** The SQLite library under the store (version, FTS5, R*Tree) for `doctor`: the engine's own. */
export { sqliteLibrary } from '../store/index.js';

/**
 * The store for a command. Only commands that make data (`db init|seed|import`, the console,
 * adding operators, points of sale, zones, the menu) pass `create`; any other command refuses
 * a missing file with its path, so a mistyped --db never becomes an empty database.
 */
export function openStore(config: Config, opts: { create?: boolean } = {}): Store {
  if (isPostgresUrl(config.db)) {
    throw new StoreError(`this command works on an SQLite database file only for now, and ${shownUrl(config.db)} is PostgreSQL (what works there today: docs/architecture.md, "PostgreSQL today")`);
  }
  return Store.open(config.db, { region: config.region, currency: config.currency, create: opts.create ?? false });
}

/** Open the SQLite store, run, close it whatever happens; `create` as in openStore. */
export function withStore<T>(argv: GlobalArgs & Record<string, unknown>, fn: (store: Store, config: Config) => T, opts: { create?: boolean } = {}): T {
  const config = configFrom(argv);
  const store = openStore(config, opts);
  try {
    return fn(store, config);
  } finally {
    store.close();
  }
}
