/**
 * Queue statistics (issue 15), pure: what waits now per kind and the oldest of it, callbacks
 * scheduled and due, callers who gave up (with their place in the queue and how long they
 * waited), and per kind the service level and the average speed of answer, for the whole period
 * and per 15 minutes. Calls come from the call log (src/store/call-report.ts reads it), callbacks
 * and chats from the queue's work items.
 *
 * Definitions (as a contact-centre report gives them): a call is *offered* when it rang here and
 * was answered or abandoned (the caller hung up while it rang); rejected ones are not queue
 * traffic. The *service level* is the share of offered items answered within `serviceLevelMs`
 * (default 20 s: "80/20"); the *average speed of answer* is the mean wait of the answered ones.
 * An abandoned call's *position* is its place among the calls waiting when it arrived (1 = it
 * was the only one).
 */
import type { LoggedCall } from './shift-summary.js';

export type QueueKind = 'call' | 'callback' | 'chat';
export const queueKinds: readonly QueueKind[] = ['call', 'callback', 'chat'];

/** A callback or chat of the period that was answered (accepted) or given up, from the queue. */
export interface QueueItemFact {
  kind: QueueKind;
  arrivedAt: number;
  position: number;
  /** When an operator accepted it; null: not (yet). */
  acceptedAt: number | null;
  /** When it was abandoned or expired without being taken; null: it was not. */
  abandonedAt: number | null;
  /** Who it was (a phone, a name), for the abandoned list. */
  who: string;
}

export interface KindFigures {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinSl: number;
  /** answeredWithinSl / offered, 0..1; null when nothing was offered. */
  serviceLevel: number | null;
  /** Mean wait of the answered, ms; null when none was answered. */
  averageSpeedOfAnswerMs: number | null;
}

export interface QueueStats {
  at: number;
  serviceLevelMs: number;
  waitingNow: Record<QueueKind, number>;
  oldestWaiting: { kind: QueueKind; arrivedAt: number; waitedMs: number } | null;
  callbacks: { scheduled: number; due: number };
  abandoned: { kind: QueueKind; at: number; who: string; position: number; waitedMs: number }[];
  total: Record<QueueKind, KindFigures>;
  /** Every 15 minutes of the period with traffic, oldest first. */
  intervals: { from: number; to: number; kinds: Record<QueueKind, KindFigures> }[];
}

export const INTERVAL_MS = 15 * 60_000;
export const DEFAULT_SERVICE_LEVEL_MS = 20_000;

interface Handled { kind: QueueKind; arrivedAt: number; answeredAt: number | null; abandonedAt: number | null; position: number; who: string }

/** Where each incoming call stood when it arrived: 1 + the calls still ringing then. */
function callPositions(calls: readonly LoggedCall[]): Map<LoggedCall, number> {
  const sorted = [...calls].sort((a, b) => a.startedAt - b.startedAt || a.id - b.id);
  const out = new Map<LoggedCall, number>();
  sorted.forEach((c, i) => {
    let ahead = 0;
    for (let j = 0; j < i; j++) {
      const o = sorted[j];
      const left = o.answeredAt ?? o.endedAt ?? Infinity;
      if (left > c.startedAt) ahead++;
    }
    out.set(c, ahead + 1);
  });
  return out;
}

const empty = (): KindFigures => ({ offered: 0, answered: 0, abandoned: 0, answeredWithinSl: 0, serviceLevel: null, averageSpeedOfAnswerMs: null });
const byKind = (): Record<QueueKind, KindFigures> => ({ call: empty(), callback: empty(), chat: empty() });

