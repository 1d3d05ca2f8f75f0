/**
 * A call's life, shared by every Phone and the desk.
 *
 *            (outgoing)
 *   dialing ───────────┐
 *      │ remote rings  │
 *      ▼               ▼
 *   ringing ──answer──> answered <──unpause── paused
 *      │                  │  └────pause──────>  │
 *      │                  ▼                     ▼
 *      └──────────────> ended (with an EndReason) <┘
 */
export type CallPhase = 'dialing' | 'ringing' | 'answered' | 'paused' | 'ended';

const allowed: Record<CallPhase, readonly CallPhase[]> = {
  dialing: ['ringing', 'answered', 'ended'],
  ringing: ['answered', 'ended'],
  answered: ['paused', 'ended'],
  paused: ['answered', 'ended'],
  ended: [],
};

/** True when a call may move from `from` to `to`. */
export function canMove(from: CallPhase, to: CallPhase): boolean {
  return allowed[from].includes(to);
}

/** Returns `to`, or throws: an illegal move is a bug in a Phone or the desk. */
export function move(from: CallPhase, to: CallPhase): CallPhase {
  if (!canMove(from, to)) throw new Error(`call cannot go from ${from} to ${to}`);
  return to;
}

/** Registration life: offline -> connecting -> registered | failed -> connecting ... */
export const registrationMoves = {
  offline: ['connecting'],
  connecting: ['registered', 'failed', 'offline'],
  registered: ['connecting', 'offline', 'failed'],
  failed: ['connecting', 'offline'],
} as const;
