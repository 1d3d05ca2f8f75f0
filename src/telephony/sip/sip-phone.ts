/**
 * `SipPhone`: the operator's extension on a real PBX, behind the same `Phone` interface
 * as the replay driver. sip.js over WebSocket (`ws`), digest REGISTER with refresh,
 * WebSocket ping keep-alive with a dead-link timeout, reconnect with backoff and a fresh
 * Registerer, unregister on stop raced against a short timeout. Media: plain RTP/AVP via
 * `NodeSdh` and `openRtpStream` (worker-thread RTP).
 *
 * Headset leg (issue 8, headset.ts): with a `headset` target the phone keeps a call open
 * to the dispatcher's own device all shift and bridges every connected call into it.
 * Desk-phone mode (`deskPhone`): the console rings beside the desk phone on the same
 * extension; when the desk phone picks up, the call is reported answered here (so the desk
 * routes and logs it as this operator's) and then ended, since its voice is on the phone.
 *
 * Call ids are SIP Call-IDs, so two consoles ringing for one call log one row.
 */
import WebSocket from 'ws';
import {
  Invitation, Inviter, Registerer, RegistererState, SessionState, SIPExtension, UserAgent,
  Core, type Session, type Transport,
} from 'sip.js';

type IncomingResponse = Core.IncomingResponse;
import { PhoneEvents, type EndReason, type Phone, type PhoneEvent, type RegistrationState } from '../phone.js';
import type { AudioSpec, RtpStats, RtpStream, RtpStreamOptions } from '../media/types.js';
import { openRtpStream } from '../media/rtp.js';
import { NodeSdh } from './sdh.js';
import { readSdp } from './sdp.js';
import { dialTarget, type DialPlan } from './dial-plan.js';
import { installFastGrammar } from './fast-grammar.js';
import { endReasonForFailure, registrationFailure, elsewhereReason } from './reasons.js';
import { HeadsetLeg } from './headset.js';

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
  log?: (line: string) => void;
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
  /** Desk-phone mode: a pick-up on the desk phone (CANCEL "Call completed elsewhere") is this operator's answer. */
  deskPhone?: boolean;
}

/** In desk-phone mode: why the console's own record of a call ends when the desk phone picked up. */
export const DESK_PHONE_NOTE = 'picked up on the desk phone: pause and end the call there';

interface CallEntry {
  id: string;
  direction: 'incoming' | 'outgoing';
  session: Session;
  answered: boolean;
  ended: boolean;
  /** Set when we know why it will end before sip.js says it ended. */
  reason?: EndReason;
  detail?: string;
  ringingSent?: boolean;
  /** Desk-phone mode: the desk phone picked this call up. */
  onDeskPhone?: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** sip.js's web transport creates `new WebSocket(url, "sip")`; in Node that is `ws`. */
function ensureWebSocketGlobal(): void {
  const g = globalThis as { WebSocket?: unknown };
  if (g.WebSocket !== WebSocket) g.WebSocket = WebSocket;
}

export class SipPhone extends PhoneEvents implements Phone {
  private ua: UserAgent | null = null;
  private registerer: Registerer | null = null;
  private calls = new Map<string, CallEntry>();
  private state: RegistrationState = 'offline';
  private stopping = false;
  private wrongPassword = false;
  private backoff: number;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private awaitingPongSince = 0;
  private pongWatched = new WeakSet<object>();
  private connecting = false;
  private spare: Promise<RtpStream> | null = null;
  private mediaAddress = '127.0.0.1';
  private headsetLeg: HeadsetLeg | null = null;
  private readonly o: Required<Omit<SipPhoneOptions, 'domain' | 'instanceId' | 'autoAnswerMs'>> &
    Pick<SipPhoneOptions, 'instanceId' | 'autoAnswerMs'> & { domain: string };
  private readonly log: (line: string) => void;

