/**
 * Is a console process still there? Each console holds a lock on its own small file in a folder
 * beside the database (`<db>.consoles/<run id>.lock`) for as long as it runs; the kernel drops
 * the lock when the process ends however it ends (kill -9, the SSH session dropped, a crash).
 * Anyone can then ask with a try-lock that never waits and writes nothing — so a console's
 * liveness costs no heartbeat in the shared database, and no colleague is woken by it (issue 19).
 *
 * The lock is SQLite's own (a POSIX record lock taken by `BEGIN EXCLUSIVE` on an empty file, its
 * journal in memory): Node has no flock, and better-sqlite3 is the one runtime dependency. A
 * reader opening the file read-only is refused with SQLITE_BUSY while the holder lives.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { dataFileMode } from '../files/private-file.js';

export type Liveness = 'alive' | 'gone' | 'unknown';

const SETGID = 0o2000;
const SAFE_ID = /^[A-Za-z0-9_.-]{1,100}$/;

/** The folder of lock files beside a database file. */
export function lockFolder(dbFile: string): string {
  return `${path.resolve(dbFile)}.consoles`;
}

/** SQLite refused a lock: the holder lives. */
function busy(e: unknown): boolean {
  return String((e as { code?: string }).code ?? '').startsWith('SQLITE_BUSY');
}

export class ConsoleLocks {
  private held: Database.Database | null = null;
  private heldFile: string | null = null;
  /**
   * Read-only connections to the lock files this console watches, kept between sweeps with their
   * one statement prepared (opening costs ~0.4 ms; preparing a pragma each time ~0.2 ms, the
   * prepared try-lock ~0.02 ms).
   */
  private readonly watching = new Map<string, { db: Database.Database; tryLock: Database.Statement }>();

  constructor(private readonly dbFile: string) {}

  private fileOf(runId: string): string | null {
    if (this.dbFile === ':memory:' || !SAFE_ID.test(runId)) return null;
    return path.join(lockFolder(this.dbFile), `${runId}.lock`);
  }

  /**
   * This process is console run `runId`: hold its lock until `release` or the process ends.
   * Returns false when the folder cannot be made (the run is then watched the old way only).
   */
  hold(runId: string): boolean {
    const file = this.fileOf(runId);
    if (!file) return false;
    const dir = path.dirname(file);
    try {
      if (!fs.existsSync(dir)) {
        // in a shared-group folder the lock folder is the group's too (setgid, group-writable): any console may sweep
        const shared = (fs.statSync(path.dirname(dir)).mode & SETGID) !== 0;
        fs.mkdirSync(dir, { mode: shared ? 0o2770 : 0o700 });
        if (shared) fs.chmodSync(dir, 0o2770);
      }
      fs.closeSync(fs.openSync(file, 'a', dataFileMode(dir)));
      const db = new Database(file, { timeout: 0 });
      db.pragma('journal_mode = MEMORY');
      db.exec('BEGIN EXCLUSIVE');
      this.held = db;
      this.heldFile = file;
      return true;
    } catch {
      return false;
    }
  }

  /** A clean stop: the lock is let go and its file removed. */
  release(): void {
    this.keepOnly([]);
    if (!this.held) return;
    try {
      this.held.close();
      fs.rmSync(this.heldFile!, { force: true });
    } catch { /* the folder went away: nothing left to release */ }
    this.held = null;
    this.heldFile = null;
  }

  /**
   * Whether run `runId`'s process is still there: 'alive' (its lock is held), 'gone' (the file is
   * there and nobody holds it), 'unknown' (no file: a run of an older ringdesk, or one that could
   * not make its file — judged the old way, by its last sign of life).
   */
  check(runId: string): Liveness {
    const file = this.fileOf(runId);
    if (!file || file === this.heldFile) return file ? 'alive' : 'unknown';
    let watched = this.watching.get(runId);
    if (!watched) {
      let db: Database.Database | null = null;
      try {
        db = new Database(file, { readonly: true, fileMustExist: true, timeout: 0 });
        watched = { db, tryLock: db.prepare('PRAGMA schema_version') };
      } catch (e) {
        db?.close();
        return busy(e) ? 'alive' : 'unknown';
      }
      this.watching.set(runId, watched);
    }
    let state: Liveness;
    try {
      // a read needs a shared lock: refused while the holder lives
      watched.tryLock.get();
      state = 'gone';
    } catch (e) {
      state = busy(e) ? 'alive' : 'unknown';
    }
    if (state !== 'alive') this.stopWatching(runId);
    return state;
  }

  /** Keep the connections to these runs' files only (the ones a sweep looks at). */
  keepOnly(runIds: readonly string[]): void {
    for (const id of [...this.watching.keys()]) if (!runIds.includes(id)) this.stopWatching(id);
  }

  private stopWatching(runId: string): void {
    this.watching.get(runId)?.db.close();
    this.watching.delete(runId);
  }

  /** The file of a run found gone is removed (by whoever found it). */
  forget(runId: string): void {
    const file = this.fileOf(runId);
    if (file && file !== this.heldFile) fs.rmSync(file, { force: true });
  }
}
