/**
 * Wall-clock time in an IANA time zone (Config.timezone), DST included, with no library:
 * instants are epoch milliseconds; local times are what the dispatcher and the caller say.
 */

/** The desk's time zone when none is set (the `timezone` setting's default). */
export const DEFAULT_TIMEZONE = 'Europe/Prague';

export interface LocalTime { year: number; month: number; day: number; hour: number; minute: number; second: number }

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Whether `tz` names a time zone this Node knows (e.g. "Europe/Prague"). */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading in `tz` at an instant. */
export function localTime(instant: number, tz: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** Offset of `tz` from UTC at an instant, in minutes (Prague: 60 in winter, 120 in summer). */
export function offsetMinutes(instant: number, tz: string): number {
  const l = localTime(instant, tz);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 with the zone's offset at that instant: "2025-03-30T03:20:00+02:00". */
export function formatLocalIso(instant: number, tz: string): string {
  const l = localTime(instant, tz);
  const off = offsetMinutes(instant, tz);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${l.year}-${pad(l.month)}-${pad(l.day)}T${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** "HH:MM" in `tz` at an instant, for the card. */
export function formatClock(instant: number, tz: string): string {
  const l = localTime(instant, tz);
  return `${pad(l.hour)}:${pad(l.minute)}`;
}

const dayNames = new Map<string, Intl.DateTimeFormat>();
/**
 * The day as a person reads it, never ambiguous: "Mon 7 Dec" ("07/12" is July in half the
 * world), with the year unless `now` falls in the same year.
 */
export function formatDay(instant: number, tz: string, now?: number): string {
  let f = dayNames.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short' });
    dayNames.set(tz, f);
  }
  const day = f.format(instant).replace(',', '');
  const year = localTime(instant, tz).year;
  return now !== undefined && localTime(now, tz).year === year ? day : `${day} ${year}`;
}

/** "Mon 7 Dec 12:30": a day and a time for messages (the year unless `now` is in the same year). */
export function formatDayTime(instant: number, tz: string, now?: number): string {
  return `${formatDay(instant, tz, now)} ${formatClock(instant, tz)}`;
}

/** The local calendar day "YYYY-MM-DD" in `tz` (per-day order numbers, hours checks). */
export function localDay(instant: number, tz: string): string {
  const l = localTime(instant, tz);
  return `${l.year}-${pad(l.month)}-${pad(l.day)}`;
}

export type LocalResolution =
  | { kind: 'exact'; instant: number }
  /** The wall-clock time happens twice (clocks go back); `instant` is the first, `later` the second. */
  | { kind: 'ambiguous'; instant: number; later: number }
  /** The wall-clock time never happens (clocks go forward); `next` is the first valid instant after the gap. */
  | { kind: 'gap'; next: number };

/** Turn a wall-clock time in `tz` into an instant, saying when DST makes it ambiguous or skips it. */
export function resolveLocal(l: Omit<LocalTime, 'second'> & { second?: number }, tz: string): LocalResolution {
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second ?? 0);
  const offsets = new Set([offsetMinutes(asUtc - 86_400_000, tz), offsetMinutes(asUtc, tz), offsetMinutes(asUtc + 86_400_000, tz)]);
  const hits: number[] = [];
  for (const off of offsets) {
    const t = asUtc - off * 60000;
    const back = localTime(t, tz);
    if (back.year === l.year && back.month === l.month && back.day === l.day && back.hour === l.hour && back.minute === l.minute) hits.push(t);
  }
  hits.sort((a, b) => a - b);
  if (hits.length === 1) return { kind: 'exact', instant: hits[0] };
  if (hits.length >= 2) return { kind: 'ambiguous', instant: hits[0], later: hits[hits.length - 1] };
  // in the gap: find the instant the clocks jumped (offset changes from `before` to `after`)
  const before = Math.min(...offsets), after = Math.max(...offsets);
  let lo = asUtc - after * 60000, hi = asUtc - before * 60000;
  while (hi - lo > 60000) {
    const mid = lo + Math.floor((hi - lo) / 120000) * 60000;
    if (offsetMinutes(mid, tz) === after) hi = mid; else lo = mid;
  }
  return { kind: 'gap', next: hi };
}

/** Minutes since local midnight at an instant (for zone hours). */
export function minuteOfDay(instant: number, tz: string): number {
  const l = localTime(instant, tz);
  return l.hour * 60 + l.minute;
}
