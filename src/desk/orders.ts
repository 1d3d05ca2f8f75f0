/**
 * Order-taking on the desk (issue 7), as a sub-reducer beside reduce.ts: the card's quote and
 * terms, overriding a refusal, a zone by hand, repeating a past order, payment and "pays with",
 * persons, delivery/pickup, ASAP or a chosen time, the outlet's busy delay, saved addresses,
 * courier and kitchen comments, sizes and modifiers when adding an item, and the scheduled
 * orders' list. Pure like reduce(): it returns effects that src/desk/order-effects.ts carries out.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Address } from '../domain/address.js';
import type { Delivery, DeliveryItem, DeliverySummary } from '../domain/delivery.js';
import { formatAddress } from '../domain/address.js';
import type { ScheduledDelivery } from '../domain/delivery.js';
import { itemsTotal } from '../domain/delivery.js';
import type { Zone } from '../domain/zone-check.js';
import { priceLine, type MenuProduct, type OrderLine } from '../domain/pricing.js';
import { paymentKinds, checkPersons } from '../domain/payment.js';
import { noChoice, type CardQuote, type OrderChoice, type Requote } from '../orders/apply-quote.js';
import { formatMoney, parseMoney } from '../domain/money.js';
import type { CommandId } from './keymap.js';
import { addressRowField, fieldRefusal } from './order-rules.js';
import type { DeskState, Modal } from './state.js';
import { shownScheduled } from './list-search.js';
import type { DeskEvent, Effect } from './events.js';
import { clamp, ok, say, type Handler, type Step } from './step.js';

/** What the card knows about the open order beyond the Delivery row. */
export interface OrderDesk {
  deliveryId: number | null;
  choice: OrderChoice;
  /** The last quote of the open delivery (the same quote() as `ringdesk quote`), with its terms. */
  card: CardQuote | null;
  /** The customer's saved addresses, the last used first. */
  addresses: Address[];
  /** The caller's earlier orders (not the open one), newest first. */
  past: DeliverySummary[];
  /** A new outlet or price the dispatcher declined for this sent order (its key): not asked again. */
  declined?: string | null;
}
export const noOrder: OrderDesk = { deliveryId: null, choice: noChoice, card: null, addresses: [], past: [], declined: null };

/** The scheduled orders' list, apart from the open orders. */
export interface ScheduledView { list: ScheduledDelivery[]; index: number }

export type PickPurpose = 'zone' | 'address' | 'repeat';
export interface PickOption { label: string; value: string }
export type OrderModal =
  /** Choose one of a list: a zone by hand, a saved address, a past order to repeat. */
  | { kind: 'pick'; purpose: PickPurpose; title: string; options: PickOption[]; index: number }
  /** Sizes and modifiers of a product being added; required groups are enforced on Enter. */
  | { kind: 'item'; product: MenuProduct; sizeId: number | null; chosen: number[]; index: number }
  /** A sent order's new address would move it to another outlet or change its price: yes or no. */
  | { kind: 'requote'; requote: Requote };

/** Fields of the order edited in the one-line editor. */
export const orderEditFields = ['cashTendered', 'persons', 'courierComment', 'kitchenComment', 'when'] as const;
export type OrderEditField = (typeof orderEditFields)[number];
export const isOrderEditField = (field: string): field is OrderEditField => (orderEditFields as readonly string[]).includes(field);

export type OrderEvent =
  | { type: 'quote-ready'; card: CardQuote; delivery: Delivery }
  | { type: 'order-context'; deliveryId: number; addresses: Address[]; past: DeliverySummary[]; choice: OrderChoice }
  | { type: 'product-loaded'; product: MenuProduct | null }
  | { type: 'zones-loaded'; zones: Zone[] }
  | { type: 'scheduled-loaded'; list: ScheduledDelivery[] }
  /** Something the quote depends on changed outside the delivery (the busy delay). */
  | { type: 'requote' }
  | { type: 'info'; text: string };

