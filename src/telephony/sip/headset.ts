/**
 * The headset leg (issue 8): a dispatcher who works over SSH hears and speaks through
 * their own SIP device (desk phone, laptop softphone, mobile via the PBX's trunk), not
 * through the box's sound card. At shift start the console calls that device once, asks it
 * to pick up by itself (`Call-Info: answer-after=0`, `Alert-Info: alert-autoanswer`,
 * `Answer-Mode: Auto`) and keeps the call open all shift. Each customer call the console
 * is on is bridged into it in the media worker (bridge.ts); between calls it stays up and
 * quiet. A lost leg is called again with backoff; the desk hears about every change as a
 * `headset` phone event.
 *
 * `HeadsetLeg` is owned by `SipPhone`, which hands it the user agent and tells it about
 * the customer call in progress; nothing above src/telephony sees it.
 */
import { Inviter, SessionState, UserAgent, type Core } from 'sip.js';
import { bridgeStreams, type RtpBridge } from '../media/bridge.js';
import type { AudioSpec, RtpStats, RtpStream } from '../media/types.js';
import type { NodeSdh } from './sdh.js';
import type { HeadsetState } from '../phone.js';

/** A headset target (`sip:`/`sips:` URI, `user@host`, or an extension) as a SIP URI, or why not. */
export function headsetUri(target: string, domain: string): { ok: true; uri: string } | { ok: false; reason: string } {
  const t = target.trim();
  if (t === '') return { ok: false, reason: 'no headset target' };
  let uri: string;
  if (/^sips?:/i.test(t)) uri = t;
  else if (t.includes('@')) uri = `sip:${t}`;
  else if (/^[A-Za-z0-9_.+*#-]{1,32}$/.test(t)) uri = `sip:${t}@${domain}`;
  else return { ok: false, reason: `headset target "${target}" is neither a SIP address nor an extension` };
  if (!UserAgent.makeURI(uri)) return { ok: false, reason: `headset target "${target}" is not a valid SIP address` };
  return { ok: true, uri };
}

/** The auto-answer hints devices understand (Snom/Yealink/Linphone, Polycom/Cisco/Grandstream, RFC 5373). */
export function autoAnswerHeaders(domain: string): string[] {
  return [
    `Call-Info: <sip:${domain}>;answer-after=0`,
    'Alert-Info: <http://127.0.0.1/autoanswer>;info=alert-autoanswer;delay=0',
    'Answer-Mode: Auto',
  ];
}

export interface HeadsetLegOptions {
  /** SIP URI or extension of the dispatcher's device. */
  target: string;
  /** The operator's own extension: calling it would ring the console itself. */
  ownExtension: string;
  domain: string;
  /** What the leg plays before its first bridge (`none` = silence; the doctor plays a tone). */
  audio: AudioSpec;
  redialMinMs: number;
  redialMaxMs: number;
  log: (line: string) => void;
  /** Tell the desk. */
  report: (state: HeadsetState, reason?: string) => void;
}

/** A leg that stayed up this long earns a quick redial again; a device that drops at once backs off. */
const STABLE_MS = 5000;

export class HeadsetLeg {
  private session: Inviter | null = null;
  private state: HeadsetState = 'none';
  private wanted = false;
  private stopped = false;
  private backoff: number;
  private redialTimer: NodeJS.Timeout | null = null;
  private connectedAt = 0;
  /** When the leg was last lost (0 = it never was), for "back after N s". */
  private lostAt = 0;
  /** The customer call in progress: its id and the stream the bridge needs. */
  private call: { id: string; stream: RtpStream } | null = null;
  private bridge: RtpBridge | null = null;
  private bridging: Promise<void> | null = null;
  private readonly sessions = new WeakSet<object>();
  readonly uri: string | null;
  private readonly problem: string | null;

  constructor(private readonly o: HeadsetLegOptions) {
    this.backoff = o.redialMinMs;
    const u = headsetUri(o.target, o.domain);
    const own = u.ok && UserAgent.makeURI(u.uri)?.user === o.ownExtension && UserAgent.makeURI(u.uri)?.host === o.domain;
    this.uri = u.ok && !own ? u.uri : null;
    this.problem = !u.ok ? u.reason : own ? `headset target ${o.target} is this console's own extension; give the device's extension or address` : null;
  }

  /** Now: none, connecting, connected or lost. */
  get current(): HeadsetState {
    return this.state;
  }

  get audio(): AudioSpec {
    return this.o.audio;
  }

  /** True for the headset leg's own session (its media is opened differently). */
  owns(session: object): boolean {
    return this.sessions.has(session);
  }

  /** The leg's RTP counters, or null while it has no media. */
  async stats(): Promise<RtpStats | null> {
    return this.stream()?.stats() ?? null;
  }

  /**
   * Call the device now (shift start, the dispatcher's key, or a redial). `ua` is null while
   * the console is not registered: the call goes out as soon as it is (`registered()`).
   */
  connect(ua: UserAgent | null): void {
    if (this.stopped) return;
    if (!this.uri) {
      this.set(this.problem ? 'lost' : 'none', this.problem ?? 'no headset target');
      return;
    }
    this.wanted = true;
    if (this.redialTimer) clearTimeout(this.redialTimer);
    this.redialTimer = null;
    if (this.session && this.session.state !== SessionState.Terminated) return; // already up or on its way
    if (!ua) {
      this.set('connecting', 'waiting for the PBX registration before calling the headset');
      return;
    }
    this.dial(ua);
  }

  /** The console (re-)registered: a leg that should be up and is not goes out now. */
  registered(ua: UserAgent): void {
    if (this.wanted && !this.stopped && !this.redialTimer && (!this.session || this.session.state === SessionState.Terminated)) this.dial(ua);
  }

  /** The PBX link is gone; so is the leg's dialog. It is called again once registered. */
  linkLost(): void {
    const s = this.session;
    if (!s || s.state === SessionState.Terminated) return;
    this.session = null;
    this.dropBridge();
    s.dispose().catch(() => undefined);
    this.set('lost', 'the connection to the PBX dropped; calling the headset again once it is back');
  }

  /** A customer call is connected (answered or picked up by the far end): bridge it in. */
  callConnected(id: string, stream: RtpStream | null, who: string): void {
    if (!stream) return;
    this.call = { id, stream };
    if (this.state === 'connected') {
      this.syncBridge();
      return;
    }
    if (!this.wanted && !this.problem) return;
    const why = this.state === 'lost' || this.state === 'none' ? 'lost' : 'connecting';
    this.set(why, `${who} answered while the headset is not connected: the caller hears silence until it is back`);
  }

  /** The customer call ended or failed: the leg stays up and goes quiet. */
  callEnded(id: string): Promise<void> {
    if (this.call?.id !== id) return Promise.resolve();
    this.call = null;
    this.syncBridge();
    // a transfer bridges this call's stream next: it waits until the headset has left it
    return (this.bridging ?? Promise.resolve()).catch(() => undefined);
  }

  /** End of shift: hang up the device and stop redialling. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wanted = false;
    if (this.redialTimer) clearTimeout(this.redialTimer);
    this.redialTimer = null;
    const s = this.session;
    this.session = null;
    this.dropBridge();
    if (!s) return;
    try {
      if (s.state === SessionState.Established) await s.bye();
      else if (s.state === SessionState.Initial || s.state === SessionState.Establishing) await s.cancel();
    } catch (e) {
      this.o.log(`headset: hanging up: ${(e as Error).message}`);
    }
  }

  // ---------------------------------------------------------------- the leg

  private dial(ua: UserAgent): void {
    const target = UserAgent.makeURI(this.uri!)!;
    const inviter = new Inviter(ua, target, { extraHeaders: autoAnswerHeaders(this.o.domain) });
    this.sessions.add(inviter);
    this.session = inviter;
    this.set('connecting');
    let failure = '';
    inviter.stateChange.addListener((st) => {
      if (inviter !== this.session) return;
      if (st === SessionState.Established) {
        this.connectedAt = Date.now();
        const back = this.lostAt ? `back after ${((this.connectedAt - this.lostAt) / 1000).toFixed(1)} s` : '';
        this.lostAt = 0;
        this.set('connected', [back, this.call ? 'bridged to the call in progress' : ''].filter(Boolean).join('; ') || undefined);
        this.syncBridge();
      } else if (st === SessionState.Terminated) {
        queueMicrotask(() => this.ended(inviter, failure));
      }
    });
    inviter.invite({
      requestDelegate: {
        onReject: (r: Core.IncomingResponse) => {
          const m = r.message;
          failure = `${m.statusCode ?? ''} ${m.reasonPhrase ?? ''}`.trim();
        },
      },
    }).catch((e: Error) => {
      failure ||= e.message;
      if (inviter === this.session && inviter.state !== SessionState.Terminated) inviter.dispose().catch(() => undefined);
      else this.ended(inviter, failure);
    });
  }

  private ended(inviter: Inviter, failure: string): void {
    if (inviter !== this.session || this.stopped) return;
    this.session = null;
    this.dropBridge();
    const wasUp = this.connectedAt > 0;
    const stable = wasUp && Date.now() - this.connectedAt >= STABLE_MS;
    this.connectedAt = 0;
    if (stable) this.backoff = this.o.redialMinMs;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.o.redialMaxMs);
    const what = wasUp ? 'the headset hung up' : `the headset ${this.o.target} did not answer${failure ? ` (${failure})` : ''}`;
    this.set('lost', `${what}; calling it again in ${(wait / 1000).toFixed(1)} s`);
    if (!this.wanted) return;
    this.redialTimer = setTimeout(() => {
      this.redialTimer = null;
      const ua = inviter.userAgent;
      if (ua.isConnected()) this.dial(ua);
      // else: registered() calls it once the console is back on the PBX
    }, wait);
    this.redialTimer.unref?.();
  }

  private stream(): RtpStream | null {
    const s = this.session;
    if (!s || s.state !== SessionState.Established) return null;
    return (s.sessionDescriptionHandler as NodeSdh | undefined)?.rtp ?? null;
  }

  // ---------------------------------------------------------------- the bridge

  /** Make the worker's bridge match what is up now; serialised so two changes never race. */
  private syncBridge(): void {
    const run = async () => {
      const headset = this.stream();
      const caller = this.call?.stream ?? null;
      const b = this.bridge;
      if (b && b.caller === caller && b.headset === headset) return;
      if (b) {
        this.bridge = null;
        await b.unbridge().catch(() => undefined);
      }
      if (!caller || !headset) return;
      try {
        this.bridge = await bridgeStreams(caller, headset);
        this.o.log(`headset: bridged call ${this.call?.id} into the headset leg`);
      } catch (e) {
        this.o.log(`headset: cannot bridge call ${this.call?.id}: ${(e as Error).message}`); // the call ended meanwhile
      }
    };
    const prev = this.bridging ?? Promise.resolve();
    const next = prev.then(run, run);
    this.bridging = next;
    void next.finally(() => {
      if (this.bridging === next) this.bridging = null;
    });
  }

  /** The leg's media is gone: the worker already ended the bridge with the stream. */
  private dropBridge(): void {
    const b = this.bridge;
    this.bridge = null;
    b?.unbridge().catch(() => undefined);
  }

  private set(state: HeadsetState, reason?: string): void {
    if (state === 'lost' && !this.lostAt) this.lostAt = Date.now();
    this.state = state;
    this.o.log(`headset: ${state}${reason ? ` (${reason})` : ''}`);
    this.o.report(state, reason);
  }
}
