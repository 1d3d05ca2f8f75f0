/** Small text helpers shared by views. Intl formatters are built once per time zone: building one costs more than a frame. */
import cliTruncate from 'cli-truncate';
import wrapAnsi from 'wrap-ansi';
import { textWidth } from './text-width.js';
import { formatDay } from '../domain/local-time.js';

type Kind = 'clock' | 'short';
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: Kind, timeZone?: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = kind === 'clock'
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone }
      : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone };
    f = new Intl.DateTimeFormat('en-GB', options);
    formatters.set(key, f);
  }
  return f;
}
let localZone: string | null = null;
const zoneOf = (timeZone?: string) => timeZone ?? (localZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone);

export function clock(ms: number, timeZone?: string): string {
  return formatter('clock', timeZone).format(ms);
}
export function shortTime(ms: number | null, timeZone?: string): string {
  return ms === null ? 'ASAP' : formatter('short', timeZone).format(ms);
}
/** A day no reader can take for another: "Mon 7 Dec" (the year unless `now` is in the same year); see formatDay. */
export function dayLabel(ms: number, timeZone?: string, now?: number): string {
  return formatDay(ms, zoneOf(timeZone), now);
}
/** "Mon 7 Dec 09:30" (with the year unless `now` is in the same year). */
export function dateTime(ms: number, timeZone?: string, now?: number): string {
  return `${dayLabel(ms, timeZone, now)} ${shortTime(ms, timeZone)}`;
}
/** A time for a list: "09:30" today, "Tue 8 Dec 09:30" on another day, "ASAP" for none. */
export function timeOrDay(ms: number | null, timeZone: string | undefined, now: number): string {
  if (ms === null) return 'ASAP';
  return dayLabel(ms, timeZone) === dayLabel(now, timeZone) ? shortTime(ms, timeZone) : dateTime(ms, timeZone, now);
}

/** Cut text to `width` terminal columns with an ellipsis (wide characters count twice). */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width && textWidth(text) <= width) return text;
  return cliTruncate(text, width, { position: 'end' });
}
/** Cut text to `width` columns keeping its end ("…the last words typed"). */
export function fitStart(text: string, width: number): string {
  if (width <= 0) return '';
  if (textWidth(text) <= width) return text;
  return cliTruncate(text, width, { position: 'start' });
}
/** Text broken into lines of at most `width` columns, at spaces where it can (a word longer than a line is split). */
export function wrapText(text: string, width: number): string[] {
  if (width <= 0) return [];
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return [''];
  if (textWidth(flat) <= width) return [flat];
  return wrapAnsi(flat, width, { hard: true, trim: true }).split('\n');
}
/** Text padded with spaces to at least `width` columns (padEnd by printed width: "Tomáš" and "😀" count as they print). */
export function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}
/** A call's length as m:ss (src/domain/call-figures.ts). */
export { clockDuration as duration } from '../domain/call-figures.js';

let regionNames: Intl.DisplayNames | null = null;
/** "CZ" -> "Czechia"; a country already written out (or unknown) stays as it is. */
export function countryName(code: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return code;
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
  try {
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
