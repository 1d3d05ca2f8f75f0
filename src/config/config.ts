/**
 * Configuration, resolved in one place: command-line flags > environment (RINGDESK_*) >
 * the user's config file (--config, RINGDESK_CONFIG, or ~/.config/ringdesk/config.json) >
 * the box's config file (RINGDESK_SYSTEM_CONFIG, or /etc/ringdesk/config.json) > defaults.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { isPhoneRegion } from '../domain/phone-number.js';
import { DEFAULT_TIMEZONE } from '../domain/local-time.js';
import { maskUrlPasswords } from '../domain/secret-url.js';
import { parseAudioSpec, parseRtpPorts } from '../telephony/audio-spec.js';
import { parseGiveUp } from '../pos/give-up.js';
import { DEFAULT_KEEP_DAYS, parseRecordRule, RECORD_OFF, type RecordRule } from '../domain/recording.js';
import { logLevels, type LogLevel, type LogOptions } from '../files/log-file.js';
import { checkText } from '../domain/outside-text.js';
import { builtInCannedReplies, type CannedReply } from '../domain/canned-reply.js';
import type { WhatsAppTemplate } from '../domain/whatsapp-template.js';
import { parseListen } from '../pos/status-server.js';

export interface Config {
  /** SQLite database file. */
  db: string;
  /** Default region for phone numbers without a country code (ISO 3166 alpha-2). */
  region: string;
  /** Currency of all prices (ISO 4217); amounts are minor units. */
  currency: string;
  /** IANA time zone for promised times and shift reports. */
  timezone: string;
  /** Operator name; defaults to the operator whose OS user runs the console. */
  operator: string;
  /** PBX WebSocket URL (ws:// or wss://); empty = no PBX (demo or replay phone). */
  pbx: string;
  /** SIP domain for the operator's AOR; defaults to the PBX host. */
  pbxDomain: string;
  /** How dialled numbers are written: E.164 with +, or the national form. */
  dialFormat: 'international' | 'national';
  /** Prefix put before every dialled number (e.g. "0" for an outside line). */
  dialPrefix: string;
  /** Answer incoming calls automatically after N ms (tests, benchmarks); -1 = never. */
  autoAnswerMs: number;
  /** Headset target (SIP URI or extension) the console keeps a leg open to. */
  headset: string;
  /** Desk-phone mode: the console rings beside the desk phone on the same extension; a pick-up there is this operator's answer. */
  deskPhone: boolean;
  /** Call audio on this machine: none | wav:<play.wav>[,<record.wav>] | command:<play>[|<record>] (src/telephony/audio-spec.ts). */
  audio: string;
  /** UDP ports for call audio (RTP), "min-max". */
  rtpPorts: string;
  /** Reject calls from spam-category customers automatically. */
  rejectSpam: boolean;
  /** Nominatim-compatible geocoder base URL; empty = none. */
  geocoder: string;
  /** Log file (sip.js and ringdesk diagnostics; never the screen). */
  log: string;
  /** When the POS relay stops retrying an unacknowledged order: "promised", "promised+15m" or "45m" (src/pos/give-up.ts). */
  posGiveUp: string;
  /** The least important log lines written: error, warn, info or debug (debug adds sip.js's own traces). */
  logLevel: LogLevel;
  /** The log file is rotated to <log>.1 when it grows past this many MB; 0 = never (an outside logrotate). */
  logMaxMb: number;
  /** SMTP server offline messages go out through: smtp://[user@]host[:port] (STARTTLS when offered) or smtps://[user@]host[:465]; '' = none. The password is never here: `ringdesk mail password` seals it in the database. */
  smtp: string;
  /** Where offline messages are e-mailed (one address or several, comma-separated); '' = listed on the desk only. */
  offlineMailTo: string;
  /** The From address of offline e-mails; '' = ringdesk@<this host>. */
  mailFrom: string;
  /** How long the SMTP server may take to connect, greet or answer a command (nodemailer's own defaults are minutes). */
  smtpTimeoutMs: number;
  /** Where the chat intake listens (HOST:PORT): `ringdesk intake`'s default --listen, and where `doctor` asks for its health; '' = not set up. */
  intake: string;
  /** The sites (origins, e.g. "https://pizza.example") whose pages may use the web chat widget; [] = any site (doctor warns). */
  widgetOrigins: string[];
  /** Messages (and callback or offline forms) one web visitor may send in a minute; 0 = no limit. */
  chatMessagesPerMinute: number;
  /** The same from one address, all its visitors together; 0 = no limit. */
  chatAddressMessagesPerMinute: number;
  /** Widget connections (and /widget.js loads) from one address in a minute; 0 = no limit. */
  chatConnectsPerMinute: number;
  /** The chat console's canned replies: a short name, the text, and the chat language it is for (none: every chat). */
  cannedReplies: CannedReply[];
  /** WhatsApp message templates approved for this business, sendable after the 24-hour window (docs/operations.md "Chats"). */
  whatsappTemplates: WhatsAppTemplate[];
  /** Call recording: "off" (default), "on" (every call), or the groups whose calls are recorded ("Brno, Praha"); src/domain/recording.ts. */
  record: string;
  /** Where recordings are written; '' = a folder "recordings" beside the database (docs/operations.md "Call recording"). */
  recordFolder: string;
  /** Days a recording is kept; older files are deleted by the box's sweep. */
  recordKeepDays: number;
}





