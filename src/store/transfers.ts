/**
 * Transfers between consoles (issue 15): the transferring console writes a row before its
 * REFER (the caller, the order and card open on its screen, who hands over, to which
 * extension or number, a note); the receiving console finds it when the call rings — by the
 * id the call carries (X-Ringdesk-Transfer, from the Refer-To URI's header part or ringdesk's
 * own bridged call), else by the caller's number ringing for its extension within a short
 * window — and routing opens that order (src/desk/routing.ts).
 */
import type { Db } from './db.js';

export type TransferState = 'asked' | 'completed' | 'bridged' | 'failed' | 'cancelled' | 'taken';

export interface NewTransfer {
  callRef: string;
  caller: string;
  callerKey: string | null;
  deliveryId: number | null;
  customerId: number | null;
  fromOperator: string;
  fromExtension: string;
  target: string;
  kind: 'blind' | 'attended';
  note: string;
  at: number;
}

/** What the receiving console is told of a transfer. */
export interface FoundTransfer {
  id: number;
  fromOperator: string;
  note: string;
  deliveryId: number | null;
  customerId: number | null;
}

const rowColumns = `id, call_ref AS callRef, state, target, kind, note, from_operator AS fromOperator, taken_by AS takenBy, delivery_id AS deliveryId`;

/** A transfer as the store keeps it. */
export interface TransferRow {
  id: number; callRef: string; state: TransferState; target: string; kind: 'blind' | 'attended'; note: string; fromOperator: string; takenBy: string | null; deliveryId: number | null;
}

/** A transfer found by the caller's number must have been asked this recently (a REFER and its INVITE take seconds). */
export const TRANSFER_WINDOW_MS = 2 * 60_000;

export class Transfers {
  private insert; private byId; private byCaller; private settleStmt; private takeStmt; private ofCallStmt; private recentStmt;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO transfers (call_ref, caller, caller_key, delivery_id, customer_id, from_operator, from_extension, target, kind, note, created_at)
       VALUES (@callRef, @caller, @callerKey, @deliveryId, @customerId, @fromOperator, @fromExtension, @target, @kind, @note, @at)`);
    const columns = 'id, from_operator AS fromOperator, note, delivery_id AS deliveryId, customer_id AS customerId';
    this.byId = db.prepare<[number], FoundTransfer>(`SELECT ${columns} FROM transfers WHERE id = ?`);
    // the newest transfer of this caller to this extension, not yet taken nor given up
    this.byCaller = db.prepare<[string, string, number], FoundTransfer>(
      `SELECT ${columns} FROM transfers WHERE caller_key = ? AND target = ? AND created_at >= ? AND state IN ('asked','completed','bridged')
       ORDER BY created_at DESC, id DESC LIMIT 1`);
    this.settleStmt = db.prepare(`UPDATE transfers SET state = ?, settled_at = ? WHERE id = ? AND state NOT IN ('taken','cancelled')`);
    this.takeStmt = db.prepare(`UPDATE transfers SET state = 'taken', taken_by = ?, taken_at = ? WHERE id = ?`);
    this.ofCallStmt = db.prepare<[string], TransferRow>(
      `SELECT ${rowColumns} FROM transfers WHERE call_ref = ? ORDER BY id`);
    this.recentStmt = db.prepare<[number], TransferRow>(`SELECT ${rowColumns} FROM transfers ORDER BY id DESC LIMIT ?`);
  }

  /** Written before the REFER: its id travels with the call. */
  create(t: NewTransfer): number {
    return Number(this.insert.run(t).lastInsertRowid);
  }

  /** The transfer a call ringing here belongs to: by the id it carries, else by its number and this extension, or null. */
  forIncoming(q: { tag?: string; callerKey: string | null; extension: string; now: number }): FoundTransfer | null {
    const id = q.tag ? Number(q.tag) : NaN;
    if (Number.isSafeInteger(id)) {
      const hit = this.byId.get(id);
      if (hit) return hit;
    }
    if (!q.callerKey || !q.extension) return null;
    return this.byCaller.get(q.callerKey, q.extension, q.now - TRANSFER_WINDOW_MS) ?? null;
  }

  /** How it ended on the transferring side (completed, bridged, failed, cancelled). */
  settle(id: number, state: Exclude<TransferState, 'asked' | 'taken'>, at: number): void {
    this.settleStmt.run(state, at, id);
  }

  /** The receiving console answered it and opened its order. */
  take(id: number, operator: string, at: number): void {
    this.takeStmt.run(operator, at, id);
  }

  /** Every transfer of a call (tests, reports). */
  ofCall(callRef: string): TransferRow[] {
    return this.ofCallStmt.all(callRef);
  }

  /** The newest transfers first (fixtures, reports). */
  recent(limit = 100): TransferRow[] {
    return this.recentStmt.all(limit);
  }
}
