/**
 * When the relay stops retrying an order the POS has not acknowledged. Never a number of
 * attempts: a POS outage of any length only delays orders. The deadline is tied to the order
 * (default: its promised time), and a run of retries is never shorter than MIN_WINDOW_MS, so an
 * order queued (or resent) close to or after its promised time still gets a fair chance.
 *
 *   promised        the order's promised time (default)
 *   promised+15m    fifteen minutes after it
 *   45m             45 minutes after the order was queued or resent, whatever it promised
 */

export type GiveUpPolicy = { kind: 'promised'; graceMs: number } | { kind: 'after'; ms: number };

export const defaultGiveUp: GiveUpPolicy = { kind: 'promised', graceMs: 0 };
/** The shortest run of retries under the `promised` policies. */
export const MIN_WINDOW_MS = 10 * 60_000;
/** The window of an order with no promised time (no outlet timing known) under `promised`. */
export const NO_PROMISE_WINDOW_MS = 60 * 60_000;

const unitMs: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** "promised", "promised+15m", "45m", "2h", "90s"; a message naming the value when it is none of these. */
export function parseGiveUp(text: string): { ok: true; policy: GiveUpPolicy } | { ok: false; error: string } {
  const t = text.trim().toLowerCase();
  const m = /^(promised)(?:\+(\d+)([smh]))?$|^(\d+)([smh])$/.exec(t);
  if (!m) return { ok: false, error: `give-up "${text}" must be "promised", "promised+<n>m" or a duration like "45m" / "2h"` };
  if (m[1]) return { ok: true, policy: { kind: 'promised', graceMs: m[2] ? Number(m[2]) * unitMs[m[3]] : 0 } };
  const ms = Number(m[4]) * unitMs[m[5]];
  if (ms <= 0) return { ok: false, error: `give-up "${text}" must be longer than zero` };
  return { ok: true, policy: { kind: 'after', ms } };
}

/** What a row needs for its deadline: the promised time it was queued with, and when its retries began. */
export interface RetryWindow { promisedAt: number | null; retryFrom: number }

/** The moment the relay gives up on an order that is still not acknowledged. */
export function giveUpAt(p: GiveUpPolicy, w: RetryWindow): number {
  if (p.kind === 'after') return w.retryFrom + p.ms;
  const promised = w.promisedAt === null ? w.retryFrom + NO_PROMISE_WINDOW_MS : w.promisedAt + p.graceMs;
  return Math.max(promised, w.retryFrom + MIN_WINDOW_MS);
}

/** The policy in the words of a failure reason: "its promised time", "45 min after it was queued". */
export function describeGiveUp(p: GiveUpPolicy, w: RetryWindow): string {
  if (p.kind === 'after') return `${p.ms < 60_000 ? `${Math.round(p.ms / 1000)} s` : `${Math.round(p.ms / 60_000)} min`} after it was queued`;
  if (w.promisedAt === null) return `${NO_PROMISE_WINDOW_MS / 60_000} min after it was queued (no promised time)`;
  if (giveUpAt(p, w) > w.promisedAt + p.graceMs) return `${MIN_WINDOW_MS / 60_000} min after it was queued`;
  return p.graceMs ? `${Math.round(p.graceMs / 60_000)} min after its promised time` : 'its promised time';
}
