/**
 * Configuration, resolved in one place: command-line flags > environment (RINGDESK_*) >
 * config file (--config, RINGDESK_CONFIG, or ~/.config/ringdesk/config.json) > defaults.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { isPhoneRegion } from '../domain/phone-number.js';
import { maskUrlPasswords } from '../domain/secret-url.js';
import { parseAudioSpec, parseRtpPorts } from '../telephony/audio-spec.js';
import { parseGiveUp } from '../pos/give-up.js';

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
}

export const defaults: Config = {
  db: path.join(os.homedir(), '.local', 'share', 'ringdesk', 'ringdesk.db'),
  region: 'CZ',
  currency: 'CZK',
  timezone: 'Europe/Prague',
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
};

export class ConfigError extends Error {}

const envName = (key: string) => 'RINGDESK_' + key.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();

function coerce(key: keyof Config, value: unknown, where: string): unknown {
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

/** Every setting checked when the configuration is loaded, so a typo fails at once with one line. */
const schema = v.object({
  db: v.pipe(v.string(), v.nonEmpty('must name the database file')),
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
});

/** Resolve the configuration; `flags` holds only what the user actually typed. */
export function loadConfig(flags: Partial<Record<string, unknown>> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const file = (flags.config as string) || env.RINGDESK_CONFIG || path.join(os.homedir(), '.config', 'ringdesk', 'config.json');
  let fromFile: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    try {
      fromFile = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError(`config file ${file}: ${(e as Error).message}`);
    }
    if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) throw new ConfigError(`config file ${file}: must be a JSON object`);
  } else if (flags.config || env.RINGDESK_CONFIG) {
    throw new ConfigError(`config file ${file} does not exist`);
  }
  const out: Record<string, unknown> = { ...defaults };
  // where each setting's value came from, for the message when it is wrong
  const from: Partial<Record<keyof Config, string>> = {};
  for (const key of Object.keys(defaults) as (keyof Config)[]) {
    if (key in fromFile) { out[key] = coerce(key, fromFile[key], `config file ${file}`); from[key] = `config file ${file}: ${key}`; }
    const e = env[envName(key)];
    if (e !== undefined && e !== '') { out[key] = coerce(key, e, `environment ${envName(key)}`); from[key] = `environment ${envName(key)}`; }
    const f = flags[key];
    if (f !== undefined) { out[key] = coerce(key, f, `--${key}`); from[key] = `--${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`; }
  }
  for (const key of Object.keys(fromFile)) {
    if (!(key in defaults)) throw new ConfigError(`config file ${file}: unknown setting "${key}"`);
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
