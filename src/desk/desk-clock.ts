/** The desk's clock: when the screen's time must next move. */
import { countsSeconds, type DeskState } from './state.js';
import { nextPresenceChange } from '../domain/presence.js';

/**
 * The next whole second while something on screen counts seconds (a call's timer, an order's
 * next try), else the next whole minute: the status bar's clock shows minutes, so an idle
 * console draws once a minute. Whole minutes since the epoch are whole minutes in every time
 * zone in use.
 */
export function nextTickAt(s: DeskState, now: number): number {
  const step = countsSeconds(s) ? 1000 : 60_000;
  const next = Math.floor(now / step) * step + step;
  // a colleague's wrap-up ends between minutes: their status changes on screen then
  const wrapUp = nextPresenceChange(s.presence.team, now);
  return wrapUp !== null && wrapUp < next ? wrapUp : next;
}
