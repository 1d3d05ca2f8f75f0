/**
 * `SipPhone`: the operator's extension on a real PBX, behind the same `Phone` interface as
 * the replay driver. It builds the sip.js user agent (WebSocket via `ws`, plain RTP/AVP via
 * `NodeSdh`) and hands the work to one module per responsibility:
 *
 * - registration.ts — `PbxLink`: REGISTER and refresh, ping keep-alive, reconnect with
 *   backoff, un-REGISTER on stop; registration moves checked against call-state.ts.
 * - calls.ts — `SipCalls`: incoming and outgoing sessions, answer, reject, pause, hang-up.
 * - transfer.ts — `SipTransfers`: blind and attended transfer (REFER, NOTIFY sipfrag), refused → bridged.
 * - desk-phone.ts — desk-phone mode: a pick-up on the desk phone is this operator's answer,
 *   until the PBX reports its hang-up (dialog-watch.ts: RFC 4235 dialog events; dialog-info.ts reads them).
 * - headset.ts — `HeadsetLeg`: the call to the dispatcher's own device, bridged into every call.
 * - call-media.ts — `CallMedia`: RTP streams, a warm one ready before a call needs it.
 * - options.ts — what the phone is told, and the defaults.
 */
import WebSocket from 'ws';
import { SIPExtension, UserAgent, type Transport } from 'sip.js';
import { PhoneEvents, type AnswerOptions, type HeadsetState, type Phone, type PhoneEvent, type RegistrationState } from '../phone.js';
import type { RtpStats } from '../media/types.js';
import { NodeSdh } from './sdh.js';
import { installFastGrammar } from './fast-grammar.js';
import { HeadsetLeg } from './headset.js';
import { PbxLink } from './registration.js';
import { SipCalls } from './calls.js';
import type { OurRinging } from './ringing-now.js';
import { CallMedia } from './call-media.js';
import { DialogWatch } from './dialog-watch.js';
import { resolveOptions, type ResolvedOptions, type SipPhoneOptions } from './options.js';
import type { LogLevel, LogLine } from '../../files/log-file.js';

export type { SipPhoneOptions } from './options.js';
export { DESK_PHONE_NOTE, DESK_PHONE_HUNG_UP, DESK_PHONE_UNREPORTED } from './desk-phone.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** sip.js's web transport creates `new WebSocket(url, "sip")`; in Node that is `ws`. */
function ensureWebSocketGlobal(): void {
  const g = globalThis as { WebSocket?: unknown };
  if (g.WebSocket !== WebSocket) g.WebSocket = WebSocket;
}

interface CoreContact { uri?: { user?: string }; pubGruu?: unknown; tempGruu?: unknown }
/** The last `ourRinging` answer of one phone, and the Contact it was written for. */
type RingingMemo = { contact: CoreContact; pubGruu: unknown; tempGruu: unknown; us: OurRinging } | null;

/**
 * What sip.js 0.21.2's core puts in its responses (Contact, Supported, User-Agent), or null if
 * it has no such core. Written once per Contact (a GRUU from the registrar changes it).
 */
function ourRinging(ua: UserAgent, memo: { last: RingingMemo }): OurRinging | null {
  const core = (ua as unknown as { userAgentCore?: { configuration?: { contact?: CoreContact; supportedOptionTagsResponse?: string[]; userAgentHeaderFieldValue?: string } } }).userAgentCore;
  const c = core?.configuration;
  const contact = c?.contact;
  const contactUser = contact?.uri?.user;
  if (!contact || !contactUser || !Array.isArray(c.supportedOptionTagsResponse)) return null;
  const last = memo.last;
  if (last && last.contact === contact && last.pubGruu === contact.pubGruu && last.tempGruu === contact.tempGruu) return last.us;
  const users = ua.configuration.uri.user ? [contactUser, ua.configuration.uri.user] : [contactUser];
  const us = { users, contact: String(contact), supported: c.supportedOptionTagsResponse.join(', '), userAgent: c.userAgentHeaderFieldValue ?? '' };
  memo.last = { contact, pubGruu: contact.pubGruu, tempGruu: contact.tempGruu, us };
  return us;
}