/** How the one log writer (src/files/log-file.ts) is set up from the settings. */
export function logOptionsOf(config: Config): LogOptions {
  return { level: config.logLevel, maxBytes: Math.round(config.logMaxMb * 1024 * 1024) };
}

/** The box's config file, below every user's (docs/operations.md); RINGDESK_SYSTEM_CONFIG="" means none. */
export function systemConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.RINGDESK_SYSTEM_CONFIG ?? '/etc/ringdesk/config.json';
}

export const defaults: Config = {
  db: path.join(os.homedir(), '.local', 'share', 'ringdesk', 'ringdesk.db'),
  region: 'CZ',
  currency: 'CZK',
  timezone: DEFAULT_TIMEZONE,
  operator: '',
  pbx: '',
  pbxDomain: '',
  dialFormat: 'international',
  dialPrefix: '',
  autoAnswerMs: -1,
  headset: '',
  deskPhone: false,
  audio: 'none',
  rtpPorts: '20000-29999',
  rejectSpam: false,
  geocoder: '',
  log: path.join(os.homedir(), '.local', 'state', 'ringdesk', 'ringdesk.log'),
  posGiveUp: 'promised',
  logLevel: 'info',
  logMaxMb: 10,
  smtp: '',
  offlineMailTo: '',
  mailFrom: '',
  smtpTimeoutMs: 10_000,
  intake: '',
  widgetOrigins: [],
  chatMessagesPerMinute: 20,
  chatAddressMessagesPerMinute: 120,
  chatConnectsPerMinute: 60,
  cannedReplies: [...builtInCannedReplies],
  whatsappTemplates: [],
  record: 'off',
  recordFolder: '',
  recordKeepDays: DEFAULT_KEEP_DAYS,
};

export class ConfigError extends Error {}

const envName = (key: string) => 'RINGDESK_' + key.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();

function coerce(key: keyof Config, value: unknown, where: string): unknown {
  if (Array.isArray(defaults[key])) {
    if (typeof value !== 'string') return value;
    // from the environment: a JSON list, or (origins) a comma-separated one
    if (value.trim().startsWith('[')) {
      try {
        return JSON.parse(value);
      } catch (e) {
        throw new ConfigError(`${where}: ${key} is not a JSON list (${(e as Error).message})`);
      }
    }
    return value.split(',').map((x) => x.trim()).filter(Boolean);
  }
  const want = typeof defaults[key];
  if (want === 'number') {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new ConfigError(`${where}: ${key} must be a number, got ${JSON.stringify(value)}`);
    return n;
  }
  if (want === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (/^(1|true|yes|on)$/i.test(String(value))) return true;
    if (/^(0|false|no|off|)$/i.test(String(value))) return false;
    throw new ConfigError(`${where}: ${key} must be true or false, got ${JSON.stringify(value)}`);
  }
  return String(value);
}

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz !== '';
  } catch {
    return false;
  }
};
let currencies: Set<string> | null = null;
const isCurrency = (c: string): boolean => (currencies ??= new Set(Intl.supportedValuesOf('currency'))).has(c);
const urlWith = (schemes: string[]) => (u: string): boolean => {
  if (u === '') return true;
  try {
    return schemes.includes(new URL(u).protocol);
  } catch {
    return false;
  }
};
const shown = (input: unknown) => JSON.stringify(input);
const isMailAddress = (a: string): boolean => /^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(a);
const isMailList = (list: string): boolean => list === '' || list.split(',').every((a) => isMailAddress(a.trim()));

