/**
 * The order payload sent to a point of sale (documented in docs/pos-api.md, schema in
 * docs/pos-order.schema.json). One payload per version of a delivery: `id` stays the same,
 * `revision` grows with every change, so a POS keeps the highest revision it has seen and
 * ignores older ones that arrive late.
 */
import type { Delivery } from '../store/types.js';
import { lineTotal, itemsTotal } from '../store/deliveries.js';

export interface OrderPayload {
  id: string;
  displayNumber: string;
  revision: number;
  source: 'phone';
  type: 'delivery' | 'pickup';
  pointOfSale: string;
  customer: { id: number | null; name: string; phone: string };
  address: Delivery['address'];
  items: { productId: number | null; name: string; size: string; quantity: number; unitPrice: number; modifiers: { name: string; price: number }[]; lineTotal: number; comment: string }[];
  totals: { subtotal: number; deliveryFee: number; total: number; currency: string };
  payment: { kind: Delivery['paymentKind']; cashTendered: number | null; changeToReturn: number | null };
  persons: number;
  asap: boolean;
  promisedAt: string | null;
  comment: string;
  status: Delivery['status'];
  createdAt: string;
  /** When this revision was made (UTC). */
  updatedAt: string;
}

export function orderPayload(d: Delivery, currency: string, fee = 0): OrderPayload {
  const subtotal = itemsTotal(d.items);
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
      productId: i.productId, name: i.name, size: i.size, quantity: i.quantity, unitPrice: i.unitPrice,
      modifiers: i.modifiers, lineTotal: lineTotal(i), comment: i.kitchenComment,
    })),
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
    status: d.status,
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
  };
}