function tally(list: readonly Handled[], slMs: number): Record<QueueKind, KindFigures> {
  const out = byKind();
  const waits: Record<QueueKind, number[]> = { call: [], callback: [], chat: [] };
  for (const h of list) {
    const f = out[h.kind];
    if (h.answeredAt !== null) {
      const wait = Math.max(0, h.answeredAt - h.arrivedAt);
      f.answered++;
      waits[h.kind].push(wait);
      if (wait <= slMs) f.answeredWithinSl++;
    } else if (h.abandonedAt !== null) f.abandoned++;
    else continue;
    f.offered++;
  }
  for (const k of queueKinds) {
    const f = out[k];
    f.serviceLevel = f.offered ? f.answeredWithinSl / f.offered : null;
    f.averageSpeedOfAnswerMs = waits[k].length ? Math.round(waits[k].reduce((a, b) => a + b, 0) / waits[k].length) : null;
  }
  return out;
}

export interface QueueStatsInput {
  /** Incoming calls of the period (the call log), any order. */
  calls: readonly LoggedCall[];
  /** Callbacks and chats of the period that were answered or given up. */
  items: readonly QueueItemFact[];
  /** What waits now: calls ringing (from the log) are counted from `calls`; these are the queue's other items. */
  waitingItems: readonly { kind: QueueKind; arrivedAt: number }[];
  /** Callbacks still to make, with when each is due. */
  callbacksDue: readonly number[];
  now: number;
  serviceLevelMs?: number;
}

/** The queue statistics of a period (see the file's comment for the definitions). */
export function queueStats(i: QueueStatsInput): QueueStats {
  const slMs = i.serviceLevelMs ?? DEFAULT_SERVICE_LEVEL_MS;
  const incoming = i.calls.filter((c) => c.direction === 'incoming');
  const positions = callPositions(incoming);
  const handled: Handled[] = [
    ...incoming.map((c): Handled => ({
      kind: 'call', arrivedAt: c.startedAt, position: positions.get(c) ?? 1, who: c.remote,
      answeredAt: c.answeredAt,
      abandonedAt: c.answeredAt === null && c.outcome === 'missed' ? c.endedAt ?? c.startedAt : null,
    })),
    ...i.items.map((t): Handled => ({ kind: t.kind, arrivedAt: t.arrivedAt, answeredAt: t.acceptedAt, abandonedAt: t.acceptedAt === null ? t.abandonedAt : null, position: t.position, who: t.who })),
  ];
  const ringing = incoming.filter((c) => c.outcome === 'ringing' && c.endedAt === null && c.answeredAt === null);
  const waiting = [...ringing.map((c) => ({ kind: 'call' as const, arrivedAt: c.startedAt })), ...i.waitingItems.filter((w) => w.kind !== 'call')];
  const waitingNow = { call: 0, callback: 0, chat: 0 };
  for (const w of waiting) waitingNow[w.kind]++;
  const oldest = waiting.reduce<{ kind: QueueKind; arrivedAt: number } | null>((o, w) => (!o || w.arrivedAt < o.arrivedAt ? w : o), null);
  const buckets = new Map<number, Handled[]>();
  for (const h of handled) {
    if (h.answeredAt === null && h.abandonedAt === null) continue;
    const from = Math.floor(h.arrivedAt / INTERVAL_MS) * INTERVAL_MS;
    buckets.set(from, [...(buckets.get(from) ?? []), h]);
  }
  return {
    at: i.now,
    serviceLevelMs: slMs,
    waitingNow,
    oldestWaiting: oldest ? { ...oldest, waitedMs: Math.max(0, i.now - oldest.arrivedAt) } : null,
    callbacks: { scheduled: i.callbacksDue.filter((d) => d > i.now).length, due: i.callbacksDue.filter((d) => d <= i.now).length },
    abandoned: handled.filter((h) => h.answeredAt === null && h.abandonedAt !== null)
      .sort((a, b) => a.arrivedAt - b.arrivedAt)
      .map((h) => ({ kind: h.kind, at: h.arrivedAt, who: h.who, position: h.position, waitedMs: Math.max(0, h.abandonedAt! - h.arrivedAt) })),
    total: tally(handled, slMs),
    intervals: [...buckets.keys()].sort((a, b) => a - b).map((from) => ({ from, to: from + INTERVAL_MS, kinds: tally(buckets.get(from)!, slMs) })),
  };
}
