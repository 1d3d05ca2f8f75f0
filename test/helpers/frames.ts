/** Waiting for a view's frame in component tests: until it shows what is expected, never a fixed sleep. */
import { until } from './until.js';

/**
 * The frame once `ok` holds, looked at every 10 ms for at most `ms`; otherwise it fails naming
 * `what` with the last frame, so a test says what never appeared.
 */
export function untilFrame(frame: () => string | undefined, ok: (f: string) => boolean, what = 'frame', ms = 2000): Promise<string> {
  return until(what, () => { const f = frame() ?? ''; return ok(f) ? f : null; }, ms, { shown: () => frame() ?? '' });
}
