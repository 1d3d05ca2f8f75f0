/**
 * The rows the desk keeps however busy the database is: the call log and the crash-safe
 * session. Written in order, through another connection's lock (retried, never dropped), and in
 * the console after the frame. The runner owns one (src/desk/runner.ts).
 */
import type { Store } from '../store/index.js';
import type { Effect } from './events.js';

export type KeptWrite = Extract<Effect, { type: 'log-call' | 'save-session' }>;

/** How long one try of a kept row waits for another connection's lock (SQLite polls at 1, 3, 8 ms). */
const TRY_LOCK_MS = 10;

/** SQLite's "database is locked": another connection holds the write lock past the busy timeout. */
function isLocked(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export interface KeptWritesOptions {
  store: Store;
  now: () => number;
  /** Write after the frame Ink draws in the current turn (the console), else at once (tests, fixtures). */
  afterFrame: boolean;
  /** The console's hook for what runs right behind a frame (src/telephony/after-frame.ts), when it has one. */
  frameHook?: (run: () => void) => void;
  /** Writes one row. */
  write: (e: KeptWrite) => void;
  /** A row that failed other than by a lock: the dispatcher is told, the next rows go on. */
  failed: (text: string) => void;
}

export class KeptWrites {
  /** Rows not written yet, oldest first. */
  private rows: KeptWrite[] = [];
  private flushQueued = false;
  private retry: { timer: NodeJS.Timeout | null; lockedSince: number | null } = { timer: null, lockedSince: null };

  constructor(private o: KeptWritesOptions) {}

  /** How many rows wait for the database (a colleague's long write holds its lock). */
  get waiting(): number {
    return this.rows.length;
  }

  keep(e: KeptWrite): void {
    this.rows.push(e);
    // behind rows already waiting for a lock: they go first, at the next retry
    if (this.retry.timer) return;
    if (!this.o.afterFrame) return this.flush();
    if (this.flushQueued) return;
    this.flushQueued = true;
    // behind the frame this state draws, and behind what runs right after it (the auto-answer's 200)
    if (this.o.frameHook) return this.o.frameHook(() => setImmediate(() => this.flush()));
    // without a frame hook: after this turn's synchronous work
    queueMicrotask(() => this.flush());
  }

  /**
   * Write the waiting rows, oldest first. Each try waits at most a few ms for another
   * connection's write lock (a long import leaves it free between its short transactions): the
   * event loop, and so the next frame, never waits for the busy timeout. A row that meets the
   * lock stays, with everything after it, and is tried again within ~20 ms (every 250 ms once
   * the lock has lasted two seconds). `patient`: one try with the full timeout (quit).
   */
  flush(patient = false): void {
    this.flushQueued = false;
    while (this.rows.length) {
      const e = this.rows[0];
      try {
        if (patient) this.o.write(e);
        else this.o.store.withBusyTimeout(TRY_LOCK_MS, () => this.o.write(e));
      } catch (err) {
        if (isLocked(err)) return this.retryLater();
        // not a lock: trying again cannot help; the dispatcher is told, the next rows go on
        this.rows.shift();
        this.o.failed(`${e.type} failed: ${(err as Error).message}`);
        continue;
      }
      this.rows.shift();
    }
    this.retry.lockedSince = null;
  }

  /** Stop retrying, one last patient try; returns what still could not be written. */
  close(): KeptWrite[] {
    if (this.retry.timer) clearTimeout(this.retry.timer);
    this.retry.timer = null;
    this.flush(true);
    return this.rows.splice(0);
  }

  private retryLater(): void {
    if (this.retry.timer) return;
    const now = this.o.now();
    this.retry.lockedSince ??= now;
    const delay = now - this.retry.lockedSince < 2000 ? 15 : 250;
    this.retry.timer = setTimeout(() => {
      this.retry.timer = null;
      this.flush();
    }, delay);
    this.retry.timer.unref?.();
  }
}
