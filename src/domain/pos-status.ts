/**
 * Statuses a point of sale reports, in the dispatcher's words, and the rule that they only
 * move a delivery forward (DOMAIN.md §3.5): a late or repeated report never undoes a newer one.
 */
import type { DeliveryStatus } from './delivery.js';

/** The statuses a POS may send (docs/pos-api.md) and the delivery status each one means. */
export const posStatusMeaning = {
  accepted: 'confirmed',
  cooking: 'cooking',
  'on-the-way': 'on-the-way',
  delivered: 'delivered',
  cancelled: 'cancelled',
} as const satisfies Record<string, DeliveryStatus>;
export type PosStatus = keyof typeof posStatusMeaning;

/** "On the way", "on_the_way", "ON-THE-WAY" and "canceled" are accepted as spelled by real POSes. */
export function parsePosStatus(raw: unknown): DeliveryStatus | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim().toLowerCase().replace(/[\s_]+/g, '-').replace(/^canceled$/, 'cancelled');
  return (posStatusMeaning as Record<string, DeliveryStatus>)[s] ?? null;
}

// draft/awaiting/sent/failed: not yet known to have reached the kitchen
const step: Record<DeliveryStatus, number> = {
  draft: 0, awaiting: 0, sent: 1, failed: 1, confirmed: 2, cooking: 3, 'on-the-way': 4, delivered: 5, closed: 6, cancelled: 6,
};
const finished: readonly DeliveryStatus[] = ['delivered', 'closed', 'cancelled'];

/** Whether a report of `next` moves a delivery that is `current` forward. Cancel is forward from any unfinished status. */
export function isForward(current: DeliveryStatus, next: DeliveryStatus): boolean {
  if (finished.includes(current)) return false;
  if (next === 'cancelled') return true;
  return step[next] > step[current];
}
