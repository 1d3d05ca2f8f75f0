/**
 * What a shift manager reads off the call log, computed from plain call rows (no SQL):
 * calls per hour, answered / missed / abandoned, average time to answer, average handle
 * time, per operator. Words as in a contact centre:
 *  - answered: picked up at this desk;
 *  - abandoned: the caller hung up while it rang;
 *  - rejected: the dispatcher (or the spam rule) refused it — a decision, not a caller lost;
 *  - missed: it rang and nobody here took it (failed, the console stopped, or never ended);
 *  - answered elsewhere: a colleague took it (forked call), counted apart;
 *  - transferred: answered here, then handed to a colleague or a number (REFER, or bridged by
 *    ringdesk) — counted as answered, and apart as transferred.
 */
import type { QueueStats } from './queue-stats.js';
import type { CallRecord } from '../domain/call-record.js';
import { localTime, resolveLocal } from '../domain/local-time.js';
import { summariseFigures, type CallFigures, type FiguresSummary } from './call-figures.js';

export type CallVerdict = 'answered' | 'transferred' | 'missed' | 'abandoned' | 'rejected' | 'answered-elsewhere' | 'unanswered-outgoing' | 'ringing';

/** One row of the call log, as the report and the calls screen show it. */
export interface LoggedCall extends CallRecord {
  remoteKey: string | null;
  /** The group the call was routed to ('' none; src/store/group-routes.ts). */
  group?: string;
  customerName: string;
  callbackDone: boolean;
  /** Measured from the call's audio (src/domain/call-figures.ts); absent when it was not analysed. */
  figures?: CallFigures;
  /** Why a call has no figures when the reason is known: answered on the desk phone (its audio never passed the console). */
  noFigures?: 'desk phone';
}

/** A call still 'ringing' this long after it started never got its end written: count it missed. */
export const STALE_RINGING_MS = 10 * 60_000;

export function verdictOf(c: Pick<LoggedCall, 'direction' | 'answeredAt' | 'endedAt' | 'outcome' | 'startedAt'>, now = Date.now()): CallVerdict {
  if (c.outcome === 'transferred') return 'transferred';
  if (c.answeredAt !== null || c.outcome === 'answered') return 'answered';
  if (c.direction === 'outgoing') return 'unanswered-outgoing';
  switch (c.outcome) {
    case 'missed': return 'abandoned';
    case 'rejected': return 'rejected';
    case 'answered-elsewhere': return 'answered-elsewhere';
    case 'ringing': return c.endedAt === null && now - c.startedAt < STALE_RINGING_MS ? 'ringing' : 'missed';
    default: return 'missed';
  }
}

/** A transferred call was answered here first: it counts as answered in every tally. */
const answeredIfTransferred = (v: CallVerdict): CallVerdict => (v === 'transferred' ? 'answered' : v);

export interface Tally {
  calls: number;
  incoming: number;
  outgoing: number;
  answered: number;
  missed: number;
  abandoned: number;
  rejected: number;
  answeredElsewhere: number;
  /** Answered here, then handed over (also counted in `answered`). */
  transferred: number;
  /** Mean ring time of answered incoming calls, ms; null when none. */
  avgAnswerMs: number | null;
  /** Mean time from answer to hang-up of answered calls, ms; null when none. */
  avgHandleMs: number | null;
  /** The figures of the analysed calls among them: median talk ratio, silence, overtalk; handle time split. */
  figures: FiguresSummary;
}

export interface HourBucket {
  /** Instant the local hour starts. */
  start: number;
  /** "14" or, when the report spans days, "03-14 14". */
  label: string;
  incoming: number;
  outgoing: number;
  answered: number;
  missed: number;
  abandoned: number;
}

export interface ShiftSummary {
  since: number;
  until: number;
  totals: Tally;
  perHour: HourBucket[];
  perOperator: ({ operator: string } & Tally)[];
  /** The queue's figures of the period (src/domain/queue-stats.ts), when the report was asked with them. */
  queue?: QueueStats;
}

