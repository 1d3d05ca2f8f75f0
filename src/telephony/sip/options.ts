/**
 * What a `SipPhone` is told at start (PBX address, login, timers, audio, headset, desk-phone
 * mode) and the defaults for what it is not told. Every part of the phone (registration,
 * calls, media) reads the same resolved options.
 */
import type { AudioSpec, RtpStream, RtpStreamOptions } from '../media/types.js';
import { openRtpStream } from '../media/rtp.js';
import type { DialPlan } from './dial-plan.js';
import type { LogLine } from '../../files/log-file.js';

export interface SipPhoneOptions {
  /** PBX WebSocket URL, ws:// or wss://. */
  url: string;
  /** SIP domain of the operator's AoR; defaults to the URL's host. */
  domain?: string;
  /** Digest username. */
  login: string;
  /** Digest password; kept in memory only, never logged. */
  password: string;
  extension: string;
  /** RFC 5626 instance id (UUID); a restarted console replaces its own stale binding. */
  instanceId?: string;
  /** Answer incoming calls after N ms; undefined or < 0 = never. */
  autoAnswerMs?: number;
  dialFormat?: DialPlan['dialFormat'];
  dialPrefix?: string;
  region?: string;
  audio?: AudioSpec;
  /** Diagnostics (sip.js included); never the screen. */
  log?: LogLine;
  /** sip.js log level for the log callback. */
  sipLogLevel?: 'debug' | 'log' | 'warn' | 'error';
  registerExpires?: number;
  keepAliveMs?: number;
  /** No pong for this long after a ping = dead link -> reconnect. */
  deadLinkMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** How long stop() waits for the un-REGISTER on a possibly dead link. */
  unregisterTimeoutMs?: number;
  rtpPortMin?: number;
  rtpPortMax?: number;
  /** RTP stream factory; defaults to the worker-thread engine in src/telephony/media/rtp.ts. */
  openRtp?: (o: RtpStreamOptions) => Promise<RtpStream>;
  /** Headset target: SIP URI or extension of the dispatcher's own device (issue 8); empty = none. */
  headset?: string;
  /** Call the headset as soon as the console is registered (default true); else on `connectHeadset()`. */
  headsetAutoConnect?: boolean;
  /** What the headset leg plays before its first bridge; default silence. */
  headsetAudio?: AudioSpec;
  headsetRedialMinMs?: number;
  headsetRedialMaxMs?: number;
  /** A transfer whose REFER got no final NOTIFY (success or failure) this long is taken as refused: ringdesk bridges it (default 20 s). */
  transferTimeoutMs?: number;
  /** Desk-phone mode: a pick-up on the desk phone (CANCEL "Call completed elsewhere") is this operator's answer. */
  deskPhone?: boolean;
  /** Desk-phone mode: the dialog subscription's Expires asked for, in seconds (default 600; refreshed at 90 %). */
  dialogExpires?: number;
  /** Desk-phone mode: a dialog subscription that ended is made again after this many ms (default 5000). */
  dialogRetryMs?: number;
  /** Measure each answered call's talk, silence, overtalk and pause from its audio (issue 18; default true): a 'figures' event after its end. */
  analyseCalls?: boolean;
  /** The clock of the phone's events (`at`): the console's injected clock; default the system's. */
  now?: () => number;
  /**
   * A bug noticed at run time (an illegal registration move). Default: written to the log and
   * the phone carries on; the tests' harness throws, so the bug fails the test.
   */
  onBug?: (error: Error) => void;
}

/** The options with every default filled in. */
export type ResolvedOptions = Required<Omit<SipPhoneOptions, 'domain' | 'instanceId' | 'autoAnswerMs' | 'onBug'>> &
  Pick<SipPhoneOptions, 'instanceId' | 'autoAnswerMs'> & { domain: string; onBug: (error: Error) => void };

export function resolveOptions(options: SipPhoneOptions): ResolvedOptions {
  let host = '';
  try { host = new URL(options.url).hostname; } catch { /* reported by start() */ }
  const log = options.log ?? (() => undefined);
  return {
    domain: options.domain || host,
    dialFormat: 'international', dialPrefix: '', region: 'CZ', audio: { kind: 'none' },
    log, sipLogLevel: 'warn', registerExpires: 300, keepAliveMs: 10_000, deadLinkMs: 5_000,
    reconnectMinMs: 500, reconnectMaxMs: 30_000, unregisterTimeoutMs: 1_500,
    rtpPortMin: 20_000, rtpPortMax: 29_999, openRtp: openRtpStream,
    headset: '', headsetAutoConnect: true, headsetAudio: { kind: 'none' }, headsetRedialMinMs: 1_000, headsetRedialMaxMs: 30_000, deskPhone: false, transferTimeoutMs: 20_000,
    dialogExpires: 600, dialogRetryMs: 5_000, now: Date.now, analyseCalls: true,
    onBug: (e) => log(`sip: bug: ${e.stack ?? e.message}`, 'error'),
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as ResolvedOptions;
}
