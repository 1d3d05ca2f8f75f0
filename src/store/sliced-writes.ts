/**
 * A long write (an import, the benchmark seed, an index merge) committed as a series of short
 * transactions, with a breath between them, so that the consoles on the same file keep writing
 * their call log and sessions while it runs. SQLite lets one writer in at a time; a slice holds
 * the lock for about `sliceMs` and then leaves it free for `breathMs`, in which a console's row
 * (tried every ~15 ms, src/desk/runner.ts `flushWrites`) or a colleague's save gets in. While
 * nobody else has written for a few seconds the breath is shorter: an import on a quiet file
 * does not sleep a third of its time away.
 *
 * The writer runs at the consoles' CPU priority, never lower: a process that holds SQLite's
 * write lock and is niced gets starved by any busy process on the box, and its 25 ms slice held
 * the lock for 1–4 s (a 60,000-row import at nice +10 under load: slices of 6–28 ms of CPU took
 * 1.0–3.8 s, and a console's row waited out its busy timeout). Slices and breaths keep the
 * consoles responsive; a lower priority only turned them into a priority inversion.
 */
import type { Db } from './db.js';
import { BulkWriteMark } from './bulk-write-mark.js';
import { systemClock, type Clock } from '../domain/clock.js';

export interface SliceOptions {
  /** Aim for transactions this long (ms); the number of rows per slice adapts to it. Default 25 (the goal is ≤ 50). */
  sliceMs?: number;
  /** Leave the lock free this long between slices (ms), counting the caller's own work in between, while others write. Default 10. */
  breathMs?: number;
  /** The breath while no other connection has committed for 3 s (nobody is waiting to write). Default 2. */
  quietBreathMs?: number;
  /** Rows in the first slice, before the writer has measured a row. Default 50. */
  firstRows?: number;
  /** The clock slices are timed with (ms); tests give a deterministic one. */
  clock?: () => number;
  /** Waits `ms` (blocking: bulk writers run in a command, not in the console). */
  pause?: (ms: number) => void;
  /** The wall clock of the "bulk write running" mark consoles read (src/store/bulk-write-mark.ts). Default the system clock. */
  now?: Clock;
}

/** What a sliced write did: how many transactions, the longest one, how many took over 50 ms, the rows per slice at the end. */
export interface SliceReport { slices: number; longestMs: number; over50Ms: number; rowsPerSlice: number }

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => { if (ms > 0) Atomics.wait(sleeper, 0, 0, ms); };

export class SlicedWrites {
  private readonly sliceMs: number;
  private readonly breathMs: number;
  private readonly quietBreathMs: number;
  /** When another connection last committed (seen as a change of PRAGMA data_version). */
  private othersWroteAt = -Infinity;
  private dataVersion: number;
  private readonly clock: () => number;
  private readonly pause: (ms: number) => void;
  private lastCommit = -Infinity;
  private rows: number;
  private readonly begin; private readonly commit; private readonly rollback;
  private readonly autocheckpoint: number;
  /** Tells the consoles on the file that a bulk write runs: they leave the checkpoints to it. */
  private readonly mark: BulkWriteMark;
  readonly report: SliceReport = { slices: 0, longestMs: 0, over50Ms: 0, rowsPerSlice: 0 };

  constructor(private db: Db, o: SliceOptions = {}) {
    this.sliceMs = o.sliceMs ?? 25;
    this.breathMs = o.breathMs ?? 10;
    this.quietBreathMs = o.quietBreathMs ?? 2;
    this.clock = o.clock ?? (() => performance.now());
    this.pause = o.pause ?? sleep;
    this.rows = Math.max(1, o.firstRows ?? 50);
    this.report.rowsPerSlice = this.rows;
    // SQLite folds the log into the file every 1,000 pages, inside a commit; a bulk write commits
    // hundreds of times and would copy the same pages over and over: fold every 16,384 instead
    this.autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    db.pragma(`wal_autocheckpoint = ${Math.max(this.autocheckpoint, 16_384)}`);
    this.dataVersion = db.pragma('data_version', { simple: true }) as number;
    this.mark = new BulkWriteMark(db, o.now ?? systemClock);
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
  }

  /** How many rows the next slice should take. */
  get rowsPerSlice(): number {
    return this.rows;
  }

  /**
   * Run `fn` (writing `rows` rows) as one immediate transaction, after the breath since the last
   * one; learns from its length how many rows fit the next slice.
   */
  slice<T>(rows: number, fn: () => T): T {
    // a console that wrote lately will write again (the next keystroke): leave it a wide gap
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.dataVersion) { this.dataVersion = version; this.othersWroteAt = this.clock(); }
    const breath = this.clock() - this.othersWroteAt < 3000 ? this.breathMs : this.quietBreathMs;
    const rested = this.clock() - this.lastCommit;
    if (rested < breath) this.pause(breath - rested);
    // timed from the moment the lock is ours: waiting for a console's write is not the slice's length
    this.begin.run();
    const started = this.clock();
    let result: T;
    try {
      this.mark.renew();
      result = fn();
      this.commit.run();
    } catch (e) {
      if (this.db.inTransaction) this.rollback.run();
      throw e;
    }
    const took = this.clock() - started;
    this.lastCommit = this.clock();
    this.report.slices++;
    this.report.longestMs = Math.max(this.report.longestMs, Math.round(took * 10) / 10);
    if (took > 50) this.report.over50Ms++;
    if (rows > 0) {
      // grow at most ×2 a slice, shrink at most ÷2: one slice stretched by the scheduler (a busy box
      // preempts the process that holds the lock) should not make the next hundred tiny
      const fits = took > 0 ? Math.floor((rows * this.sliceMs) / took) : rows * 2;
      this.rows = Math.max(1, Math.floor(this.rows / 2), Math.min(fits, this.rows * 2, 20_000));
      this.report.rowsPerSlice = this.rows;
    }
    return result;
  }

  /**
   * The write is over: the consoles' mark taken away, SQLite's own checkpoints again, and the log
   * folded into the file now (PASSIVE: it never waits for, nor blocks, a console).
   */
  finish(): void {
    try {
      this.mark.clear();
    } catch {
      // locked or closing: the mark runs out by itself within BULK_MARK_MS
    }
    this.db.pragma(`wal_autocheckpoint = ${this.autocheckpoint}`);
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }
}
