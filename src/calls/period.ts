/**
 * The start of a report period as a shift manager types it: "8:00" (today, or yesterday
 * when that is still to come), "today", "yesterday", "2h" / "90m" / "3d" ago, a date
 * "2025-03-14" (local midnight) or a local date-time "2025-03-14 08:00".
 */
import { localTime, resolveLocal } from '../domain/local-time.js';

export type PeriodStart = { ok: true; at: number } | { ok: false; error: string };

function local(year: number, month: number, day: number, hour: number, minute: number, tz: string): number {
  const r = resolveLocal({ year, month, day, hour, minute }, tz);
  return r.kind === 'gap' ? r.next : r.instant;
}

/** Read `text` relative to `now` in time zone `tz`. */
export function parseSince(text: string, now: number, tz: string): PeriodStart {
  const t = text.trim().toLowerCase();
  const today = localTime(now, tz);
  const midnight = (daysBack: number) => {
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day - daysBack));
    return local(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0, tz);
  };
  if (t === '' || t === 'today') return { ok: true, at: midnight(0) };
  if (t === 'yesterday') return { ok: true, at: midnight(1) };
  let m = t.match(/^(\d+)\s*(m|min|h|d)$/);
  if (m) return { ok: true, at: now - Number(m[1]) * { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]]! };
  m = t.match(/^(\d{1,2})[:.](\d{2})$/);
  if (m && Number(m[1]) < 24 && Number(m[2]) < 60) {
    const at = local(today.year, today.month, today.day, Number(m[1]), Number(m[2]), tz);
    if (at <= now) return { ok: true, at };
    const d = new Date(Date.UTC(today.year, today.month - 1, today.day - 1));
    return { ok: true, at: local(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), Number(m[1]), Number(m[2]), tz) };
  }
  m = t.match(/^(\d{4})-(\d{2})-(\d{2})(?:[ t](\d{1,2}):(\d{2}))?$/);
  if (m) {
    const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number);
    const check = new Date(Date.UTC(y, mo - 1, d));
    if (check.getUTCMonth() === mo - 1 && check.getUTCDate() === d && h < 24 && mi < 60) return { ok: true, at: local(y, mo, d, h, mi, tz) };
  }
  return { ok: false, error: `--since "${text}": write a time (8:00), today, yesterday, an age (2h, 90m, 3d), a date (2025-03-14) or a date and time (2025-03-14 08:00)` };
}