export type OrderEffect =
  /** Quote the open delivery; `record` writes what changed; `context` loads addresses and past orders too. */
  | { type: 'quote-delivery'; delivery: Delivery; choice: OrderChoice; record: boolean; context: boolean }
  | { type: 'load-product'; productId: number; posId: number | null }
  | { type: 'load-zones' }
  | { type: 'load-scheduled' }
  /** Copy a past order's lines at today's prices into `into` (an empty draft), or into a new draft. */
  | { type: 'repeat-order'; fromId: number; into: Delivery | null; customerId: number | null; phone: string }
  | { type: 'set-when'; delivery: Delivery; text: string }
  | { type: 'busy'; posId: number; delta: number }
  /** The dispatcher said yes: record the new outlet and price the quote proposed for this sent order. */
  | { type: 'accept-requote'; delivery: Delivery; choice: OrderChoice }
  /** `before`: the comment the editor started from (a colleague's other changes are no conflict). */
  | { type: 'courier-comment'; delivery: Delivery; text: string; before: string }
  | { type: 'confirm-scheduled'; id: number };


const orderEventTypes: readonly string[] = ['quote-ready', 'order-context', 'product-loaded', 'zones-loaded', 'scheduled-loaded', 'requote', 'info'];

/**
 * Wraps the desk reducer: order events are handled here, and a delivery opened, saved or
 * reloaded is quoted afterwards. (The order-taking keys are `orderKeys`, joined in reduce.ts.)
 */
export function withOrders(s: DeskState, e: DeskEvent, base: (s: DeskState, e: DeskEvent) => Step): Step {
  if (orderEventTypes.includes(e.type)) return onOrderEvent(s, e as OrderEvent);
  return afterBase(s, e, base(s, e));
}

function quoteEffect(s: DeskState, record: boolean, context = false): Effect[] {
  const d = s.delivery;
  return d ? [{ type: 'quote-delivery', delivery: d, choice: s.order.choice, record, context }] : [];
}

function afterBase(before: DeskState, e: DeskEvent, step: Step): Step {
  const s = step.state;
  const d = s.delivery;
  switch (e.type) {
    case 'delivery-opened': {
      const fresh: DeskState = { ...s, order: { ...noOrder, deliveryId: e.delivery.id } };
      // quoted without writing first: the context brings back a zone by hand or an override, then a draft is recorded
      return { state: fresh, effects: [...step.effects, ...quoteEffect(fresh, false, true)] };
    }
    case 'delivery-saved': case 'delivery-stale': case 'delivery-reloaded':
      if (!d || d === before.delivery) return step;
      return { state: s, effects: [...step.effects, ...quoteEffect(s, e.type === 'delivery-saved')] };
    case 'list-loaded':
      return s.listView === 'scheduled' ? { state: s, effects: [...step.effects, { type: 'load-scheduled' }] } : step;
    case 'tick':
      // a confirmation call comes due on the minute: the list apart says so without a key
      return s.listView === 'scheduled' && Math.floor(s.now / 60_000) !== Math.floor(before.now / 60_000)
        ? { state: s, effects: [...step.effects, { type: 'load-scheduled' }] } : step;
    default:
      return step;
  }
}

