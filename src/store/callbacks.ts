/**
 * Callbacks in the store: a work item of kind 'callback' (src/store/work-items.ts) plus its row
 * in `callbacks` (migration v13): due time, attempts left, retry delay, expiry, where it came
 * from, each dial's outcome. Every method is one immediate transaction, so the item and its
 * callback row never disagree; an offline message's e-mail is queued in the same transaction.
 * Rules in src/domain/callback.ts.
 */
import type { Db } from './db.js';
import type { WorkItems } from './work-items.js';
import type { MailOutbox, NewMail } from './mail-outbox.js';
import { waitingStates, type NewWorkItem, type WorkItem } from '../domain/work-item.js';
import {
  abandonedKey, ABANDONED_MIN_WAIT_MS, afterDial, callbackTerms, type Callback, type CallbackSource, type CallbackTerms,
} from '../domain/callback.js';

interface Row {
  item_id: number; source: CallbackSource; due_at: number; attempts_left: number; attempts_made: number; retry_delay_ms: number;
  expires_at: number; dedupe_key: string | null; from_call: string; code_id: number | null; offline_at: number | null;
  outcome: Callback['outcome']; outcome_at: number | null; created_by: string; created_at: number;
}
const toCallback = (r: Row): Callback => ({
  itemId: r.item_id, source: r.source, dueAt: r.due_at, attemptsLeft: r.attempts_left, attemptsMade: r.attempts_made,
  retryDelayMs: r.retry_delay_ms, expiresAt: r.expires_at, fromCall: r.from_call, codeId: r.code_id, offlineAt: r.offline_at,
  outcome: r.outcome, outcomeAt: r.outcome_at, createdBy: r.created_by, createdAt: r.created_at,
});

export interface NewCallback {
  item: Omit<NewWorkItem, 'kind'>;
  source: CallbackSource;
  terms: CallbackTerms;
  /** One callback per key (a caller who gave up: number and local day); a second one is not made. */
  dedupeKey?: string | null;
  fromCall?: string;
  codeId?: number | null;
  createdBy?: string;
}
export interface CallbackWithItem { callback: Callback; item: WorkItem }
export type CallbackCreated = { ok: true; created: boolean } & CallbackWithItem | { ok: false; reason: string };
export type DialRecorded = { ok: true; outcome: Callback['outcome'] } & CallbackWithItem | { ok: false; reason: string };

const WAITING = `(${waitingStates.map((s) => `'${s}'`).join(',')})`;

export class Callbacks {
  private callStmt;
  private insert; private byItem; private byKey; private openOfPhone; private waitingStmt; private update; private attempt; private offline; private overdue;

  constructor(private db: Db, private items: WorkItems, private mail: MailOutbox) {
    this.callStmt = db.prepare<[string], { direction: string; remote: string; remote_key: string | null; started_at: number; answered_at: number | null; ended_at: number | null }>(
      'SELECT direction, remote, remote_key, started_at, answered_at, ended_at FROM calls WHERE call_ref = ?');
    this.insert = db.prepare(
      `INSERT INTO callbacks (item_id, source, due_at, attempts_left, retry_delay_ms, expires_at, dedupe_key, from_call, code_id, created_by, created_at)
       VALUES (@itemId, @source, @dueAt, @attemptsLeft, @retryDelayMs, @expiresAt, @dedupeKey, @fromCall, @codeId, @createdBy, @now)`);
    this.byItem = db.prepare<[number], Row>('SELECT * FROM callbacks WHERE item_id = ?');
    this.byKey = db.prepare<[string], Row>('SELECT * FROM callbacks WHERE dedupe_key = ?');
    this.openOfPhone = db.prepare<[string], Row>(
      `SELECT c.* FROM callbacks c JOIN work_items w ON w.id = c.item_id
       WHERE w.phone_key = ? AND w.state IN ${WAITING.replace(')', ",'accepted')")} ORDER BY c.due_at, c.item_id LIMIT 1`);
    this.waitingStmt = db.prepare<[], Row>(
      `SELECT c.* FROM callbacks c JOIN work_items w ON w.id = c.item_id WHERE w.state IN ${WAITING} ORDER BY w.arrived_at, w.id`);
    this.update = db.prepare(
      `UPDATE callbacks SET due_at = @dueAt, attempts_left = @attemptsLeft, attempts_made = @attemptsMade, outcome = @outcome, outcome_at = @now
       WHERE item_id = @itemId`);
    this.attempt = db.prepare('INSERT INTO callback_attempts (item_id, at, operator, outcome, call_ref) VALUES (?, ?, ?, ?, ?)');
    this.offline = db.prepare('UPDATE callbacks SET offline_at = @now WHERE item_id = @itemId AND offline_at IS NULL');
    this.overdue = db.prepare<[number], { item_id: number }>(
      `SELECT c.item_id FROM callbacks c JOIN work_items w ON w.id = c.item_id WHERE w.state IN ${WAITING} AND c.expires_at <= ? ORDER BY c.item_id`);
  }

