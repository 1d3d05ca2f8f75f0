/**
 * The order payload sent to a point of sale (documented in docs/pos-api.md, schema in
 * docs/pos-order.schema.json). One payload per version of a delivery: `id` stays the same,
 * `revision` grows with every change, so a POS keeps the highest revision it has seen and
 * ignores older ones that arrive late.
 */
import type { Delivery } from '../domain/delivery.js';
import { lineTotal, itemsTotal } from '../domain/delivery.js';

/** What order-taking recorded beside the delivery (src/store/order-terms.ts DeliveryTerms fits). */
export interface PayloadTerms {
  zoneName: string;
  fee: number;
  deliveryMinutes: number | null;
  courierComment: string;
  cancelReason: string;
  cancelNote: string;
  /** Zone refusal codes the dispatcher overrode ("OutOfZone,BelowMinimum"), and who. */
  zoneRefusal: string;
  overrideOperator: string;
}

export interface PayloadModifier { name: string; price: number; groupId?: number; modifierId?: number }

export interface OrderPayload {
  id: string;
  displayNumber: string;
  revision: number;
  source: 'phone';
  type: 'delivery' | 'pickup';
  pointOfSale: string;
  customer: { id: number | null; name: string; phone: string };
  address: Delivery['address'];
  items: { productId: number | null; name: string; size: string; sizeId: number | null; quantity: number; unitPrice: number; modifiers: PayloadModifier[]; lineTotal: number; comment: string }[];
  /** The delivery zone (null for pickup or when none was found) and its delivery minutes. */
  zone: { name: string; deliveryMinutes: number | null } | null;
  /** Zone refusals the dispatcher overrode, and who did. */
  override: { codes: string[]; operator: string } | null;
  totals: { subtotal: number; deliveryFee: number; total: number; currency: string };
  payment: { kind: Delivery['paymentKind']; cashTendered: number | null; changeToReturn: number | null };
  persons: number;
  asap: boolean;
  promisedAt: string | null;
  comment: string;
  /** For the courier (beside the address's own note). */
  courierComment: string;
  status: Delivery['status'];
  /** Why the delivery was cancelled (status cancelled), else null. */
  cancel: { reason: string; note: string } | null;
  createdAt: string;
  /** When this revision was made (UTC). */
  updatedAt: string;
}

/** The payload of one version of a delivery; `terms` adds the zone, fee, override, courier comment and cancel reason. */
export function orderPayload(d: Delivery, currency: string, terms?: PayloadTerms): OrderPayload {
  const subtotal = itemsTotal(d.items);
  const fee = d.kind === 'pickup' ? 0 : terms?.fee ?? 0;
  const total = subtotal + fee;
  return {
    id: `ringdesk-delivery-${d.id}`,
    displayNumber: d.number,
    revision: d.version,
    source: 'phone',
    type: d.kind,
    pointOfSale: d.posName,
    customer: { id: d.customerId, name: d.customerName, phone: d.phoneKey ?? d.phone },
    address: d.address,
    items: d.items.map((i) => ({
      productId: i.productId, name: i.name, size: i.size, sizeId: i.sizeId ?? null, quantity: i.quantity, unitPrice: i.unitPrice,
      modifiers: i.modifiers.map((m) => ({ name: m.name, price: m.price, ...(m.groupId !== undefined ? { groupId: m.groupId } : {}), ...(m.modifierId !== undefined ? { modifierId: m.modifierId } : {}) })),
      lineTotal: lineTotal(i), comment: i.kitchenComment,
    })),
    zone: d.kind === 'delivery' && terms?.zoneName ? { name: terms.zoneName, deliveryMinutes: terms.deliveryMinutes } : null,
    override: terms?.zoneRefusal ? { codes: terms.zoneRefusal.split(','), operator: terms.overrideOperator } : null,
    totals: { subtotal, deliveryFee: fee, total, currency },
    payment: {
      kind: d.paymentKind,
      cashTendered: d.cashTendered,
      changeToReturn: d.paymentKind === 'cash' && d.cashTendered != null ? Math.max(0, d.cashTendered - total) : null,
    },
    persons: d.persons,
    asap: d.asap,
    promisedAt: d.promisedAt ? new Date(d.promisedAt).toISOString() : null,
    comment: d.comment,
    courierComment: terms?.courierComment ?? '',
    status: d.status,
    cancel: d.status === 'cancelled' ? { reason: terms?.cancelReason ?? '', note: terms?.cancelNote ?? '' } : null,
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
  };
}
