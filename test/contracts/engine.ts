/**
 * What a contract suite needs of a database engine: a fresh, migrated, empty database per test,
 * reached through the store's ports (src/store/ports.ts), and a second connection to the SAME
 * database — another console or relay — for the races and the changes a colleague makes.
 * src/store/sqlite-ports.test.ts gives SQLite; issue 17 gives PostgreSQL and runs the same suites.
 */
import { afterEach } from 'vitest';
import type { StorePorts } from '../../src/store/ports.js';

export interface OpenedDatabase {
  /** This console's connection. */
  ports: StorePorts;
  /** Another connection to the same database (a colleague's console, a relay on another box). */
  colleague(): Promise<StorePorts>;
  /** Close every connection and throw the database away. */
  close(): Promise<void>;
}

export interface PortsEngine {
  /** Named in the suites' titles: "sqlite", "postgres". */
  name: string;
  /** A new empty database at the newest schema; region CZ, currency CZK. */
  open(): Promise<OpenedDatabase>;
}

/**
 * Inside a suite's describe: a fresh database per test, closed after it. `open()` gives this
 * console's ports; `colleague()` a second connection to the same database.
 */
export function freshDatabases(engine: PortsEngine): { open(): Promise<StorePorts>; colleague(): Promise<StorePorts> } {
  let db: OpenedDatabase | null = null;
  afterEach(async () => {
    await db?.close();
    db = null;
  });
  return {
    open: async () => (db = await engine.open()).ports,
    colleague: () => {
      if (!db) throw new Error('open() the database first');
      return db.colleague();
    },
  };
}