  constructor(options: SipPhoneOptions) {
    super();
    let host = '';
    try { host = new URL(options.url).hostname; } catch { /* reported by start() */ }
    this.o = {
      domain: options.domain || host,
      dialFormat: 'international', dialPrefix: '', region: 'CZ', audio: { kind: 'none' },
      log: () => undefined, sipLogLevel: 'warn', registerExpires: 300, keepAliveMs: 10_000, deadLinkMs: 5_000,
      reconnectMinMs: 500, reconnectMaxMs: 30_000, unregisterTimeoutMs: 1_500,
      rtpPortMin: 20_000, rtpPortMax: 29_999, openRtp: openRtpStream,
      headset: '', headsetAutoConnect: true, headsetAudio: { kind: 'none' }, headsetRedialMinMs: 1_000, headsetRedialMaxMs: 30_000, deskPhone: false,
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    } as unknown as SipPhone['o'];
    this.log = this.o.log;
    this.backoff = this.o.reconnectMinMs;
  }

  /** Registration state now. */
  get registration(): RegistrationState {
    return this.state;
  }

  /** RTP counters of a call (packets both ways, silence sent while paused), or null. */
  async rtpStats(callId: string): Promise<RtpStats | null> {
    const sdh = this.calls.get(callId)?.session.sessionDescriptionHandler as NodeSdh | undefined;
    return sdh?.rtp ? sdh.rtp.stats() : null;
  }

  /** Headset leg now: none (no target), connecting, connected or lost. */
  get headset(): 'none' | 'connecting' | 'connected' | 'lost' {
    return this.headsetLeg?.current ?? 'none';
  }

  /** RTP counters of the headset leg (packets relayed to the device), or null while it is down. */
  headsetRtpStats(): Promise<RtpStats | null> {
    return this.headsetLeg?.stats() ?? Promise.resolve(null);
  }

  /** Call the headset target now (shift start, the dispatcher's key); a lost leg skips its backoff. */
  connectHeadset(): void {
    if (!this.headsetLeg) {
      this.fire({ type: 'headset', state: 'none', reason: 'no headset target: ringdesk operator set <name> --headset <uri|extension>, or --headset on the console' });
      return;
    }
    this.headsetLeg.connect(this.state === 'registered' ? this.ua : null);
  }

  async start(): Promise<void> {
    if (this.ua) return;
    this.stopping = false;
    let url: URL;
    try {
      url = new URL(this.o.url);
      if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error('must start with ws:// or wss://');
    } catch (e) {
      this.setState('failed', `PBX address "${this.o.url}" is not usable: ${(e as Error).message}`);
      return;
    }
    const grammar = installFastGrammar();
    if (!grammar.ok) this.log(`sip: fast grammar not used: ${grammar.reason}`);
    ensureWebSocketGlobal();
    const uri = UserAgent.makeURI(`sip:${this.o.extension}@${this.o.domain}`);
    if (!uri) {
      this.setState('failed', `extension "${this.o.extension}" at "${this.o.domain}" is not a SIP address`);
      return;
    }
    const levels = ['debug', 'log', 'warn', 'error'];
    this.ua = new UserAgent({
      uri,
      transportOptions: { server: this.o.url, connectionTimeout: 5, traceSip: this.o.sipLogLevel === 'debug' },
      authorizationUsername: this.o.login,
      authorizationPassword: this.o.password,
      displayName: this.o.extension,
      instanceId: this.o.instanceId,
      instanceIdAlwaysAdded: true,
      sendInitialProvisionalResponse: false,
      sipExtension100rel: SIPExtension.Unsupported,
      sipExtensionReplaces: SIPExtension.Unsupported,
      noAnswerTimeout: 180,
      userAgentString: 'ringdesk',
      logBuiltinEnabled: false,
      logLevel: this.o.sipLogLevel,
      logConnector: (level, category, _label, content) => {
        if (levels.indexOf(level) >= levels.indexOf(this.o.sipLogLevel)) this.log(`sip.js ${level} ${category}: ${content}`);
      },
      sessionDescriptionHandlerFactory: (session) => {
        const leg = this.headsetLeg;
        return new NodeSdh(leg?.owns(session) ? () => this.openRtp(leg.audio) : () => this.takeRtp(), this.log);
      },
      delegate: {
        onInvite: (inv) => this.guard('incoming INVITE', () => this.onInvite(inv)),
        onDisconnect: (err) => this.guard('disconnect', () => this.onLinkLost(err ? err.message : 'connection closed')),
      },
    });
    // A throw inside sip.js while handling one message must not take the console down.
    const transport = this.ua.transport as Transport;
    const deliver = transport.onMessage;
    transport.onMessage = (m: string) => this.guard('SIP message', () => deliver?.(m));
    if (this.o.headset.trim()) {
      this.headsetLeg = new HeadsetLeg({
        target: this.o.headset, ownExtension: this.o.extension, domain: this.o.domain, audio: this.o.headsetAudio,
        redialMinMs: this.o.headsetRedialMinMs, redialMaxMs: this.o.headsetRedialMaxMs, log: this.log,
        report: (state, reason) => this.fire({ type: 'headset', state, reason }),
      });
      if (this.o.headsetAutoConnect) this.headsetLeg.connect(null);
    }
    await this.connect(true);
  }

