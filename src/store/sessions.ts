/**
 * What each console has open — the delivery on its card and whatever is half-typed in a dialog
 * (a draft, JSON written by src/desk/drafts.ts) — saved on every keystroke so a crash loses
 * nothing typed.
 */
import type { Db } from './db.js';

export interface StoredSession { deliveryId: number | null; draft: string }

export class Sessions {
  private getStmt; private putStmt;
  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { delivery_id: number | null; draft: string }>(
      'SELECT delivery_id, draft FROM desk_sessions WHERE operator = ?');
    this.putStmt = db.prepare(
      `INSERT INTO desk_sessions (operator, delivery_id, draft, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(operator) DO UPDATE SET delivery_id = excluded.delivery_id, draft = excluded.draft, updated_at = excluded.updated_at`);
  }
  load(operator: string): StoredSession | null {
    const r = this.getStmt.get(operator);
    return r ? { deliveryId: r.delivery_id, draft: r.draft } : null;
  }
  save(operator: string, s: StoredSession, now = Date.now()): void {
    this.putStmt.run(operator, s.deliveryId, s.draft, now);
  }
}
