/**
 * The point-of-sale outbox: rows written in the same transaction as the delivery's status change,
 * drained by relays that take a row with a lease in the database, so one row has one sender
 * across every process on the box (the statements every leased outbox shares: src/store/leased-outbox.ts).
 *
 *   queued ──claim──> sending ──written──> sent ──ack──> acknowledged
 *     ^                  │                   │
 *     └──── retry later ─┴───────────────────┤   (a lease that runs out puts the row up for claim again)
 *                                            └──> failed ──resend──> queued
 */
import type { FailedHandoff } from '../domain/delivery.js';
import type { Db } from './db.js';
import { leasedOutboxSql } from './leased-outbox.js';
import type { Handoff } from '../domain/delivery.js';

import { outboxStates, type OutboxState } from '../domain/delivery.js';
export { outboxStates, type OutboxState };
export interface OutboxRow {
  id: number; deliveryId: number; deliveryNumber: string; version: number; idempotencyKey: string; payload: string;
  state: OutboxState; attempts: number; nextAttemptAt: number; lastError: string; createdAt: number;
  sentAt: number | null; acknowledgedAt: number | null;
  /** The delivery's promised time when this version was queued; with `retryFrom` it fixes the deadline (src/pos/give-up.ts). */
  promisedAt: number | null;
  /** When the current run of retries began: queued, or resent by a dispatcher. */
  retryFrom: number;
  posName: string;
}
/** A row a relay holds the lease on: send it, then report how it went. */
export interface ClaimedOrder {
  id: number; deliveryId: number; posId: number | null; version: number; idempotencyKey: string; payload: string;
  attempts: number; createdAt: number; promisedAt: number | null; retryFrom: number;
}
export class Outbox {
  private insert; private listStmt; private listState; private forDelivery; private claim; private posOf;
  private written; private ack; private later; private fail; private resendStmt; private countStmt;
  private deliveryFailed; private deliverySentAgain; private byId; private dueStmt; private probe; private wake;
  private byKey; private failedStmt; private newestStmt; private reconcileStmt;

