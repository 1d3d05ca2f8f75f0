/** What each console has open, saved on every edit so a crash loses nothing typed. */
import type { Db } from './db.js';

export interface DeskSession { deliveryId: number | null; editing: string }

export class Sessions {
  private getStmt; private putStmt;
  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { delivery_id: number | null; editing: string }>(
      'SELECT delivery_id, editing FROM desk_sessions WHERE operator = ?');
    this.putStmt = db.prepare(
      `INSERT INTO desk_sessions (operator, delivery_id, editing, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(operator) DO UPDATE SET delivery_id = excluded.delivery_id, editing = excluded.editing, updated_at = excluded.updated_at`);
  }
  load(operator: string): DeskSession | null {
    const r = this.getStmt.get(operator);
    return r ? { deliveryId: r.delivery_id, editing: r.editing } : null;
  }
  save(operator: string, s: DeskSession, now = Date.now()): void {
    this.putStmt.run(operator, s.deliveryId, s.editing, now);
  }
}
