/** The point-of-sale outbox: rows written in the same transaction as the delivery's status change. */
import type { Db } from './db.js';

export type OutboxState = 'queued' | 'sending' | 'sent' | 'acknowledged' | 'failed';
export interface OutboxRow {
  id: number; deliveryId: number; deliveryNumber: string; version: number; idempotencyKey: string; payload: string;
  state: OutboxState; attempts: number; nextAttemptAt: number; lastError: string; createdAt: number;
  sentAt: number | null; acknowledgedAt: number | null;
}

export class Outbox {
  private insert; private listStmt; private forDelivery;
  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT INTO outbox (delivery_id, version, idempotency_key, payload, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`);
    const select = `SELECT o.id, o.delivery_id AS deliveryId, d.number AS deliveryNumber, o.version, o.idempotency_key AS idempotencyKey,
        o.payload, o.state, o.attempts, o.next_attempt_at AS nextAttemptAt, o.last_error AS lastError, o.created_at AS createdAt,
        o.sent_at AS sentAt, o.acknowledged_at AS acknowledgedAt
      FROM outbox o JOIN deliveries d ON d.id = o.delivery_id`;
    this.listStmt = db.prepare<[number], OutboxRow>(`${select} ORDER BY o.id DESC LIMIT ?`);
    this.forDelivery = db.prepare<[number], OutboxRow>(`${select} WHERE o.delivery_id = ? ORDER BY o.id`);
  }
  /** Must run inside the caller's transaction together with the delivery's status change. */
  enqueue(deliveryId: number, version: number, idempotencyKey: string, payload: unknown, now: number): void {
    this.insert.run(deliveryId, version, idempotencyKey, JSON.stringify(payload), now, now);
  }
  list(limit = 500): OutboxRow[] {
    return this.listStmt.all(limit);
  }
  ofDelivery(deliveryId: number): OutboxRow[] {
    return this.forDelivery.all(deliveryId);
  }
}