function onOrderEvent(s: DeskState, e: OrderEvent): Step {
  switch (e.type) {
    case 'quote-ready': {
      if (!s.delivery || s.delivery.id !== e.card.deliveryId) return ok(s);
      const delivery = e.delivery.version >= s.delivery.version ? e.delivery : s.delivery;
      const next = { ...s, delivery, order: { ...s.order, deliveryId: delivery.id, card: e.card } };
      // a sent order would move or change its price: ask, once per proposal, when no other dialog is open
      const r = e.card.requote;
      if (r && !s.modal && r.key !== s.order.declined) return ok({ ...next, modal: { kind: 'requote', requote: r } });
      return ok(next);
    }
    case 'order-context': {
      if (s.delivery?.id !== e.deliveryId) return ok(s);
      const next = { ...s, order: { ...s.order, addresses: e.addresses, past: e.past.filter((p) => p.id !== e.deliveryId), choice: e.choice } };
      const draft = s.delivery.status === 'draft';
      const changed = e.choice.zone !== s.order.choice.zone || e.choice.override !== s.order.choice.override;
      return ok(next, ...(draft || changed ? quoteEffect(next, draft) : []));
    }
    case 'product-loaded': {
      const p = e.product;
      if (!p || !p.active) return ok(say(s, 'error', 'that product is no longer on the menu'));
      if (p.stopped) return ok(say(s, 'error', `${p.name} is sold out (stop-list) and cannot be added`));
      if (!p.sizes.length && !p.groups.length) return addLine({ ...s, modal: null }, p, null, []);
      return ok({ ...s, modal: { kind: 'item', product: p, sizeId: p.sizes[0]?.id ?? null, chosen: [], index: firstRequiredRow(p) } });
    }
    case 'zones-loaded': {
      const money = (m: number) => formatMoney(m, s.currency);
      const options: PickOption[] = [
        { label: 'By the address (no zone by hand)', value: '' },
        ...e.zones.map((z) => ({ label: `${z.name} · ${z.outlet || 'no outlet'} · fee ${money(z.fee)} · min ${money(z.minOrder)} · ${z.minutes} min`, value: z.name })),
      ];
      const index = Math.max(0, options.findIndex((o) => o.value === (s.order.choice.zone ?? '')));
      return ok({ ...s, modal: { kind: 'pick', purpose: 'zone', title: 'Zone for this order (recorded as an override)', options, index } });
    }
    case 'scheduled-loaded': {
      const index = Math.min(s.scheduled.index, Math.max(0, e.list.length - 1));
      // the same list again (a colleague's commit elsewhere, the minute moved): nothing to draw
      if (index === s.scheduled.index && isDeepStrictEqual(e.list, s.scheduled.list)) return ok(s);
      return ok({ ...s, scheduled: { list: e.list, index } });
    }
    case 'requote':
      return ok(s, ...quoteEffect(s, false));
    case 'info':
      return ok(say(s, 'info', e.text));
  }
}

/** Rows of the item chooser: the sizes, then every group's modifiers. */
export type ItemRow = { kind: 'size'; id: number; name: string; price: number } | { kind: 'modifier'; groupId: number; id: number; name: string; price: number };
export function itemRows(p: MenuProduct): ItemRow[] {
  return [
    ...p.sizes.map((z): ItemRow => ({ kind: 'size', ...z })),
    ...p.groups.flatMap((g) => g.modifiers.map((m): ItemRow => ({ kind: 'modifier', groupId: g.id, ...m }))),
  ];
}
function firstRequiredRow(p: MenuProduct): number {
  const g = p.groups.find((x) => x.min > 0);
  const rows = itemRows(p);
  return g ? Math.max(0, rows.findIndex((r) => r.kind === 'modifier' && r.groupId === g.id)) : 0;
}


/** The order-taking commands (src/desk/keymap.ts, "order-taking"). */
const orderCommands = [
  'menu.add', 'item.up', 'item.down', 'item.toggle', 'item.add', 'item.close', 'pick.close', 'pick.up', 'pick.down', 'pick.choose',
  'requote.yes', 'requote.no', 'card.override', 'card.zone', 'card.repeat', 'card.history', 'card.addresses', 'card.payment',
  'card.paysWith', 'card.persons', 'card.courier', 'card.when', 'card.kind', 'card.busyMore', 'card.busyLess', 'items.comment',
  'list.scheduled', 'scheduled.back', 'scheduled.up', 'scheduled.down', 'scheduled.open', 'scheduled.confirm', 'scheduled.call',
] as const satisfies readonly CommandId[];
type OrderCommand = (typeof orderCommands)[number];

const orderKey: Handler<OrderCommand> = (s, key, id) => runOrder(s, id, key);
/** The order-taking keys, for the desk's one map of handlers (reduce.ts); `runOrder` has a case for each. */
export const orderKeys = Object.fromEntries(orderCommands.map((id) => [id, orderKey])) as unknown as { [K in OrderCommand]: Handler<K> };

