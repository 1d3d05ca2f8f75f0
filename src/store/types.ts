/** Plain data the store hands out. Money in minor units, times in epoch milliseconds. */

export type Category = 'regular' | 'vip' | 'problem' | 'staff' | 'spam' | 'sleeping' | 'not-a-client';
export const categories: readonly Category[] = ['regular', 'vip', 'problem', 'staff', 'spam', 'sleeping', 'not-a-client'];

export type DeliveryStatus =
  | 'draft' | 'awaiting' | 'sent' | 'confirmed' | 'cooking' | 'on-the-way'
  | 'delivered' | 'closed' | 'cancelled' | 'failed';
/** "Unfinished" = not delivered, closed or cancelled (DESIGN.md). */
export const finishedStatuses: readonly DeliveryStatus[] = ['delivered', 'closed', 'cancelled'];

export interface Customer {
  id: number;
  name: string;
  company: string;
  category: Category;
  note: string;
  city: string;
  country: string;
  debt: number;
  phones: { e164: string; asTyped: string }[];
}

export interface Address {
  city: string;
  street: string;
  house: string;
  building: string;
  flat: string;
  entrance: string;
  floor: string;
  intercom: string;
  postcode: string;
  lat: number | null;
  lon: number | null;
  courierNote: string;
}
export const emptyAddress: Address = {
  city: '', street: '', house: '', building: '', flat: '', entrance: '', floor: '',
  intercom: '', postcode: '', lat: null, lon: null, courierNote: '',
};
export const addressFields = ['street', 'house', 'flat', 'entrance', 'floor', 'intercom', 'city', 'postcode', 'courierNote'] as const;
export type AddressField = (typeof addressFields)[number];

export function formatAddress(a: Address): string {
  const line = [a.street && `${a.street} ${a.house}`.trim(), a.flat && `flat ${a.flat}`, a.city]
    .filter(Boolean).join(', ');
  return line;
}
export function hasAddress(a: Address): boolean {
  return a.street.trim() !== '' && a.house.trim() !== '';
}

export interface DeliveryItem {
  productId: number | null;
  name: string;
  size: string;
  /** The size as chosen from the menu (absent on lines typed before sizes existed). */
  sizeId?: number | null;
  /** Modifiers with the ids they were chosen by, when chosen from the menu. */
  modifiers: { name: string; price: number; groupId?: number; modifierId?: number }[];
  quantity: number;
  unitPrice: number;
  kitchenComment: string;
}

export interface Delivery {
  id: number;
  number: string;
  customerId: number | null;
  customerName: string;
  phone: string;
  phoneKey: string | null;
  kind: 'delivery' | 'pickup';
  status: DeliveryStatus;
  address: Address;
  promisedAt: number | null;
  asap: boolean;
  posId: number | null;
  posName: string;
  driverId: number | null;
  driverName: string;
  driverMobile: string;
  paymentKind: 'cash' | 'card' | 'prepaid';
  cashTendered: number | null;
  persons: number;
  comment: string;
  items: DeliveryItem[];
  total: number;
  version: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * The newest version's hand-off to the point of sale, read from the outbox: what the list and
 * the card say instead of a bare "sent" (queued, sending with its attempt and next try,
 * acknowledged, failed with the reason).
 */
export interface Handoff {
  state: 'queued' | 'sending' | 'sent' | 'acknowledged' | 'failed';
  /** Attempts made so far for this version. */
  attempts: number;
  /** When a queued version is tried next (epoch ms). */
  nextAttemptAt: number;
  /** Why the last attempt did not get through (or a note on a late acknowledgement). */
  lastError: string;
  acknowledgedAt: number | null;
  version: number;
  outboxId: number;
}

/** One line of a delivery list (open orders, a caller's unfinished deliveries). */
export interface DeliverySummary {
  id: number;
  number: string;
  status: DeliveryStatus;
  customerName: string;
  phone: string;
  address: string;
  promisedAt: number | null;
  total: number;
  driverName: string;
  updatedAt: number;
  /** Still to collect at the door (everything unless prepaid), minor units; absent when not known. */
  unpaid?: number;
  /** The newest version's hand-off to the POS; null when never sent (a draft), absent when not read. */
  handoff?: Handoff | null;
}

export interface Product {
  id: number;
  name: string;
  category: string;
  price: number;
  stopped: boolean;
}

export interface PointOfSale { id: number; name: string; preparationMinutes: number; busyMinutes: number }

export interface Operator { id: number; name: string; osUser: string; pbxLogin: string; extension: string; headsetTarget: string; hasSecret: boolean }

/**
 * How a call ended, as logged: 'missed' = the caller hung up while it rang (reported as
 * abandoned); 'rejected' = the dispatcher (or the spam rule) refused it; 'unanswered' = it
 * rang here and ended unanswered otherwise (the console quit or stopped; reported as missed).
 */
export type CallOutcome = 'ringing' | 'answered' | 'missed' | 'unanswered' | 'answered-elsewhere' | 'rejected' | 'busy' | 'no-answer' | 'failed';

export interface CallRecord {
  id: number;
  callRef: string;
  direction: 'incoming' | 'outgoing';
  remote: string;
  operator: string;
  extension: string;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: CallOutcome;
  customerId: number | null;
  deliveryId: number | null;
}
