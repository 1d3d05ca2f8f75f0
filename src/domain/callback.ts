/**
 * A callback: a work item of kind 'callback' (src/domain/work-item.ts) with what a callback adds
 * (CHANNELS.md "Callbacks", after Amazon Connect): when it is due, how many attempts are left
 * and the delay between them, when it expires, and where it came from — a caller who gave up
 * while waiting (one per number and local day), a dispatcher's key ("call back at 18:30"), or
 * outside (POST /callbacks, the web widget). It keeps its place in the queue (its item's first
 * arrival); it is dialled agent first: the dispatcher accepts, then the customer is dialled.
 *
 *   due ──dial──> reached                               (the item is done)
 *         └─────> no answer ──attempts left, before expiry──> due again after the retry delay
 *                          └──none left, or past expiry──> expired
 *
 * Pure: no store, no clock.
 */
import { formatClock, formatDayTime, localDay } from './local-time.js';

export const callbackSources = ['abandoned', 'key', 'web'] as const;
export type CallbackSource = (typeof callbackSources)[number];
export type CallbackOutcome = 'reached' | 'no-answer' | 'expired';

/** Defaults a supervisor would expect: three tries, 15 minutes apart, for a day. */
export const CALLBACK_DEFAULTS = { attempts: 3, retryDelayMs: 15 * 60_000, validMs: 24 * 3_600_000 } as const;
/** Limits for what comes from outside (Amazon Connect: the first call within 3 days). */
export const CALLBACK_LIMITS = { maxAheadMs: 3 * 24 * 3_600_000, maxAttempts: 10, minRetryDelayMs: 60_000, maxRetryDelayMs: 24 * 3_600_000 } as const;
/** A caller who gave up after waiting less than this is not called back (a misdial, a quick hang-up). */
export const ABANDONED_MIN_WAIT_MS = 10_000;

export interface CallbackTerms {
  dueAt: number;
  attemptsLeft: number;
  retryDelayMs: number;
  expiresAt: number;
}

export interface Callback extends CallbackTerms {
  itemId: number;
  source: CallbackSource;
  attemptsMade: number;
  /** The call it came from (an abandoned call, the call during which the key was pressed), '' none. */
  fromCall: string;
  /** The invitation code it came with (its number), or null. */
  codeId: number | null;
  /** When it became an offline message (nobody of its group was available), or null. */
  offlineAt: number | null;
  /** The last dial's outcome ('' never dialled). */
  outcome: '' | CallbackOutcome;
  outcomeAt: number | null;
  createdBy: string;
  createdAt: number;
}

/** Terms from what was asked, with the defaults; a reason when they make no sense. */
export function callbackTerms(
  asked: { dueAt?: number | null; attempts?: number; retryDelayMs?: number; expiresAt?: number | null },
  now: number,
): { ok: true; terms: CallbackTerms } | { ok: false; reason: string } {
  const dueAt = asked.dueAt ?? now;
  const attempts = asked.attempts ?? CALLBACK_DEFAULTS.attempts;
  const retryDelayMs = asked.retryDelayMs ?? CALLBACK_DEFAULTS.retryDelayMs;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > CALLBACK_LIMITS.maxAttempts) return { ok: false, reason: `attempts must be a whole number from 1 to ${CALLBACK_LIMITS.maxAttempts}` };
  if (!Number.isFinite(retryDelayMs) || retryDelayMs < CALLBACK_LIMITS.minRetryDelayMs || retryDelayMs > CALLBACK_LIMITS.maxRetryDelayMs) return { ok: false, reason: 'the retry delay must be from 1 minute to 24 hours' };
  if (dueAt > now + CALLBACK_LIMITS.maxAheadMs) return { ok: false, reason: 'a callback is due at most 3 days ahead' };
  const expiresAt = asked.expiresAt ?? Math.max(dueAt, now) + CALLBACK_DEFAULTS.validMs;
  if (expiresAt <= Math.max(dueAt, now)) return { ok: false, reason: 'the callback expires before it is due' };
  return { ok: true, terms: { dueAt: Math.max(dueAt, now), attemptsLeft: attempts, retryDelayMs, expiresAt } };
}

/** One callback per caller who gave up, per number and local day (the desk's time zone). */
export function abandonedKey(phoneKey: string, at: number, timezone: string): string {
  return `${phoneKey} ${localDay(at, timezone)}`;
}

/** Whether it is time to dial it. */
export function isDue(c: Pick<Callback, 'dueAt' | 'outcome'>, now: number): boolean {
  return (c.outcome === '' || c.outcome === 'no-answer') && c.dueAt <= now;
}

/** What a dial's outcome does: the callback's new terms and the item's next state. */
export function afterDial(c: CallbackTerms & { attemptsMade: number }, reached: boolean, now: number):
  { outcome: CallbackOutcome; item: 'done' | 'waiting' | 'expired'; terms: CallbackTerms; attemptsMade: number } {
  const attemptsMade = c.attemptsMade + 1;
  const attemptsLeft = Math.max(0, c.attemptsLeft - 1);
  if (reached) return { outcome: 'reached', item: 'done', terms: { ...c, attemptsLeft }, attemptsMade };
  const nextDue = now + c.retryDelayMs;
  if (attemptsLeft === 0 || nextDue >= c.expiresAt) return { outcome: 'expired', item: 'expired', terms: { ...c, attemptsLeft }, attemptsMade };
  return { outcome: 'no-answer', item: 'waiting', terms: { ...c, attemptsLeft, dueAt: nextDue }, attemptsMade };
}

/** The card's line: "callback due 18:30 · 2 attempts left" (the day when not today). */
export function callbackLine(c: Pick<Callback, 'dueAt' | 'attemptsLeft' | 'outcome'>, now: number, timezone: string): string {
  const when = localDay(c.dueAt, timezone) === localDay(now, timezone) ? formatClock(c.dueAt, timezone) : formatDayTime(c.dueAt, timezone, now);
  const due = c.dueAt <= now ? `due since ${when}` : `due ${when}`;
  const left = `${c.attemptsLeft} attempt${c.attemptsLeft === 1 ? '' : 's'} left`;
  const last = c.outcome === 'no-answer' ? ' · last try: no answer' : '';
  return `callback ${due} · ${left}${last}`;
}
