/**
 * Waiting in a test until something holds — a frame or a tmux screen shows what is expected, a
 * row is written, a peer heard the audio — never a fixed sleep: `check` is looked at every `every`
 * ms (default 10) for at most `ms` (default 10 s). Gives back what `check` gave the first time it
 * was neither false, null nor undefined (the frame, the row). Otherwise it fails naming `what`
 * (the check's own source when no name is given), with what `shown()` shows then (the last
 * frame, the screens), so a failing test says what never happened.
 */
export function until<T>(check: () => T | Promise<T>, ms?: number): Promise<Held<T>>;
export function until<T>(what: string, check: () => T | Promise<T>, ms?: number, opts?: UntilOptions): Promise<Held<T>>;
export async function until<T>(
  a: string | (() => T | Promise<T>), b?: (() => T | Promise<T>) | number, c?: number, opts: UntilOptions = {},
): Promise<Held<T>> {
  const [what, check, ms] = typeof a === 'string' ? [a, b as () => T | Promise<T>, c ?? 10_000] : [String(a), a, (b as number | undefined) ?? 10_000];
  const end = performance.now() + ms;
  for (;;) {
    const got = await check();
    if (got !== false && got !== null && got !== undefined) return got as Held<T>;
    if (performance.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${opts.shown ? `; shown then:\n${opts.shown()}` : ''}`);
    await new Promise((r) => setTimeout(r, opts.every ?? 10));
  }
}

export interface UntilOptions {
  /** How often to look (ms). */
  every?: number;
  /** What to show when it never held (the screens, the last frame). */
  shown?: () => string;
}

/** What a check gives once it holds. */
export type Held<T> = Exclude<T, false | null | undefined>;
