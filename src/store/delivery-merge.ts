/**
 * Two dispatchers on one order: a save based on an older version is merged, field by field,
 * with what was written since (a three-way merge of base → mine and base → theirs).
 *
 * A field is what a dispatcher edits as one thing: each address row, the phone, the customer,
 * the time (ASAP or a time), the outlet, the payment (kind with its cash amount), persons, the
 * order comment, the lines (with their kitchen comments), delivery/pickup, the status. Fields
 * only one side changed are both kept; a field both sides changed to different values is a
 * conflict and the save is refused with the newer value. Values that follow from others stay
 * coherent: the coordinates go with whoever moved the place (none when both did), the total
 * is recomputed from the lines on write.
 */
import { whyNotEditable, type OrderField } from '../domain/lifecycle.js';
import type { Delivery } from '../domain/delivery.js';
import { formatMoney } from '../domain/money.js';

interface MergeField {
  key: string;
  /** How the dispatcher calls it (messages). */
  label: string;
  /** The lifecycle's name for it: whether it may still change in the delivery's status. */
  orderField: OrderField | null;
  read: (d: Delivery) => unknown;
  /** `into` with this field taken from `from`. */
  take: (into: Delivery, from: Delivery) => Delivery;
  /** The value as a dispatcher reads it (conflict messages). */
  show: (d: Delivery) => string;
}

const addressRows: [keyof Delivery['address'] & string, string][] = [
  ['street', 'Street'], ['house', 'House'], ['building', 'Building'], ['flat', 'Flat'], ['entrance', 'Entrance'], ['floor', 'Floor'],
  ['intercom', 'Intercom'], ['city', 'City'], ['postcode', 'Postcode'], ['courierNote', 'For courier'],
];

/** The address parts that say where the door is: changing one means the coordinates are no longer known. */
export const placeParts = ['street', 'house', 'city', 'postcode'] as const;

function field<K extends keyof Delivery>(key: K, label: string, orderField: OrderField | null, show: (d: Delivery) => string = (d) => String(d[key] ?? '')): MergeField {
  return { key, label, orderField, read: (d) => d[key], take: (into, from) => ({ ...into, [key]: from[key] }), show };
}

const lines = (d: Delivery) => d.items.map((i) => ({
  productId: i.productId, name: i.name, size: i.size, sizeId: i.sizeId ?? null, quantity: i.quantity, unitPrice: i.unitPrice,
  kitchenComment: i.kitchenComment, modifiers: i.modifiers.map((m) => ({ name: m.name, price: m.price, modifierId: m.modifierId ?? null })),
}));

const mergeFields: readonly MergeField[] = [
  field('customerId', 'Customer', 'customer', (d) => d.customerName || (d.customerId ? `#${d.customerId}` : 'none')),
  { key: 'phone', label: 'Phone', orderField: 'customer', read: (d) => [d.phone, d.phoneKey], take: (into, from) => ({ ...into, phone: from.phone, phoneKey: from.phoneKey }), show: (d) => d.phone },
  field('kind', 'Delivery/pickup', 'kind'),
  field('status', 'Status', null),
  ...addressRows.map(([part, label]): MergeField => ({
    key: `address.${part}`, label, orderField: 'address', read: (d) => d.address[part],
    take: (into, from) => ({ ...into, address: { ...into.address, [part]: from.address[part] } }), show: (d) => String(d.address[part] ?? ''),
  })),
  {
    key: 'time', label: 'Time', orderField: 'promisedTime', read: (d) => [d.asap, d.promisedAt],
    take: (into, from) => ({ ...into, asap: from.asap, promisedAt: from.promisedAt }), show: (d) => (d.asap ? 'ASAP' : 'a chosen time'),
  },
  field('posId', 'Point of sale', 'outlet', (d) => d.posName || (d.posId ? `#${d.posId}` : 'none')),
  field('driverId', 'Driver', null, (d) => d.driverName || 'none'),
  {
    key: 'payment', label: 'Payment', orderField: 'payment', read: (d) => [d.paymentKind, d.cashTendered],
    take: (into, from) => ({ ...into, paymentKind: from.paymentKind, cashTendered: from.cashTendered }),
    show: (d) => `${d.paymentKind}${d.cashTendered === null ? '' : ` (pays with ${formatMoney(d.cashTendered, '').trim()})`}`,
  },
  field('persons', 'Persons', 'persons'),
  field('comment', 'Comment', 'comment'),
  {
    key: 'items', label: 'Items', orderField: 'items', read: lines, take: (into, from) => ({ ...into, items: from.items }),
    show: (d) => d.items.map((i) => `${i.quantity}× ${i.name}`).join(', ') || 'none',
  },
];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const changed = (f: MergeField, from: Delivery, to: Delivery) => !same(f.read(from), f.read(to));

/** A field both sides changed, with the value written meanwhile. */
export interface FieldConflict { field: string; label: string; theirs: string }

export type MergeOutcome =
  /** `changes`: whether the merged delivery differs from the current one (nothing to write if not). */
  | { ok: true; delivery: Delivery; theirs: string[]; changes: boolean }
  | { ok: false; reason: string; conflicts: FieldConflict[] };

/**
 * `mine` (edited from `base`) on top of `current` (written by others since `base`): the fields
 * only I changed, over everything else as it is now. Refused when a field was changed both ways,
 * or when a field I changed may no longer change in the current status.
 */
export function mergeDelivery(base: Delivery, mine: Delivery, current: Delivery): MergeOutcome {
  const ours = mergeFields.filter((f) => changed(f, base, mine));
  const theirs = mergeFields.filter((f) => changed(f, base, current));
  const conflicts = ours.filter((f) => theirs.includes(f) && changed(f, mine, current))
    .map((f) => ({ field: f.key, label: f.label, theirs: f.show(current) }));
  if (conflicts.length) {
    const c = conflicts[0];
    return { ok: false, conflicts, reason: `${c.label} of delivery ${current.number} was changed by someone else to "${c.theirs}"` };
  }
  for (const f of ours) {
    const why = f.orderField && !same(f.read(mine), f.read(current)) ? whyNotEditable(current.status, f.orderField) : null;
    if (why) return { ok: false, conflicts: [], reason: `${f.label} of delivery ${current.number} cannot change now: ${why}` };
  }
  let merged = ours.reduce((d, f) => f.take(d, mine), current);
  merged = { ...merged, address: { ...merged.address, ...coordinates(base, mine, current) } };
  const changes = mergeFields.some((f) => changed(f, current, merged)) || merged.address.lat !== current.address.lat || merged.address.lon !== current.address.lon;
  return { ok: true, delivery: { ...merged, version: current.version }, theirs: theirs.filter((f) => !ours.includes(f)).map((f) => f.label), changes };
}

/** Coordinates belong to a place: whoever moved it brings theirs; when both moved it, it is located again. */
function coordinates(base: Delivery, mine: Delivery, current: Delivery): { lat: number | null; lon: number | null } {
  const moved = (to: Delivery) => placeParts.some((p) => base.address[p] !== to.address[p]);
  const at = (d: Delivery) => ({ lat: d.address.lat, lon: d.address.lon });
  if (moved(mine) && moved(current)) return { lat: null, lon: null };
  if (moved(mine)) return at(mine);
  if (moved(current)) return at(current);
  return same(at(base), at(current)) ? at(mine) : at(current);
}