/** Commands of the order-taking keys: every one has its case (no default), so one left out does not compile. */
export function runOrder(s: DeskState, id: OrderCommand, key = ''): Step {
  const d = s.delivery;
  const m = s.modal;
  switch (id) {
    case 'menu.add': {
      if (m?.kind !== 'menu' || !d) return ok(s);
      const p = m.results[m.index];
      if (!p) return ok(say(s, 'error', `nothing on the menu matches "${m.query}"`));
      if (p.stopped) return ok(say(s, 'error', `${p.name} is sold out (stop-list) and cannot be added`));
      return ok(s, { type: 'load-product', productId: p.id, posId: d.posId });
    }
    case 'item.up': case 'item.down':
      if (m?.kind !== 'item') return ok(s);
      return ok({ ...s, modal: { ...m, index: clamp(m.index + (id === 'item.up' ? -1 : 1), itemRows(m.product).length) } });
    case 'item.toggle': {
      if (m?.kind !== 'item') return ok(s);
      const row = itemRows(m.product)[m.index];
      if (!row) return ok(s);
      if (row.kind === 'size') return ok({ ...s, modal: { ...m, sizeId: row.id } });
      const g = m.product.groups.find((x) => x.id === row.groupId)!;
      if (m.chosen.includes(row.id)) return ok({ ...s, modal: { ...m, chosen: m.chosen.filter((x) => x !== row.id) } });
      const inGroup = m.chosen.filter((x) => g.modifiers.some((mm) => mm.id === x));
      // a choose-one group swaps its choice; others stop at their maximum
      if (g.max === 1) return ok({ ...s, modal: { ...m, chosen: [...m.chosen.filter((x) => !inGroup.includes(x)), row.id] } });
      if (inGroup.length >= g.max) return ok(say(s, 'error', `at most ${g.max} from "${g.name}"`));
      return ok({ ...s, modal: { ...m, chosen: [...m.chosen, row.id] } });
    }
    case 'item.add':
      if (m?.kind !== 'item') return ok(s);
      return addLine(s, m.product, m.sizeId, m.chosen);
    case 'item.close': case 'pick.close':
      return ok({ ...s, modal: null });

    case 'pick.up': case 'pick.down':
      if (m?.kind !== 'pick') return ok(s);
      return ok({ ...s, modal: { ...m, index: clamp(m.index + (id === 'pick.up' ? -1 : 1), m.options.length) } });
    case 'pick.choose': return pick(s);

    case 'requote.yes': {
      if (m?.kind !== 'requote' || !d || d.id !== m.requote.deliveryId) return ok({ ...s, modal: null });
      return ok({ ...s, modal: null }, { type: 'accept-requote', delivery: d, choice: s.order.choice });
    }
    case 'requote.no': {
      if (m?.kind !== 'requote') return ok({ ...s, modal: null });
      const r = m.requote;
      return ok(say({ ...s, modal: null, order: { ...s.order, declined: r.key } }, 'info',
        `Order ${r.number} stays with ${r.fromPos} at the price it was sent with (the address is saved)`));
    }

    case 'card.override': {
      const next = { ...s, order: { ...s.order, choice: { ...s.order.choice, override: true } } };
      return ok(say(next, 'info', `Override recorded for ${s.operator.name}`), ...quoteEffect(next, true));
    }
    case 'card.zone': return ok(s, { type: 'load-zones' });
    case 'card.repeat': {
      const last = s.order.past[0];
      return ok(s, repeatEffect(s, last.id));
    }
    case 'card.history': {
      const money = (x: number) => formatMoney(x, s.currency);
      const options = s.order.past.map((p) => ({ label: `${p.number} · ${p.status} · ${money(p.total)} · ${p.address || 'no address'}`, value: String(p.id) }));
      return ok({ ...s, modal: { kind: 'pick', purpose: 'repeat', title: 'Repeat which order? (today\'s prices)', options, index: 0 } });
    }
    case 'card.addresses': {
      const options = s.order.addresses.map((a, n) => ({ label: `${formatAddress(a)}${a.entrance ? `, entrance ${a.entrance}` : ''}${a.floor ? `, floor ${a.floor}` : ''}${a.intercom ? `, intercom ${a.intercom}` : ''}`, value: String(n) }));
      return ok({ ...s, modal: { kind: 'pick', purpose: 'address', title: 'Saved addresses (the last used first)', options, index: 0 } });
    }
    case 'card.payment': {
      const kind = paymentKinds[(paymentKinds.indexOf(d!.paymentKind) + 1) % paymentKinds.length];
      return save(s, { ...d!, paymentKind: kind, cashTendered: kind === 'cash' ? d!.cashTendered : null });
    }
    case 'card.paysWith': return edit(s, 'cashTendered', 'Pays with (cash)', d!.cashTendered === null ? '' : (d!.cashTendered / 100).toFixed(2));
    case 'card.persons': return edit(s, 'persons', 'Persons (cutlery sets)', String(d!.persons));
    case 'card.courier': return edit(s, 'courierComment', 'For the courier', s.order.card?.terms?.courierComment ?? '');
    case 'card.when': return edit(s, 'when', `When (${d!.asap ? 'now ASAP; ' : ''}HH:MM, YYYY-MM-DD HH:MM, or empty for ASAP)`, '');
    case 'card.kind': {
      const kind = d!.kind === 'delivery' ? 'pickup' : 'delivery';
      const next = { ...s, order: { ...s.order, choice: noChoice } };
      const step = save(next, { ...d!, kind });
      return { ...step, state: say(step.state, 'info', kind === 'pickup' ? 'Pickup: the caller collects; no zone or fee (o: which point of sale)' : 'Delivery to the address') };
    }
    case 'card.busyMore': case 'card.busyLess':
      return ok(s, { type: 'busy', posId: d!.posId!, delta: id === 'card.busyMore' ? 5 : -5 });
    case 'items.comment': {
      const line = d!.items[s.itemIndex];
      return edit(s, 'kitchenComment', `Kitchen: ${line.name}`, line.kitchenComment);
    }

    case 'list.scheduled': return ok({ ...s, listView: 'scheduled', listSearch: null }, { type: 'load-scheduled' });
    case 'scheduled.back':
      // Esc with a search clears it first; S (or Esc without one) goes back to the open orders
      if (s.listSearch && key === 'escape') return ok({ ...s, listSearch: null, scheduled: { ...s.scheduled, index: 0 } });
      return ok({ ...s, listView: 'open', listSearch: null }, { type: 'load-list' });
    case 'scheduled.up': case 'scheduled.down':
      return ok({ ...s, scheduled: { ...s.scheduled, index: clamp(s.scheduled.index + (id === 'scheduled.up' ? -1 : 1), shownScheduled(s).length) } });
    case 'scheduled.open': return ok(s, { type: 'open-delivery', id: shownScheduled(s)[s.scheduled.index].id });
    case 'scheduled.confirm': {
      const o = shownScheduled(s)[s.scheduled.index];
      return ok(say(s, 'info', `Order ${o.number} confirmed with the caller`), { type: 'confirm-scheduled', id: o.id });
    }
    case 'scheduled.call': return ok(s, { type: 'dial', number: shownScheduled(s)[s.scheduled.index].phone, target: 'customer' });
  }
}

