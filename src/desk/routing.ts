/**
 * S2 routing on answer, as one pure function:
 * a call a colleague transferred here with its order -> that order (the context travels);
 * unfinished deliveries for the number -> open the earliest by delivery time;
 * else customers with the number -> none: new delivery with the number;
 * one: new delivery for them (phone = the calling number); several: chooser. A driver's mobile
 * with neither opens nothing (the dispatcher talks to the driver; `n` still makes an order).
 */
export interface RoutingInput {
  /** The calling number as it will be written into the delivery's phone field ('' when withheld). */
  phone: string;
  unfinished: { id: number; promisedAt: number | null; updatedAt?: number }[];
  customers: { id: number }[];
  /** The number is a driver's mobile (src/store Store.driverWithPhone). */
  driver?: boolean;
  /** A colleague transferred this call here with its order (src/store/transfers.ts): that order opens first. */
  transferred?: { deliveryId: number | null; customerId: number | null };
}

export type Route =
  | { kind: 'open-delivery'; deliveryId: number }
  | { kind: 'new-delivery'; customerId: number | null; phone: string }
  | { kind: 'choose-customer'; customerIds: number[]; phone: string }
  /** A driver calling, with no order and no card under this number: talk, open nothing. */
  | { kind: 'no-order' };

/** `intoNewOrder` (S1 "select customer for new order") skips the caller's unfinished deliveries. */
export function route(input: RoutingInput, intoNewOrder = false): Route {
  // the context travels: the order the colleague had open, else a new one for the card they had
  const t = input.transferred;
  if (t && !intoNewOrder && t.deliveryId !== null) return { kind: 'open-delivery', deliveryId: t.deliveryId };
  if (t && t.customerId !== null) return { kind: 'new-delivery', customerId: t.customerId, phone: input.phone };
  if (!intoNewOrder && input.unfinished.length > 0) {
    const earliest = [...input.unfinished].sort(byDeliveryTime)[0];
    return { kind: 'open-delivery', deliveryId: earliest.id };
  }
  if (input.customers.length === 0) return !intoNewOrder && input.driver ? { kind: 'no-order' } : { kind: 'new-delivery', customerId: null, phone: input.phone };
  if (input.customers.length === 1) return { kind: 'new-delivery', customerId: input.customers[0].id, phone: input.phone };
  return { kind: 'choose-customer', customerIds: input.customers.map((c) => c.id), phone: input.phone };
}

/** Earliest promised time first; deliveries without one after those with one; then the lower id. */
function byDeliveryTime(a: { id: number; promisedAt: number | null }, b: { id: number; promisedAt: number | null }): number {
  if (a.promisedAt !== b.promisedAt) {
    if (a.promisedAt === null) return 1;
    if (b.promisedAt === null) return -1;
    return a.promisedAt - b.promisedAt;
  }
  return a.id - b.id;
}
