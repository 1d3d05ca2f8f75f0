/**
 * Configuration, resolved in one place: command-line flags > environment (RINGDESK_*) >
 * config file (--config, RINGDESK_CONFIG, or ~/.config/ringdesk/config.json) > defaults.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
  for (const key of Object.keys(defaults) as (keyof Config)[]) {
    if (key in fromFile) out[key] = coerce(key, fromFile[key], `config file ${file}`);
    const e = env[envName(key)];
    if (e !== undefined && e !== '') out[key] = coerce(key, e, `environment ${envName(key)}`);
    const f = flags[key];
    if (f !== undefined) out[key] = coerce(key, f, `--${key}`);
  }
  for (const key of Object.keys(fromFile)) {
    if (!(key in defaults)) throw new ConfigError(`config file ${file}: unknown setting "${key}"`);
  }
  return out as unknown as Config;
}
