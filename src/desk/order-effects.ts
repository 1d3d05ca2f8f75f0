/**
 * The runner's half of order-taking (issue 7): carries out the effects of src/desk/orders.ts
 * against the store and feeds the results back as events. The quote is the same quoteDelivery()
 * / quote() that `ringdesk quote` prints.
 */
import type { Store } from '../store/index.js';
import type { Delivery } from '../domain/delivery.js';
import { outletForAddress, recordQuote, type OrderChoice } from '../orders/apply-quote.js';
import { repeatLines } from '../orders/repeat.js';
import { parseWhen } from '../orders/promised-time.js';
import { itemsTotal } from '../domain/delivery.js';
import { emptyAddress } from '../domain/address.js';
import { formatMoney } from '../domain/money.js';
import type { QuoteSettings } from '../orders/quote.js';
import { saveAnswer, type DeskEvent, type Effect } from './events.js';
import type { OrderEffect } from './orders.js';
import type { AddressGeocoder } from './geocode-effects.js';

export interface OrderEffectContext {
  store: Store;
  settings: QuoteSettings;
  now: () => number;
  operatorId: number | null;
  dispatch: (e: DeskEvent) => void;
  /** Config geocoder: coordinates for an address typed without them, asked in the background. */
  geocoder?: AddressGeocoder | null;
  /** The relay's wake (a send or resend goes out at once, not at its next poll). */
  wakeRelay?: () => void;
}

/** Quote (and with `record`, record) the delivery and tell the desk. */
export function quoteAndTell(c: OrderEffectContext, d: Delivery, choice: OrderChoice, record: boolean, force = false) {
  const r = recordQuote(c.store, d, choice, c.settings, { now: c.now(), operatorId: c.operatorId, record, force });
  const { delivery, ...card } = r;
  c.dispatch({ type: 'quote-ready', card, delivery });
  return r;
}

export function runOrderEffect(c: OrderEffectContext, e: OrderEffect): void {
  const { store } = c;
  switch (e.type) {
    case 'quote-delivery': {
      const r = quoteAndTell(c, e.delivery, e.choice, e.record);
      c.geocoder?.consider(store, r.delivery, c.now, c.dispatch);
      if (!e.context) return;
      const d = r.delivery;
      const terms = r.terms;
      // what was chosen before (a zone by hand, an override) comes back with the delivery
      const choice: OrderChoice = { zone: terms && terms.zoneId !== null && terms.zoneId !== r.quote.zone?.id ? terms.zoneName : e.choice.zone, override: e.choice.override || !!terms?.zoneRefusal };
      c.dispatch({
        type: 'order-context', deliveryId: d.id, choice,
        addresses: d.customerId ? store.addresses.forCustomer(d.customerId) : [],
        past: d.customerId ? store.deliveries.recentForCustomer(d.customerId, 8) : [],
      });
      return;
    }
    case 'load-product': return c.dispatch({ type: 'product-loaded', product: store.menu.product(e.productId, e.posId) });
    case 'load-zones': return c.dispatch({ type: 'zones-loaded', zones: store.zones.list() });
    case 'load-scheduled': return c.dispatch({ type: 'scheduled-loaded', list: store.orderTerms.scheduled(c.now()) });
    case 'confirm-scheduled':
      store.orderTerms.markConfirmed(e.id, c.now());
      return c.dispatch({ type: 'scheduled-loaded', list: store.orderTerms.scheduled(c.now()) });
    case 'busy': {
      const o = store.outlets.byId(e.posId);
      if (!o) return c.dispatch({ type: 'error', text: 'that point of sale no longer exists' });
      const now = store.outlets.setBusy(o.id, o.busyMinutes + e.delta, c.now())!;
      c.dispatch({ type: 'info', text: `${now.name}: busy +${now.busyMinutes} min (preparation ${now.preparationMinutes} min) — every ASAP time of the outlet moves` });
      return c.dispatch({ type: 'requote' });
    }
    case 'courier-comment': {
      const r = store.orderTerms.setCourierComment(e.delivery.id, e.delivery.version, e.text, c.now(), e.before);
      if (!r.ok) return c.dispatch({ type: 'delivery-stale', current: store.deliveries.get(e.delivery.id), reason: r.reason });
      return c.dispatch({ type: 'delivery-saved', delivery: store.deliveries.get(e.delivery.id)! });
    }
    case 'set-when': {
      const w = parseWhen(e.text, c.now(), c.settings.timezone);
      if (!w.ok) return c.dispatch({ type: 'error', text: w.message });
      const d: Delivery = { ...e.delivery, asap: w.when.kind === 'asap', promisedAt: w.when.kind === 'at' ? w.when.instant : null };
      const r = store.deliveries.save(d, c.now());
      return c.dispatch(saveAnswer(r));
    }
    case 'repeat-order': return repeatOrder(c, e);
    case 'accept-requote': {
      const r = recordQuote(store, e.delivery, e.choice, c.settings, { now: c.now(), operatorId: c.operatorId, record: true, accept: true });
      const { delivery, ...card } = r;
      c.dispatch({ type: 'quote-ready', card, delivery });
      return c.dispatch({ type: 'info', text: `Order ${delivery.number} now goes to ${delivery.posName || 'no point of sale'}, fee ${formatMoney(r.terms?.fee ?? 0, c.settings.currency)}` });
    }
  }
}

