/**
 * Answer an incoming call with the 200 OK on the wire before `answer()` returns.
 *
 * sip.js's `Invitation.accept()` asks the session description handler for the answer through
 * a chain of promises, so its 200 waits until the caller's turn of the event loop is over; on
 * the console that turn goes on to draw the frame for the key that answered (~2 ms and more).
 * Here the answer SDP and the call's RTP stream are prepared while the call rings
 * (`prepareAnswer`), and `answerNow` then does what `accept()` does after its promises, at
 * once: Establishing, the 200 with the prepared SDP, the dialog's delegate, Established.
 *
 * It reaches into sip.js's Invitation (pinned to 0.21.2 in package.json); `canAnswerNow`
 * checks that the parts it uses are there, and the caller falls back to `accept()` if not.
 */
import { SessionState, type Invitation } from 'sip.js';

type Handler = (request: unknown) => unknown;

/** The parts of sip.js 0.21.2's Invitation that `accept()` uses after its answer is ready. */
interface InvitationInside {
  stateTransition(state: SessionState): void;
  userNoAnswerTimer?: NodeJS.Timeout;
  incomingInviteRequest: {
    accept(options: { statusCode: number; body: { contentDisposition: string; contentType: string; content: string }; extraHeaders: string[] }): {
      session: { delegate: unknown };
    };
  };
  onAckRequest: Handler; onAckTimeout: () => void; onByeRequest: Handler; onInfoRequest: Handler;
  onInviteRequest: Handler; onMessageRequest: Handler; onNotifyRequest: Handler; onPrackRequest: Handler; onReferRequest: Handler;
  _dialog: unknown;
  waitingForPrack: boolean;
}

const HANDLERS = ['onAckRequest', 'onAckTimeout', 'onByeRequest', 'onInfoRequest', 'onInviteRequest', 'onMessageRequest', 'onNotifyRequest', 'onPrackRequest', 'onReferRequest'] as const;

/** True when this sip.js Invitation has what `answerNow` needs (else: `accept()`). */
export function canAnswerNow(inv: Invitation): boolean {
  const x = inv as unknown as Partial<InvitationInside>;
  return typeof x.stateTransition === 'function' && typeof x.incomingInviteRequest?.accept === 'function' &&
    HANDLERS.every((h) => typeof x[h] === 'function') && x.waitingForPrack === false;
}

/**
 * Send the 200 OK with `sdp` now and make the session Established, as `accept()` would.
 * Call only on a ringing (Initial) invitation for which `canAnswerNow` is true. Throws what
 * sip.js throws (e.g. the transaction already ended); the session is then Terminated.
 */
export function answerNow(inv: Invitation, sdp: string): void {
  const x = inv as unknown as InvitationInside;
  x.stateTransition(SessionState.Establishing);
  clearTimeout(x.userNoAnswerTimer);
  let session: { delegate: unknown };
  try {
    ({ session } = x.incomingInviteRequest.accept({
      statusCode: 200,
      body: { contentDisposition: 'session', contentType: 'application/sdp', content: sdp },
      extraHeaders: [],
    }));
  } catch (e) {
    if (inv.state !== SessionState.Terminated) x.stateTransition(SessionState.Terminated);
    throw e;
  }
  session.delegate = {
    onAck: (r: unknown) => x.onAckRequest(r),
    onAckTimeout: () => x.onAckTimeout(),
    onBye: (r: unknown) => x.onByeRequest(r),
    onInfo: (r: unknown) => x.onInfoRequest(r),
    onInvite: (r: unknown) => x.onInviteRequest(r),
    onMessage: (r: unknown) => x.onMessageRequest(r),
    onNotify: (r: unknown) => x.onNotifyRequest(r),
    onPrack: (r: unknown) => x.onPrackRequest(r),
    onRefer: (r: unknown) => x.onReferRequest(r),
  };
  x._dialog = session;
  x.stateTransition(SessionState.Established);
}
