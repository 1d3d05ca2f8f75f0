/** Small text helpers shared by views. Intl formatters are built once per time zone: building one costs more than a frame. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'clock' | 'short' | 'dateTime', timeZone?: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'clock' ? { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone }
        : kind === 'short' ? { hour: '2-digit', minute: '2-digit', timeZone }
          : { dateStyle: 'short', timeStyle: 'short', timeZone };
    f = new Intl.DateTimeFormat('en-GB', options);
    formatters.set(key, f);
  }
  return f;
}

export function clock(ms: number, timeZone?: string): string {
  return formatter('clock', timeZone).format(ms);
}
export function shortTime(ms: number | null, timeZone?: string): string {
  return ms === null ? 'ASAP' : formatter('short', timeZone).format(ms);
}
export function dateTime(ms: number, timeZone?: string): string {
  return formatter('dateTime', timeZone).format(ms);
}
/** Cut text to `width` columns with an ellipsis. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : text.slice(0, Math.max(0, width - 1)) + '…';
}
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

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
