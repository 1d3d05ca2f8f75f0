/**
 * The runner's half of order-taking (issue 7): carries out the effects of src/desk/orders.ts
 * against the store's ports and feeds the results back as events. The quote is the same
 * quoteDelivery() / quote() that `ringdesk quote` prints, reading and recording through the same
 * ports (src/orders/apply-quote.ts over src/orders/quote.ts, shared with the command).
 */
import type { StorePorts } from '../store/ports.js';
import type { Delivery } from '../domain/delivery.js';
import { outletForAddress, recordQuote, type OrderChoice } from '../orders/apply-quote.js';
import { repeatLines } from '../orders/repeat.js';
import { parseWhen } from '../orders/promised-time.js';
import { itemsTotal } from '../domain/delivery.js';
import { emptyAddress } from '../domain/address.js';
import { formatMoney } from '../domain/money.js';
import { normalisePhone, phoneKey } from '../domain/phone-number.js';
import type { QuoteSettings } from '../orders/quote.js';
import { saveAnswer, type DeskEvent, type Effect } from './events.js';
import type { OrderEffect } from './orders.js';
import type { AddressGeocoder } from './geocode-effects.js';

export interface OrderEffectContext {
  ports: StorePorts;
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
export async function quoteAndTell(c: OrderEffectContext, d: Delivery, choice: OrderChoice, record: boolean, force = false) {
  const r = await recordQuote(c.ports, d, choice, c.settings, { now: c.now(), operatorId: c.operatorId, record, force });
  const { delivery, ...card } = r;
  c.dispatch({ type: 'quote-ready', card, delivery });
  return r;
}

export async function runOrderEffect(c: OrderEffectContext, e: OrderEffect): Promise<void> {
  const { ports: store } = c;
  switch (e.type) {
    case 'quote-delivery': {
      const r = await quoteAndTell(c, e.delivery, e.choice, e.record);
      c.geocoder?.consider(store, r.delivery, c.now, c.dispatch);
      if (!e.context) return;
      const d = r.delivery;
      const terms = r.terms;
      // what was chosen before (a zone by hand, an override) comes back with the delivery
      const choice: OrderChoice = { zone: terms && terms.zoneId !== null && terms.zoneId !== r.quote.zone?.id ? terms.zoneName : e.choice.zone, override: e.choice.override || !!terms?.zoneRefusal };
      const [addresses, past] = await Promise.all([
        d.customerId ? store.addresses.forCustomer(d.customerId) : [],
        d.customerId ? store.deliveries.recentForCustomer(d.customerId, 8) : [],
      ]);
      c.dispatch({ type: 'order-context', deliveryId: d.id, choice, addresses, past });
      return;
    }
    case 'load-product': return c.dispatch({ type: 'product-loaded', product: await store.menu.product(e.productId, e.posId) });
    case 'load-zones': return c.dispatch({ type: 'zones-loaded', zones: await store.zones.list() });
    case 'load-scheduled': return c.dispatch({ type: 'scheduled-loaded', list: await store.orderTerms.scheduled(c.now()) });
    case 'confirm-scheduled':
      await store.orderTerms.markConfirmed(e.id, c.now());
      return c.dispatch({ type: 'scheduled-loaded', list: await store.orderTerms.scheduled(c.now()) });
    case 'busy': {
      const o = await store.outlets.byId(e.posId);
      if (!o) return c.dispatch({ type: 'error', text: 'that point of sale no longer exists' });
      const now = (await store.outlets.setBusy(o.id, o.busyMinutes + e.delta, c.now()))!;
      c.dispatch({ type: 'info', text: `${now.name}: busy +${now.busyMinutes} min (preparation ${now.preparationMinutes} min) — every ASAP time of the outlet moves` });
      return c.dispatch({ type: 'requote' });
    }
    case 'courier-comment': {
      const r = await store.orderTerms.setCourierComment(e.delivery.id, e.delivery.version, e.text, c.now(), e.before);
      if (!r.ok) return c.dispatch({ type: 'delivery-stale', current: await store.deliveries.get(e.delivery.id), reason: r.reason });
      return c.dispatch({ type: 'delivery-saved', delivery: (await store.deliveries.get(e.delivery.id))! });
    }
    case 'set-when': {
      const w = parseWhen(e.text, c.now(), c.settings.timezone);
      if (!w.ok) return c.dispatch({ type: 'error', text: w.message });
      const d: Delivery = { ...e.delivery, asap: w.when.kind === 'asap', promisedAt: w.when.kind === 'at' ? w.when.instant : null };
      return c.dispatch(saveAnswer(await store.deliveries.save(d, c.now())));
    }
    case 'repeat-order': return repeatOrder(c, e);
    case 'accept-requote': {
      const r = await recordQuote(c.ports, e.delivery, e.choice, c.settings, { now: c.now(), operatorId: c.operatorId, record: true, accept: true });
      const { delivery, ...card } = r;
      c.dispatch({ type: 'quote-ready', card, delivery });
      return c.dispatch({ type: 'info', text: `Order ${delivery.number} now goes to ${delivery.posName || 'no point of sale'}, fee ${formatMoney(r.terms?.fee ?? 0, c.settings.currency)}` });
    }
  }
}

async function repeatOrder(c: OrderEffectContext, e: Extract<OrderEffect, { type: 'repeat-order' }>): Promise<void> {
  const { ports: store } = c;
  const past = await store.deliveries.get(e.fromId);
  if (!past) return c.dispatch({ type: 'error', text: `order ${e.fromId} no longer exists` });
  let target = e.into;
  if (!target) {
    target = await store.deliveries.createDraft({
      customerId: e.customerId, phone: e.phone, phoneKey: phoneKey(normalisePhone(e.phone, store.region)), address: past.address,
      posId: (await outletForAddress(store, past.address, c.settings, c.now())) ?? past.posId, operatorId: c.operatorId, timezone: c.settings.timezone,
    }, c.now());
  }
  // the past lines' products as the menu has them today, at the outlet the order goes to
  const pastLines = await store.orderTerms.pastLines(past.id);
  const posId = target.posId ?? past.posId;
  const ids = [...new Set(pastLines.map((l) => l.productId).filter((id): id is number => id !== null))];
  const products = new Map(await Promise.all(ids.map(async (id) => [id, await store.menu.product(id, posId)] as const)));
  const again = repeatLines(pastLines, (id) => products.get(id) ?? null);
  const d: Delivery = {
    ...target, items: again.lines, total: itemsTotal(again.lines),
    address: target.address.street || target.address.lat !== null ? target.address : past.address,
    posId: target.posId ?? past.posId, persons: past.persons, comment: target.comment || past.comment,
  };
  const saved = await store.deliveries.save(d, c.now());
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
export async function sendDelivery(c: OrderEffectContext, delivery: Delivery, choice: OrderChoice): Promise<void> {
  const saved = await c.ports.deliveries.save(delivery, c.now());
  if (!saved.ok) return c.dispatch(saveAnswer(saved));
  const q = await quoteAndTell(c, saved.delivery, choice, true, true);
  const stopped = q.stoppedLines.map((n) => q.delivery.items[n]?.name).filter(Boolean);
  // where the newest version is, should a colleague's console have sent this order first
  const handoff = await c.ports.outbox.handoffOf(q.delivery.id);
  c.dispatch({ type: 'send-quoted', delivery: q.delivery, stopped, refusal: q.quote.refusals[0]?.message ?? null, handoff });
}

/** The status change and the outbox row in one transaction; the address used is remembered for the customer. */
export async function handToPos(c: OrderEffectContext, delivery: Delivery): Promise<void> {
  const { ports: store } = c;
  const r = await store.sendToPointOfSale(delivery, c.now());
  if (!r.ok) return c.dispatch(saveAnswer(r));
  c.wakeRelay?.();
  if (r.delivery.customerId && r.delivery.kind === 'delivery') await store.addresses.remember(r.delivery.customerId, r.delivery.address, c.now());
  c.dispatch({ type: 'delivery-sent', delivery: r.delivery });
}

/** What a new order may start from (the desk chooses: `new-order-facts` in reduce.ts). */
export async function newOrderFacts(c: OrderEffectContext, customerId: number | null, phone: string, location?: { lat: number; lon: number }): Promise<void> {
  const { ports: store } = c;
  const last = customerId ? (await store.deliveries.recentForCustomer(customerId, 1))[0] : undefined;
  const lastFull: Delivery | null = last ? await store.deliveries.get(last.id) : null;
  // a chat's client sent where they are (a Telegram location): the order goes there, its zone by the coordinates
  const saved = location ? { ...emptyAddress, lat: location.lat, lon: location.lon } : customerId ? (await store.addresses.forCustomer(customerId, 1))[0] : undefined;
  const [outlets, customer] = await Promise.all([store.catalog.pointsOfSale(), customerId ? store.customers.get(customerId) : null]);
  const outletOf = (address: Delivery['address']) => outletForAddress(store, address, c.settings, c.now());
  const [savedOutlet, lastOutlet] = await Promise.all([saved ? outletOf(saved) : null, lastFull ? outletOf(lastFull.address) : null]);
  c.dispatch({
    type: 'new-order-facts', customerId, customerName: customer?.name ?? '', phone,
    phoneKey: phoneKey(normalisePhone(phone, store.region)),
    saved: saved ? { address: saved, outlet: savedOutlet } : null,
    last: lastFull ? { address: lastFull.address, outlet: lastOutlet, posId: lastFull.posId } : null,
    onlyOutlet: outlets.length === 1 ? outlets[0].id : null,
  });
}

export async function createDraft(c: OrderEffectContext, e: Extract<Effect, { type: 'create-draft' }>): Promise<void> {
  const d = await c.ports.deliveries.createDraft({
    customerId: e.customerId, phone: e.phone, phoneKey: e.phoneKey, address: e.address, posId: e.posId, operatorId: c.operatorId,
    timezone: c.settings.timezone,
  }, c.now());
  c.dispatch({ type: 'delivery-opened', delivery: d, note: `New order ${d.number}${e.customerName ? ` for ${e.customerName}` : ''}` });
}