function repeatEffect(s: DeskState, fromId: number): Effect {
  const d = s.delivery!;
  const empty = d.status === 'draft' && d.items.length === 0;
  return { type: 'repeat-order', fromId, into: empty ? d : null, customerId: d.customerId, phone: d.phone };
}

function pick(s: DeskState): Step {
  const m = s.modal;
  if (m?.kind !== 'pick') return ok(s);
  const o = m.options[m.index];
  const closed = { ...s, modal: null };
  if (!o) return ok(closed);
  switch (m.purpose) {
    case 'zone': {
      const zone = o.value || null;
      const next = { ...closed, order: { ...s.order, choice: { zone, override: s.order.choice.override } } };
      return ok(say(next, 'info', zone ? `Zone ${zone} chosen by hand (recorded for ${s.operator.name})` : 'Zone by the address'), ...quoteEffect(next, true));
    }
    case 'address': {
      const a = s.order.addresses[Number(o.value)];
      if (!a || !s.delivery) return ok(closed);
      const next = { ...closed, order: { ...s.order, choice: noChoice } };
      return save(next, { ...s.delivery, address: { ...a } });
    }
    case 'repeat':
      return ok(closed, repeatEffect(s, Number(o.value)));
  }
}

function save(s: DeskState, delivery: Delivery): Step {
  return ok({ ...s, delivery }, { type: 'save-delivery', delivery });
}

