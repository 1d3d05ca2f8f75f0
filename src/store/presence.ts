/**
 * Operators' presence as every console sees it (migration v12): the status each chose, a
 * wrap-up with its end, the console run that set it. A change moves `presence_changes`, so a
 * console woken by a commit redraws colleagues' statuses only when one changed.
 */
import type Database from 'better-sqlite3';
import type { Db } from './db.js';
import { presenceNow, type OperatorPresence, type Presence, type PresenceStatus } from '../domain/presence.js';

interface Row { operator: string; status: PresenceStatus; until: number | null; since: number }

export class PresenceBoard {
  private setStmt; private allStmt; private oneStmt; private versionStmt: Database.Statement<[], number>;

  constructor(db: Db) {
    this.setStmt = db.prepare(
      `INSERT INTO operator_presence (operator, status, until, since, console) VALUES (@operator, @status, @until, @since, @console)
       ON CONFLICT(operator) DO UPDATE SET status = excluded.status, until = excluded.until, since = excluded.since, console = excluded.console`);
    this.allStmt = db.prepare<[], Row>('SELECT operator, status, until, since FROM operator_presence ORDER BY operator');
    this.oneStmt = db.prepare<[string], Row>('SELECT operator, status, until, since FROM operator_presence WHERE operator = ?');
    this.versionStmt = db.prepare<[], number>('SELECT n FROM presence_changes WHERE id = 1').pluck() as Database.Statement<[], number>;
  }

  /** `operator` (on console run `consoleId`) is now `p`. */
  set(operator: string, p: Presence, consoleId: string): void {
    this.setStmt.run({ operator, status: p.status, until: p.until, since: p.since, console: consoleId });
  }

  /** Every operator who has a status, by name. */
  all(): OperatorPresence[] {
    return this.allStmt.all();
  }

  /**
   * Who is there at `now`, by their presence (a console that quit or vanished made its operator
   * offline): `online` = anything but offline; `available` = available or wrapping up (a wrap-up
   * ends by itself in seconds; a break does not).
   */
  present(now: number): { online: Set<string>; available: Set<string> } {
    const online = new Set<string>();
    const available = new Set<string>();
    for (const p of this.allStmt.all()) {
      const status = presenceNow(p, now);
      if (status !== 'offline') online.add(p.operator);
      if (status === 'available' || status === 'wrap-up') available.add(p.operator);
    }
    return { online, available };
  }

  of(operator: string): Presence | null {
    const r = this.oneStmt.get(operator);
    return r ? { status: r.status, until: r.until, since: r.since } : null;
  }

  /** Moves whenever any presence changes (one row: cheap to read on every commit). */
  version(): number {
    return this.versionStmt.get()!;
  }
}