/** Why an `smtp` setting is not usable, or null: smtp:// or smtps://, a host, no password (that is sealed in the database). */
export function smtpProblem(u: string): string | null {
  if (u === '') return null;
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return `${shown(maskUrlPasswords(u))} is not an SMTP URL; use smtp://user@host:587 or smtps://user@host:465, or leave it empty`;
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return `${shown(maskUrlPasswords(u))} must start with smtp:// or smtps://`;
  if (!url.hostname) return `${shown(maskUrlPasswords(u))} names no host`;
  if (url.password) return `${shown(maskUrlPasswords(u))} holds a password: take it out and set it with "ringdesk mail password" (it is kept sealed)`;
  return null;
}

/** An origin as a browser sends it: scheme, host and port only. */
const isOrigin = (o: string): boolean => {
  try {
    const u = new URL(o);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === o.replace(/\/$/, '');
  } catch {
    return false;
  }
};
/** A text from the configuration under the outside-text rules: the one line naming what is wrong, or null. */
const textProblem = (t: unknown, field: 'label' | 'message', what: string): string | null => {
  if (typeof t !== 'string' || !t.trim()) return `${what} is empty`;
  const c = checkText(t, field);
  if (!c.ok) return `${what}: ${c.reason}`;
  return c.text === t ? null : `${what} holds control characters or escape sequences`;
};
const LANGUAGE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;
const listProblem = (list: unknown, one: (x: Record<string, unknown>, n: number) => string | null): string | null => {
  if (!Array.isArray(list)) return 'must be a list';
  for (const [n, x] of list.entries()) {
    if (!x || typeof x !== 'object' || Array.isArray(x)) return `entry ${n + 1} must be an object`;
    const why = one(x as Record<string, unknown>, n + 1);
    if (why) return why;
  }
  return null;
};
export function cannedProblem(list: unknown): string | null {
  return listProblem(list, (c, n) => textProblem(c.name, 'label', `entry ${n}'s name`) ?? textProblem(c.text, 'message', `entry ${n}'s text`)
    ?? (c.language === undefined || (typeof c.language === 'string' && LANGUAGE.test(c.language)) ? null : `entry ${n}'s language ${shown(c.language)} is not a language code like cs or en-GB`));
}
export function templateProblem(list: unknown): string | null {
  return listProblem(list, (t, n) => {
    if (typeof t.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(t.name)) return `entry ${n}'s name ${shown(t.name)} is not a template name (lower-case letters, digits and _, as approved in WhatsApp Manager)`;
    if (typeof t.language !== 'string' || !LANGUAGE.test(t.language)) return `entry ${n} (${t.name})'s language ${shown(t.language)} is not a language code like en_US or cs`;
    if (t.label !== undefined && textProblem(t.label, 'label', `entry ${n} (${t.name})'s label`)) return textProblem(t.label, 'label', `entry ${n} (${t.name})'s label`);
    if (!Array.isArray(t.parameters)) return `entry ${n} (${t.name})'s parameters must be a list of texts ([] when the template has none)`;
    for (const [i, p] of (t.parameters as unknown[]).entries()) {
      const why = textProblem(p, 'label', `entry ${n} (${t.name})'s parameter ${i + 1}`);
      if (why) return why;
    }
    return null;
  });
}

