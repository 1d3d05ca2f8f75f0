/**
 * The capacity matrix: what an operator can take on beside what they already have. One voice
 * conversation (a call, or a callback being dialled agent-first); up to `chats` chats (default 3,
 * set by the supervisor per operator); while on a voice conversation at most `chatsBesideCall`
 * chats (default 0: during a call nothing else, as Daktela's matrix). Only an available operator
 * is offered anything. The one rule used wherever an item is offered (the desk's banner and bell,
 * auto-answer, the queue).
 */
import { presenceNow, type Presence, type PresenceStatus } from './presence.js';

export type OfferKind = 'call' | 'callback' | 'chat';

export interface Capacity {
  /** Chats at once. */
  chats: number;
  /** Chats that may stay open while a voice conversation goes on (and a call offered beside them). */
  chatsBesideCall: number;
}

export const defaultCapacity: Capacity = { chats: 3, chatsBesideCall: 0 };
/** Wrap-up after a conversation when the supervisor set none (seconds): none, the next call is offered at once. */
export const DEFAULT_WRAP_UP_S = 0;

/** What the operator has now: voice conversations (0 or 1) and chats. */
export interface Load {
  voice: number;
  chats: number;
}

const statusRefusal: Record<Exclude<PresenceStatus, 'available'>, string> = {
  break: 'you are on break',
  'wrap-up': 'you are wrapping up the last call',
  offline: 'you are offline',
};

/** Why an item of `kind` is not offered to this operator now, or null when it is. */
export function offerRefusal(presence: Presence | PresenceStatus, capacity: Capacity, load: Load, kind: OfferKind, now = 0): string | null {
  const status = typeof presence === 'string' ? presence : presenceNow(presence, now);
  if (status !== 'available') return statusRefusal[status];
  if (kind === 'chat') {
    if (load.chats >= capacity.chats) return `already in ${load.chats} chat${load.chats === 1 ? '' : 's'} (the most you take: ${capacity.chats})`;
    if (load.voice > 0 && load.chats >= capacity.chatsBesideCall) return 'on a call';
    return null;
  }
  // a call or a callback is a voice conversation: one at a time
  if (load.voice > 0) return 'already on a call';
  if (load.chats > capacity.chatsBesideCall) return `in ${load.chats} chat${load.chats === 1 ? '' : 's'} (a call comes only with ${capacity.chatsBesideCall === 0 ? 'none' : `at most ${capacity.chatsBesideCall}`} open)`;
  return null;
}
