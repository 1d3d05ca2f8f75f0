/**
 * Transfers on the SIP side (issue 15): blind (REFER to an extension or a number, through the
 * dial plan) and attended (a consultation call, then REFER with Replaces), with the progress
 * read from the NOTIFY `message/sipfrag` bodies (each accepted), and ringdesk's own BYE after
 * the final 200 (sip.js never sends it). When the PBX or the far end refuses the REFER
 * (4xx/5xx/6xx, a failing sipfrag, or no final NOTIFY in time), ringdesk calls the target
 * itself and its media worker relays the caller and the target (bridge.ts); the dispatcher's
 * audio leaves the call and the desk is free.
 *
 *   transfer() ── REFER ──> asked ─202/100─> trying ─180─> ringing ─200─> answered: BYE our leg
 *                              └── refused / sipfrag ≥ 300 / timeout ──> bridging ──> bridged | failed
 *
 * The Refer-To is written by hand (CHANNELS.md): `<sip:user@domain?Replaces=…&X-Ringdesk-Transfer=id>`
 * — the target's address of record rather than the consultation's Contact (a WebSocket
 * console's `.invalid` Contact routes only with contact-alias handling), no display name (some
 * PBXes refuse it), and the desk's transfer id in the URI's header part so the INVITE the
 * transferee sends carries it to the receiving console (src/store/transfers.ts).
 */
import { SessionState, URI, UserAgent, type Core, type Session } from 'sip.js';
import type { PhoneEvent, TransferProgress } from '../phone.js';
import { bridgeStreams, type RtpBridge } from '../media/bridge.js';
import type { RtpStream } from '../media/types.js';
import { dialTarget } from './dial-plan.js';
import type { ResolvedOptions } from './options.js';

/** The header a transfer's id travels in (the Refer-To URI's header part, the bridged call's INVITE). */
export const TRANSFER_HEADER = 'X-Ringdesk-Transfer';

/** A transfer id as the desk writes it (a store row id); anything else from outside is ignored. */
export function readTransferTag(value: string | undefined): string | undefined {
  const v = (value ?? '').trim();
  return /^[0-9]{1,12}$/.test(v) ? v : undefined;
}

/** "SIP/2.0 180 Ringing" (the first line of a sipfrag body) → its status code and phrase; null if it is not one. */
export function readSipfrag(body: string | undefined): { code: number; phrase: string } | null {
  const m = /^\s*SIP\/2\.0\s+([1-6]\d\d)(?:[ \t]+([^\r\n]*))?/.exec(body ?? '');
  return m ? { code: Number(m[1]), phrase: (m[2] ?? '').trim() } : null;
}

/** What a sipfrag status says about the transfer: 100 trying, 18x ringing, 2xx answered, ≥ 300 failed. */
export function progressOfStatus(code: number): TransferProgress {
  if (code >= 300) return 'failed';
  if (code >= 200) return 'answered';
  if (code === 180 || code === 183) return 'ringing';
  return 'trying';
}

