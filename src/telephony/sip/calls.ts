/**
 * The phone's calls on the SIP side: incoming INVITEs (180 at once, the desk told, answer /
 * reject on its word, auto-answer on a timer so the banner is drawn first), outgoing calls
 * through the dial plan (ringing, answer, busy, no answer), pause, hang-up, and one ended
 * event per call with the reason in the dispatcher's words. A call's id is its SIP Call-ID,
 * so two consoles ringing for one call log one row.
 *
 * `SipCalls` is owned by `SipPhone`; the headset leg hears through `CallHooks` when a call
 * connects and ends, so it can bridge the call's media into the dispatcher's device.
 */
import { Invitation, Inviter, SessionState, UserAgent, type Core, type Session } from 'sip.js';
import type { AnswerOptions, EndReason, PhoneEvent } from '../phone.js';
import type { RtpStats, RtpStream } from '../media/types.js';
import { NodeSdh } from './sdh.js';
import { analyseCall, figuresOf } from './call-analysis-tap.js';
import { answerNow, canAnswerNow } from './answer-now.js';
import { adoptToTag, ringingFor, type OurRinging } from './ringing-now.js';
import { readSdp } from './sdp.js';
import { dialTarget } from './dial-plan.js';
import { endReasonForFailure, elsewhereReason } from './reasons.js';
import { DeskPhoneCalls, mayAutoAnswer, pickedUpOnDeskPhone } from './desk-phone.js';
import type { ResolvedOptions } from './options.js';
import { readTransferTag, SipTransfers, TRANSFER_HEADER } from './transfer.js';

/** The header a PBX sets to route a call to a group: the group's name or an IVR digit (docs/pbx.md). */
export const GROUP_HEADER = 'X-Ringdesk-Group';
/** The header a PBX's IVR sets with the invitation code the caller typed (docs/pbx.md). */
export const CODE_HEADER = 'X-Ringdesk-Code';

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
  /** Incoming: the answer SDP, written while it rings (its RTP stream is already taken). */
  answerSdp?: string;
  /** The desk is not told about it (any more): handed over by a transfer, or a leg ringdesk bridges (transfer.ts). */
  quiet?: boolean;
  /** Outgoing: the dial-plan user it went to. */
  dialled?: string;
  /** Run once when it ends (transfer.ts). */
  onEnd?: (() => void)[];
  /** Desk-phone mode: picked up on the desk phone; its end comes from the dialog watch (desk-phone.ts). */
  onDeskPhone?: boolean;
  /** Its stream, analysed from the answer on (call-analysis-tap.ts): the figures are taken at the end. */
  analysed?: RtpStream;
}

/** A 180 sent from the transport before sip.js handed the call over (ringing-now.ts). */
interface EarlyRinging {
  toTag: string;
  /** sip.js answers with the same to-tag: its own first 180 is not sent again. */
  adopted: boolean;
  /** sip.js handed the call over (onInvite), or sent a final answer to it itself. */
  settled: boolean;
  /** Our 180, kept to say 400 with its headers if sip.js drops the INVITE. */
  response: string;
  trying: boolean;
  ringing: boolean;
}

/** Early 180s whose INVITE sip.js never handed over (it refused it first) are forgotten past this many. */
const EARLY_KEPT = 64;

/** The Call-ID of a SIP message as sip.js writes it, or null. */
function callIdOf(message: string): string | null {
  const at = message.indexOf('\r\nCall-ID: ');
  if (at < 0) return null;
  const end = message.indexOf('\r\n', at + 11);
  return message.slice(at + 11, end < 0 ? undefined : end);
}

/** What the calls need from the phone around them. */
export interface CallHooks {
  /** The user agent while registered, else null. */
  registeredAgent(): UserAgent | null;
  fire(event: PhoneEvent): void;
  /** A call is connected (answered, or picked up by the far end), with its media. */
  connected(callId: string, rtp: RtpStream | null, who: string): void;
  /** A call ended or failed (or leaves the dispatcher for a bridge); resolves once the headset left its stream. */
  ended(callId: string): Promise<void> | void;
}

export class SipCalls {
  private readonly calls = new Map<string, CallEntry>();
  private readonly early = new Map<string, EarlyRinging>();