  constructor(private db: Db) {
    this.insert = db.prepare(
      `INSERT INTO outbox (delivery_id, version, idempotency_key, payload, next_attempt_at, created_at, promised_at, retry_from)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const select = `SELECT o.id, o.delivery_id AS deliveryId, d.number AS deliveryNumber, o.version, o.idempotency_key AS idempotencyKey,
        o.payload, o.state, o.attempts, o.next_attempt_at AS nextAttemptAt, o.last_error AS lastError, o.created_at AS createdAt,
        o.sent_at AS sentAt, o.acknowledged_at AS acknowledgedAt, o.promised_at AS promisedAt,
        COALESCE(o.retry_from, o.created_at) AS retryFrom, COALESCE(p.name, '') AS posName
      FROM outbox o JOIN deliveries d ON d.id = o.delivery_id LEFT JOIN points_of_sale p ON p.id = d.pos_id`;
    const claimed = `id, delivery_id AS deliveryId, version, idempotency_key AS idempotencyKey, payload, attempts, created_at AS createdAt,
      promised_at AS promisedAt, COALESCE(retry_from, created_at) AS retryFrom`;
    this.listStmt = db.prepare<[number], OutboxRow>(`${select} ORDER BY o.id DESC LIMIT ?`);
    this.listState = db.prepare<[string, number], OutboxRow>(`${select} WHERE o.state = ? ORDER BY o.id DESC LIMIT ?`);
    this.forDelivery = db.prepare<[number], OutboxRow>(`${select} WHERE o.delivery_id = ? ORDER BY o.id`);
    this.byId = db.prepare<[number], OutboxRow>(`${select} WHERE o.id = ?`);
    // a point of sale without an endpoint is not connected yet: its orders wait, untouched, until one is set
    const connected = `NOT EXISTS (SELECT 1 FROM deliveries d JOIN points_of_sale p ON p.id = d.pos_id
      WHERE d.id = outbox.delivery_id AND p.endpoint = '')`;
    const leased = leasedOutboxSql({ table: 'outbox', key: 'id', held: ['sending', 'sent'], ready: connected, returning: claimed });
    this.claim = db.prepare<{ owner: string; until: number; now: number; limit: number }, Omit<ClaimedOrder, 'posId'>>(leased.claim);
    // the probe: while a POS's orders wait out their back-off, its oldest one goes early (one per
    // POS, and only when nothing of that POS is in flight), so the POS's return is noticed at once
    this.probe = db.prepare<{ owner: string; until: number; now: number }, Omit<ClaimedOrder, 'posId'>>(
      `UPDATE outbox SET state = 'sending', lease_owner = @owner, lease_until = @until, attempts = attempts + 1
       WHERE id IN (
         SELECT MIN(o.id) FROM outbox o JOIN deliveries d ON d.id = o.delivery_id JOIN points_of_sale p ON p.id = d.pos_id
         WHERE o.state = 'queued' AND o.next_attempt_at > @now AND o.attempts > 0 AND p.endpoint != ''
           AND NOT EXISTS (SELECT 1 FROM outbox f JOIN deliveries fd ON fd.id = f.delivery_id
             WHERE f.state IN ('sending','sent') AND f.lease_until >= @now AND fd.pos_id = d.pos_id)
         GROUP BY d.pos_id)
       RETURNING ${claimed}`);
    // the POS is back: every order of it waiting out a back-off goes now
    this.wake = db.prepare(
      `UPDATE outbox SET next_attempt_at = @now WHERE state = 'queued' AND next_attempt_at > @now
         AND (SELECT pos_id FROM deliveries d WHERE d.id = outbox.delivery_id) = @posId`);
    this.byKey = db.prepare<[string], { id: number; delivery_id: number; version: number; state: OutboxState }>(
      'SELECT id, delivery_id, version, state FROM outbox WHERE idempotency_key = ?');
    // unfinished deliveries whose newest version failed: the POS does not have what the desk shows
    this.failedStmt = db.prepare<[number], FailedHandoff>(
      `SELECT o.id AS outboxId, o.delivery_id AS deliveryId, d.number, o.version, COALESCE(p.name, '') AS posName,
         o.last_error AS reason
       FROM outbox o JOIN deliveries d ON d.id = o.delivery_id LEFT JOIN points_of_sale p ON p.id = d.pos_id
       WHERE o.state = 'failed' AND d.status NOT IN ('delivered','closed','cancelled')
         AND NOT EXISTS (SELECT 1 FROM outbox n WHERE n.delivery_id = o.delivery_id AND n.version > o.version)
       ORDER BY o.id LIMIT ?`);
    this.newestStmt = db.prepare<[number], OutboxRow>(`${select} WHERE o.delivery_id = ? ORDER BY o.version DESC, o.id DESC LIMIT 1`);
    // the POS reported on an order the desk marked failed: it has it after all
    this.reconcileStmt = db.prepare(
      `UPDATE outbox SET state = 'acknowledged', acknowledged_at = @now, last_error = @note, lease_owner = NULL, lease_until = NULL
       WHERE id = (SELECT id FROM outbox WHERE delivery_id = @deliveryId AND state = 'failed' ORDER BY version LIMIT 1)
         AND NOT EXISTS (SELECT 1 FROM outbox WHERE delivery_id = @deliveryId AND state = 'acknowledged')`);
    this.dueStmt = db.prepare<{ now: number }, { one: number }>(leased.due);
    this.posOf = db.prepare<[number], { pos_id: number | null }>('SELECT pos_id FROM deliveries WHERE id = ?');
    this.written = db.prepare(`UPDATE outbox SET state = 'sent', sent_at = COALESCE(sent_at, @now) WHERE ${leased.mine}`);
    // the POS's word wins even over a lease that ran out: it has the order
    this.ack = db.prepare(
      `UPDATE outbox SET state = 'acknowledged', acknowledged_at = @now, sent_at = COALESCE(sent_at, @now), last_error = '',
         lease_owner = NULL, lease_until = NULL WHERE id = @id AND state != 'acknowledged'`);
    this.later = db.prepare(leased.retryLater);
    this.fail = db.prepare(leased.fail);
    this.resendStmt = db.prepare(
      `UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = @now, retry_from = @now, lease_owner = NULL, lease_until = NULL
       WHERE id = @id AND state = 'failed'`);
    this.countStmt = db.prepare<[], { state: OutboxState; n: number }>('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state');
    // the delivery shows "failed" only while the kitchen has nothing from it and this is its newest version
    const newest = `NOT EXISTS (SELECT 1 FROM outbox n WHERE n.delivery_id = @deliveryId AND n.version > @version)`;
    this.deliveryFailed = db.prepare(
      `UPDATE deliveries SET status = 'failed', version = version + 1, updated_at = @now
       WHERE id = @deliveryId AND status IN ('sent','awaiting') AND ${newest}`);
    this.deliverySentAgain = db.prepare(
      `UPDATE deliveries SET status = 'sent', version = version + 1, updated_at = @now
       WHERE id = @deliveryId AND status = 'failed' AND ${newest}`);
  }

  /** Must run inside the caller's transaction together with the delivery's status change. */
  enqueue(deliveryId: number, version: number, idempotencyKey: string, payload: unknown, now: number, promisedAt: number | null = null): void {
    this.insert.run(deliveryId, version, idempotencyKey, JSON.stringify(payload), now, now, promisedAt, now);
  }
  list(limit = 500, state?: OutboxState): OutboxRow[] {
    return state ? this.listState.all(state, limit) : this.listStmt.all(limit);
  }
  ofDelivery(deliveryId: number): OutboxRow[] {
    return this.forDelivery.all(deliveryId);
  }
  get(id: number): OutboxRow | null {
    return this.byId.get(id) ?? null;
  }
  /** The newest row of a delivery when it failed: what the card shows, and what the resend key resends. */
  failureOf(deliveryId: number): OutboxRow | null {
    const rows = this.forDelivery.all(deliveryId);
    const last = rows[rows.length - 1];
    return last && last.state === 'failed' ? last : null;
  }
  /** The newest version's row of a delivery: what the card says about the hand-off. */
  newestOf(deliveryId: number): OutboxRow | null {
    return this.newestStmt.get(deliveryId) ?? null;
  }
  /** The newest version's hand-off, as the card shows it; null when the delivery was never sent. */
  handoffOf(deliveryId: number): Handoff | null {
    const r = this.newestStmt.get(deliveryId);
    return r ? {
      outboxId: r.id, state: r.state, attempts: r.attempts, nextAttemptAt: r.nextAttemptAt, lastError: r.lastError,
      acknowledgedAt: r.acknowledgedAt, version: r.version,
    } : null;
  }
  /** Unfinished deliveries whose newest version failed, oldest first: every console shows them loudly. */
  failures(limit = 50): FailedHandoff[] {
    return this.failedStmt.all(limit);
  }
  counts(): Record<OutboxState, number> {
    const out = Object.fromEntries(outboxStates.map((s) => [s, 0])) as Record<OutboxState, number>;
    for (const r of this.countStmt.all()) out[r.state] = r.n;
    return out;
  }

  /** Whether anything is due, without taking the write lock: relays ask this when idle. */
  hasDue(now = Date.now()): boolean {
    return this.dueStmt.get({ now }) !== undefined;
  }
  /** Take up to `limit` rows that are due, or whose sender's lease ran out, for `leaseMs`. */
  claimDue(owner: string, leaseMs: number, limit: number, now = Date.now()): ClaimedOrder[] {
    if (limit <= 0) return [];
    return this.db.transaction(() =>
      this.claim.all({ owner, until: now + leaseMs, now, limit })
        .map((r) => ({ ...r, posId: this.posOf.get(r.deliveryId)?.pos_id ?? null })),
    ).immediate();
  }
  /**
   * Take, for each point of sale whose orders are all waiting out a back-off, its oldest order
   * ahead of time: sent like any other attempt (same key), it tells whether the POS is back.
   */
  claimProbes(owner: string, leaseMs: number, now = Date.now()): ClaimedOrder[] {
    return this.db.transaction(() =>
      this.probe.all({ owner, until: now + leaseMs, now })
        .map((r) => ({ ...r, posId: this.posOf.get(r.deliveryId)?.pos_id ?? null })),
    ).immediate();
  }
  /** The order is on the wire; the answer is still to come. False when the lease was lost. */
  markWritten(id: number, owner: string, now = Date.now()): boolean {
    return this.written.run({ id, owner, now }).changes === 1;
  }
  /**
   * The POS has it. A delivery that showed "failed" for this version shows "sent" again, and the
   * POS's other orders waiting out a back-off go now: it is evidently back. Returns how many woke.
   */
  acknowledge(o: Pick<ClaimedOrder, 'id' | 'deliveryId' | 'version' | 'posId'>, now = Date.now()): number {
    return this.db.transaction(() => {
      if (this.ack.run({ id: o.id, now }).changes === 1) this.deliverySentAgain.run({ deliveryId: o.deliveryId, version: o.version, now });
      return o.posId === null ? 0 : this.wake.run({ posId: o.posId, now }).changes;
    }).immediate();
  }
  /**
   * An acknowledgement that came after the relay stopped waiting for it (a late WebSocket ack):
   * a row marked failed, or waiting for its next try, is acknowledged after all.
   */
  acknowledgeKey(idempotencyKey: string, posId: number | null, now = Date.now()): boolean {
    const row = this.byKey.get(idempotencyKey);
    if (!row || row.state === 'acknowledged') return false;
    this.acknowledge({ id: row.id, deliveryId: row.delivery_id, version: row.version, posId }, now);
    return true;
  }
  /**
   * The POS reported a status for a delivery: it has an order for it, so the oldest failed
   * version is acknowledged after all (when none was acknowledged before). True when one was.
   */
  reconcileWithStatus(deliveryId: number, status: string, now = Date.now()): boolean {
    return this.reconcileStmt.run({ deliveryId, now, note: `acknowledged late: the POS reported "${status}"` }).changes === 1;
  }
  /** Not this time: try again at `at` with the same key. */
  retryLater(o: ClaimedOrder, owner: string, at: number, error: string): void {
    this.later.run({ id: o.id, owner, at, error });
  }
  /** Given up: the row and (if the kitchen has nothing newer) the delivery show the reason. */
  markFailed(o: ClaimedOrder, owner: string, error: string, now = Date.now()): void {
    this.db.transaction(() => {
      if (this.fail.run({ id: o.id, owner, error }).changes === 1) this.deliveryFailed.run({ deliveryId: o.deliveryId, version: o.version, now });
    }).immediate();
  }
  /** A failed row goes out again, same key and payload, with a fresh set of retries. */
  resend(id: number, now = Date.now()): { ok: true; row: OutboxRow } | { ok: false; reason: string } {
    return this.db.transaction(() => {
      const row = this.byId.get(id);
      if (!row) return { ok: false as const, reason: `no order #${id} in the outbox (see "ringdesk pos outbox")` };
      if (this.resendStmt.run({ id, now }).changes === 0) return { ok: false as const, reason: `order #${id} (${row.deliveryNumber} v${row.version}) is ${row.state}, not failed; nothing to resend` };
      this.deliverySentAgain.run({ deliveryId: row.deliveryId, version: row.version, now });
      return { ok: true as const, row: this.byId.get(id)! };
    }).immediate();
  }
}
