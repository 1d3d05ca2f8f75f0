/**
 * The e-mail outbox: offline messages (a chat or callback request nobody was there to take)
 * waiting to be e-mailed. nodemailer has no queue of its own, so every message is a row here,
 * written in the same transaction as what it reports, and drained by the box's relay
 * (src/mail/mail-relay.ts) with a lease per row, like the POS outbox (the shared statements: src/store/leased-outbox.ts):
 *
 *   queued ──claim──> sending ──accepted by the SMTP server──> sent
 *     ^                  │
 *     └── retry later ───┤        (a lease that runs out puts the row up for claim again)
 *                        └──> failed (refused for good, or tried too long) ──resend──> queued
 *
 * A row is never deleted and never dropped: a failed one stays listed with its reason
 * (`ringdesk mail outbox`, GET /health) until someone resends it. Every attempt of a row
 * carries the same Message-ID, so a mail system that saw an attempt it did not confirm
 * (a timeout after the data went out) can tell the copy for what it is.
 */
import crypto from 'node:crypto';
import type { Db } from './db.js';
import { leasedOutboxSql } from './leased-outbox.js';

import { mailStates, type MailState } from '../domain/offline-message.js';
export { mailStates, type MailState };

export interface MailRow {
  id: number; kind: string; itemId: number | null; to: string; subject: string; body: string; messageId: string;
  state: MailState; attempts: number; nextAttemptAt: number; lastError: string; createdAt: number; sentAt: number | null;
}
/** A row a relay holds the lease on. */
export type ClaimedMail = Pick<MailRow, 'id' | 'to' | 'subject' | 'body' | 'messageId' | 'attempts' | 'createdAt'>;

export interface NewMail { kind: string; itemId?: number | null; to: string; subject: string; body: string }

const select = `SELECT id, kind, item_id AS itemId, to_addr AS "to", subject, body, message_id AS messageId, state, attempts,
  next_attempt_at AS nextAttemptAt, last_error AS lastError, created_at AS createdAt, sent_at AS sentAt FROM mail_outbox`;

export class MailOutbox {
  private insert; private listStmt; private listState; private byId; private claim; private due; private sent;
  private later; private fail; private resendStmt; private countStmt;

  constructor(private db: Db) {
    this.insert = db.prepare<{ kind: string; itemId: number | null; to: string; subject: string; body: string; messageId: string; now: number }>(
      `INSERT INTO mail_outbox (kind, item_id, to_addr, subject, body, message_id, next_attempt_at, created_at)
       VALUES (@kind, @itemId, @to, @subject, @body, @messageId, @now, @now)`);
    this.listStmt = db.prepare<[number], MailRow>(`${select} ORDER BY id DESC LIMIT ?`);
    this.listState = db.prepare<[string, number], MailRow>(`${select} WHERE state = ? ORDER BY id DESC LIMIT ?`);
    this.byId = db.prepare<[number], MailRow>(`${select} WHERE id = ?`);
    const leased = leasedOutboxSql({
      table: 'mail_outbox', key: 'id', held: ['sending'],
      returning: 'id, to_addr AS "to", subject, body, message_id AS messageId, attempts, created_at AS createdAt',
    });
    this.claim = db.prepare<{ owner: string; until: number; now: number; limit: number }, ClaimedMail>(leased.claim);
    this.due = db.prepare<{ now: number }, { one: number }>(leased.due);
    this.sent = db.prepare(leased.sent);
    this.later = db.prepare(leased.retryLater);
    this.fail = db.prepare(leased.fail);
    this.resendStmt = db.prepare(
      `UPDATE mail_outbox SET state = 'queued', attempts = 0, next_attempt_at = @now, lease_owner = NULL, lease_until = NULL
       WHERE id = @id AND state = 'failed'`);
    this.countStmt = db.prepare<[], { state: MailState; n: number }>('SELECT state, COUNT(*) AS n FROM mail_outbox GROUP BY state');
  }

  /** Queue a message; run it inside the caller's transaction with what it reports. Returns the row's id. */
  enqueue(m: NewMail, now: number): number {
    const messageId = `<${crypto.randomUUID()}@ringdesk>`;
    return Number(this.insert.run({ kind: m.kind, itemId: m.itemId ?? null, to: m.to, subject: m.subject, body: m.body, messageId, now }).lastInsertRowid);
  }
  list(limit = 500, state?: MailState): MailRow[] {
    return state ? this.listState.all(state, limit) : this.listStmt.all(limit);
  }
  get(id: number): MailRow | null {
    return this.byId.get(id) ?? null;
  }
  counts(): Record<MailState, number> {
    const out = Object.fromEntries(mailStates.map((s) => [s, 0])) as Record<MailState, number>;
    for (const r of this.countStmt.all()) out[r.state] = r.n;
    return out;
  }
  /** Whether anything is due, without taking the write lock. */
  hasDue(now: number): boolean {
    return this.due.get({ now }) !== undefined;
  }
  /** Take up to `limit` due rows (or rows whose sender's lease ran out) for `leaseMs`. */
  claimDue(owner: string, leaseMs: number, limit: number, now: number): ClaimedMail[] {
    if (limit <= 0) return [];
    return this.db.transaction(() => this.claim.all({ owner, until: now + leaseMs, now, limit })).immediate();
  }
  /** The SMTP server accepted the message. */
  markSent(id: number, now: number): void {
    this.sent.run({ id, now });
  }
  /** Not this time (the server is unreachable, or said "try later"): again at `at`. */
  retryLater(id: number, owner: string, at: number, error: string): void {
    this.later.run({ id, owner, at, error });
  }
  /** Given up (refused for good, or tried too long): listed as failed with the reason until resent. */
  markFailed(id: number, owner: string, error: string): void {
    this.fail.run({ id, owner, error });
  }
  /** A failed message goes out again with a fresh set of retries (same Message-ID). */
  resend(id: number, now: number): { ok: true; row: MailRow } | { ok: false; reason: string } {
    const row = this.byId.get(id);
    if (!row) return { ok: false, reason: `no e-mail #${id} in the outbox (see "ringdesk mail outbox")` };
    if (this.resendStmt.run({ id, now }).changes === 0) return { ok: false, reason: `e-mail #${id} is ${row.state}, not failed; nothing to resend` };
    return { ok: true, row: this.byId.get(id)! };
  }
}
