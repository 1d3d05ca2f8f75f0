/**
 * What may still change on a delivery in each status, cancelling with a reason, switching
 * between delivery and pickup, and the short number read to the caller ("B-042").
 */
import type { DeliveryStatus } from './delivery.js';

export type CancelCode = 'customer-cancelled' | 'duplicate' | 'out-of-zone' | 'item-unavailable' | 'hoax' | 'other';
/** The reasons a dispatcher chooses from, in the order the chooser lists them. */
export const cancelReasons: readonly { code: CancelCode; label: string }[] = [
  { code: 'customer-cancelled', label: 'Customer cancelled' },
  { code: 'duplicate', label: 'Duplicate order' },
  { code: 'out-of-zone', label: 'Out of zone' },
  { code: 'item-unavailable', label: 'Item unavailable' },
  { code: 'hoax', label: 'Hoax order' },
  { code: 'other', label: 'Other (say why)' },
];

export type OrderField =
  | 'customer' | 'address' | 'zone' | 'kind' | 'items' | 'promisedTime' | 'outlet'
  | 'payment' | 'persons' | 'comment' | 'courierComment';
export const allOrderFields: readonly OrderField[] = [
  'customer', 'address', 'zone', 'kind', 'items', 'promisedTime', 'outlet', 'payment', 'persons', 'comment', 'courierComment',
];

/**
 * Before the kitchen starts everything may change (the outlet gets a new revision); while it
 * cooks, only what the courier needs; once on the way, nothing.
 */
const editable: Record<DeliveryStatus, readonly OrderField[]> = {
  draft: allOrderFields,
  awaiting: allOrderFields,
  failed: allOrderFields,
  sent: allOrderFields,
  confirmed: allOrderFields,
  cooking: ['address', 'payment', 'persons', 'comment', 'courierComment'],
  'on-the-way': [],
  delivered: [],
  closed: [],
  cancelled: [],
};

export function editableFields(status: DeliveryStatus): readonly OrderField[] {
  return editable[status];
}

/** Why a field cannot change now; null when it can. */
export function whyNotEditable(status: DeliveryStatus, field: OrderField): string | null {
  if (editable[status].includes(field)) return null;
  if (status === 'on-the-way') return 'the courier is on the way: nothing can change now; call the driver';
  if (status === 'cooking') return 'the kitchen is cooking: only the address, payment, persons and comments can change';
  return `the delivery is ${status}: nothing can change`;
}

export type CancelCheck = { ok: true; reason: CancelCode; note: string } | { ok: false; message: string };

/** Whether a delivery in `status` can be cancelled for this reason; "other" needs the text. */
export function checkCancel(status: DeliveryStatus, reason: CancelCode, note = ''): CancelCheck {
  if (status === 'on-the-way') return { ok: false, message: 'the courier has already picked the order up; it cannot be cancelled now (call the driver; it can end as failed)' };
  if (status === 'delivered' || status === 'closed') return { ok: false, message: `the delivery is already ${status}` };
  if (status === 'cancelled') return { ok: false, message: 'the delivery is already cancelled' };
  if (!cancelReasons.some((r) => r.code === reason)) return { ok: false, message: `"${reason}" is not a cancel reason; choose one of ${cancelReasons.map((r) => r.code).join(', ')}` };
  if (reason === 'other' && note.trim() === '') return { ok: false, message: 'say why: "other" needs a short text' };
  return { ok: true, reason, note: note.trim() };
}

/** A draft, or an order the point of sale never got (failed): what Send hands over. Anything else went already. */
export function awaitsSending(status: DeliveryStatus): boolean {
  return status === 'draft' || status === 'failed';
}

/** Delivery <-> pickup: pickup keeps the typed address (for history) but needs no zone or fee. */
export function switchKindCheck(status: DeliveryStatus, to: 'delivery' | 'pickup'): string | null {
  const why = whyNotEditable(status, 'kind');
  return why ? `cannot switch to ${to}: ${why}` : null;
}

/** The short number read to the caller: the outlet's letter(s) and the day's sequence, "B-042". */
export function orderNumber(outletCode: string, seq: number): string {
  return `${outletCode || 'D'}-${String(seq).padStart(3, '0')}`;
}

/** An outlet's code for numbers: its configured code, else the first letter of its name. */
export function outletCode(code: string, name: string): string {
  const c = code.trim() || name.normalize('NFD').replace(/[^A-Za-z]/g, '').slice(0, 1);
  return c.toUpperCase() || 'D';
}
