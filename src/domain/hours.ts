/**
 * A zone's delivery hours: "10:00-22:00", several ranges "11:00-14:00, 17:00-23:00", or an
 * overnight range "18:00-02:00". Empty means always. Both ends are included: with
 * "10:00-22:00" an order promised for 22:00 is still delivered.
 */

export interface HoursRange { from: number; to: number }
export type Hours = HoursRange[];

export type HoursParse = { ok: true; hours: Hours } | { ok: false; reason: string };

const RANGE = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

export function parseHours(text: string): HoursParse {
  const t = text.trim();
  if (t === '') return { ok: true, hours: [] };
  const hours: Hours = [];
  for (const part of t.split(',')) {
    const m = part.trim().match(RANGE);
    if (!m) return { ok: false, reason: `"${part.trim()}" is not a range like "10:00-22:00"` };
    const [h1, m1, h2, m2] = m.slice(1).map(Number);
    if (h1 > 24 || m1 > 59 || h2 > 24 || m2 > 59 || (h1 === 24 && m1 > 0) || (h2 === 24 && m2 > 0)) {
      return { ok: false, reason: `"${part.trim()}" has a time that does not exist on a clock` };
    }
    const from = h1 * 60 + m1, to = h2 * 60 + m2;
    if (from === to) return { ok: false, reason: `"${part.trim()}" is empty (start equals end); leave hours out for "always"` };
    hours.push({ from, to });
  }
  return { ok: true, hours };
}

/** Whether a local minute of the day (0..1439) falls within the hours. */
export function withinHours(hours: Hours, minute: number): boolean {
  if (hours.length === 0) return true;
  return hours.some((r) => (r.from < r.to ? minute >= r.from && minute <= r.to : minute >= r.from || minute <= r.to));
}
