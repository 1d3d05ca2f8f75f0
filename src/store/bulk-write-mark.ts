/**
 * "A bulk write is running on this file" (an import, the benchmark seed, a search-index merge),
 * said in the database itself so that every console on the box knows it: the console's own WAL
 * checkpoint (Store.checkpointEvery) would otherwise copy the import's log into the database on
 * the console's main thread — 50–180 ms at a time, every 2 s, while the dispatcher types
 * (bench/import-keystroke.js). The bulk writer folds its own log (SlicedWrites: SQLite's
 * checkpoints every 16,384 pages and one at the end), so a console leaves it to it.
 *
 * The mark is a settings row with the moment it runs out, renewed inside the writer's own
 * transactions (no extra commit): a writer that crashes or is killed stops renewing it, and
 * consoles checkpoint again once it has run out.
 */
import type { Db } from './db.js';
import type { Clock } from '../domain/clock.js';

const KEY = 'bulk-write:until';
/** How long one renewal holds; the writer renews it at least every RENEW_MS while it writes. */
export const BULK_MARK_MS = 10_000;
const RENEW_MS = 2_000;

/** The writer's side: `renew` inside each transaction (cheap: at most every 2 s), `clear` when done. */
export class BulkWriteMark {
  private renewedAt = -Infinity;
  private readonly upsert; private readonly remove;

  constructor(private db: Db, private now: Clock) {
    this.upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  /** Call inside the writer's transaction. */
  renew(): void {
    const now = this.now();
    if (now - this.renewedAt < RENEW_MS) return;
    this.upsert.run(KEY, String(now + BULK_MARK_MS));
    this.renewedAt = now;
  }

  /** The bulk write is over (outside any transaction: its own tiny one). */
  clear(): void {
    if (this.renewedAt === -Infinity) return;
    this.remove.run(KEY);
    this.renewedAt = -Infinity;
  }
}

/** The readers' side (a console deciding whether to checkpoint): is a bulk write running at `now`? */
export function bulkWriteRunning(db: Db, now: number): boolean {
  const v = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck().get(KEY);
  return v !== undefined && Number(v) > now;
}