/** Every setting checked when the configuration is loaded, so a typo fails at once with one line. */
const schema = v.object({
  db: v.pipe(v.string(), v.nonEmpty('must name the database file (or a postgres:// URL)')),
  region: v.pipe(v.string(), v.check(isPhoneRegion, (i) => `${shown(i.input)} is not a phone region; use an ISO 3166 country code like CZ or GB`)),
  currency: v.pipe(v.string(), v.check(isCurrency, (i) => `${shown(i.input)} is not a currency; use an ISO 4217 code like CZK or EUR`)),
  timezone: v.pipe(v.string(), v.check(isTimeZone, (i) => `${shown(i.input)} is not a time zone; use an IANA name like Europe/Prague`)),
  operator: v.string(),
  pbx: v.pipe(v.string(), v.check(urlWith(['ws:', 'wss:']), (i) => `${shown(maskUrlPasswords(String(i.input)))} is not a PBX WebSocket URL; use ws://host:port or wss://host:port, or leave it empty`)),
  pbxDomain: v.string(),
  dialFormat: v.picklist(['international', 'national'], (i) => `${shown(i.input)} is not a dial format; use international or national`),
  dialPrefix: v.pipe(v.string(), v.regex(/^[0-9*#+]*$/, (i) => `${shown(i.input)} is not a dial prefix; use digits, * or #`)),
  autoAnswerMs: v.pipe(v.number(), v.integer('must be a whole number of ms'), v.minValue(-1, 'must be -1 (never) or a number of ms')),
  headset: v.string(),
  deskPhone: v.boolean(),
  audio: v.pipe(v.string(), v.check((a) => parseAudioSpec(a).ok, (i) => (parseAudioSpec(String(i.input)) as { reason: string }).reason)),
  rtpPorts: v.pipe(v.string(), v.check((r) => parseRtpPorts(r).ok, (i) => (parseRtpPorts(String(i.input)) as { reason: string }).reason)),
  rejectSpam: v.boolean(),
  geocoder: v.pipe(v.string(), v.check(urlWith(['http:', 'https:']), (i) => `${shown(maskUrlPasswords(String(i.input)))} is not a geocoder URL; use http(s)://host/, or leave it empty`)),
  log: v.pipe(v.string(), v.nonEmpty('must name the log file')),
  posGiveUp: v.pipe(v.string(), v.check((g) => parseGiveUp(g).ok, (i) => (parseGiveUp(String(i.input)) as { error: string }).error)),
  logLevel: v.picklist(logLevels, (i) => `${shown(i.input)} is not a log level; use ${logLevels.join(', ')}`),
  logMaxMb: v.pipe(v.number(), v.minValue(0, 'must be a size in MB (0 = never rotate)')),
  smtp: v.pipe(v.string(), v.check((u) => smtpProblem(u) === null, (i) => smtpProblem(String(i.input))!)),
  offlineMailTo: v.pipe(v.string(), v.check(isMailList, (i) => `${shown(i.input)} is not an e-mail address (or a comma-separated list of them)`)),
  mailFrom: v.pipe(v.string(), v.check((a) => a === '' || isMailAddress(a), (i) => `${shown(i.input)} is not an e-mail address`)),
  smtpTimeoutMs: v.pipe(v.number(), v.integer('must be a whole number of ms'), v.minValue(500, 'must be at least 500 ms'), v.maxValue(120_000, 'must be at most 120000 ms: a desk does not wait minutes for a mail server')),
  intake: v.pipe(v.string(), v.check((l) => l === '' || !('error' in parseListen(l)), (i) => `${shown(i.input)} is not HOST:PORT, e.g. 127.0.0.1:8788`)),
  widgetOrigins: v.pipe(v.array(v.string('must be a list of origins')), v.check((os) => os.every(isOrigin), (i) => `${shown((i.input as string[]).find((o) => !isOrigin(o)))} is not a site origin; use https://host or https://host:port (no path)`)),
  chatMessagesPerMinute: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must be 0 (no limit) or more')),
  chatAddressMessagesPerMinute: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must be 0 (no limit) or more')),
  chatConnectsPerMinute: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0, 'must be 0 (no limit) or more')),
  cannedReplies: v.pipe(v.unknown(), v.check((l) => cannedProblem(l) === null, (i) => cannedProblem(i.input)!)) as v.GenericSchema<unknown, CannedReply[]>,
  whatsappTemplates: v.pipe(v.unknown(), v.check((l) => templateProblem(l) === null, (i) => templateProblem(i.input)!)) as v.GenericSchema<unknown, WhatsAppTemplate[]>,
  record: v.pipe(v.string(), v.check((r) => parseRecordRule(r).ok, (i) => (parseRecordRule(String(i.input)) as { reason: string }).reason)),
  recordFolder: v.pipe(v.string(), v.check((f) => !/[\u0000-\u001f\u007f]/.test(f), 'must be a folder path without control characters')),
  recordKeepDays: v.pipe(v.number(), v.integer('must be a whole number of days'), v.minValue(1, 'must be at least 1 day'), v.maxValue(3650, 'must be at most 3650 days')),
});

/** Which calls are recorded (the `record` setting, checked on load). */
export function recordRuleOf(config: Pick<Config, 'record'>): RecordRule {
  const r = parseRecordRule(config.record);
  return r.ok ? r.rule : RECORD_OFF;
}

/** The folder recordings are written to: the setting, else "recordings" beside the database (so a shared setgid data folder shares them too). */
export function recordingFolderOf(config: Pick<Config, 'db' | 'recordFolder'>): string {
  return config.recordFolder ? path.resolve(config.recordFolder) : path.join(path.dirname(path.resolve(config.db)), 'recordings');
}

/** A JSON object from a config file; absent = {} unless the file was named explicitly. */
function readConfigFile(file: string, what: string, named: boolean): Record<string, unknown> {
  if (!fs.existsSync(file)) {
    if (named) throw new ConfigError(`${what} ${file} does not exist`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${what} ${file}: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`${what} ${file}: must be a JSON object`);
  for (const key of Object.keys(parsed)) {
    if (!(key in defaults)) throw new ConfigError(`${what} ${file}: unknown setting "${key}"`);
  }
  return parsed as Record<string, unknown>;
}

/** Resolve the configuration; `flags` holds only what the user actually typed. */
export function loadConfig(flags: Partial<Record<string, unknown>> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const file = (flags.config as string) || env.RINGDESK_CONFIG || path.join(os.homedir(), '.config', 'ringdesk', 'config.json');
  const system = systemConfigFile(env);
  // lowest first: the box's file, then the user's
  const layers: { where: string; values: Record<string, unknown> }[] = [
    ...(system ? [{ where: `system config file ${system}`, values: readConfigFile(system, 'system config file', env.RINGDESK_SYSTEM_CONFIG !== undefined) }] : []),
    { where: `config file ${file}`, values: readConfigFile(file, 'config file', Boolean(flags.config || env.RINGDESK_CONFIG)) },
  ];
  const out: Record<string, unknown> = { ...defaults };
  // where each setting's value came from, for the message when it is wrong
  const from: Partial<Record<keyof Config, string>> = {};
  for (const key of Object.keys(defaults) as (keyof Config)[]) {
    for (const { where, values } of layers) {
      if (key in values) { out[key] = coerce(key, values[key], where); from[key] = `${where}: ${key}`; }
    }
    const e = env[envName(key)];
    if (e !== undefined && e !== '') { out[key] = coerce(key, e, `environment ${envName(key)}`); from[key] = `environment ${envName(key)}`; }
    const f = flags[key];
    if (f !== undefined) { out[key] = coerce(key, f, `--${key}`); from[key] = `--${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`; }
  }
  const checked = v.safeParse(schema, out);
  if (!checked.success) {
    const problems = checked.issues.map((i) => {
      const key = String(i.path?.[0]?.key ?? '') as keyof Config;
      return `${from[key] ?? `default ${key}`}: ${i.message}`;
    });
    throw new ConfigError(problems.join('; '));
  }
  return checked.output as Config;
}