function edit(s: DeskState, field: OrderEditField, label: string, value: string): Step {
  return ok({ ...s, modal: { kind: 'edit', field, label, value } as Modal });
}

/** Enter saves the field; a wrong value keeps the editor open and says why (Esc cancels: reduce.ts edit.cancel). */
export function finishEdit(s: DeskState, field: OrderEditField, value: string): Step {
  const d = s.delivery;
  const v = value.trim();
  const closed: DeskState = { ...s, modal: null, message: null };
  const wrong = (why: string): Step => ok(say(s, 'error', why));
  if (!d) return ok(closed);
  switch (field) {
    case 'cashTendered': {
      if (v === '') return save(closed, { ...d, cashTendered: null });
      const amount = parseMoney(v);
      if (amount === null) return wrong(`"${v}" is not an amount (e.g. 1000 or 999.50)`);
      return save(closed, { ...d, paymentKind: 'cash', cashTendered: amount });
    }
    case 'persons': {
      const n = Number(v);
      const why = v === '' ? 'type a number' : checkPersons(n);
      if (why) return wrong(why);
      return save(closed, { ...d, persons: n });
    }
    case 'courierComment': return ok(closed, { type: 'courier-comment', delivery: d, text: v, before: s.order.card?.terms?.courierComment ?? '' });
    case 'when': return ok(closed, { type: 'set-when', delivery: d, text: v });
    case 'kitchenComment': {
      const items = d.items.map((l, n) => (n === s.itemIndex ? { ...l, kitchenComment: v } : l));
      return save(closed, { ...d, items });
    }
  }
}

const sameChoices = (a: DeliveryItem, b: OrderLine) =>
  a.productId === b.productId && (a.sizeId ?? null) === b.sizeId && a.size === b.size && !a.kitchenComment
  && JSON.stringify(a.modifiers.map((x) => x.modifierId ?? x.name)) === JSON.stringify(b.modifiers.map((x) => x.modifierId));

/** Price the line with today's menu and put it on the delivery (the same choices add to the quantity). */
function addLine(s: DeskState, p: MenuProduct, sizeId: number | null, chosen: number[]): Step {
  const d = s.delivery;
  if (!d) return ok({ ...s, modal: null });
  const why = fieldRefusal(s, 'items');
  if (why) return ok(say({ ...s, modal: null }, 'error', why));
  const priced = priceLine(p, { sizeId, modifierIds: chosen, quantity: 1 });
  if (!priced.ok) return ok(say(s, 'error', priced.message));
  const line = priced.line;
  const at = d.items.findIndex((i) => sameChoices(i, line));
  const items: DeliveryItem[] = at >= 0 ? d.items.map((i, n) => (n === at ? { ...i, quantity: i.quantity + 1 } : i)) : [...d.items, line];
  const delivery: Delivery = { ...d, items, total: itemsTotal(items) };
  const name = `${line.name}${line.size ? ` ${line.size}` : ''}${line.modifiers.length ? ` + ${line.modifiers.map((x) => x.name).join(', ')}` : ''}`;
  return ok(say({ ...s, modal: null, pane: 'items', delivery, itemIndex: at >= 0 ? at : items.length - 1 }, 'info', `Added ${name}`), { type: 'save-delivery', delivery });
}

/** A line as the card shows it: size, modifiers, kitchen comment. */
export function lineLabel(l: DeliveryItem): string {
  const mods = l.modifiers.map((m) => `+${m.name}`).join(' ');
  return `${l.name}${l.size ? ` ${l.size}` : ''}${mods ? ` ${mods}` : ''}${l.kitchenComment ? ` «${l.kitchenComment}»` : ''}`;
}