  /** Blind and attended transfers of these calls (transfer.ts). */
  readonly transfers: SipTransfers;
  /** Desk-phone mode: calls picked up on the desk phone, until the PBX reports them over (desk-phone.ts); `call`: one ringing here. */
  readonly deskPhone = new DeskPhoneCalls({
    fire: (e) => this.hooks.fire(e), log: (l) => this.o.log(l),
    call: (id) => { const c = this.calls.get(id); return c?.session instanceof Invitation && c.session.state === SessionState.Initial ? c : undefined; },
  });

  constructor(private readonly o: ResolvedOptions, private readonly hooks: CallHooks) {
    this.transfers = new SipTransfers(o, {
      registeredAgent: () => hooks.registeredAgent(),
      fire: (e) => hooks.fire(e),
      call: (id) => this.calls.get(id),
      dial: (target, headers, quiet) => this.dial(target, { headers, quiet }),
      mute: (id, muted) => this.mute(id, muted),
      handedOver: (id, detail) => this.handedOver(id, detail),
      release: async (id) => { await hooks.ended(id); },
      stream: (id) => (this.calls.get(id)?.session.sessionDescriptionHandler as NodeSdh | undefined)?.rtp ?? null,
      whenEnded: (id, then) => {
        const c = this.calls.get(id);
        if (!c || c.ended) return then();
        (c.onEnd ??= []).push(then);
      },
      hangup: (id) => this.hangup(id),
    });
  }

  /** A transferred call: the desk hears it ended now and nothing more of it. */
  private handedOver(callId: string, detail: string): void {
    const c = this.calls.get(callId);
    if (!c || c.quiet) return;
    c.quiet = true;
    c.reason = 'transferred';
    this.hooks.fire({ type: 'ended', callId, reason: 'transferred', detail, at: this.o.now() });
  }

  /** RTP counters of a call (packets both ways, silence sent while paused), or null. */
  async rtpStats(callId: string): Promise<RtpStats | null> {
    const sdh = this.calls.get(callId)?.session.sessionDescriptionHandler as NodeSdh | undefined;
    return sdh?.rtp ? sdh.rtp.stats() : null;
  }

  /**
   * A message from the PBX before sip.js reads it: a new call's 180 Ringing goes out at once
   * (ringing-now.ts), written from the raw INVITE; sip.js takes the call over with its to-tag.
   */
  ringAtOnce(raw: string, us: OurRinging, send: (response: string) => void): string | null {
    if (!raw.startsWith('INVITE ')) return null;
    const r = ringingFor(raw, us);
    if (!r || this.calls.has(r.callId) || this.early.has(r.callId)) return null;
    if (this.early.size >= EARLY_KEPT) this.early.delete(this.early.keys().next().value as string);
    this.early.set(r.callId, { toTag: r.toTag, adopted: false, trying: false, ringing: false, settled: false, response: r.response });
    send(r.response);
    return r.callId;
  }

  /**
   * sip.js has read the INVITE rung early: if it neither handed the call over nor answered it
   * (it drops a message it cannot parse, e.g. a broken Contact), the caller is told 400 at
   * once instead of hearing the ringing until the proxy gives up.
   */
  settleEarly(callId: string, send: (response: string) => void): void {
    const e = this.early.get(callId);
    if (!e || e.settled) return;
    this.early.delete(callId);
    this.o.log(`sip: INVITE ${callId} could not be read; answered 400`, 'warn');
    send(e.response.replace(/^SIP\/2\.0 180 Ringing/, 'SIP/2.0 400 Bad Request'));
  }

  /**
   * True for a response sip.js is about to send that the early 180 already said: its 100
   * Trying, and its own first 180 (same dialog, same to-tag). Its later ones go out as usual.
   */
  alreadySaid(message: string): boolean {
    if (this.early.size === 0 || !message.startsWith('SIP/2.0 ')) return false;
    const code = message.slice(8, 11);
    const e = this.early.get(callIdOf(message) ?? '');
    if (!e) return false;
    if (code[0] !== '1') {
      e.settled = true;
      return false;
    }
    if (code !== '100' && code !== '180') return false;
    if (code === '100') {
      if (e.trying) return false;
      e.trying = true;
      return true;
    }
    if (!e.adopted || e.ringing) return false;
    e.ringing = true;
    return true;
  }

