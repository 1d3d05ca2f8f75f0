/**
 * Invitation codes (mluvii's idea, CHANNELS.md "The queue"): a dispatcher hands a client a
 * 6-digit code; a chat or callback request that arrives with it goes to that dispatcher only,
 * or, while they are offline, to the code's fallback (a group; by default the dispatcher's own).
 * One-off codes work once; reusable ones until their expiry. The rules here are pure; the
 * store keeps only an HMAC of each code (src/store/invitation-codes.ts).
 */

export const CODE_DIGITS = 6;
/** A one-off code is good for a day unless told otherwise. */
export const ONE_OFF_VALID_MS = 24 * 3_600_000;
/** A reusable code needs an expiry; at most 90 days ahead. */
export const REUSABLE_MAX_MS = 90 * 24 * 3_600_000;

/** "123 456", "123-456" or "123456" → "123456"; null when it is not 6 digits. */
export function normaliseCode(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(digits) ? digits : null;
}

/** How a code is shown to the dispatcher who made it (once): "123 456". */
export function showCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

export type CodeState = 'active' | 'used' | 'expired' | 'revoked';

export interface InvitationCode {
  id: number;
  operator: string;
  reusable: boolean;
  expiresAt: number;
  createdAt: number;
  usedAt: number | null;
  uses: number;
  revokedAt: number | null;
  /** A group's name, or '' for the operator's own group(s). */
  fallback: string;
}

export function codeState(c: Pick<InvitationCode, 'reusable' | 'expiresAt' | 'usedAt' | 'revokedAt'>, now: number): CodeState {
  if (c.revokedAt !== null) return 'revoked';
  if (!c.reusable && c.usedAt !== null) return 'used';
  return now >= c.expiresAt ? 'expired' : 'active';
}

/** Where an item that came with a code goes. */
export type CodeRoute =
  | { to: 'operator'; operator: string; codeId: number }
  | { to: 'fallback'; operator: string; group: string; codeId: number; why: string };

/**
 * The code's operator when they are online (`isOnline`), else its fallback: the named group, or
 * the first of the operator's groups (`groupsOf`), or anyone ('' group) when they have none.
 */
export function routeByCode(c: InvitationCode, isOnline: (operator: string) => boolean, groupsOf: (operator: string) => string[]): CodeRoute {
  if (isOnline(c.operator)) return { to: 'operator', operator: c.operator, codeId: c.id };
  const group = c.fallback || groupsOf(c.operator)[0] || '';
  return { to: 'fallback', operator: c.operator, group, codeId: c.id, why: `${c.operator} is offline` };
}
