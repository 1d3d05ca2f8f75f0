/**
 * When the order arrives. ASAP = the outlet's preparation minutes + the zone's delivery minutes
 * + the outlet's busy delay, from now. A scheduled order names a time at least the ASAP time
 * and at most 30 days ahead. Durations are added to instants, so DST never bends them; times
 * the dispatcher types are read as wall-clock time in the configured zone.
 */
import { formatClock, formatDayTime, localTime, resolveLocal } from '../domain/local-time.js';

export interface Timing { preparationMinutes: number; busyMinutes: number; zoneMinutes: number }

export const MAX_DAYS_AHEAD = 30;
/** The confirmation call for a scheduled order is due this long before the kitchen starts. */
export const CONFIRM_BEFORE_MINUTES = 15;

export function asapMinutes(t: Timing): number {
  return Math.max(0, t.preparationMinutes) + Math.max(0, t.zoneMinutes) + Math.max(0, t.busyMinutes);
}

export function asapAt(now: number, t: Timing): number {
  return now + asapMinutes(t) * 60_000;
}

export type When = { kind: 'asap' } | { kind: 'at'; instant: number };

/**
 * Read a time the dispatcher typed: "asap"; ISO 8601 with an offset or Z; "YYYY-MM-DD HH:MM"
 * or "HH:MM" as wall-clock time in `tz` ("HH:MM" = the next such time from now). A time that
 * DST skips is refused with the jump named; a time that happens twice takes the first.
 */
export function parseWhen(text: string, now: number, tz: string): { ok: true; when: When } | { ok: false; message: string } {
  const t = text.trim();
  if (t === '' || /^asap$/i.test(t)) return { ok: true, when: { kind: 'asap' } };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(t)) {
    const instant = Date.parse(t);
    if (Number.isNaN(instant)) return { ok: false, message: `"${t}" is not a real date and time` };
    return { ok: true, when: { kind: 'at', instant } };
  }
  const full = t.match(/^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$/);
  const clock = t.match(/^(\d{1,2}):(\d{2})$/);
  if (!full && !clock) return { ok: false, message: `"${t}": give a time as HH:MM, YYYY-MM-DD HH:MM, ISO 8601 with an offset, or "asap"` };
  let l: { year: number; month: number; day: number; hour: number; minute: number };
  if (full) {
    const [year, month, day, hour, minute] = full.slice(1).map(Number);
    l = { year, month, day, hour, minute };
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return { ok: false, message: `"${t}": there is no such day` };
  } else {
    const today = localTime(now, tz);
    l = { year: today.year, month: today.month, day: today.day, hour: Number(clock![1]), minute: Number(clock![2]) };
  }
  if (l.hour > 23 || l.minute > 59) return { ok: false, message: `"${t}": there is no such time of day` };
  let r = resolveLocal(l, tz);
  if (clock && r.kind !== 'gap' && r.instant < now) {
    const next = new Date(Date.UTC(l.year, l.month - 1, l.day + 1));
    r = resolveLocal({ ...l, year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }, tz);
  }
  if (r.kind === 'gap') {
    return { ok: false, message: `"${t}" does not exist in ${tz}: the clocks jump forward to ${formatClock(r.next, tz)} that night; choose ${formatClock(r.next, tz)} or later` };
  }
  return { ok: true, when: { kind: 'at', instant: r.instant } };
}

export type PromiseCode = 'TooEarly' | 'TooFarAhead';
export type Promised =
  | { ok: true; asap: boolean; promisedAt: number; earliest: number; minutes: number }
  | { ok: false; code: PromiseCode; message: string; earliest: number };

/** The promised arrival for ASAP or a chosen time, refusing a time before ASAP or beyond 30 days. */
export function promise(now: number, timing: Timing, when: When, tz: string): Promised {
  const earliest = asapAt(now, timing);
  const minutes = asapMinutes(timing);
  if (when.kind === 'asap') return { ok: true, asap: true, promisedAt: earliest, earliest, minutes };
  if (when.instant < earliest) {
    return { ok: false, code: 'TooEarly', earliest, message: `${formatDayTime(when.instant, tz, now)} is sooner than the order can arrive: the earliest is ${formatClock(earliest, tz)} (${minutes} min).` };
  }
  if (when.instant > now + MAX_DAYS_AHEAD * 86_400_000) {
    return { ok: false, code: 'TooFarAhead', earliest, message: `Orders are taken at most ${MAX_DAYS_AHEAD} days ahead.` };
  }
  return { ok: true, asap: false, promisedAt: when.instant, earliest, minutes };
}

/** When the confirmation call for a scheduled order is due: before the kitchen would start on it. */
export function confirmationDueAt(promisedAt: number, t: Timing): number {
  return promisedAt - (asapMinutes(t) + CONFIRM_BEFORE_MINUTES) * 60_000;
}
