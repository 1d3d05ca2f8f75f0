/**
 * The dispatcher's one-key status changes on a delivery (S5's Waiting / Confirmed / Cancelled /
 * Came): which moves are allowed from which status. Statuses only go forward; cancelling has its
 * own rules and a reason (src/domain/lifecycle.ts checkCancel).
 */
import type { DeliveryStatus } from '../domain/delivery.js';

/** The statuses a key sets directly; cancelling goes through the reason chooser. */
export type KeyedStatus = 'awaiting' | 'confirmed' | 'cancelled' | 'delivered';
export const keyedStatuses: readonly KeyedStatus[] = ['awaiting', 'confirmed', 'cancelled', 'delivered'];

const finished: readonly DeliveryStatus[] = ['delivered', 'closed', 'cancelled'];

/** Where each status stands on the way to the door (draft and failed before anything was accepted). */
const rank: Record<DeliveryStatus, number> = {
  draft: 0, failed: 0, awaiting: 1, sent: 2, confirmed: 3, cooking: 4, 'on-the-way': 5, delivered: 6, closed: 7, cancelled: 7,
};

/** Why `from` cannot become `to` by the dispatcher's key, or null when it can. */
export function statusChangeRefusal(from: DeliveryStatus, to: Exclude<KeyedStatus, 'cancelled'>): string | null {
  if (from === to) return `the delivery is already ${to === 'awaiting' ? 'awaiting confirmation' : to}`;
  if (finished.includes(from)) return `the delivery is ${from}: its status can no longer change`;
  if (to === 'delivered') {
    if (rank[from] < rank.sent) return 'not sent to the point of sale yet: send it first (s)';
    return null;
  }
  if (rank[from] >= rank[to]) return `the delivery is already ${from}: a status only goes forward`;
  return null;
}
