/**
 * An operator's presence: the status they chose (available, on a break, offline) or the wrap-up
 * after a call, which ends by itself — no write is needed for it to end, so nothing wakes the
 * other consoles when it does: the status is read through `presenceNow` at the moment it matters.
 */

export type PresenceStatus = 'available' | 'break' | 'wrap-up' | 'offline';
export const presenceStatuses: readonly PresenceStatus[] = ['available', 'break', 'wrap-up', 'offline'];

export interface Presence {
  status: PresenceStatus;
  /** Wrap-up: when it ends (then the operator is available again); null otherwise. */
  until: number | null;
  /** When the status was set. */
  since: number;
}

/** A colleague's presence as every console shows it. */
export interface OperatorPresence extends Presence {
  operator: string;
}

/** Nobody set anything yet: a console that starts is available. */
export const availableSince = (now: number): Presence => ({ status: 'available', until: null, since: now });

/** The status in force at `now`: a wrap-up whose time is over is available again. */
export function presenceNow(p: Presence, now: number): PresenceStatus {
  if (p.status === 'wrap-up' && p.until !== null && p.until <= now) return 'available';
  return p.status;
}

/**
 * The presence key: available → break → offline → available; a wrap-up ends early (available).
 */
export function nextPresence(p: Presence, now: number): PresenceStatus {
  switch (presenceNow(p, now)) {
    case 'available': return 'break';
    case 'break': return 'offline';
    case 'offline': return 'available';
    case 'wrap-up': return 'available';
  }
}

/**
 * After a conversation ends: an available operator (or one already wrapping up) wraps up for
 * `wrapUpMs`; a break or offline chosen during the call stays. Null: nothing changes.
 */
export function wrapUpAfter(p: Presence, endedAt: number, wrapUpMs: number): Presence | null {
  if (wrapUpMs <= 0) return null;
  const now = presenceNow(p, endedAt);
  if (now !== 'available' && now !== 'wrap-up') return null;
  return { status: 'wrap-up', until: endedAt + wrapUpMs, since: endedAt };
}

/** The status in the dispatcher's words, with a wrap-up's seconds left. */
export function presenceWords(p: Presence, now: number): string {
  const status = presenceNow(p, now);
  if (status === 'wrap-up' && p.until !== null) return `wrap-up ${Math.max(1, Math.ceil((p.until - now) / 1000))} s`;
  return status === 'break' ? 'on break' : status;
}

/** When a wrap-up among these ends next (after `now`): the screen's status must change then. */
export function nextPresenceChange(list: readonly Presence[], now: number): number | null {
  let at: number | null = null;
  for (const p of list) if (p.status === 'wrap-up' && p.until !== null && p.until > now && (at === null || p.until < at)) at = p.until;
  return at;
}