  get(itemId: number): Callback | null {
    const r = this.byItem.get(itemId);
    return r ? toCallback(r) : null;
  }

  /** The callback and its item, when `itemId` is a callback. */
  withItem(itemId: number): CallbackWithItem | null {
    const callback = this.get(itemId);
    const item = callback ? this.items.get(itemId) : null;
    return callback && item ? { callback, item } : null;
  }

  /**
   * A new callback: its work item (kind callback, at its first arrival: an abandoned caller keeps
   * their place) and its row, together. With a dedupe key already used, the existing one comes
   * back (`created: false`).
   */
  create(n: NewCallback, now: number): CallbackCreated {
    return this.db.transaction((): CallbackCreated => {
      if (n.dedupeKey) {
        const had = this.byKey.get(n.dedupeKey);
        if (had) {
          const item = this.items.get(had.item_id);
          if (item) return { ok: true, created: false, callback: toCallback(had), item };
        }
      }
      const made = this.items.create({ ...n.item, kind: 'callback' }, now);
      if (!made.ok) return made;
      // the same channel reference again (a retried web request): the callback it made
      const had = made.created ? null : this.get(made.item.id);
      if (had) return { ok: true, created: false, callback: had, item: made.item };
      this.insert.run({
        itemId: made.item.id, source: n.source, ...n.terms, dedupeKey: n.dedupeKey ?? null, fromCall: n.fromCall ?? '',
        codeId: n.codeId ?? null, createdBy: n.createdBy ?? '', now,
      });
      return { ok: true, created: true, callback: this.get(made.item.id)!, item: made.item };
    }).immediate();
  }

  /**
   * A caller who gave up while waiting (an incoming call that ended unanswered after at least
   * ABANDONED_MIN_WAIT_MS) gets a callback due at once, at the call's first arrival in the queue;
   * one per number and local day however many times they tried (and however many consoles
   * logged the call). Null when the call does not qualify.
   */
  fromAbandonedCall(callRef: string, timezone: string, now: number): CallbackCreated | null {
    const call = this.callStmt.get(callRef);
    if (!call || call.direction !== 'incoming' || !call.remote_key || call.answered_at !== null) return null;
    const endedAt = call.ended_at ?? now;
    if (endedAt - call.started_at < ABANDONED_MIN_WAIT_MS) return null;
    const terms = callbackTerms({ dueAt: endedAt }, endedAt);
    if (!terms.ok) return null;
    const waited = Math.round((endedAt - call.started_at) / 1000);
    return this.create({
      item: {
        entry: { via: 'number', value: '' }, phone: call.remote, arrivedAt: call.started_at,
        note: { by: 'ringdesk', text: `Hung up after waiting ${waited} s; call back.` },
      },
      source: 'abandoned', terms: terms.terms, dedupeKey: abandonedKey(call.remote_key, call.started_at, timezone), fromCall: callRef,
    }, now);
  }

  /** A caller's open callback (waiting, offered or being dialled), for the caller card. */
  openFor(phoneKey: string): CallbackWithItem | null {
    const r = this.openOfPhone.get(phoneKey);
    return r ? this.withItem(r.item_id) : null;
  }

