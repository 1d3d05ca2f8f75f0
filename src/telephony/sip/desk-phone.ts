/**
 * Desk-phone mode (`deskPhone`): the console registers on the same extension as the
 * dispatcher's desk phone and rings beside it. When the desk phone picks up, the PBX
 * cancels the console's branch with `Reason: SIP;cause=200` ("Call completed elsewhere").
 * To the desk that is this operator answering (S2 routing, the call log); the console's own
 * record of the call then ends, since voice, pause and hang-up are on the phone. The
 * console never answers by itself in this mode.
 */
import type { EndReason } from '../phone.js';

/** Why the console's own record of a call ends when the desk phone picked up. */
export const DESK_PHONE_NOTE = 'picked up on the desk phone: pause and end the call there';

/** What desk-phone mode needs of a ringing call. */
export interface DeskPhoneCall {
  id: string;
  answered: boolean;
  ended: boolean;
  reason?: EndReason;
  detail?: string;
}

/** A CANCEL with this reason, in desk-phone mode, is the desk phone picking up. */
export function pickedUpOnDeskPhone(deskPhone: boolean, cancelReason: EndReason): boolean {
  return deskPhone && cancelReason === 'answered-elsewhere';
}

/**
 * Take the desk phone's pick-up as this operator's answer: the call counts as answered and
 * will end as the dispatcher's own hang-up with `DESK_PHONE_NOTE`. False when it already
 * was answered or ended (nothing to report).
 */
export function answerOnDeskPhone(c: DeskPhoneCall, log: (line: string) => void): boolean {
  if (c.answered || c.ended) return false;
  c.answered = true;
  c.reason = 'local-hangup';
  c.detail = DESK_PHONE_NOTE;
  log(`sip: call ${c.id} ${DESK_PHONE_NOTE}`);
  return true;
}

/** In desk-phone mode the console only rings: answering is the desk phone's. */
export function mayAutoAnswer(deskPhone: boolean, autoAnswerMs: number | undefined): autoAnswerMs is number {
  return !deskPhone && autoAnswerMs !== undefined && autoAnswerMs >= 0;
}
