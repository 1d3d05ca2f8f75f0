/**
 * The quote of the delivery open on the console's card, and what it records on the delivery:
 * the zone, outlet, fee and promised time, and an override with the operator. The short number
 * read to the caller is never changed here: it is given once, when the order is made. An order
 * already sent keeps its outlet and price; a new address that would change them is proposed
 * (`requote`) and applied only when the dispatcher says yes. The console's runner calls these after a
 * delivery is opened, saved or reloaded, and before it is sent; the quote itself is the same
 * quote() that `ringdesk quote` prints.
 */
import type { StorePorts } from '../store/ports.js';
import type { Delivery } from '../domain/delivery.js';
import type { DeliveryTerms } from '../store/ports.js';
import { quoteDelivery } from './card-quote.js';
import { quote, type Quote, type QuoteSettings } from './quote.js';
import { confirmationDueAt } from './promised-time.js';

/** What the dispatcher chose on the card: a zone by hand, and the override key. */
export interface OrderChoice { zone: string | null; override: boolean }
export const noChoice: OrderChoice = { zone: null, override: false };

/**
 * A new outlet or price that the quote of a changed address proposes for an order already sent:
 * the desk asks before it records it (the kitchen and the caller were told the old ones).
 */
export interface Requote {
  deliveryId: number;
  number: string;
  zoneName: string;
  fromPos: string;
  toPos: string;
  fromFee: number;
  toFee: number;
  /** The same proposal has the same key: a dispatcher who kept the order as sent is not asked again. */
  key: string;
}

/** The card's quote with what it was made from. */
export interface CardQuote {
  deliveryId: number;
  version: number;
  quote: Quote;
  terms: DeliveryTerms | null;
  /** Indexes of the delivery's lines whose product is on the stop-list (or gone) now. */
  stoppedLines: number[];
  /** A sent order's new address would move it or change its price: ask first (null: nothing to ask). */
  requote: Requote | null;
}

/**
 * Quote the delivery as the card shows it. The outlet is the dispatcher's choice, except that
 * a zone that differs from the one recorded brings its own outlet (the address moved).
 */
export async function quoteOpenDelivery(store: StorePorts, d: Delivery, choice: OrderChoice, settings: QuoteSettings, now: number): Promise<{ quote: Quote; posId: number | null; byAddress: Quote; terms: DeliveryTerms | null }> {
  const terms = await store.orderTerms.get(d.id);
  const byAddress = await quoteDelivery(store, d, settings, { now, outlet: d.kind === 'pickup' ? d.posName || null : null });
  let posId = d.posId;
  if (d.kind === 'delivery') {
    const zone = choice.zone ? await store.zones.byName(choice.zone) : byAddress.zone;
    if (zone && zone.posId !== null && (zone.id !== terms?.zoneId || posId === null)) posId = zone.posId;
  }
  const outlet = posId === null ? null : (await store.outlets.byId(posId))?.name ?? null;
  let q = await quoteDelivery(store, { ...d, posId }, settings, { now, zone: choice.zone, override: choice.override, outlet: outlet ?? (d.kind === 'pickup' ? null : undefined) });
  // no zones defined at all: the desk takes orders without zone checks (zones are optional setup)
  if (!(await store.zones.any())) {
    const refusals = q.refusals.filter((r) => r.code !== 'OutOfZone');
    q = { ...q, refusals, ok: refusals.length === 0 };
  }
  return { quote: q, posId, byAddress, terms };
}

/**
 * The outlet an address's zone sends a new order to (the same zone lookup as every quote), so
 * that an order made with a known address gets that outlet, and its number, from the start:
 * the number read to the caller never changes afterwards.
 */
export async function outletForAddress(store: StorePorts, address: Delivery['address'] | undefined, settings: QuoteSettings, now: number): Promise<number | null> {
  if (!address) return null;
  const q = await quote(store, { kind: 'delivery', address, items: [], payment: { kind: 'card', cashTendered: null }, when: { kind: 'asap' }, now }, settings);
  return q.outlet?.id ?? null;
}

/** Where an address is, for telling a move from an edit of the flat, floor or intercom. */
function place(a: Delivery['address']): string {
  return [a.city, a.street, a.house, a.postcode, a.lat, a.lon].map((x) => String(x ?? '').trim().toLowerCase()).join('|');
}

/** Whether a sent delivery's address is another place than the one its newest version was sent with. */
async function addressMoved(store: StorePorts, d: Delivery): Promise<boolean> {
  const row = await store.outbox.newestOf(d.id);
  if (!row) return false; // never handed over (older data): nothing to compare with, nothing moves by itself
  try {
    const sent = (JSON.parse(row.payload) as { address?: Delivery['address'] }).address;
    return !!sent && place(sent) !== place(d.address);
  } catch {
    return false;
  }
}