function repeatOrder(c: OrderEffectContext, e: Extract<OrderEffect, { type: 'repeat-order' }>): void {
  const { store } = c;
  const past = store.deliveries.get(e.fromId);
  if (!past) return c.dispatch({ type: 'error', text: `order ${e.fromId} no longer exists` });
  let target = e.into;
  if (!target) {
    target = store.deliveries.createDraft({
      customerId: e.customerId, phone: e.phone, phoneKey: store.lookupCaller(e.phone).key, address: past.address,
      posId: outletForAddress(store, past.address, c.settings, c.now()) ?? past.posId, operatorId: c.operatorId, timezone: c.settings.timezone,
    }, c.now());
  }
  const again = repeatLines(store.orderTerms.pastLines(past.id), (id) => store.menu.product(id, target!.posId ?? past.posId));
  const d: Delivery = {
    ...target, items: again.lines, total: itemsTotal(again.lines),
    address: target.address.street || target.address.lat !== null ? target.address : past.address,
    posId: target.posId ?? past.posId, persons: past.persons, comment: target.comment || past.comment,
  };
  const saved = store.deliveries.save(d, c.now());
  if (!saved.ok) return c.dispatch(saveAnswer(saved));
  const flags = again.flags.map((f) => `${f.code === 'ItemStopped' ? 'SOLD OUT' : f.code === 'ItemRemoved' ? 'GONE' : 'CHANGED'} ${f.message}`);
  const note = `Repeated ${past.number} into ${saved.delivery.number} at today's prices${flags.length ? ` — ${flags.join('; ')}` : ''}`;
  c.dispatch({ type: 'delivery-opened', delivery: saved.delivery, note });
  if (flags.length) c.dispatch({ type: 'error', text: note });
}

/**
 * Send: save and quote afresh (the terms recorded: zone, fee, promised time, number); the desk
 * decides whether the quote refuses it (`send-quoted`), and a send it allows comes back as `hand-to-pos`.
 */
export function sendDelivery(c: OrderEffectContext, delivery: Delivery, choice: OrderChoice): void {
  const saved = c.store.deliveries.save(delivery, c.now());
  if (!saved.ok) return c.dispatch(saveAnswer(saved));
  const q = quoteAndTell(c, saved.delivery, choice, true, true);
  const stopped = q.stoppedLines.map((n) => q.delivery.items[n]?.name).filter(Boolean);
  // where the newest version is, should a colleague's console have sent this order first
  const handoff = c.store.outbox.handoffOf(q.delivery.id);
  c.dispatch({ type: 'send-quoted', delivery: q.delivery, stopped, refusal: q.quote.refusals[0]?.message ?? null, handoff });
}

/** The status change and the outbox row in one transaction; the address used is remembered for the customer. */
export function handToPos(c: OrderEffectContext, delivery: Delivery): void {
  const { store } = c;
  const r = store.sendToPointOfSale(delivery, c.now());
  if (!r.ok) return c.dispatch(saveAnswer(r));
  c.wakeRelay?.();
  if (r.delivery.customerId && r.delivery.kind === 'delivery') store.addresses.remember(r.delivery.customerId, r.delivery.address, c.now());
  c.dispatch({ type: 'delivery-sent', delivery: r.delivery });
}

/** What a new order may start from (the desk chooses: `new-order-facts` in reduce.ts). */
export function newOrderFacts(c: OrderEffectContext, customerId: number | null, phone: string, location?: { lat: number; lon: number }): void {
  const { store } = c;
  const last = customerId ? store.deliveries.recentForCustomer(customerId, 1)[0] : undefined;
  const lastFull: Delivery | null = last ? store.deliveries.get(last.id) : null;
  // a chat's client sent where they are (a Telegram location): the order goes there, its zone by the coordinates
  const saved = location ? { ...emptyAddress, lat: location.lat, lon: location.lon } : customerId ? store.addresses.forCustomer(customerId, 1)[0] : undefined;
  const outlets = store.catalog.pointsOfSale();
  const outletOf = (address: Delivery['address']) => outletForAddress(store, address, c.settings, c.now());
  c.dispatch({
    type: 'new-order-facts', customerId, customerName: customerId ? store.customers.get(customerId)?.name ?? '' : '', phone,
    phoneKey: store.lookupCaller(phone).key,
    saved: saved ? { address: saved, outlet: outletOf(saved) } : null,
    last: lastFull ? { address: lastFull.address, outlet: outletOf(lastFull.address), posId: lastFull.posId } : null,
    onlyOutlet: outlets.length === 1 ? outlets[0].id : null,
  });
}

export function createDraft(c: OrderEffectContext, e: Extract<Effect, { type: 'create-draft' }>): void {
  const d = c.store.deliveries.createDraft({
    customerId: e.customerId, phone: e.phone, phoneKey: e.phoneKey, address: e.address, posId: e.posId, operatorId: c.operatorId,
    timezone: c.settings.timezone,
  }, c.now());
  c.dispatch({ type: 'delivery-opened', delivery: d, note: `New order ${d.number}${e.customerName ? ` for ${e.customerName}` : ''}` });
}
