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

export class Consoles {
  private beginStmt; private aliveStmt; private stopStmt; private closeRunsStmt; private closeLegacyStmt;

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
  }

  /** This run starts (its id is unique to the process). */
  begin(id: string, operator: string, now: number): void {
    this.beginStmt.run(id, operator, now, now);
  }
  /** This run is alive at `now` (heartbeat, or a call it logged). */
  alive(id: string, now: number): void {
    this.aliveStmt.run(now, id);
  }
  /** This run stops cleanly. */
  stop(id: string, now: number): void {
    this.stopStmt.run({ id, now });
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