const SIP_LOG_LEVELS = ['debug', 'log', 'warn', 'error'];
/** sip.js's levels in the log's words. */
const sipJsLevel: Record<string, LogLevel> = { debug: 'debug', log: 'info', warn: 'warn', error: 'error' };

export class SipPhone extends PhoneEvents implements Phone {
  private ua: UserAgent | null = null;
  private headsetLeg: HeadsetLeg | null = null;
  private readonly o: ResolvedOptions;
  private readonly log: LogLine;
  private readonly link: PbxLink;
  private readonly calls: SipCalls;
  private readonly media: CallMedia;
  /** Desk-phone mode: the extension's dialogs, as the PBX reports them; null otherwise. */
  private readonly dialogWatch: DialogWatch | null;
  private readonly ringingMemo: { last: RingingMemo } = { last: null };

  constructor(options: SipPhoneOptions) {
    super();
    this.o = resolveOptions(options);
    this.log = this.o.log;
    this.media = new CallMedia(this.o);
    this.link = new PbxLink(this.o, {
      changed: (state, reason) => this.fire({ type: 'registration', state, reason }),
      connected: (localAddress) => this.media.linkUp(localAddress),
      registered: (ua) => {
        this.headsetLeg?.registered(ua);
        this.dialogWatch?.start(ua);
      },
      lost: () => {
        this.dialogWatch?.linkLost('connection to the PBX lost');
        this.calls.failAll('connection to the PBX lost');
        this.headsetLeg?.linkLost();
      },
    });
    this.calls = new SipCalls(this.o, {
      registeredAgent: () => (this.link.current === 'registered' ? this.ua : null),
      fire: (e) => this.fire(e),
      connected: (id, rtp, who) => this.headsetLeg?.callConnected(id, rtp, who),
      ended: (id) => this.headsetLeg?.callEnded(id),
    });
    this.dialogWatch = this.o.deskPhone
      ? new DialogWatch(
        { aor: `sip:${this.o.extension}@${this.o.domain}`, expires: this.o.dialogExpires, retryMs: this.o.dialogRetryMs, now: this.o.now, log: this.log },
        { dialogs: (info, at) => this.calls.deskPhone.dialogs(info, at), status: (s) => this.calls.deskPhone.status(s, this.o.now()) },
      )
      : null;
  }

  /** Registration state now. */
  get registration(): RegistrationState {
    return this.link.current;
  }

  /** RTP counters of a call (packets both ways, silence sent while paused), or null. */
  rtpStats(callId: string): Promise<RtpStats | null> {
    return this.calls.rtpStats(callId);
  }

  /** Headset leg now: none (no target), connecting, connected or lost. */
  get headset(): HeadsetState {
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
    this.headsetLeg.connect(this.link.current === 'registered' ? this.ua : null);
  }

