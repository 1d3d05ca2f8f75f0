/**
 * The one injected clock. Everything that needs the time takes a `Clock` (epoch ms): the
 * console passes the system clock; fixtures and tests pass a manual one that stands still
 * until told to move, so nothing they check depends on when, or in which time zone, they run.
 */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** A clock that reads `start` until `advance` or `set` moves it. */
export interface ManualClock extends Clock {
  advance(ms: number): number;
  set(at: number): void;
}

export function manualClock(start: number): ManualClock {
  let at = start;
  const clock = (() => at) as ManualClock;
  clock.advance = (ms) => (at += ms);
  clock.set = (t) => { at = t; };
  return clock;
}
