/** The order card's keys: its panes and fields, the menu and point-of-sale pickers, status keys 1–4 and cancelling, sending. */
import type { Delivery, DeliveryItem } from '../domain/delivery.js';
import { itemsTotal } from '../domain/delivery.js';
import { cancelReasons, checkCancel } from '../domain/lifecycle.js';
import { applyField, cardFields, fieldLabels, fieldValue, type CardField } from './card-fields.js';
import { finishEdit, isOrderEditField } from './orders.js';
import type { DeskState } from './state.js';
import { noChoice } from '../orders/apply-quote.js';
import { clamp, moveInDialog, ok, say, type Keys, type Step } from './step.js';

function withItems(s: DeskState, items: DeliveryItem[], itemIndex = s.itemIndex): Step {
  const d = s.delivery!;
  const delivery: Delivery = { ...d, items, total: itemsTotal(items) };
  return ok({ ...s, delivery, itemIndex: clamp(itemIndex, items.length) }, { type: 'save-delivery', delivery });
}

function cardAwaiting(s: DeskState, key: string, id: 'card.awaiting' | 'card.confirmed' | 'card.delivered'): Step {
  const d = s.delivery;
  const status = id === 'card.awaiting' ? 'awaiting' : id === 'card.confirmed' ? 'confirmed' : 'delivered';
  return ok(s, { type: 'set-status', delivery: d!, status });
}

const cancelUp = moveInDialog('cancel', (m) => m.reasons.length);

const menuUp = moveInDialog('menu', (m) => m.results.length);

const posUp = moveInDialog('pos', (m) => m.options.length);

function itemsMore(s: DeskState, key: string, id: 'items.more' | 'items.less'): Step {
  const d = s.delivery;
  const delta = id === 'items.more' ? 1 : -1;
  const items = d!.items.map((i, n) => (n === s.itemIndex ? { ...i, quantity: i.quantity + delta } : i)).filter((i) => i.quantity > 0);
  return withItems(s, items);
}

export const cardKeys = {
  'cancel.close': (s) => ok({ ...s, modal: null }),
  'card.awaiting': cardAwaiting,
  'card.confirmed': cardAwaiting,
  'card.delivered': cardAwaiting,
  'card.cancel': (s) => {
    const d = s.delivery;
    return ok({ ...s, modal: { kind: 'cancel', deliveryId: d!.id, number: d!.number, index: 0, note: '', reasons: [...cancelReasons] } });
  },
  'cancel.up': cancelUp,
  'cancel.down': cancelUp,
  'cancel.pick': (s) => {
    // the open card's delivery, or the chat client's order (the chat console's cancel key)
    const d = s.delivery?.id === (s.modal?.kind === 'cancel' ? s.modal.deliveryId : null) ? s.delivery : s.chats.thread?.order ?? null;
    const m = s.modal;
    if (m?.kind !== 'cancel' || !d || d.id !== m.deliveryId) return ok({ ...s, modal: null });
    const reason = m.reasons[m.index].code;
    const check = checkCancel(d.status, reason, m.note);
    if (!check.ok) return ok(say(s, 'error', `cannot cancel ${d.number}: ${check.message}`));
    return ok(s, { type: 'cancel-delivery', delivery: d, reason: check.reason, note: check.note });
  },
  'menu.up': menuUp,
  'menu.down': menuUp,
  'menu.close': (s) => ok({ ...s, modal: null }),
  'pos.up': posUp,
  'pos.down': posUp,
  'pos.pick': (s) => {
    const d = s.delivery;
    const m = s.modal;
    if (m?.kind !== 'pos' || !d) return ok({ ...s, modal: null });
    const p = m.options[m.index];
    if (!p) return ok({ ...s, modal: null });
    const delivery = { ...d, posId: p.id, posName: p.name };
    return ok({ ...s, modal: null, delivery }, { type: 'save-delivery', delivery });
  },
  'pos.close': (s) => ok({ ...s, modal: null }),
  'edit.done': (s) => {
    const d = s.delivery;
    const m = s.modal;
    // the order-taking fields (pays with, persons, comments, time) are checked and written by src/desk/orders.ts
    if (m?.kind === 'edit' && isOrderEditField(m.field)) return finishEdit(s, m.field, m.value);
    if (m?.kind !== 'edit' || !d) return ok({ ...s, modal: null });
    const delivery = applyField(d, m.field as CardField, m.value, s.region);
    return ok({ ...s, modal: null, delivery }, { type: 'save-delivery', delivery });
  },
  // Esc: the field keeps the value it had (nothing is written)
  'edit.cancel': (s) => ok({ ...s, modal: null }),
  'menu.search': (s) => {
    const d = s.delivery;
    const m = s.modal;
    if (m?.kind !== 'menu') return ok(s);
    return ok({ ...s, modal: { ...m, query: '' } }, { type: 'search-menu', query: '', posId: d?.posId ?? null });
  },
  'card.back': (s) => {
    const d = s.delivery;
    return ok(say({ ...s, screen: 'list', delivery: null }, 'info', d ? `Order ${d.number} parked in the open orders` : ''), { type: 'load-list' });
  },
  'card.focus': (s) => ok({ ...s, pane: s.pane === 'address' ? 'items' : 'address' }),
  'card.menu': (s) => {
    const d = s.delivery;
    return ok({ ...s, modal: { kind: 'menu', query: '', results: [], index: 0 } }, { type: 'search-menu', query: '', posId: d?.posId ?? null });
  },
  'card.pos': (s) => ok(s, { type: 'load-pos' }),
  'card.send': (s) => {
    const d = s.delivery!;
    // the zone or override chosen on this card goes with the send (the runner decides nothing)
    return ok(s, { type: 'send-delivery', delivery: d, choice: s.order.deliveryId === d.id ? s.order.choice : noChoice });
  },
  'card.callCustomer': (s) => {
    const d = s.delivery;
    return ok(s, { type: 'dial', number: d!.phone, target: 'customer' });
  },
  'card.callDriver': (s) => {
    const d = s.delivery;
    return ok(s, { type: 'dial', number: d!.driverMobile, target: 'driver' });
  },
  'address.up': (s) => ok({ ...s, addressIndex: clamp(s.addressIndex - 1, cardFields.length) }),
  'address.down': (s) => ok({ ...s, addressIndex: clamp(s.addressIndex + 1, cardFields.length) }),
  'address.edit': (s) => {
    const d = s.delivery;
    if (!d) return ok(s);
    const field = cardFields[s.addressIndex];
    return ok({ ...s, modal: { kind: 'edit', field, label: fieldLabels[field], value: fieldValue(d, field) } });
  },
  'items.up': (s) => {
    const d = s.delivery;
    return ok({ ...s, itemIndex: clamp(s.itemIndex - 1, d?.items.length ?? 0) });
  },
  'items.down': (s) => {
    const d = s.delivery;
    return ok({ ...s, itemIndex: clamp(s.itemIndex + 1, d?.items.length ?? 0) });
  },
  'items.more': itemsMore,
  'items.less': itemsMore,
  'items.remove': (s) => {
    const d = s.delivery;
    return withItems(s, d!.items.filter((_, n) => n !== s.itemIndex));
  },
} satisfies Keys;