  /** An INVITE arrived (sip.js's `onInvite`). */
  incoming(inv: Invitation): void {
    const req = inv.request;
    const callId = req.callId;
    if (this.calls.has(callId)) {
      inv.reject({ statusCode: 482 }).catch(() => undefined);
      return;
    }
    // rung from the transport already: every response to it carries that 180's to-tag
    const early = this.early.get(callId);
    if (early) {
      early.settled = true;
      early.adopted = adoptToTag(inv, early.toTag);
    }
    if (req.body) {
      const ct = (req.getHeader('content-type') ?? '').toLowerCase();
      const sdp = ct.startsWith('application/sdp') ? readSdp(req.body) : { ok: false as const, reason: `body is ${ct || 'untyped'}, not SDP` };
      if (!sdp.ok) {
        this.o.log(`sip: INVITE ${callId} refused with 488: ${sdp.reason}`, 'warn');
        inv.reject({ statusCode: 488, reasonPhrase: 'Not Acceptable Here' }).catch(() => undefined);
        return;
      }
    }
    const c: CallEntry = { id: callId, direction: 'incoming', session: inv, answered: false, ended: false };
    this.calls.set(callId, c);
    // an attended transfer's INVITE with Replaces: it takes the place of that call of ours (sip.js BYEs it on accept)
    const replaced = inv.replacee ? [...this.calls.values()].find((x) => x.session === inv.replacee) : undefined;
    inv.delegate = {
      onCancel: (cancel) => {
        c.reason = elsewhereReason(cancel.request.getHeader('reason')) ?? 'caller-cancelled';
        if (pickedUpOnDeskPhone(this.o.deskPhone, c.reason)) this.deskPhone.pickedUp(c, this.o.now());
      },
      onBye: (bye) => {
        c.reason ??= elsewhereReason(bye.request.getHeader('reason')) ?? 'remote-hangup';
        bye.accept().catch(() => undefined);
      },
    };
    this.watch(c);
    inv.progress().catch((e: Error) => this.o.log(`sip: 180 for ${callId}: ${e.message}`));
    // before the desk hears of it: the banner may be drawn, and answered, within this turn
    if (req.body) this.prepareAnswer(c, inv, req.body);
    const asserted = req.getHeader('p-asserted-identity');
    const fromUri = (asserted && inv.assertedIdentity?.uri) || req.from.uri;
    // where the call was meant to go, raw (docs/pbx.md): the number dialled (To) and the PBX's group header
    const groupHeader = req.getHeader(GROUP_HEADER) || undefined;
    const codeHeader = req.getHeader(CODE_HEADER) || undefined;
    this.hooks.fire({
      type: 'incoming', callId, from: fromUri.user ?? fromUri.toString(),
      displayName: req.from.displayName || undefined, at: this.o.now(),
      transfer: readTransferTag(req.getHeader(TRANSFER_HEADER.toLowerCase())), replaces: replaced?.id,
      called: req.to.uri.user || undefined, groupHeader, codeHeader,
    });
    // it replaces a call already connected here: answered at once, as the one it replaces was;
    // the desk hears of the new call first, so it can carry the old one's order over
    if (replaced) {
      this.handedOver(replaced.id, 'replaced by the transferred caller');
      setTimeout(() => this.answer(callId), 0);
      return;
    }
    // a SIP device that answers by itself (tests, the headset bench); the console's
    // --auto-answer is the desk's, one call at a time (src/desk/reduce.ts). Never inside this turn.
    const auto = this.o.autoAnswerMs;
    if (!mayAutoAnswer(this.o.deskPhone, auto)) return;
    setTimeout(() => this.answer(callId), auto);
  }

  /**
   * Answer a ringing call. With an answer prepared while it rang, the 200 OK is on the wire
   * before this returns (answer-now.ts); otherwise sip.js's `accept()` sends it shortly after.
   */
  answer(callId: string, o: AnswerOptions = {}): void {
    const c = this.calls.get(callId);
    if (!c || c.ended || c.answered || !(c.session instanceof Invitation)) return;
    const inv = c.session;
    if (inv.state !== SessionState.Initial) return;
    const sdh = inv.sessionDescriptionHandler;
    if (c.answerSdp && sdh instanceof NodeSdh && canAnswerNow(inv)) {
      try {
        answerNow(inv, c.answerSdp);
      } catch (e) {
        this.fail(c, `answer failed: ${(e as Error).message}`);
        return;
      }
      this.recordAndAnnounce(c, sdh.rtp, o); // asked before the media starts: the worker takes them first
      sdh.startMedia();
      return;
    }
    // the answer is still being prepared: recording and announcement are asked for just before its media starts
    if (o.record || o.announce) {
      if (sdh instanceof NodeSdh) sdh.beforeMedia = (rtp) => this.recordAndAnnounce(c, rtp, o);
      else this.recordAndAnnounce(c, null, o);
    }
    inv.accept().catch((e: Error) => this.fail(c, `answer failed: ${e.message}`));
  }

