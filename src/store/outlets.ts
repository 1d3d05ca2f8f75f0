/**
 * Points of sale as order-taking needs them (settings live in points-of-sale.ts): preparation
 * minutes and the shift manager's busy delay for promised times, and the per-outlet, per-day
 * sequence of short order numbers ("B-042").
 */
import type { Db } from './db.js';
import { MAX_BUSY_MINUTES } from '../domain/catalog.js';

export interface OutletTiming {
  id: number;
  name: string;
  code: string;
  preparationMinutes: number;
  busyMinutes: number;
  busySetAt: number | null;
}

interface Row { id: number; name: string; code: string; preparation_minutes: number; busy_minutes: number; busy_set_at: number | null }
const toTiming = (r: Row): OutletTiming => ({
  id: r.id, name: r.name, code: r.code, preparationMinutes: r.preparation_minutes, busyMinutes: r.busy_minutes, busySetAt: r.busy_set_at,
});


export class Outlets {
  private byIdStmt; private byNameStmt; private setBusyStmt; private bump;

  constructor(db: Db) {
    const cols = 'id, name, code, preparation_minutes, busy_minutes, busy_set_at';
    this.byIdStmt = db.prepare<[number], Row>(`SELECT ${cols} FROM points_of_sale WHERE id = ?`);
    this.byNameStmt = db.prepare<[string], Row>(`SELECT ${cols} FROM points_of_sale WHERE name = ? COLLATE NOCASE`);
    this.setBusyStmt = db.prepare('UPDATE points_of_sale SET busy_minutes = ?, busy_set_at = ? WHERE id = ?');
    this.bump = db.prepare<[number, string], { last: number }>(
      `INSERT INTO order_numbers (pos_id, day, last) VALUES (?, ?, 1)
       ON CONFLICT(pos_id, day) DO UPDATE SET last = last + 1 RETURNING last`);
  }

  byId(id: number): OutletTiming | null {
    const r = this.byIdStmt.get(id);
    return r ? toTiming(r) : null;
  }

  /** By name as the dispatcher types it (any case). */
  byName(name: string): OutletTiming | null {
    const r = this.byNameStmt.get(name.trim());
    return r ? toTiming(r) : null;
  }

  /** Set the busy delay, clamped to 0..MAX_BUSY_MINUTES; returns the outlet as it is now. */
  setBusy(id: number, minutes: number, now = Date.now()): OutletTiming | null {
    this.setBusyStmt.run(Math.max(0, Math.min(MAX_BUSY_MINUTES, Math.round(minutes))), now, id);
    return this.byId(id);
  }

  /** The next number of the day for an outlet (0 = no outlet yet); `day` is the local "YYYY-MM-DD". */
  nextNumber(posId: number | null, day: string): number {
    return this.bump.get(posId ?? 0, day)!.last;
  }
}
