/**
 * Reading the call log the way a shift manager and a dispatcher do: the calls of a period
 * (optionally one operator's), the shift summary, the numbers still to call back, a
 * customer's calls; and marking a call-back done.
 */
import type { Db } from './db.js';
import type { CallOutcome } from '../domain/call-record.js';
import { queueStats, type QueueItemFact, type QueueKind } from '../domain/queue-stats.js';
import { missedCallers, summariseShift, type LoggedCall, type MissedCaller, type ShiftSummary } from '../domain/shift-summary.js';
import type { CallFigures } from '../domain/call-figures.js';

interface Row {
  id: number; callRef: string; direction: 'incoming' | 'outgoing'; remote: string; remoteKey: string | null; operator: string;
  extension: string; startedAt: number; answeredAt: number | null; endedAt: number | null; outcome: CallOutcome;
  customerId: number | null; deliveryId: number | null; customerName: string | null; callbackDone: number; group: string; answeredOn: string;
  /** call_figures (v16), null when the call was not analysed. */
  analysedMs: number | null; callerTalkMs: number; dispatcherTalkMs: number; silenceMs: number; longestSilenceMs: number; overtalkCount: number;
  overtalkMs: number; callerMonologueMs: number; dispatcherMonologueMs: number; pauseMs: number; firstWordsMs: number | null;
}

const COLUMNS = `c.id, c.call_ref AS callRef, c.direction, c.remote, c.remote_key AS remoteKey, IFNULL(o.name, '') AS operator, c.extension,
  c.started_at AS startedAt, c.answered_at AS answeredAt, c.ended_at AS endedAt, c.outcome,
  c.customer_id AS customerId, c.delivery_id AS deliveryId, c.callback_done AS callbackDone, c.group_name AS "group", c.answered_on AS answeredOn,
  COALESCE(cu.name, (SELECT x.name FROM customer_phones p JOIN customers x ON x.id = p.customer_id
    WHERE p.e164 = c.remote_key ORDER BY x.id LIMIT 1)) AS customerName,
  f.analysed_ms AS analysedMs, f.caller_talk_ms AS callerTalkMs, f.dispatcher_talk_ms AS dispatcherTalkMs, f.silence_ms AS silenceMs,
  f.longest_silence_ms AS longestSilenceMs, f.overtalk_count AS overtalkCount, f.overtalk_ms AS overtalkMs,
  f.caller_monologue_ms AS callerMonologueMs, f.dispatcher_monologue_ms AS dispatcherMonologueMs, f.pause_ms AS pauseMs, f.first_words_ms AS firstWordsMs`;
const FROM = `FROM calls c LEFT JOIN operators o ON o.id = c.operator_id LEFT JOIN customers cu ON cu.id = c.customer_id
  LEFT JOIN call_figures f ON f.call_id = c.id`;
function toCall(r: Row): LoggedCall {
  const { analysedMs, callerTalkMs, dispatcherTalkMs, silenceMs, longestSilenceMs, overtalkCount, overtalkMs, callerMonologueMs, dispatcherMonologueMs, pauseMs, firstWordsMs, answeredOn, ...call } = r;
  const figures: CallFigures | undefined = analysedMs === null ? undefined : {
    analysedMs, callerTalkMs, dispatcherTalkMs, silenceMs, longestSilenceMs, overtalkCount, overtalkMs, callerMonologueMs, dispatcherMonologueMs, pauseMs, firstWordsMs,
  };
  return { ...call, customerName: call.customerName ?? '', callbackDone: call.callbackDone === 1, ...(figures ? { figures } : answeredOn === 'desk-phone' ? { noFigures: 'desk phone' as const } : {}) };
}

export interface CallQuery {
  since: number;
  /** Exclusive; defaults to now. */
  until?: number;
  /** Operator name; empty or absent = everyone. */
  operator?: string;
  limit?: number;
}

export class CallReport {
  private period; private forCustomerStmt; private lastTalked; private missedIn; private markDone;
  private itemFactsStmt; private waitingItemsStmt; private callbacksDueStmt; private recordingStmt;