  async start(): Promise<void> {
    if (this.ua) return;
    try {
      const url = new URL(this.o.url);
      if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error('must start with ws:// or wss://');
    } catch (e) {
      this.link.refuse(`PBX address "${this.o.url}" is not usable: ${(e as Error).message}`);
      return;
    }
    const grammar = installFastGrammar();
    if (!grammar.ok) this.log(`sip: fast grammar not used: ${grammar.reason}`);
    ensureWebSocketGlobal();
    const uri = UserAgent.makeURI(`sip:${this.o.extension}@${this.o.domain}`);
    if (!uri) {
      this.link.refuse(`extension "${this.o.extension}" at "${this.o.domain}" is not a SIP address`);
      return;
    }
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
      // an attended transfer's INVITE with Replaces takes the consultation's place (calls.ts)
      sipExtensionReplaces: SIPExtension.Supported,
      noAnswerTimeout: 180,
      userAgentString: 'ringdesk',
      logBuiltinEnabled: false,
      logLevel: this.o.sipLogLevel,
      logConnector: (level, category, _label, content) => {
        if (SIP_LOG_LEVELS.indexOf(level) >= SIP_LOG_LEVELS.indexOf(this.o.sipLogLevel)) this.log(`sip.js ${category}: ${content}`, sipJsLevel[level]);
      },
      sessionDescriptionHandlerFactory: (session) => {
        const leg = this.headsetLeg;
        if (leg?.owns(session)) return new NodeSdh(() => this.media.open(leg.audio), this.log);
        return new NodeSdh(() => this.media.take(), this.log, () => this.media.takeNow());
      },
      delegate: {
        onInvite: (inv) => this.guard('incoming INVITE', () => this.calls.incoming(inv)),
        onDisconnect: (err) => this.guard('disconnect', () => this.link.lost(err ? err.message : 'connection closed')),
      },
    });
    // A throw inside sip.js while handling one message must not take the console down.
    const transport = this.ua.transport as Transport;
    const deliver = transport.onMessage;
    const send = transport.send.bind(transport);
    const ua = this.ua;
    const ring = (response: string) => void send(response).catch((e: Error) => this.log(`sip: early response: ${e.message}`));
    transport.onMessage = (m: string) => {
      // a new call's 180 leaves before sip.js parses the INVITE (ringing-now.ts)
      let rung: string | null = null;
      if (m.startsWith('INVITE ')) {
        this.guard('early 180', () => {
          const us = ourRinging(ua, this.ringingMemo);
          if (us) rung = this.calls.ringAtOnce(m, us, ring);
        });
      }
      this.guard('SIP message', () => deliver?.(m));
      if (rung !== null) this.guard('early 180', () => this.calls.settleEarly(rung!, ring));
    };
    transport.send = (m: string) => (this.calls.alreadySaid(m) ? Promise.resolve() : send(m));
    if (this.o.headset.trim()) {
      this.headsetLeg = new HeadsetLeg({
        target: this.o.headset, ownExtension: this.o.extension, domain: this.o.domain, audio: this.o.headsetAudio,
        redialMinMs: this.o.headsetRedialMinMs, redialMaxMs: this.o.headsetRedialMaxMs, log: this.log,
        report: (state, reason) => this.fire({ type: 'headset', state, reason }),
      });
      if (this.o.headsetAutoConnect) this.headsetLeg.connect(null);
    }
    await this.link.start(this.ua);
  }

  async stop(): Promise<void> {
    if (!this.ua) return;
    this.link.stopReconnecting();
    this.dialogWatch?.stop();
    this.calls.hangupAll();
    await this.calls.transfers.close();
    const leg = this.headsetLeg;
    this.headsetLeg = null;
    if (leg) await Promise.race([leg.stop(), sleep(this.o.unregisterTimeoutMs)]);
    await this.link.close();
    this.ua = null;
    await this.media.close();
    this.link.offline();
  }

  answer(callId: string, o?: AnswerOptions): void {
    this.calls.answer(callId, o);
  }

  reject(callId: string, decline = false): void {
    this.calls.reject(callId, decline);
  }

  hangup(callId: string): void {
    this.calls.hangup(callId);
  }

  mute(callId: string, muted: boolean): void {
    this.calls.mute(callId, muted);
  }

  dial(number: string): string {
    return this.calls.dial(number);
  }

  transfer(callId: string, target: string, o: { tag?: string } = {}): void {
    this.calls.transfers.blind(callId, target, o.tag);
  }

  consult(callId: string, target: string, o: { tag?: string } = {}): string {
    return this.calls.transfers.consult(callId, target, o.tag);
  }

  completeTransfer(callId: string, consultId: string, o: { tag?: string } = {}): void {
    this.calls.transfers.complete(callId, consultId, o.tag);
  }

  private fire(e: PhoneEvent): void {
    try {
      this.emit(e);
    } catch (err) {
      this.log(`phone listener failed on ${e.type}: ${(err as Error).stack ?? err}`, 'error');
    }
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log(`sip: error while handling ${what}: ${(e as Error).stack ?? e}`, 'error');
    }
  }
}
