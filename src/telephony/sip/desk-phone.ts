/**
 * Desk-phone mode (`deskPhone`): the console registers on the same extension as the
 * dispatcher's desk phone and rings beside it. When the desk phone picks up, the PBX
 * cancels the console's branch with `Reason: SIP;cause=200` ("Call completed elsewhere").
 * To the desk that is this operator answering (S2 routing, the call log).
 *
 * How long the call lasts the console learns from the RFC 4235 dialog event package
 * (dialog-watch.ts): while the PBX reports the extension's dialogs, a call picked up on the
 * desk phone stays on the desk (the operator busy) until a NOTIFY says its dialog terminated,
 * and ends at that NOTIFY's arrival. A PBX without the package (489 Bad Event): the call's
 * record ends at pick-up, as it always did, and the desk is told once that this is so.
 * The console never answers by itself in this mode.
 */
import type { EndReason, PhoneEvent } from '../phone.js';
import type { DialogInfo } from './dialog-info.js';
import type { DialogWatchStatus } from './dialog-watch.js';

/** Why the console's own record of a call ends when the desk phone picked up and the PBX does not report its calls. */
export const DESK_PHONE_NOTE = 'picked up on the desk phone: pause and end the call there';
/** The end of a call the PBX reported hung up on the desk phone. */
export const DESK_PHONE_HUNG_UP = 'hung up on the desk phone';
/** The end of a call on the desk phone that nobody reported (the watch ended): logged when that was noticed. */
export const DESK_PHONE_UNREPORTED = 'on the desk phone; the PBX stopped reporting it, so this end time is when that was noticed';

/** What desk-phone mode needs of a ringing call. */
export interface DeskPhoneCall {
  id: string;
  direction: 'incoming' | 'outgoing';
  answered: boolean;
  ended: boolean;
  reason?: EndReason;
  detail?: string;
  /** Picked up on the desk phone while the PBX reports its dialogs: its end comes from a NOTIFY. */
  onDeskPhone?: boolean;
}

/** A CANCEL with this reason, in desk-phone mode, is the desk phone picking up. */
export function pickedUpOnDeskPhone(deskPhone: boolean, cancelReason: EndReason): boolean {
  return deskPhone && cancelReason === 'answered-elsewhere';
}

/** In desk-phone mode the console only rings: answering is the desk phone's. */
export function mayAutoAnswer(deskPhone: boolean, autoAnswerMs: number | undefined): autoAnswerMs is number {
  return !deskPhone && autoAnswerMs !== undefined && autoAnswerMs >= 0;
}

export interface DeskPhoneHooks {
  fire(event: PhoneEvent): void;
  log(line: string): void;
  /** A ringing incoming call of this console by its Call-ID, or undefined. */
  call(callId: string): DeskPhoneCall | undefined;
}

/**
 * The calls picked up on the desk phone, from pick-up to hang-up. Fed by the CANCEL of the
 * console's branch (calls.ts) and the dialog NOTIFYs (dialog-watch.ts), in whatever order they come.
 */
export class DeskPhoneCalls {
  /** Picked up on the desk phone and not yet reported over: Call-ID -> its record. */
  private readonly held = new Map<string, DeskPhoneCall>();
  private watch: DialogWatchStatus['state'] | null = null;

  constructor(private readonly hooks: DeskPhoneHooks) {}

  /** The PBX reports the extension's dialogs now. */
  get watching(): boolean {
    return this.watch === 'watching';
  }

  /**
   * The console's branch was cancelled because the desk phone picked up (at `at`): the call is
   * this operator's. Reported: it stays on the desk until the PBX says it ended. Not reported:
   * its record ends with `DESK_PHONE_NOTE` when the branch ends (the talk time unknown).
   */
  pickedUp(c: DeskPhoneCall, at: number): void {
    if (c.ended) return;
    if (this.watching || c.onDeskPhone) {
      this.hold(c, at);
      return;
    }
    if (c.answered) return;
    c.answered = true;
    c.reason = 'local-hangup';
    c.detail = DESK_PHONE_NOTE;
    this.hooks.log(`sip: call ${c.id} ${DESK_PHONE_NOTE} (the PBX does not report when it ends)`);
    this.hooks.fire({ type: 'answered', callId: c.id, at, where: 'desk-phone' });
  }

  /** The branch ended (the CANCEL's 487): true when the call lives on on the desk phone, so no ended event yet. */
  keeps(c: DeskPhoneCall): boolean {
    return !!c.onDeskPhone && this.held.has(c.id);
  }

  /** A NOTIFY's dialogs (arrived at `at`). */
  dialogs(info: DialogInfo, at: number): void {
    const listed = new Set<string>();
    for (const d of info.dialogs) {
      if (!d.callId) continue;
      listed.add(d.callId);
      if (d.state === 'confirmed') {
        // the pick-up, when the NOTIFY comes before the CANCEL (or instead of it)
        const c = this.held.get(d.callId) ?? this.hooks.call(d.callId);
        if (c && c.direction === 'incoming' && !c.ended) this.hold(c, at);
      } else if (d.state === 'terminated') {
        this.end(d.callId, at, DESK_PHONE_HUNG_UP);
      }
    }
    // a full state lists every dialog the extension has: a held call not in it is over
    if (info.state === 'full') {
      for (const id of [...this.held.keys()]) if (!listed.has(id)) this.end(id, at, DESK_PHONE_HUNG_UP);
    }
  }

  /** The watch changed: the desk is told; when the PBX will not report at all, held calls end now, said so. */
  status(s: DialogWatchStatus, at: number): void {
    if (this.watch === s.state) return;
    const before = this.watch;
    this.watch = s.state;
    if (s.state === 'unsupported') this.endAll(at);
    // the first subscription (and one made again after the link came back) is not news
    if (s.state === 'watching' && (before === null || before === 'watching')) return;
    this.hooks.fire({ type: 'desk-phone', watching: s.state === 'watching', reason: 'reason' in s ? s.reason : undefined });
  }

  /** The phone stops: calls still on the desk phone end now, said so. */
  endAll(at: number): void {
    for (const id of [...this.held.keys()]) this.end(id, at, DESK_PHONE_UNREPORTED);
  }

  private hold(c: DeskPhoneCall, at: number): void {
    c.onDeskPhone = true;
    this.held.set(c.id, c);
    if (c.answered) return;
    c.answered = true;
    c.reason = 'local-hangup';
    this.hooks.log(`sip: call ${c.id} picked up on the desk phone; it ends when the PBX reports its hang-up`);
    this.hooks.fire({ type: 'answered', callId: c.id, at, where: 'desk-phone' });
  }

  private end(callId: string, at: number, detail: string): void {
    const c = this.held.get(callId);
    if (!c) return;
    this.held.delete(callId);
    c.ended = true;
    this.hooks.log(`sip: call ${callId} ${detail}`);
    this.hooks.fire({ type: 'ended', callId, reason: 'local-hangup', detail, at });
  }
}