  async stop(): Promise<void> {
    if (!this.ua) return;
    this.stopping = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.reconnectTimer = this.pingTimer = null;
    for (const c of this.calls.values()) this.guard('hangup on stop', () => this.hangup(c.id));
    const leg = this.headsetLeg;
    this.headsetLeg = null;
    if (leg) await Promise.race([leg.stop(), sleep(this.o.unregisterTimeoutMs)]);
    const ua = this.ua;
    const reg = this.registerer;
    this.registerer = null;
    if (reg && ua.isConnected()) {
      await Promise.race([reg.unregister().catch(() => undefined), sleep(this.o.unregisterTimeoutMs)]);
    }
    await Promise.race([ua.stop().catch(() => undefined), sleep(1000)]);
    this.wsOf()?.terminate();
    this.ua = null;
    const spare = this.spare;
    this.spare = null;
    if (spare) await spare.then((s) => s.close()).catch(() => undefined);
    this.setState('offline');
  }

  answer(callId: string): void {
    const c = this.calls.get(callId);
    if (!c || c.ended || c.answered || !(c.session instanceof Invitation)) return;
    if (c.session.state !== SessionState.Initial) return;
    c.session.accept().catch((e: Error) => this.failCall(c, `answer failed: ${e.message}`));
  }

  reject(callId: string, decline = false): void {
    const c = this.calls.get(callId);
    if (!c || c.ended || !(c.session instanceof Invitation) || c.session.state !== SessionState.Initial) return;
    c.reason = 'rejected';
    const statusCode = decline ? 603 : 486;
    c.session.reject({ statusCode }).catch((e: Error) => this.log(`sip: reject ${callId}: ${e.message}`));
  }

  hangup(callId: string): void {
    const c = this.calls.get(callId);
    if (!c || c.ended) return;
    const s = c.session;
    if (s instanceof Invitation && s.state === SessionState.Initial) return this.reject(callId);
    c.reason ??= 'local-hangup';
    const done = (e: Error) => this.log(`sip: hangup ${callId}: ${e.message}`);
    if (s.state === SessionState.Established) s.bye().catch(done);
    else if (s instanceof Inviter && (s.state === SessionState.Initial || s.state === SessionState.Establishing)) s.cancel().catch(done);
    else if (s.state !== SessionState.Terminated) s.dispose().catch(done);
  }

  mute(callId: string, muted: boolean): void {
    const c = this.calls.get(callId);
    if (!c || c.ended || !c.answered) return;
    (c.session.sessionDescriptionHandler as NodeSdh | undefined)?.setMuted(muted);
    this.fire({ type: 'muted', callId, muted });
  }

