/**
 * Call recording's rules, pure (issue 18): which calls are recorded (the `record` setting:
 * off, on, or only the calls routed to some groups), what a recording's file is called (the
 * call's start in UTC and a short hash of its SIP call reference — never the caller's number),
 * and when the retention period has run out for a file.
 */

/** Which calls are recorded: none, every call, or only those routed to one of `groups`. */
export type RecordRule = { kind: 'off' } | { kind: 'on' } | { kind: 'groups'; groups: string[] };

export type RecordRuleResult = { ok: true; rule: RecordRule } | { ok: false; reason: string };

/** Recording is off by default: a caller's voice is kept only where the box owner asked for it. */
export const RECORD_OFF: RecordRule = { kind: 'off' };
/** How long a recording is kept when the setting does not say (recordKeepDays). */
export const DEFAULT_KEEP_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Read the `record` setting: "off", "on", or group names separated by commas ("Brno, Praha":
 * only calls the PBX routed to those groups). The reason says what is accepted.
 */
export function parseRecordRule(text: string): RecordRuleResult {
  const value = text.trim();
  if (/^(off|no|false|0|)$/i.test(value)) return { ok: true, rule: RECORD_OFF };
  if (/^(on|yes|true|1)$/i.test(value)) return { ok: true, rule: { kind: 'on' } };
  const groups = value.split(',').map((g) => g.trim());
  // eslint-disable-next-line no-control-regex
  if (groups.some((g) => g === '' || /[\u0000-\u001f\u007f]/.test(g) || g.length > 63)) {
    return { ok: false, reason: `${JSON.stringify(text)} is not a record setting; use off, on, or the groups whose calls are recorded (e.g. "Brno, Praha")` };
  }
  return { ok: true, rule: { kind: 'groups', groups } };
}

/** Is a call routed to `group` ('' = no group) recorded under `rule`? Group names match in any letter case, as groups are unique so. */
export function recordsCall(rule: RecordRule, group: string): boolean {
  if (rule.kind === 'off') return false;
  if (rule.kind === 'on') return true;
  const wanted = group.toLowerCase();
  return wanted !== '' && rule.groups.some((g) => g.toLowerCase() === wanted);
}

/** The rule in words, for `doctor` and the docs' examples. */
export function describeRecordRule(rule: RecordRule): string {
  if (rule.kind === 'off') return 'calls are not recorded';
  if (rule.kind === 'on') return 'every call is recorded';
  return `calls routed to ${rule.groups.join(', ')} are recorded`;
}

const NAME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[0-9a-f]{8}\.wav$/;

/** A small stable hash (FNV-1a, 32 bits) of the call reference: the name tells calls apart without saying anything of the call. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The file name of a call's recording: `20261207T120000Z-1a2b3c4d.wav` (start in UTC, a hash of the call reference). */
export function recordingFileName(callRef: string, startedAt: number): string {
  const iso = new Date(startedAt).toISOString(); // 2026-12-07T12:00:00.000Z
  const stamp = iso.slice(0, 19).replace(/[-:]/g, '') + 'Z';
  return `${stamp}-${shortHash(callRef)}.wav`;
}

/** When the call of a recording's file name started (epoch ms), or null for a file that is not a ringdesk recording. */
export function recordingStartedAt(fileName: string): number | null {
  const m = NAME.exec(fileName);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** Has the retention period of `keepDays` run out at `now` for a call that started at `startedAt`? */
export function recordingExpired(startedAt: number, keepDays: number, now: number): boolean {
  return now - startedAt >= keepDays * DAY_MS;
}
