/**
 * Console runs: each running console keeps a row alive (a heartbeat, and every call it logs).
 * A call row still open ('ringing', or answered and never ended) whose run is gone — stopped,
 * silent too long, or an earlier run of the same operator (one console per operator: the
 * session table assumes it) — is closed by the next console that looks: a ringing one as
 * 'unanswered' (reported as missed), an answered one kept answered. Its end time is the run's
 * last sign of life (`alive_at`): the last moment that console is known to have had the call;
 * the real end lies between that and the next start, so it is the honest lower bound. Rows
 * logged before runs were recorded (no console) have no such moment: after `staleMs` they are
 * marked unanswered and their end stays unknown (NULL).
 */
import type { Db } from './db.js';
import type { ConsoleLocks } from './console-locks.js';

/** How many other live runs each console's sweep looks at (src/desk/runner.ts: every few seconds). */
export const SWEEP_WATCH = 2;

/**
 * The runs console `me` looks at in a sweep: the `k` live runs after it in id order, round the
 * ring. Every live run is watched by `k` others, and no console checks them all (200 consoles
 * would otherwise do 40,000 checks a sweep).
 */
export function watchedBy(me: string, live: readonly string[], k: number): string[] {
  const others = [...live].filter((id) => id !== me).sort();
  if (others.length <= k) return others;
  const from = others.findIndex((id) => id > me);
  const start = from < 0 ? 0 : from;
  return Array.from({ length: k }, (_, i) => others[(start + i) % others.length]);
}

/** A console run found gone: whose it was. */
export interface GoneRun { id: string; operator: string }
interface LiveRun extends GoneRun { aliveAt: number }

export class Consoles {
  private beginStmt; private aliveStmt; private stopStmt; private closeRunsStmt; private closeLegacyStmt;
  private liveStmt; private afterStmt; private firstStmt; private goneStmt; private offlineStmt;
  /** What else a run found gone gives back, in the same transaction (the queue: its offered and accepted items). */
  private readonly whenGone: ((run: GoneRun, now: number) => void)[] = [];

  constructor(private db: Db) {
    this.beginStmt = db.prepare('INSERT OR REPLACE INTO consoles (id, operator, started_at, alive_at, stopped_at) VALUES (?, ?, ?, ?, NULL)');
    this.aliveStmt = db.prepare('UPDATE consoles SET alive_at = MAX(alive_at, ?) WHERE id = ?');
    this.stopStmt = db.prepare('UPDATE consoles SET alive_at = MAX(alive_at, @now), stopped_at = @now WHERE id = @id');
    this.closeRunsStmt = db.prepare(
      `UPDATE calls SET
         outcome = CASE WHEN calls.outcome <> 'ringing' THEN calls.outcome WHEN calls.direction = 'incoming' THEN 'unanswered' ELSE 'no-answer' END,
         ended_at = MAX(calls.started_at, IFNULL(calls.answered_at, 0), k.alive_at)
       FROM consoles k
       WHERE k.id = calls.console AND calls.ended_at IS NULL AND calls.console <> '' AND k.id <> @me
         AND (k.operator = @operator OR k.stopped_at IS NOT NULL OR k.alive_at < @now - @staleMs)`);
    this.closeLegacyStmt = db.prepare(
      `UPDATE calls SET outcome = CASE WHEN direction = 'incoming' THEN 'unanswered' ELSE 'no-answer' END
       WHERE console = '' AND outcome = 'ringing' AND ended_at IS NULL AND started_at < @now - @staleMs`);
    this.liveStmt = db.prepare<[], LiveRun>('SELECT id, operator, alive_at AS aliveAt FROM consoles WHERE stopped_at IS NULL ORDER BY id');
    // the ring's next runs after `me`, and its first ones (it wraps round): 2k rows, never all 200
    this.afterStmt = db.prepare<[string, number], LiveRun>('SELECT id, operator, alive_at AS aliveAt FROM consoles WHERE stopped_at IS NULL AND id > ? ORDER BY id LIMIT ?');
    this.firstStmt = db.prepare<[number], LiveRun>('SELECT id, operator, alive_at AS aliveAt FROM consoles WHERE stopped_at IS NULL ORDER BY id LIMIT ?');
    this.goneStmt = db.prepare('UPDATE consoles SET stopped_at = @now, gone_at = @now WHERE id = @id AND stopped_at IS NULL');
    // the operator is offline only if this run set their status (a newer run of theirs keeps its own)
    this.offlineStmt = db.prepare(
      `UPDATE operator_presence SET status = 'offline', until = NULL, since = @now WHERE console = @id AND status <> 'offline'`);
  }