  /**
   * Recording on (issue 18): the call's audio tapped into its WAV, and the announcement played to
   * the caller before the dispatcher is connected. Either failing is said; the call goes on.
   */
  private recordAndAnnounce(c: CallEntry, rtp: RtpStream | null, o: AnswerOptions): void {
    if (!o.record && !o.announce) return;
    const fire = (state: Extract<PhoneEvent, { type: 'recording' }>['state'], detail?: string) =>
      queueMicrotask(() => { if (!c.ended) this.hooks.fire({ type: 'recording', callId: c.id, state, ...(detail ? { detail } : {}) }); });
    if (!rtp) return fire('not-recorded', 'the call has no audio stream: not recorded, no announcement');
    if (o.record) rtp.tap('record', { path: o.record }).catch((e: Error) => fire('not-recorded', `not recorded: ${e.message}`));
    if (!o.announce) return;
    fire('announcing');
    rtp.announce(o.announce).then(() => fire('connected'), (e: Error) => fire('not-announced', `no announcement, the dispatcher is connected: ${e.message}`));
  }

  reject(callId: string, decline = false): void {
    const c = this.calls.get(callId);
    if (!c || c.ended || !(c.session instanceof Invitation) || c.session.state !== SessionState.Initial) return;
    c.reason = 'rejected';
    const statusCode = decline ? 603 : 486;
    c.session.reject({ statusCode }).catch((e: Error) => this.o.log(`sip: reject ${callId}: ${e.message}`));
  }

  hangup(callId: string): void {
    const c = this.calls.get(callId);
    if (!c || c.ended) return;
    const s = c.session;
    if (s instanceof Invitation && s.state === SessionState.Initial) return this.reject(callId);
    c.reason ??= 'local-hangup';
    const done = (e: Error) => this.o.log(`sip: hangup ${callId}: ${e.message}`);
    if (s.state === SessionState.Established) s.bye().catch(done);
    else if (s instanceof Inviter && (s.state === SessionState.Initial || s.state === SessionState.Establishing)) s.cancel().catch(done);
    else if (s.state !== SessionState.Terminated) s.dispose().catch(done);
  }

  /** Hang up every call (quitting); a throw on one call does not keep the others up. */
  hangupAll(): void {
    this.deskPhone.endAll(this.o.now()); // calls on the desk phone end here, said so
    for (const c of this.calls.values()) {
      try {
        this.hangup(c.id);
      } catch (e) {
        this.o.log(`sip: error while handling hangup on stop: ${(e as Error).stack ?? e}`, 'error');
      }
    }
  }

  mute(callId: string, muted: boolean): void {
    const c = this.calls.get(callId);
    if (!c || c.ended || !c.answered) return;
    (c.session.sessionDescriptionHandler as NodeSdh | undefined)?.setMuted(muted);
    this.hooks.fire({ type: 'muted', callId, muted });
  }