  constructor(db: Db) {
    this.period = db.prepare<[number, number, string, string, number], Row>(
      `SELECT ${COLUMNS} ${FROM} WHERE c.started_at >= ? AND c.started_at < ? AND (? = '' OR o.name = ?)
       ORDER BY c.started_at DESC, c.id DESC LIMIT ?`);
    this.forCustomerStmt = db.prepare<[number, number, number], Row>(
      `SELECT ${COLUMNS} ${FROM} WHERE c.customer_id = ?
         OR c.remote_key IN (SELECT e164 FROM customer_phones WHERE customer_id = ?)
       ORDER BY c.started_at DESC, c.id DESC LIMIT ?`);
    this.lastTalked = db.prepare<[string], { at: number | null }>(
      'SELECT MAX(started_at) AS at FROM calls WHERE remote_key = ? AND answered_at IS NOT NULL');
    this.missedIn = db.prepare<[number, number], Row>(
      `SELECT ${COLUMNS} ${FROM} WHERE c.direction = 'incoming' AND c.answered_at IS NULL
         AND c.outcome NOT IN ('answered','answered-elsewhere','rejected') AND c.started_at >= ? AND c.started_at < ?
       ORDER BY c.started_at DESC, c.id DESC`);
    this.markDone = db.prepare(
      `UPDATE calls SET callback_done = 1 WHERE direction = 'incoming' AND answered_at IS NULL AND callback_done = 0 AND outcome <> 'rejected'
         AND (id = @callId OR (remote_key IS NOT NULL AND remote_key = (SELECT remote_key FROM calls WHERE id = @callId)))
         AND started_at <= (SELECT started_at FROM calls WHERE id = @callId)`);
    // the queue's callbacks and chats of a period: when each was first accepted, or given up (abandoned, expired)
    this.itemFactsStmt = db.prepare<[number, number], { kind: QueueKind; arrivedAt: number; position: number; who: string; acceptedAt: number | null; abandonedAt: number | null }>(
      `SELECT w.kind, w.arrived_at AS arrivedAt, w.position, CASE WHEN w.phone <> '' THEN w.phone ELSE w.name END AS who,
         (SELECT MIN(m.at) FROM work_item_moves m WHERE m.item_id = w.id AND m.to_state = 'accepted') AS acceptedAt,
         (SELECT MIN(m.at) FROM work_item_moves m WHERE m.item_id = w.id AND m.to_state IN ('abandoned','expired')) AS abandonedAt
       FROM work_items w WHERE w.kind <> 'call' AND w.arrived_at >= ? AND w.arrived_at < ?`);
    this.waitingItemsStmt = db.prepare<[], { kind: QueueKind; arrivedAt: number }>(
      `SELECT kind, arrived_at AS arrivedAt FROM work_items WHERE state IN ('waiting','offered','redirected')`);
    this.recordingStmt = db.prepare<[number], { id: number; startedAt: number; recording: string }>('SELECT id, started_at AS startedAt, recording FROM calls WHERE id = ?');
    this.callbacksDueStmt = db.prepare<[], number>(
      `SELECT c.due_at FROM callbacks c JOIN work_items w ON w.id = c.item_id WHERE w.state IN ('waiting','offered','redirected')`).pluck();
  }

  /** A call's recording (issue 18): its file ('' = not recorded), or null when there is no such call. */
  recordingOf(callId: number): { id: number; startedAt: number; file: string } | null {
    const r = this.recordingStmt.get(callId);
    return r ? { id: r.id, startedAt: r.startedAt, file: r.recording } : null;
  }

  /** The calls of a period, newest first: the one reader of the call log (screen, `ringdesk calls`, fixtures, tests). */
  calls(q: CallQuery, now = Date.now()): LoggedCall[] {
    // without an end, the period runs up to now, a call that starts this very millisecond included
    const until = q.until ?? now + 1;
    const op = q.operator ?? '';
    return this.period.all(q.since, until, op, op, q.limit ?? 100_000).map(toCall);
  }

  /** The shift summary of a period in the desk's time zone. */
  summary(q: CallQuery & { timezone: string }, now = Date.now()): ShiftSummary {
    const until = q.until ?? now + 1;
    const calls = this.calls({ ...q, until, limit: 1_000_000 });
    return { ...summariseShift(calls, { since: q.since, until, timezone: q.timezone, now }), queue: this.queue(calls, q.since, until, now) };
  }

  /**
   * The queue's figures for these calls of the period (src/domain/queue-stats.ts): what waits now,
   * callbacks scheduled and due, who gave up, service level and speed of answer per kind and per
   * 15 minutes, the callbacks and chats of the period read from the queue beside the calls.
   */
  private queue(calls: LoggedCall[], since: number, until: number, now: number) {
    const items: QueueItemFact[] = this.itemFactsStmt.all(since, until);
    return queueStats({ calls, items, waitingItems: this.waitingItemsStmt.all(), callbacksDue: this.callbacksDueStmt.all() as number[], now });
  }

  /** Numbers that called and were not talked to, one line each, newest first; `includeDone` keeps settled ones. */
  missedCallers(q: { since: number; until?: number; includeDone?: boolean }, now = Date.now()): MissedCaller[] {
    const rows = this.missedIn.all(q.since, q.until ?? now + 1).map(toCall);
    const list = missedCallers(rows, (key) => this.lastTalked.get(key)?.at ?? null, now);
    return q.includeDone ? list : list.filter((m) => !m.done);
  }

  /** The call-back to this missed call's number is done: it and the number's earlier misses leave the list. */
  markCallbackDone(callId: number): number {
    return this.markDone.run({ callId }).changes;
  }

  /** A customer's calls (linked to them, or from any of their numbers), newest first. */
  forCustomer(customerId: number, limit = 50): LoggedCall[] {
    return this.forCustomerStmt.all(customerId, customerId, limit).map(toCall);
  }
}