/** Lines whose product is sold out at the outlet, or no longer on the menu. */
export async function stoppedLines(store: StorePorts, d: Delivery, posId: number | null): Promise<number[]> {
  const products = await Promise.all(d.items.map((l) => (l.productId === null ? undefined : store.menu.product(l.productId, posId))));
  const out: number[] = [];
  products.forEach((p, n) => {
    if (p === undefined) return; // typed by hand, not from the menu
    if (!p || !p.active || p.stopped) out.push(n);
  });
  return out;
}

const WRITABLE = ['draft', 'awaiting', 'sent', 'confirmed', 'cooking', 'failed'];

/**
 * Quote the delivery and, with `record`, write what changed: zone, outlet, fee, minutes and
 * promised time (ASAP times are written when something else changes, or with `force` before
 * sending), and the override and who made it. An order already sent (any status after the
 * draft) keeps its outlet, fee and promised time whatever is edited: only a zone that differs
 * from the recorded one (its address moved, or a zone chosen by hand) proposes a new outlet or
 * fee, returned as `requote` and written only with `accept` (the dispatcher said yes).
 * Returns the delivery as it now is in the store.
 */
export async function recordQuote(
  store: StorePorts, d: Delivery, choice: OrderChoice, settings: QuoteSettings,
  o: { now: number; operatorId: number | null; record: boolean; force?: boolean; accept?: boolean },
): Promise<CardQuote & { delivery: Delivery }> {
  const { quote: q, posId, byAddress, terms } = await quoteOpenDelivery(store, d, choice, settings, o.now);
  let delivery = d;
  let t = terms;
  let requote: Requote | null = null;
  if (o.record && t && WRITABLE.includes(d.status)) {
    const zoneId = d.kind === 'delivery' ? q.zone?.id ?? null : null;
    if (d.status === 'draft') {
      const asap = d.asap || d.promisedAt === null;
      const promisedAt = asap ? q.promisedAt : d.promisedAt;
      const timing = q.outlet ? { preparationMinutes: q.outlet.preparationMinutes, busyMinutes: q.outlet.busyMinutes, zoneMinutes: d.kind === 'delivery' ? q.zone?.minutes ?? 0 : 0 } : null;
      const changed = zoneId !== t.zoneId || posId !== d.posId || q.fee !== t.fee || q.minutes !== t.deliveryMinutes
        || (!asap && promisedAt !== d.promisedAt) || (o.force && promisedAt !== d.promisedAt);
      if (changed) {
        const r = await store.orderTerms.applyQuote(d.id, d.version, {
          zoneId, posId, fee: q.fee, minutes: q.minutes, promisedAt, asap,
          confirmDueAt: !asap && promisedAt !== null && timing ? confirmationDueAt(promisedAt, timing) : null,
        }, o.now);
        if (r.ok) t = r.terms;
      }
    } else {
      // sent: the outlet and the price stay unless the dispatcher moved the order (a new address
      // than the one the POS was sent, or a zone by hand) into another zone, and says yes
      const moves = posId !== d.posId || (d.kind === 'delivery' && q.fee !== t.fee);
      const movedByHand = zoneId !== t.zoneId && (choice.zone !== null || (await addressMoved(store, d)));
      if (moves && movedByHand && !o.accept) {
        const name = async (id: number | null) => (id === null ? 'no point of sale' : (await store.outlets.byId(id))?.name ?? `point of sale #${id}`);
        requote = {
          deliveryId: d.id, number: d.number, zoneName: q.zone?.name ?? 'no zone', fromPos: await name(d.posId), toPos: await name(posId),
          fromFee: t.fee, toFee: q.fee, key: `${zoneId}:${posId}:${q.fee}`,
        };
      } else if ((movedByHand && !moves) || (o.accept && moves)) {
        // another zone with the same outlet and price, or a move the dispatcher accepted; the promised time stays as told
        const r = await store.orderTerms.applyQuote(d.id, d.version, {
          zoneId, posId: o.accept ? posId : d.posId, fee: o.accept ? q.fee : t.fee, minutes: o.accept ? q.minutes : t.deliveryMinutes,
          promisedAt: d.promisedAt, asap: d.asap, confirmDueAt: t.confirmDueAt,
        }, o.now);
        if (r.ok) t = r.terms;
      }
    }
    // a zone by hand for an address no zone serves is an override too
    const codes = q.overridden.map((r) => r.code as string);
    if (choice.zone && d.kind === 'delivery' && byAddress.refusals.some((r) => r.code === 'OutOfZone') && !codes.includes('OutOfZone')) codes.unshift('OutOfZone');
    if (!requote && codes.join(',') !== t.zoneRefusal) {
      const r = await store.orderTerms.recordOverride(d.id, t.version, codes, codes.length ? o.operatorId : null, choice.zone ? `zone ${choice.zone} chosen by hand` : '', o.now);
      if (r.ok) t = r.terms;
    }
    delivery = (await store.deliveries.get(d.id)) ?? d;
    t = await store.orderTerms.get(d.id);
  }
  return { deliveryId: d.id, version: delivery.version, quote: q, terms: t, stoppedLines: await stoppedLines(store, delivery, posId), requote, delivery };
}