/** `<sip:user@domain?Replaces=…&X-Ringdesk-Transfer=…>` with each header value escaped (RFC 3261 §19.1.1). */
export function referToValue(user: string, domain: string, headers: Record<string, string | undefined>): string {
  const parts = Object.entries(headers).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${encodeURIComponent(v!)}`);
  return `<sip:${user}@${domain}${parts.length ? `?${parts.join('&')}` : ''}>`;
}

/** The Replaces value for the consultation dialog as the consulted party knows it (RFC 3891: to-tag = its local tag). */
export function replacesFor(dialog: { callId: string; localTag: string; remoteTag: string }): string {
  return `${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`;
}

/** One of our calls as a transfer sees it (calls.ts `CallEntry`). */
export interface TransferableCall {
  id: string;
  session: Session;
  answered: boolean;
  ended: boolean;
  /** The dial-plan user an outgoing call went to (the consulted party's address of record). */
  dialled?: string;
}

/** What transfers need from the calls around them (calls.ts). */
export interface TransferHooks {
  registeredAgent(): UserAgent | null;
  fire(event: PhoneEvent): void;
  call(callId: string): TransferableCall | undefined;
  /** Place a call through the dial plan with these extra headers; `quiet`: the desk is not told about it. */
  dial(target: string, headers: string[], quiet: boolean): string;
  /** Pause (silence) or resume a call's audio. */
  mute(callId: string, muted: boolean): void;
  /** The call was handed over: the desk is told it ended (transferred) now, nothing more about it later. */
  handedOver(callId: string, detail: string): void;
  /** The dispatcher's headset leaves the call's stream (resolves once it has). */
  release(callId: string): Promise<void>;
  /** The RTP stream of a call, or null. */
  stream(callId: string): RtpStream | null;
  /** Called once when a call of ours ends (however). */
  whenEnded(callId: string, then: () => void): void;
  hangup(callId: string): void;
}

interface Pending {
  callId: string;
  /** The consultation (attended) — bridged to the caller if the REFER is refused. */
  consultId?: string;
  /** What the target is, for the bridged call (blind). */
  target: string;
  tag?: string;
  settled: boolean;
  timer: NodeJS.Timeout | null;
}

export class SipTransfers {
  private readonly pending = new Map<string, Pending>();
  private readonly bridges = new Set<RtpBridge>();

  constructor(private readonly o: ResolvedOptions, private readonly hooks: TransferHooks) {}

  /** Blind: REFER `callId` to `target` (extension or number); refused → bridged. */
  blind(callId: string, target: string, tag?: string): void {
    const c = this.connected(callId);
    if (!c) return;
    const t = dialTarget(target, this.plan());
    if (!t.ok) return this.progress(callId, 'failed', t.reason);
    this.refer(c, { callId, target, tag, settled: false, timer: null }, referToValue(t.user, this.o.domain, { [TRANSFER_HEADER]: tag }));
  }

  /** Attended, step 1: the caller is paused and the target called (carrying the tag); the consultation's id. */
  consult(callId: string, target: string, tag?: string): string {
    const c = this.connected(callId);
    const headers = tag ? [`${TRANSFER_HEADER}: ${tag}`] : [];
    if (c) this.hooks.mute(callId, true);
    return this.hooks.dial(target, headers, false);
  }

  /** Attended, step 2: REFER the caller to the consulted party with Replaces; refused → the two are bridged. */
  complete(callId: string, consultId: string, tag?: string): void {
    const c = this.connected(callId);
    if (!c) return;
    const k = this.hooks.call(consultId);
    const dialog = (k?.session as unknown as { dialog?: { callId: string; localTag: string; remoteTag: string } } | undefined)?.dialog;
    if (!k || k.ended || k.session.state !== SessionState.Established || !dialog || !k.dialled) {
      return this.progress(callId, 'failed', 'the consultation call is not connected: end it and transfer blind, or wait until they answer');
    }
    const value = referToValue(k.dialled, this.o.domain, { Replaces: replacesFor(dialog), [TRANSFER_HEADER]: tag });
    this.refer(c, { callId, consultId, target: k.dialled, tag, settled: false, timer: null }, value);
  }

  /** Every bridge ringdesk holds (quitting): the calls themselves are hung up by calls.ts. */
  async close(): Promise<void> {
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    this.pending.clear();
    await Promise.all([...this.bridges].map((b) => b.unbridge().catch(() => undefined)));
    this.bridges.clear();
  }

  private connected(callId: string): TransferableCall | null {
    const c = this.hooks.call(callId);
    if (c && !c.ended && c.answered && c.session.state === SessionState.Established) return c;
    this.progress(callId, 'failed', 'the call is not connected');
    return null;
  }

  private plan() {
    return { dialFormat: this.o.dialFormat, dialPrefix: this.o.dialPrefix, region: this.o.region };
  }

  private refer(c: TransferableCall, p: Pending, referTo: string): void {
    if (this.pending.has(c.id)) return this.progress(c.id, 'failed', 'a transfer of this call is already under way');
    this.pending.set(c.id, p);
    const uri = UserAgent.makeURI(`sip:${p.target}@${this.o.domain}`) ?? new URI('sip', p.target, this.o.domain);
    // sip.js writes "Refer-To: " + uri.toString(): the hand-built value, angle brackets and headers included
    uri.toString = () => referTo;
    this.progress(c.id, 'asked');
    p.timer = setTimeout(() => this.refused(p, 'no answer to the transfer in time'), this.o.transferTimeoutMs);
    this.hooks.whenEnded(c.id, () => this.forget(p));
    c.session.refer(uri, {
      requestDelegate: {
        onAccept: (r: Core.IncomingResponse) => { if (!p.settled) this.progress(c.id, 'trying', undefined, r.message.statusCode); },
        onReject: (r: Core.IncomingResponse) => this.refused(p, `refused: ${r.message.statusCode} ${r.message.reasonPhrase}`, r.message.statusCode),
      },
      onNotify: (n) => {
        // every NOTIFY is answered, the last one included (hanging up first would lose it)
        n.accept().catch(() => undefined);
        this.notified(p, n.request.body);
      },
    }).catch((e: Error) => this.refused(p, `the REFER could not be sent: ${e.message}`));
  }

  private notified(p: Pending, body: string | undefined): void {
    const frag = readSipfrag(body);
    if (!frag || p.settled) return;
    const state = progressOfStatus(frag.code);
    if (state === 'failed') return this.refused(p, `the target did not take it: ${frag.code} ${frag.phrase}`, frag.code);
    this.progress(p.callId, state, state === 'answered' ? undefined : frag.phrase || undefined, frag.code);
    if (state !== 'answered') return;
    this.settle(p);
    // the transfer is done: our leg is ours to end (sip.js never does, and Asterisk waits for it)
    this.hooks.handedOver(p.callId, 'transferred');
    this.hooks.hangup(p.callId);
    if (p.consultId) this.hooks.handedOver(p.consultId, 'transferred');
  }

  /** REFER refused (or nothing came): ringdesk connects the two itself. */
  private refused(p: Pending, why: string, code?: number): void {
    if (p.settled) return;
    this.settle(p);
    this.progress(p.callId, 'failed', `${why}; ringdesk connects them itself`, code);
    void this.bridgeInstead(p).catch((e: Error) => {
      this.o.log(`transfer: bridging ${p.callId} failed: ${e.message}`, 'warn');
      this.hooks.mute(p.callId, false);
      this.progress(p.callId, 'failed', `could not connect them: ${e.message}; the caller is back with you`);
    });
  }

  private async bridgeInstead(p: Pending): Promise<void> {
    this.progress(p.callId, 'bridging');
    const targetId = p.consultId ?? this.hooks.dial(p.target, p.tag ? [`${TRANSFER_HEADER}: ${p.tag}`] : [], true);
    const target = await this.answeredOrEnded(targetId);
    const caller = this.hooks.call(p.callId);
    if (!caller || caller.ended) {
      this.hooks.hangup(targetId);
      throw new Error('the caller hung up meanwhile');
    }
    if (!target) throw new Error('the target did not answer');
    await Promise.all([this.hooks.release(p.callId), this.hooks.release(targetId)]);
    const a = this.hooks.stream(p.callId);
    const b = this.hooks.stream(targetId);
    if (!a || !b) {
      this.hooks.hangup(targetId);
      throw new Error('a call has no audio stream to relay');
    }
    a.setMuted(false);
    b.setMuted(false);
    const bridge = await bridgeStreams(a, b);
    this.bridges.add(bridge);
    // either side hanging up ends the other; the relay stops with it
    const end = () => {
      this.bridges.delete(bridge);
      void bridge.unbridge().catch(() => undefined);
      this.hooks.hangup(p.callId);
      this.hooks.hangup(targetId);
    };
    this.hooks.whenEnded(p.callId, end);
    this.hooks.whenEnded(targetId, end);
    this.o.log(`transfer: ${p.callId} bridged to ${p.target} by the media worker`);
    this.progress(p.callId, 'bridged');
    this.hooks.handedOver(p.callId, 'bridged by ringdesk');
    if (p.consultId) this.hooks.handedOver(p.consultId, 'bridged by ringdesk');
  }

  /** Resolves true once the call is connected, false once it ended unconnected. */
  private answeredOrEnded(callId: string): Promise<boolean> {
    const c = this.hooks.call(callId);
    if (!c || c.ended) return Promise.resolve(false);
    if (c.answered && c.session.state === SessionState.Established) return Promise.resolve(true);
    return new Promise((resolve) => {
      const listener = (s: SessionState) => {
        if (s === SessionState.Established) resolve(true);
        else if (s === SessionState.Terminated) resolve(false);
        else return;
        c.session.stateChange.removeListener(listener);
      };
      c.session.stateChange.addListener(listener);
    });
  }

  private settle(p: Pending): void {
    p.settled = true;
    if (p.timer) clearTimeout(p.timer);
    p.timer = null;
    this.pending.delete(p.callId);
  }

  private forget(p: Pending): void {
    if (p.timer) clearTimeout(p.timer);
    p.timer = null;
    if (this.pending.get(p.callId) === p) this.pending.delete(p.callId);
    p.settled = true;
  }

  private progress(callId: string, state: TransferProgress, detail?: string, code?: number): void {
    this.o.log(`transfer ${callId}: ${state}${code ? ` (${code})` : ''}${detail ? `: ${detail}` : ''}`);
    this.hooks.fire({ type: 'transfer', callId, state, detail, code, at: Date.now() });
  }
}
