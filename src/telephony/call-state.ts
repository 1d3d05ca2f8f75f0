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
import type { RegistrationState } from './phone.js';

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

/**
 * Registration life, checked like a call's (`moveRegistration`).
 *
 *                  ┌─────────── link lost ───────────┐
 *                  ▼                                 │
 *   offline ──> connecting ──REGISTER accepted──> registered
 *      │           │   ▲                          ▲  │
 *      │ unusable  │   │ reconnect    REGISTER    │  │ refresh refused
 *      │ address   ▼   │              retried,    │  │
 *      └────────> failed ─────────────accepted────┘  │
 *                   ▲────────────────────────────────┘
 *
 * Any state -> offline on stop. Reporting the state it is already in (a retry with a new
 * reason) is not a move.
 */
export const registrationMoves: Record<RegistrationState, readonly RegistrationState[]> = {
  offline: ['connecting', 'failed'],
  connecting: ['registered', 'failed', 'offline'],
  registered: ['connecting', 'offline', 'failed'],
  failed: ['connecting', 'registered', 'offline'],
};

/** True when registration may move from `from` to `to` (or stays where it is). */
export function canMoveRegistration(from: RegistrationState, to: RegistrationState): boolean {
  return from === to || registrationMoves[from].includes(to);
}

/** Returns `to`, or throws: an illegal move is a bug in a Phone. */
export function moveRegistration(from: RegistrationState, to: RegistrationState): RegistrationState {
  if (!canMoveRegistration(from, to)) throw new Error(`registration cannot go from ${from} to ${to}`);
  return to;
}
