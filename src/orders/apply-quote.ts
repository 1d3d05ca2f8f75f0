/**
 * The quote of the delivery open on the console's card, and what it records on the delivery:
 * the zone, outlet, fee and promised time, an override with the operator, and the short number
 * of the outlet ("V-003") while the order is a draft. The console's runner calls these after a
 * delivery is opened, saved or reloaded, and before it is sent; the quote itself is the same
 * quote() that `ringdesk quote` prints.
 */
import type { Store } from '../store/index.js';
import type { Delivery } from '../store/types.js';
import type { DeliveryTerms } from '../store/order-terms.js';
import { quoteDelivery } from './card-quote.js';
import type { Quote, QuoteSettings } from './quote.js';
import { confirmationDueAt } from './promised-time.js';
import { orderNumber, outletCode } from './lifecycle.js';
import { localDay } from './local-time.js';

/** What the dispatcher chose on the card: a zone by hand, and the override key. */
export interface OrderChoice { zone: string | null; override: boolean }
export const noChoice: OrderChoice = { zone: null, override: false };

/** The card's quote with what it was made from. */
export interface CardQuote {
  deliveryId: number;
  version: number;
  quote: Quote;
  terms: DeliveryTerms | null;
  /** Indexes of the delivery's lines whose product is on the stop-list (or gone) now. */
  stoppedLines: number[];
}

/**
 * Quote the delivery as the card shows it. The outlet is the dispatcher's choice, except that
 * a zone that differs from the one recorded brings its own outlet (the address moved).
 */
export function quoteOpenDelivery(store: Store, d: Delivery, choice: OrderChoice, settings: QuoteSettings, now: number): { quote: Quote; posId: number | null; byAddress: Quote; terms: DeliveryTerms | null } {
  const terms = store.orderTerms.get(d.id);
  const byAddress = quoteDelivery(store, d, settings, { now, outlet: d.kind === 'pickup' ? d.posName || null : null });
  let posId = d.posId;
  if (d.kind === 'delivery') {
    const zone = choice.zone ? store.zones.byName(choice.zone) : byAddress.zone;
    if (zone && zone.posId !== null && (zone.id !== terms?.zoneId || posId === null)) posId = zone.posId;
  }
  const outlet = posId === null ? null : store.outlets.byId(posId)?.name ?? null;
  let q = quoteDelivery(store, { ...d, posId }, settings, { now, zone: choice.zone, override: choice.override, outlet: outlet ?? (d.kind === 'pickup' ? null : undefined) });
  // no zones defined at all: the desk takes orders without zone checks (zones are optional setup)
  if (!store.zones.any()) {
    const refusals = q.refusals.filter((r) => r.code !== 'OutOfZone');
    q = { ...q, refusals, ok: refusals.length === 0 };
  }
  return { quote: q, posId, byAddress, terms };
}

/** Lines whose product is sold out at the outlet, or no longer on the menu. */
export function stoppedLines(store: Store, d: Delivery, posId: number | null): number[] {
  const out: number[] = [];
  d.items.forEach((l, n) => {
    if (l.productId === null) return; // typed by hand, not from the menu
    const p = store.menu.product(l.productId, posId);
    if (!p || !p.active || p.stopped) out.push(n);
  });
  return out;
}

const WRITABLE = ['draft', 'awaiting', 'sent', 'confirmed', 'cooking', 'failed'];

/**
 * Quote the delivery and, with `record`, write what changed: zone, outlet, fee, minutes and
 * promised time (ASAP times are written when something else changes, or with `force` before
 * sending), the override and who made it, and the outlet's short number while a draft.
 * Returns the delivery as it now is in the store.
 */
export function recordQuote(
  store: Store, d: Delivery, choice: OrderChoice, settings: QuoteSettings,
  o: { now: number; operatorId: number | null; record: boolean; force?: boolean },
): CardQuote & { delivery: Delivery } {
  const { quote: q, posId, byAddress, terms } = quoteOpenDelivery(store, d, choice, settings, o.now);
  let delivery = d;
  let t = terms;
  if (o.record && t && WRITABLE.includes(d.status)) {
    const zoneId = d.kind === 'delivery' ? q.zone?.id ?? null : null;
    const asap = d.asap || d.promisedAt === null;
    const promisedAt = asap ? q.promisedAt : d.promisedAt;
    const timing = q.outlet ? { preparationMinutes: q.outlet.preparationMinutes, busyMinutes: q.outlet.busyMinutes, zoneMinutes: d.kind === 'delivery' ? q.zone?.minutes ?? 0 : 0 } : null;
    const changed = zoneId !== t.zoneId || posId !== d.posId || q.fee !== t.fee || q.minutes !== t.deliveryMinutes
      || (!asap && promisedAt !== d.promisedAt) || (o.force && promisedAt !== d.promisedAt);
    if (changed) {
      const r = store.orderTerms.applyQuote(d.id, d.version, {
        zoneId, posId, fee: q.fee, minutes: q.minutes, promisedAt, asap,
        confirmDueAt: !asap && promisedAt !== null && timing ? confirmationDueAt(promisedAt, timing) : null,
      }, o.now);
      if (r.ok) t = r.terms;
    }
    // a zone by hand for an address no zone serves is an override too
    const codes = q.overridden.map((r) => r.code as string);
    if (choice.zone && d.kind === 'delivery' && byAddress.refusals.some((r) => r.code === 'OutOfZone') && !codes.includes('OutOfZone')) codes.unshift('OutOfZone');
    if (codes.join(',') !== t.zoneRefusal) {
      const r = store.orderTerms.recordOverride(d.id, t.version, codes, codes.length ? o.operatorId : null, choice.zone ? `zone ${choice.zone} chosen by hand` : '', o.now);
      if (r.ok) t = r.terms;
    }
    const outlet = posId === null ? null : store.outlets.byId(posId);
    if (outlet && d.status === 'draft') {
      const code = outletCode(outlet.code, outlet.name);
      if (!t.number.startsWith(`${code}-`)) {
        store.orderTerms.setNumber(d.id, orderNumber(code, store.outlets.nextNumber(outlet.id, localDay(o.now, settings.timezone))), o.now);
      }
    }
    delivery = store.deliveries.get(d.id) ?? d;
    t = store.orderTerms.get(d.id);
  }
  return { deliveryId: d.id, version: delivery.version, quote: q, terms: t, stoppedLines: stoppedLines(store, delivery, posId), delivery };
}
