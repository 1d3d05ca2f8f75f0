/**
 * `/` on the open orders and the scheduled orders: the list narrows to the orders whose number,
 * customer, phone or address contains what is typed — case and accents aside ("novak" finds
 * Nováková), digits against the phone's digits ("777123" finds "+420 777 123 456"). The cursor
 * (listIndex, scheduled.index) counts in the narrowed list.
 */
import type { DeliverySummary } from '../domain/delivery.js';
import type { ScheduledDelivery } from '../domain/delivery.js';
import type { DeskState } from './state.js';

/** Text as it is compared: lower case, without accents. */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Whether every word of `query` is in one of the texts (a run of digits also in the phone's digits). */
export function matchesSearch(query: string, texts: string[], phone = ''): boolean {
  const hay = folded(texts.join(' '));
  const digits = phone.replace(/\D/g, '');
  return folded(query).split(/\s+/).filter(Boolean).every((w) => hay.includes(w) || (/^\d+$/.test(w) && digits.includes(w)));
}

const query = (s: DeskState) => s.listSearch?.query.trim() ?? '';

/** The open orders the list shows now. */
export function shownOrders(s: DeskState): DeliverySummary[] {
  const q = query(s);
  return q ? s.openOrders.filter((o) => matchesSearch(q, [o.number, o.customerName, o.phone, o.address], o.phone)) : s.openOrders;
}

/** The scheduled orders the list shows now. */
export function shownScheduled(s: DeskState): ScheduledDelivery[] {
  const q = query(s);
  return q ? s.scheduled.list.filter((o) => matchesSearch(q, [o.number, o.customerName, o.phone], o.phone)) : s.scheduled.list;
}
