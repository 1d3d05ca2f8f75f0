/**
 * The one seam between the desk and any telephony: a `Phone` emits events and takes
 * actions. Implementations: `replay` (fixture timelines, demo calls) and `sip`
 * (sip.js over WebSocket). Nothing above src/telephony imports sip.js.
 */

/** Why a call ended, in the dispatcher's words (logged as the call's outcome). */
export type EndReason =
  | 'local-hangup' // the dispatcher ended it
  | 'remote-hangup' // the other side hung up after answer
  | 'caller-cancelled' // caller gave up while it rang (missed)
  | 'answered-elsewhere' // a colleague answered a forked call
  | 'rejected' // the dispatcher rejected it while ringing
  | 'busy' // outgoing: callee busy
  | 'no-answer' // outgoing: nobody answered
  | 'failed'; // network/PBX failure, with detail

export type RegistrationState = 'offline' | 'connecting' | 'registered' | 'failed';

/** The headset leg (issue 8): none (no target), connecting, connected, or lost (redialling). */
export type HeadsetState = 'none' | 'connecting' | 'connected' | 'lost';

export type Direction = 'incoming' | 'outgoing';

export type PhoneEvent =
  | { type: 'registration'; state: RegistrationState; reason?: string }
  /** An INVITE arrived; `from` is the caller ID as the network gave it (may be empty / "anonymous"). */
  | { type: 'incoming'; callId: string; from: string; displayName?: string; at: number }
  /** Outgoing call: the far end rings. */
  | { type: 'ringing'; callId: string; at: number }
  | { type: 'answered'; callId: string; at: number }
  | { type: 'muted'; callId: string; muted: boolean }
  | { type: 'ended'; callId: string; reason: EndReason; detail?: string; at: number }
  /** Headset leg state (issue 8); absent for phones without one. */
  | { type: 'headset'; state: HeadsetState; reason?: string };

export type PhoneListener = (event: PhoneEvent) => void;

/** Actions the desk may ask of a phone. Every action is fire-and-forget; results come back as events. */
export interface Phone {
  /** Subscribe; returns an unsubscribe function. */
  on(listener: PhoneListener): () => void;
  start(): Promise<void>;
  /** Unregister and release everything; must not hang on a dead link. */
  stop(): Promise<void>;
  answer(callId: string): void;
  /** Reject a ringing call (486 Busy Here by default, 603 Decline when `decline`). */
  reject(callId: string, decline?: boolean): void;
  hangup(callId: string): void;
  mute(callId: string, muted: boolean): void;
  /** Place an outgoing call to a dialable number; returns the new call id. */
  dial(number: string): string;
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