  dial(number: string, opts: { headers?: string[]; quiet?: boolean } = {}): string {
    const localId = `dial-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const failNow = (detail: string) => {
      if (!opts.quiet) queueMicrotask(() => this.hooks.fire({ type: 'ended', callId: localId, reason: 'failed', detail, at: this.o.now() }));
      return localId;
    };
    const ua = this.hooks.registeredAgent();
    if (!ua) return failNow('not registered with the PBX');
    const target = dialTarget(number, { dialFormat: this.o.dialFormat, dialPrefix: this.o.dialPrefix, region: this.o.region });
    if (!target.ok) return failNow(target.reason);
    const uri = UserAgent.makeURI(`sip:${target.user}@${this.o.domain}`);
    if (!uri) return failNow(`"${target.user}" is not a SIP address`);
    const inviter = new Inviter(ua, uri, opts.headers?.length ? { extraHeaders: opts.headers } : undefined);
    const callId = inviter.request.callId;
    const c: CallEntry = { id: callId, direction: 'outgoing', session: inviter, answered: false, ended: false, quiet: opts.quiet, dialled: target.user };
    this.calls.set(callId, c);
    this.watch(c);
    inviter.invite({
      requestDelegate: {
        onProgress: (r) => {
          const code = r.message.statusCode ?? 0;
          if ((code === 180 || code === 183) && !c.ringingSent) {
            c.ringingSent = true;
            if (!c.quiet) this.hooks.fire({ type: 'ringing', callId, at: this.o.now() });
          }
        },
        onReject: (r: Core.IncomingResponse) => {
          const m = r.message;
          const f = endReasonForFailure(m.statusCode ?? 0, m.reasonPhrase ?? '');
          if (c.reason !== 'local-hangup') { c.reason = f.reason; c.detail = f.detail; }
        },
      },
    }).catch((e: Error) => this.fail(c, `call could not be placed: ${e.message}`));
    return callId;
  }

  /** The PBX link is gone, and with it every dialog. */
  failAll(detail: string): void {
    for (const c of this.calls.values()) this.fail(c, detail);
  }

  /** While it rings: the call's RTP stream taken and the answer SDP written (sdh.ts `prepareAnswerNow`, else `prepareAnswer`). */
  private prepareAnswer(c: CallEntry, inv: Invitation, offer: string): void {
    const setup = (inv as unknown as { setupSessionDescriptionHandler?: () => unknown }).setupSessionDescriptionHandler;
    if (typeof setup !== 'function') return;
    const sdh = setup.call(inv);
    if (!(sdh instanceof NodeSdh)) return;
    const now = sdh.prepareAnswerNow(offer);
    if (now !== null) {
      c.answerSdp = now;
      return;
    }
    sdh.prepareAnswer(offer).then(
      (sdp) => { c.answerSdp = sdp; },
      // the call ended while it was prepared, or no stream could be opened: accept() will say why
      (e: Error) => { if (!c.ended) this.o.log(`sip: answer for ${c.id} not prepared: ${e.message}`); },
    );
  }

  private watch(c: CallEntry): void {
    c.session.stateChange.addListener((s) => {
      if (s === SessionState.Established && !c.answered) {
        c.answered = true;
        if (c.quiet) return;
        this.hooks.fire({ type: 'answered', callId: c.id, at: this.o.now() });
        const rtp = (c.session.sessionDescriptionHandler as NodeSdh | undefined)?.rtp ?? null;
        if (rtp && this.o.analyseCalls) {
          c.analysed = rtp;
          analyseCall(rtp, c.id, this.o.log);
        }
        const who = c.direction === 'incoming' ? `the call from ${c.session.remoteIdentity.uri.user ?? 'a withheld number'}` : `the call to ${c.session.remoteIdentity.uri.user ?? 'the callee'}`;
        // a key answers inside the desk's own turn: the headset's word (a warning while it is
        // down) comes after the desk has opened the caller's order, not under it
        queueMicrotask(() => { if (!c.ended) this.hooks.connected(c.id, rtp, who); });
      } else if (s === SessionState.Terminated) {
        // sip.js reports Terminated before it hands the final response to our request delegate
        queueMicrotask(() => this.finish(c));
      }
    });
  }

  private finish(c: CallEntry): void {
    if (c.ended && !this.calls.has(c.id)) return;
    const reported = c.ended; // the desk phone's end came first
    c.ended = true;
    this.calls.delete(c.id);
    this.early.delete(c.id);
    void this.hooks.ended(c.id);
    for (const then of c.onEnd?.splice(0) ?? []) then();
    // a call handed to a colleague said its end already ('transferred'): its figures are this
    // dispatcher's part of it, on this console's row (the colleague's part is their own call and row)
    if (c.quiet && c.reason === 'transferred') return this.sendFigures(c);
    if (c.quiet || reported || this.deskPhone.keeps(c)) return;
    const reason: EndReason = c.reason ?? (c.answered ? 'remote-hangup' : 'failed');
    this.hooks.fire({ type: 'ended', callId: c.id, reason, detail: c.detail, at: this.o.now() });
    this.sendFigures(c);
  }

  /** The analysed call's figures, taken off its stream after its end: a 'figures' event for the desk. */
  private sendFigures(c: CallEntry): void {
    const analysed = c.analysed;
    if (analysed) {
      void figuresOf(analysed, c.id, this.o.log).then((figures) => { if (figures) this.hooks.fire({ type: 'figures', callId: c.id, figures }); });
    }
  }

  private fail(c: CallEntry, detail: string): void {
    if (c.ended) return;
    c.reason ??= 'failed';
    c.detail ??= detail;
    this.o.log(`sip: call ${c.id}: ${detail}`);
    const s = c.session;
    if (s.state === SessionState.Terminated) this.finish(c);
    else s.dispose().catch(() => undefined).finally(() => this.finish(c));
  }
}
