/** A delivery: its statuses, lines, totals and its hand-off to the point of sale. Pure data and rules; money in minor units, times in epoch ms. */
import type { Address } from './address.js';

export type DeliveryStatus =
  | 'draft' | 'awaiting' | 'sent' | 'confirmed' | 'cooking' | 'on-the-way'
  | 'delivered' | 'closed' | 'cancelled' | 'failed';
/** "Unfinished" = not delivered, closed or cancelled (DESIGN.md). */
export const finishedStatuses: readonly DeliveryStatus[] = ['delivered', 'closed', 'cancelled'];

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

/** Where one version of an order is on its way to the point of sale (the POS outbox). */
export type OutboxState = 'queued' | 'sending' | 'sent' | 'acknowledged' | 'failed';
export const outboxStates: readonly OutboxState[] = ['queued', 'sending', 'sent', 'acknowledged', 'failed'];

/**
 * The newest version's hand-off to the point of sale, read from the outbox: what the list and
 * the card say instead of a bare "sent" (queued, sending with its attempt and next try,
 * acknowledged, failed with the reason).
 */
export interface Handoff {
  state: OutboxState;
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

/** A delivery whose newest version the POS does not have and will not get without a dispatcher: what every console shows loudly. */
export interface FailedHandoff {
  outboxId: number; deliveryId: number; number: string; version: number; posName: string; reason: string;
}

/** A scheduled order in the list apart; `due` when its confirmation call should be made now. */
export interface ScheduledDelivery { id: number; number: string; phone: string; customerName: string; promisedAt: number; confirmDueAt: number | null; confirmedAt: number | null; due: boolean }

/** Price of one line: unit price plus its modifiers, times quantity. */
export function lineTotal(i: DeliveryItem): number {
  return (i.unitPrice + i.modifiers.reduce((s, m) => s + m.price, 0)) * i.quantity;
}
export function itemsTotal(items: DeliveryItem[]): number {
  return items.reduce((s, i) => s + lineTotal(i), 0);
}