  /** Also run `f` in the transaction that marks a run gone (the queue gives back its items). */
  onGone(f: (run: GoneRun, now: number) => void): void {
    this.whenGone.push(f);
  }

  /** Runs that have not stopped, by id. */
  live(): LiveRun[] {
    return this.liveStmt.all();
  }

  /**
   * Run `run` is gone (its lock is free): stopped at `now`, its operator offline, whatever it had
   * taken given back — one transaction. False when someone else marked it first.
   */
  markGone(run: GoneRun, now: number): boolean {
    return this.db.transaction(() => {
      if (this.goneStmt.run({ id: run.id, now }).changes === 0) return false;
      this.leave(run, now);
      return true;
    }).immediate();
  }

  /** A run that ended (cleanly or found gone): its operator offline, its items given back. */
  private leave(run: GoneRun, now: number): void {
    this.offlineStmt.run({ id: run.id, now });
    for (const f of this.whenGone) f(run, now);
  }

  /**
   * Look at the live runs `me` watches (`all`: every live run, as a console does when it starts)
   * and mark those whose process is gone; their open calls are closed by the same look. Reads
   * only when nobody is gone: try-locks, no write. Returns the runs marked.
   */
  sweep(locks: ConsoleLocks, me: string, operator: string, now: number, o: { all?: boolean; staleMs: number; silentMs: number }): GoneRun[] {
    const live = o.all ? this.live() : [...this.afterStmt.all(me, SWEEP_WATCH), ...this.firstStmt.all(SWEEP_WATCH + 1)];
    const ids = o.all ? live.map((r) => r.id).filter((id) => id !== me) : watchedBy(me, [...new Set(live.map((r) => r.id))], SWEEP_WATCH);
    // connections to runs no longer looked at (stopped, or out of this console's part of the ring) are closed
    locks.keepOnly(ids);
    const gone: GoneRun[] = [];
    for (const id of ids) {
      const run = live.find((r) => r.id === id)!;
      const state = locks.check(id);
      // a run without a lock file (an older ringdesk) is judged by its heartbeat: silent for `silentMs`, gone
      if (state === 'alive' || (state === 'unknown' && run.aliveAt >= now - o.silentMs)) continue;
      if (this.markGone(run, now)) gone.push({ id: run.id, operator: run.operator });
      locks.forget(id);
    }
    if (gone.length) this.closeOrphanedCalls(me, operator, now, o.staleMs);
    return gone;
  }

  /** This run starts (its id is unique to the process). */
  begin(id: string, operator: string, now: number): void {
    this.beginStmt.run(id, operator, now, now);
  }
  /** This run is alive at `now` (heartbeat, or a call it logged). */
  alive(id: string, now: number): void {
    this.aliveStmt.run(now, id);
  }
  /** This run stops cleanly: its operator is offline, whatever it had taken goes back (one transaction). */
  stop(id: string, now: number): void {
    this.db.transaction(() => {
      const run = this.db.prepare<[string], GoneRun>('SELECT id, operator FROM consoles WHERE id = ?').get(id);
      this.stopStmt.run({ id, now });
      if (run) this.leave(run, now);
    }).immediate();
  }
  /**
   * Close the open calls of runs that are gone (see the file's comment); `me` is this run,
   * `operator` its operator. Returns how many call rows were closed.
   */
  closeOrphanedCalls(me: string, operator: string, now: number, staleMs: number): number {
    return this.db.transaction(() =>
      this.closeRunsStmt.run({ me, operator, now, staleMs }).changes + this.closeLegacyStmt.run({ now, staleMs }).changes).immediate();
  }
}
