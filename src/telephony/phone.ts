/**
 * The one seam between the desk and any telephony: a `Phone` emits events and takes
 * actions. Implementations: `replay` (fixture timelines, demo calls) and `sip`
 * (sip.js over WebSocket). Nothing above src/telephony imports sip.js.
 */
import type { CallFigures } from '../domain/call-figures.js';

/** Why a call ended, in the dispatcher's words (logged as the call's outcome). */
export type EndReason =
  | 'local-hangup' // the dispatcher ended it
  | 'remote-hangup' // the other side hung up after answer
  | 'caller-cancelled' // caller gave up while it rang (missed)
  | 'answered-elsewhere' // a colleague answered a forked call
  | 'rejected' // the dispatcher rejected it while ringing
  | 'busy' // outgoing: callee busy
  | 'no-answer' // outgoing: nobody answered
  | 'failed' // network/PBX failure, with detail
  | 'transferred'; // handed to a colleague or a number (REFER done, or bridged by ringdesk)

/**
 * A transfer's progress, from the REFER's answer and the NOTIFY sipfrag bodies (transfer.ts):
 * asked (REFER sent) → trying (202 / sipfrag 100) → ringing (sipfrag 180/183) → answered
 * (sipfrag 200: the dispatcher's leg is hung up) | failed (refused, or the target did not take it);
 * refused → bridging (ringdesk dials the target itself) → bridged (its media worker relays the two).
 */
export type TransferProgress = 'asked' | 'trying' | 'ringing' | 'answered' | 'failed' | 'bridging' | 'bridged';

export type RegistrationState = 'offline' | 'connecting' | 'registered' | 'failed';

/** The headset leg (issue 8): none (no target), connecting, connected, or lost (redialling). */
export type HeadsetState = 'none' | 'connecting' | 'connected' | 'lost';

export type Direction = 'incoming' | 'outgoing';

export type PhoneEvent =
  | { type: 'registration'; state: RegistrationState; reason?: string }
  /**
   * An INVITE arrived; `from` is the caller ID as the network gave it (may be empty / "anonymous").
   * `called`: the number the caller dialled (the To header's user: a forking PBX rewrites the
   * Request-URI to each console's contact); `groupHeader`: the X-Ringdesk-Group header as the PBX
   * passed it (a group's name or an IVR digit, docs/pbx.md). Raw: the desk decides what they mean.
   */
  | {
    type: 'incoming'; callId: string; from: string; displayName?: string; at: number;
    /** A colleague's transfer this call belongs to (the INVITE's X-Ringdesk-Transfer header). */
    transfer?: string;
    /** This call replaces that one of ours (an attended transfer's INVITE with Replaces): it is answered by itself. */
    replaces?: string;
    called?: string;
    groupHeader?: string;
    /** The X-Ringdesk-Code header: the invitation code the caller typed in the PBX's IVR, raw. */
    codeHeader?: string;
  }
  /** Outgoing call: the far end rings. */
  | { type: 'ringing'; callId: string; at: number }
  /** Answered; `where: 'desk-phone'`: picked up on the operator's desk phone (desk-phone mode), not on the console. */
  | { type: 'answered'; callId: string; at: number; where?: 'desk-phone' }
  | { type: 'muted'; callId: string; muted: boolean }
  | { type: 'ended'; callId: string; reason: EndReason; detail?: string; at: number }
  /** After the end: the call's figures measured from its audio (src/domain/call-figures.ts); only numbers, no audio. */
  | { type: 'figures'; callId: string; figures: CallFigures }
  /** A transfer of this call moved on (see `TransferProgress`); `code` is the SIP status behind it. */
  | { type: 'transfer'; callId: string; state: TransferProgress; detail?: string; code?: number; at: number }
  /**
   * Desk-phone mode: whether the PBX reports when calls on the desk phone end (RFC 4235 dialog
   * events). Not watching: a call picked up there is logged as ended at pick-up; `reason` says why.
   */
  | { type: 'desk-phone'; watching: boolean; reason?: string }
  /** Headset leg state (issue 8); absent for phones without one. */
  | { type: 'headset'; state: HeadsetState; reason?: string }
  /**
   * A call answered with recording (`AnswerOptions`): the announcement plays (the dispatcher not
   * yet connected), then the dispatcher is connected; `not-recorded` / `not-announced`: the file or
   * the announcement could not be made (`detail` says why; the call goes on, the dispatcher connected).
   */
  | { type: 'recording'; callId: string; state: 'announcing' | 'connected' | 'not-recorded' | 'not-announced'; detail?: string };

export type PhoneListener = (event: PhoneEvent) => void;

/**
 * A call answered with recording on (issue 18): `record` is the stereo WAV the call's audio is
 * written to; `announce` an 8 kHz mono WAV the caller hears before the dispatcher is connected.
 */
export interface AnswerOptions { record?: string; announce?: string }

/** Actions the desk may ask of a phone. Every action is fire-and-forget; results come back as events. */
export interface Phone {
  /** Subscribe; returns an unsubscribe function. */
  on(listener: PhoneListener): () => void;
  start(): Promise<void>;
  /** Unregister and release everything; must not hang on a dead link. */
  stop(): Promise<void>;
  /** Answer; with `o`, the call is recorded and the caller hears the announcement first (the 200 OK goes out at once all the same). */
  answer(callId: string, o?: AnswerOptions): void;
  /** Reject a ringing call (486 Busy Here by default, 603 Decline when `decline`). */
  reject(callId: string, decline?: boolean): void;
  hangup(callId: string): void;
  mute(callId: string, muted: boolean): void;
  /** Place an outgoing call to a dialable number; returns the new call id. */
  dial(number: string): string;
  /**
   * Blind transfer: REFER the call to `target` (an extension, or a number through the dial plan).
   * `tag` travels with it (the Refer-To URI's X-Ringdesk-Transfer header, so the receiving
   * console finds the order). Refused → ringdesk dials the target and bridges the two itself.
   */
  transfer(callId: string, target: string, o?: { tag?: string }): void;
  /** Attended transfer, step 1: the call is paused and `target` is called (carrying `tag`); returns the consultation's call id. */
  consult(callId: string, target: string, o?: { tag?: string }): string;
  /** Attended transfer, step 2: REFER the caller to the consulted party with Replaces (refused → bridged). */
  completeTransfer(callId: string, consultId: string, o?: { tag?: string }): void;
  /** Optional: start the operator's headset leg (issue 8). */
  connectHeadset?(): void;
}

/** A small helper base that keeps listeners; implementations call `emit`. */
export class PhoneEvents {
  private listeners = new Set<PhoneListener>();
  on(listener: PhoneListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  protected emit(event: PhoneEvent): void {
    for (const l of this.listeners) l(event);
  }
}
