/** The call log: one row per call, both directions, written as the call moves (read by src/store/call-report.ts). */
import type { Db } from './db.js';
import type { CallOutcome } from '../domain/call-record.js';
import type { CallFigures } from '../domain/call-figures.js';

export interface CallStart {
  callRef: string;
  direction: 'incoming' | 'outgoing';
  remote: string;
  remoteKey: string | null;
  operatorId: number | null;
  extension: string;
  startedAt: number;
  customerId?: number | null;
  /** The console run that logs it (src/store/consoles.ts); '' unknown. */
  console?: string;
  /** The group the call was routed to (src/store/group-routes.ts); '' none. */
  group?: string;
}

export class Calls {
  private insert; private answered; private ended; private link; private figures; private recorded;

  constructor(db: Db) {
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO calls (call_ref, direction, remote, remote_key, operator_id, extension, started_at, customer_id, console, group_name)
       VALUES (@callRef, @direction, @remote, @remoteKey, @operatorId, @extension, @startedAt, @customerId, @console, @group)`);
    // the one who answers owns the call (two consoles on one extension, or a ring group, share one row)
    this.answered = db.prepare(`UPDATE calls SET answered_at = @at, outcome = 'answered', operator_id = COALESCE(@operatorId, operator_id), answered_on = @answeredOn,
       extension = CASE WHEN @extension <> '' THEN @extension ELSE extension END WHERE call_ref = @callRef`);
    this.ended = db.prepare(`UPDATE calls SET ended_at = ?, outcome = CASE WHEN outcome = 'answered' AND ? IN ('missed','unanswered','answered-elsewhere','rejected','busy','no-answer') THEN outcome ELSE ? END WHERE call_ref = ?`);
    this.link = db.prepare(`UPDATE calls SET customer_id = COALESCE(?, customer_id), delivery_id = COALESCE(?, delivery_id) WHERE call_ref = ?`);
    this.figures = db.prepare(
      `INSERT OR REPLACE INTO call_figures (call_id, analysed_ms, caller_talk_ms, dispatcher_talk_ms, silence_ms, longest_silence_ms,
         overtalk_count, overtalk_ms, caller_monologue_ms, dispatcher_monologue_ms, pause_ms, first_words_ms)
       SELECT id, @analysedMs, @callerTalkMs, @dispatcherTalkMs, @silenceMs, @longestSilenceMs, @overtalkCount, @overtalkMs,
         @callerMonologueMs, @dispatcherMonologueMs, @pauseMs, @firstWordsMs FROM calls WHERE call_ref = @callRef`);
    this.recorded = db.prepare(`UPDATE calls SET recording = ? WHERE call_ref = ?`);
  }

  started(c: CallStart): void {
    this.insert.run({ ...c, customerId: c.customerId ?? null, console: c.console ?? '', group: c.group ?? '' });
  }
  /** Answered, by this operator at this extension when given (else whoever logged the ring keeps it). */
  markAnswered(callRef: string, at: number, by?: { operatorId: number | null; extension: string; deskPhone?: boolean }): void {
    this.answered.run({ callRef, at, operatorId: by?.operatorId ?? null, extension: by?.extension ?? '', answeredOn: by?.deskPhone ? 'desk-phone' : '' });
  }
  /** Record the end; an answered call keeps 'answered' as its outcome whatever ended it. */
  markEnded(callRef: string, at: number, outcome: CallOutcome): void {
    this.ended.run(at, outcome, outcome, callRef);
  }
  linkTo(callRef: string, customerId: number | null, deliveryId: number | null): void {
    this.link.run(customerId, deliveryId, callRef);
  }
  /** The call's figures from its audio (src/domain/call-figures.ts); a call not in the log gets none. Only numbers are stored. */
  setFigures(callRef: string, f: CallFigures): void {
    this.figures.run({ callRef, ...f });
  }
  /** The call is recorded into `file` (issue 18): its path is kept here and nowhere else. */
  recordedTo(callRef: string, file: string): void {
    this.recorded.run(file, callRef);
  }
}
