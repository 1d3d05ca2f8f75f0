/** Waiting for a view's frame in component tests: until it shows what is expected, never a fixed sleep. */

const tick = () => new Promise((r) => setTimeout(r, 10));

/**
 * The frame once `ok` holds, looked at every 10 ms for at most `ms`; otherwise it fails naming
 * `what` with the last frame, so a test says what never appeared.
 */
export async function untilFrame(frame: () => string | undefined, ok: (f: string) => boolean, what = 'frame', ms = 2000): Promise<string> {
  const end = Date.now() + ms;
  let f = frame() ?? '';
  while (!ok(f) && Date.now() < end) { await tick(); f = frame() ?? ''; }
  if (!ok(f)) throw new Error(`${what} never appeared; last frame:\n${f}`);
  return f;
}