function tally(calls: LoggedCall[], now: number): Tally {
  const figures = summariseFigures(calls.flatMap((c) => (c.figures ? [c.figures] : [])));
  const t: Tally = { calls: 0, incoming: 0, outgoing: 0, answered: 0, missed: 0, abandoned: 0, rejected: 0, answeredElsewhere: 0, transferred: 0, avgAnswerMs: null, avgHandleMs: null, figures };
  let answerSum = 0, answerN = 0, handleSum = 0, handleN = 0;
  for (const c of calls) {
    t.calls++;
    if (c.direction === 'incoming') t.incoming++; else t.outgoing++;
    const v = answeredIfTransferred(verdictOf(c, now));
    if (verdictOf(c, now) === 'transferred') t.transferred++;
    if (v === 'answered') t.answered++;
    else if (v === 'missed') t.missed++;
    else if (v === 'abandoned') t.abandoned++;
    else if (v === 'rejected') t.rejected++;
    else if (v === 'answered-elsewhere') t.answeredElsewhere++;
    if (v === 'answered' && c.answeredAt !== null) {
      if (c.direction === 'incoming') { answerSum += c.answeredAt - c.startedAt; answerN++; }
      if (c.endedAt !== null) { handleSum += c.endedAt - c.answeredAt; handleN++; }
    }
  }
  t.avgAnswerMs = answerN ? Math.round(answerSum / answerN) : null;
  t.avgHandleMs = handleN ? Math.round(handleSum / handleN) : null;
  return t;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant the local hour containing `at` starts in `tz`. */
export function hourStart(at: number, tz: string): number {
  const l = localTime(at, tz);
  const r = resolveLocal({ ...l, minute: 0, second: 0 }, tz);
  if (r.kind === 'gap') return r.next;
  // clocks going back: the hour happens twice; take the occurrence that is not after `at`
  if (r.kind === 'ambiguous' && r.later <= at) return r.later;
  return r.instant;
}

/** Summarise the calls of [since, until) in `tz`; hours with no calls are kept so the chart shows gaps. */
export function summariseShift(calls: LoggedCall[], opts: { since: number; until: number; timezone: string; now?: number }): ShiftSummary {
  const now = opts.now ?? Date.now();
  const inRange = calls.filter((c) => c.startedAt >= opts.since && c.startedAt < opts.until);
  const perHour: HourBucket[] = [];
  const first = hourStart(opts.since, opts.timezone);
  const multiDay = opts.until - first > 24 * 3_600_000;
  const index = new Map<number, HourBucket>();
  // at most a week of hours: a longer range is a report, not a shift chart
  for (let h = first; h < opts.until && perHour.length < 24 * 7; h += 3_600_000) {
    const start = hourStart(h, opts.timezone);
    if (index.has(start)) continue;
    const l = localTime(start, opts.timezone);
    const b: HourBucket = { start, label: multiDay ? `${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}` : pad(l.hour), incoming: 0, outgoing: 0, answered: 0, missed: 0, abandoned: 0 };
    index.set(start, b);
    perHour.push(b);
  }
  for (const c of inRange) {
    const b = index.get(hourStart(c.startedAt, opts.timezone));
    if (!b) continue;
    if (c.direction === 'incoming') b.incoming++; else b.outgoing++;
    const v = answeredIfTransferred(verdictOf(c, now));
    if (v === 'answered') b.answered++;
    else if (v === 'missed') b.missed++;
    else if (v === 'abandoned') b.abandoned++;
  }
  const byOperator = new Map<string, LoggedCall[]>();
  for (const c of inRange) {
    const name = c.operator || '(no operator)';
    byOperator.set(name, [...(byOperator.get(name) ?? []), c]);
  }
  const perOperator = [...byOperator.entries()]
    .map(([operator, list]) => ({ operator, ...tally(list, now) }))
    .sort((a, b) => b.calls - a.calls || a.operator.localeCompare(b.operator));
  return { since: opts.since, until: opts.until, totals: tally(inRange, now), perHour, perOperator };
}

/** One number to call back: its missed calls folded together, newest first. */
export interface MissedCaller {
  /** The newest missed call's id (what "call back" marks done, with the older ones). */
  callId: number;
  remote: string;
  remoteKey: string | null;
  customerName: string;
  lastAt: number;
  attempts: number;
  verdict: 'missed' | 'abandoned';
  /** Marked done by a dispatcher, or an answered call with the number came after. */
  done: boolean;
}

/**
 * Fold missed and abandoned incoming calls into one line per number, newest first.
 * `answeredSince(key)` says when the number was last talked to (either direction), if ever.
 */
export function missedCallers(calls: LoggedCall[], answeredSince: (key: string) => number | null, now = Date.now()): MissedCaller[] {
  const out = new Map<string, MissedCaller>();
  for (const c of [...calls].sort((a, b) => b.startedAt - a.startedAt || b.id - a.id)) {
    const v = verdictOf(c, now);
    if (c.direction !== 'incoming' || (v !== 'missed' && v !== 'abandoned')) continue;
    const group = c.remoteKey ?? `call:${c.id}`;
    const seen = out.get(group);
    if (seen) {
      seen.attempts++;
      seen.done = seen.done && c.callbackDone;
      continue;
    }
    const talked = c.remoteKey ? answeredSince(c.remoteKey) : null;
    out.set(group, {
      callId: c.id, remote: c.remote, remoteKey: c.remoteKey, customerName: c.customerName, lastAt: c.startedAt,
      attempts: 1, verdict: v, done: c.callbackDone || (talked !== null && talked > c.startedAt),
    });
  }
  // a later answered call settles every earlier attempt, whatever their flags say
  for (const m of out.values()) {
    const talked = m.remoteKey ? answeredSince(m.remoteKey) : null;
    if (talked !== null && talked > m.lastAt) m.done = true;
  }
  return [...out.values()];
}