  dial(number: string): string {
    const localId = `dial-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const failNow = (detail: string) => {
      queueMicrotask(() => this.fire({ type: 'ended', callId: localId, reason: 'failed', detail, at: Date.now() }));
      return localId;
    };
    if (!this.ua || this.state !== 'registered') return failNow('not registered with the PBX');
    const target = dialTarget(number, { dialFormat: this.o.dialFormat, dialPrefix: this.o.dialPrefix, region: this.o.region });
    if (!target.ok) return failNow(target.reason);
    const uri = UserAgent.makeURI(`sip:${target.user}@${this.o.domain}`);
    if (!uri) return failNow(`"${target.user}" is not a SIP address`);
    const inviter = new Inviter(this.ua, uri);
    const callId = inviter.request.callId;
    const c: CallEntry = { id: callId, direction: 'outgoing', session: inviter, answered: false, ended: false };
    this.calls.set(callId, c);
    this.watch(c);
    inviter.invite({
      requestDelegate: {
        onProgress: (r) => {
          const code = r.message.statusCode ?? 0;
          if ((code === 180 || code === 183) && !c.ringingSent) {
            c.ringingSent = true;
            this.fire({ type: 'ringing', callId, at: Date.now() });
          }
        },
        onReject: (r: IncomingResponse) => {
          const m = r.message;
          const f = endReasonForFailure(m.statusCode ?? 0, m.reasonPhrase ?? '');
          if (c.reason !== 'local-hangup') { c.reason = f.reason; c.detail = f.detail; }
        },
      },
    }).catch((e: Error) => this.failCall(c, `call could not be placed: ${e.message}`));
    return callId;
  }

  // ---------------------------------------------------------------- registration

  private setState(state: RegistrationState, reason?: string): void {
    if (state === this.state && state !== 'failed' && state !== 'connecting') return;
    this.state = state;
    this.log(`sip: registration ${state}${reason ? ` (${reason})` : ''}`);
    this.fire({ type: 'registration', state, reason });
  }

  private wsOf(): WebSocket | undefined {
    return (this.ua?.transport as unknown as { ws?: WebSocket } | undefined)?.ws;
  }

  private async connect(first: boolean): Promise<void> {
    const ua = this.ua;
    if (!ua || this.stopping || this.connecting) return;
    this.connecting = true;
    this.setState('connecting', first ? undefined : 'reconnecting to the PBX');
    try {
      if (first) await ua.start();
      else await ua.reconnect();
    } catch (e) {
      this.connecting = false;
      if (this.stopping) return;
      const wait = this.backoff;
      this.backoff = Math.min(this.backoff * 2, this.o.reconnectMaxMs);
      this.setState('failed', `cannot reach the PBX at ${this.o.url} (${(e as Error).message}); retrying in ${(wait / 1000).toFixed(1)} s`);
      this.reconnectTimer = setTimeout(() => { this.reconnectTimer = null; void this.connect(false); }, wait);
      return;
    }
    this.connecting = false;
    if (this.stopping) return;
    const sock = (this.wsOf() as unknown as { _socket?: { localAddress?: string } } | undefined)?._socket;
    if (sock?.localAddress) this.mediaAddress = sock.localAddress.replace(/^::ffff:/, '');
    this.startPing();
    this.register();
    this.fillSpare();
  }

  private register(): void {
    if (!this.ua || this.stopping) return;
    const reg = new Registerer(this.ua, { expires: this.o.registerExpires, refreshFrequency: 85 });
    this.registerer = reg;
    reg.stateChange.addListener((s) => {
      if (reg !== this.registerer || this.stopping) return;
      if (s === RegistererState.Registered) {
        this.backoff = this.o.reconnectMinMs;
        this.setState('registered');
        if (this.ua) this.headsetLeg?.registered(this.ua);
      }
    });
    reg.register({
      requestDelegate: {
        onReject: (r: IncomingResponse) => {
          if (reg !== this.registerer) return;
          const m = r.message;
          const f = registrationFailure(m.statusCode ?? 0, m.reasonPhrase ?? '', this.o.login, this.o.extension);
          this.wrongPassword = f.wrongPassword;
          this.setState('failed', f.reason);
          if (!f.wrongPassword && !this.stopping) {
            const wait = this.backoff;
            this.backoff = Math.min(this.backoff * 2, this.o.reconnectMaxMs);
            this.reconnectTimer = setTimeout(() => { this.reconnectTimer = null; this.register(); }, wait);
          }
        },
      },
    }).catch((e: Error) => this.log(`sip: register: ${e.message}`));
  }

  private onLinkLost(why: string): void {
    if (this.stopping || !this.ua) return;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    const reg = this.registerer;
    this.registerer = null;
    reg?.dispose().catch(() => undefined);
    for (const c of this.calls.values()) this.failCall(c, 'connection to the PBX lost');
    this.headsetLeg?.linkLost();
    if (this.wrongPassword) return;
    this.setState('connecting', `lost the PBX (${why}); reconnecting`);
    if (this.reconnectTimer || this.connecting) return;
    const wait = this.backoff;
    this.reconnectTimer = setTimeout(() => { this.reconnectTimer = null; void this.connect(false); }, wait);
  }

  private startPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.awaitingPongSince = 0;
    this.pingTimer = setInterval(() => {
      const ws = this.wsOf();
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      if (!this.pongWatched.has(ws)) {
        this.pongWatched.add(ws);
        ws.on('pong', () => { this.awaitingPongSince = 0; });
      }
      if (this.awaitingPongSince && Date.now() - this.awaitingPongSince > this.o.deadLinkMs) {
        this.log(`sip: no pong from the PBX for ${Date.now() - this.awaitingPongSince} ms; dropping the link`);
        this.awaitingPongSince = 0;
        ws.terminate();
        return;
      }
      if (!this.awaitingPongSince) this.awaitingPongSince = Date.now();
      try { ws.ping(); } catch { /* close follows */ }
    }, Math.min(this.o.keepAliveMs, this.o.deadLinkMs));
    this.pingTimer.unref();
  }

  // ---------------------------------------------------------------- calls

  private onInvite(inv: Invitation): void {
    const req = inv.request;
    const callId = req.callId;
    if (this.calls.has(callId)) {
      inv.reject({ statusCode: 482 }).catch(() => undefined);
      return;
    }
    if (req.body) {
      const ct = (req.getHeader('content-type') ?? '').toLowerCase();
      const sdp = ct.startsWith('application/sdp') ? readSdp(req.body) : { ok: false as const, reason: `body is ${ct || 'untyped'}, not SDP` };
      if (!sdp.ok) {
        this.log(`sip: INVITE ${callId} refused with 488: ${sdp.reason}`);
        inv.reject({ statusCode: 488, reasonPhrase: 'Not Acceptable Here' }).catch(() => undefined);
        return;
      }
    }
    const c: CallEntry = { id: callId, direction: 'incoming', session: inv, answered: false, ended: false };
    this.calls.set(callId, c);
    inv.delegate = {
      onCancel: (cancel) => {
        c.reason = elsewhereReason(cancel.request.getHeader('reason')) ?? 'caller-cancelled';
        if (c.reason === 'answered-elsewhere' && this.o.deskPhone) this.pickedUpOnDeskPhone(c);
      },
      onBye: (bye) => {
        c.reason ??= elsewhereReason(bye.request.getHeader('reason')) ?? 'remote-hangup';
        bye.accept().catch(() => undefined);
      },
    };
    this.watch(c);
    inv.progress().catch((e: Error) => this.log(`sip: 180 for ${callId}: ${e.message}`));
    const asserted = req.getHeader('p-asserted-identity');
    const fromUri = (asserted && inv.assertedIdentity?.uri) || req.from.uri;
    this.fire({
      type: 'incoming', callId, from: fromUri.user ?? fromUri.toString(),
      displayName: req.from.displayName || undefined, at: Date.now(),
    });
    const auto = this.o.autoAnswerMs;
    // always on a timer, even at 0 ms: the desk draws the banner first (its render is
    // scheduled by the 'incoming' event above), as it would before a dispatcher's key
    if (auto !== undefined && auto >= 0 && !this.o.deskPhone) setTimeout(() => this.answer(callId), auto);
  }

  private watch(c: CallEntry): void {
    c.session.stateChange.addListener((s) => {
      if (s === SessionState.Established && !c.answered) {
        c.answered = true;
        this.fire({ type: 'answered', callId: c.id, at: Date.now() });
        const rtp = (c.session.sessionDescriptionHandler as NodeSdh | undefined)?.rtp ?? null;
        const who = c.direction === 'incoming' ? `the call from ${c.session.remoteIdentity.uri.user ?? 'a withheld number'}` : `the call to ${c.session.remoteIdentity.uri.user ?? 'the callee'}`;
        this.headsetLeg?.callConnected(c.id, rtp, who);
      } else if (s === SessionState.Terminated) {
        // sip.js reports Terminated before it hands the final response to our request delegate
        queueMicrotask(() => this.finish(c));
      }
    });
  }

  private finish(c: CallEntry): void {
    if (c.ended) return;
    c.ended = true;
    this.calls.delete(c.id);
    this.headsetLeg?.callEnded(c.id);
    const reason: EndReason = c.reason ?? (c.answered ? 'remote-hangup' : 'failed');
    this.fire({ type: 'ended', callId: c.id, reason, detail: c.detail, at: Date.now() });
  }

  private failCall(c: CallEntry, detail: string): void {
    if (c.ended) return;
    c.reason ??= 'failed';
    c.detail ??= detail;
    this.log(`sip: call ${c.id}: ${detail}`);
    const s = c.session;
    if (s.state === SessionState.Terminated) this.finish(c);
    else s.dispose().catch(() => undefined).finally(() => this.finish(c));
  }

  /**
   * Desk-phone mode: the PBX cancelled our branch because the desk phone on this extension
   * answered. To the desk that is this operator answering (S2 routing, call log); the
   * console's own record then ends, since pause and end happen on the phone.
   */
  private pickedUpOnDeskPhone(c: CallEntry): void {
    if (c.answered || c.ended) return;
    c.answered = true;
    c.onDeskPhone = true;
    c.reason = 'local-hangup';
    c.detail = DESK_PHONE_NOTE;
    this.log(`sip: call ${c.id} ${DESK_PHONE_NOTE}`);
    this.fire({ type: 'answered', callId: c.id, at: Date.now() });
  }

  // ---------------------------------------------------------------- media

  private openRtp(audio: AudioSpec = this.o.audio): Promise<RtpStream> {
    return this.o.openRtp({ localAddress: this.mediaAddress, audio, portMin: this.o.rtpPortMin, portMax: this.o.rtpPortMax });
  }

  /** A warm stream makes answering cost no socket bind or worker round trip. */
  private fillSpare(): void {
    if (this.spare || this.stopping) return;
    const p = this.openRtp();
    p.catch((e: Error) => {
      this.log(`rtp: cannot open a stream: ${e.message}`);
      if (this.spare === p) this.spare = null;
    });
    this.spare = p;
  }

  private takeRtp(): Promise<RtpStream> {
    const p = this.spare;
    this.spare = null;
    queueMicrotask(() => this.fillSpare());
    return p ? p.catch(() => this.openRtp()) : this.openRtp();
  }

  // ---------------------------------------------------------------- plumbing

  private fire(e: PhoneEvent): void {
    try {
      this.emit(e);
    } catch (err) {
      this.log(`phone listener failed on ${e.type}: ${(err as Error).stack ?? err}`);
    }
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log(`sip: error while handling ${what}: ${(e as Error).stack ?? e}`);
    }
  }
}
