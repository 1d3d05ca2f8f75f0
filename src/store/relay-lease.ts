/**
 * One relay per box: the relay that sends the box's orders holds one row, renewed while it
 * lives. `ringdesk relay` (the service) always takes it, from a console too; a console takes it
 * only when it ran out (no relay alive: a demo, a single laptop) and gives it back to a service
 * that starts. Exactly-once does not rest on this row (every outbox row has its own lease,
 * src/store/outbox.ts): two relays for a moment send nothing twice, they only both look.
 *
 * The row lives in a small database of its own beside the desk's (`<db>-lease`), not in the
 * shared one: a renewal every 10 s was a commit in the shared WAL, and every console's commit
 * watch woke for it (issue 19, bench/idle.js). Renewing it now wakes nobody; the consoles read
 * it on their own timer.
 */
import { openDatabase, type Db } from './db.js';
import type { Migration } from './migrations/migration.js';

/** The lease's own file beside the database (in-memory databases keep it in themselves). */
export function leaseFile(dbFile: string): string | null {
  return dbFile === ':memory:' ? null : `${dbFile}-lease`;
}

const leaseMigrations: Migration[] = [{
  version: 1,
  name: 'relay lease',
  up: (db) => db.exec(`CREATE TABLE IF NOT EXISTS relay_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    owner TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('service', 'console')),
    until INTEGER NOT NULL
  )`),
}];

/** Open (making it if needed, private like the database) the lease's own file. */
export function openLeaseDatabase(file: string): Db {
  return openDatabase(file, leaseMigrations, { create: true, side: true });
}

export type RelayKind = 'service' | 'console';

export interface RelayHolder { owner: string; kind: RelayKind; until: number }

export class RelayLease {
  private readStmt; private takeStmt; private releaseStmt;

  constructor(private db: Db) {
    this.readStmt = db.prepare<[], RelayHolder>('SELECT owner, kind, until FROM relay_lease WHERE id = 1');
    // ours already, run out, or a console's that a service takes over
    this.takeStmt = db.prepare(
      `INSERT INTO relay_lease (id, owner, kind, until) VALUES (1, @owner, @kind, @until)
       ON CONFLICT (id) DO UPDATE SET owner = @owner, kind = @kind, until = @until
       WHERE relay_lease.owner = @owner OR relay_lease.until < @now OR (@kind = 'service' AND relay_lease.kind = 'console')`);
    this.releaseStmt = db.prepare('DELETE FROM relay_lease WHERE id = 1 AND owner = ?');
  }

  /** The relay holding the box's lease at `now`, or null when none is alive. */
  holder(now: number): RelayHolder | null {
    const h = this.readStmt.get();
    return h && h.until >= now ? h : null;
  }

  /** Take or renew the lease until `now + ttlMs`; true when `owner` holds it afterwards. */
  take(owner: string, kind: RelayKind, now: number, ttlMs: number): boolean {
    return this.db.transaction(() => this.takeStmt.run({ owner, kind, until: now + ttlMs, now }).changes > 0).immediate();
  }

  /** A relay that stops cleanly lets a console take over at once. */
  release(owner: string): void {
    this.releaseStmt.run(owner);
  }
}