  /** Every callback waiting in the queue, in first-arrival order. */
  waiting(): CallbackWithItem[] {
    return this.waitingStmt.all().map((r) => this.withItem(r.item_id)).filter((x): x is CallbackWithItem => x !== null);
  }

  /**
   * It came while nobody of its group was available: an offline message, listed for the next
   * operator (flag), and e-mailed (`mail`, when an address is set) in the same transaction.
   */
  markOffline(itemId: number, now: number, mail: NewMail | null): { mailId: number | null } {
    return this.db.transaction(() => {
      if (this.offline.run({ itemId, now }).changes === 0) return { mailId: null };
      return { mailId: mail ? this.mail.enqueue(mail, now) : null };
    }).immediate();
  }

  /**
   * The dial's outcome, by the dispatcher who accepted the item: reached → the item is done; no
   * answer → back in the queue at its place, due again after the retry delay; no attempts left
   * (or the next would come after its expiry) → expired. Every dial is recorded.
   */
  recordDial(itemId: number, reached: boolean, by: string, callRef: string, now: number): DialRecorded {
    return this.db.transaction((): DialRecorded => {
      const cb = this.get(itemId);
      if (!cb) return { ok: false, reason: `work item ${itemId} is not a callback` };
      const next = afterDial(cb, reached, now);
      const moved = next.item === 'done' ? this.items.finish(itemId, by, now)
        : next.item === 'waiting' ? this.items.returnToQueue(itemId, now, 'callback: no answer', by)
        : this.expireItem(itemId, now, by);
      if (!moved.ok) return { ok: false, reason: moved.reason };
      this.update.run({ itemId, dueAt: next.terms.dueAt, attemptsLeft: next.terms.attemptsLeft, attemptsMade: next.attemptsMade, outcome: next.outcome, now });
      this.attempt.run(itemId, now, by, reached ? 'reached' : next.outcome === 'expired' ? 'expired' : 'no-answer', callRef);
      return { ok: true, outcome: next.outcome, callback: this.get(itemId)!, item: moved.item };
    }).immediate();
  }

  /**
   * Callbacks waiting past their expiry are expired (recorded as such). Returns their item ids.
   * A read first: with none overdue (nearly always: the desk asks on its clock's tick) no write
   * lock is taken and no other console is woken.
   */
  expireOverdue(now: number): number[] {
    if (!this.overdue.get(now)) return [];
    return this.db.transaction(() => {
      const ids = this.overdue.all(now).map((r) => r.item_id);
      for (const id of ids) {
        const cb = this.get(id)!;
        if (!this.items.expire(id, now, 'callback: past its expiry').ok) continue;
        this.update.run({ itemId: id, dueAt: cb.dueAt, attemptsLeft: cb.attemptsLeft, attemptsMade: cb.attemptsMade, outcome: 'expired', now });
      }
      return ids;
    }).immediate();
  }

  /** How many callbacks were ever made, and the newest with its work item (a fixture's `callbacks`). */
  made(): { count: number; newest: CallbackWithItem | null } {
    const r = this.db.prepare<[], { n: number; last: number | null }>('SELECT COUNT(*) AS n, MAX(item_id) AS last FROM callbacks').get()!;
    return { count: r.n, newest: r.last === null ? null : this.withItem(r.last) };
  }

  /** The dials of a callback, oldest first. */
  attempts(itemId: number): { at: number; operator: string; outcome: string; callRef: string }[] {
    return this.db.prepare<[number], { at: number; operator: string; outcome: string; callRef: string }>(
      'SELECT at, operator, outcome, call_ref AS callRef FROM callback_attempts WHERE item_id = ? ORDER BY id').all(itemId);
  }

  /** An accepted item cannot expire directly (the queue's move table): it goes back, then expires. */
  private expireItem(itemId: number, now: number, by: string) {
    const item = this.items.get(itemId);
    if (item?.state === 'accepted') {
      const back = this.items.returnToQueue(itemId, now, 'callback: no answer, none left', by);
      if (!back.ok) return back;
    }
    return this.items.expire(itemId, now, 'callback: no attempts left');
  }
}
