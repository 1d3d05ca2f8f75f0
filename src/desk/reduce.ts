/**
 * The desk reducer: `reduce(state, event) -> { state, effects }`, pure and synchronous.
 * Effects are data; src/desk/runner.ts executes them and feeds results back as events.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Delivery } from '../domain/delivery.js';
import { alreadySentReason, statusText } from '../domain/order-status.js';
import { awaitsSending } from '../domain/lifecycle.js';
import { categories } from '../domain/customer.js';
import { displayPhone } from '../domain/phone-number.js';
import { resolveKey } from './keymap.js';
import { orderKeys, withOrders } from './orders.js';
import { activeCall, callOfferRefusal, fullScreenHasKeys, type DeskCall, type DeskState } from './state.js';
import type { DeskEvent, Effect } from './events.js';
import { refusedWrite, withDrafts } from './drafts.js';
import { shownOrders } from './list-search.js';
import { freshQuoteRefusal } from './order-rules.js';
import { keepUnchangedRows, ok, say, type AllKeys, type Handler, type Step } from './step.js';
import { onPhone } from './phone-events.js';
import { typeInto } from './typing.js';
import { answerWith, callKeys } from './call-keys.js';
import { callerKeys } from './caller-keys.js';
import { cardKeys } from './card-keys.js';
import { deskKeys } from './desk-keys.js';
import { transferKeys, transferStarted } from './transfer-keys.js';
import { callbackAccepted, callbackKeys, callbackRefused, callbacksOnTheClock } from './callback-keys.js';
import { onQueueEvent, queueKeys } from './queue-keys.js';
import { presenceKeys, withPresence } from './presence-keys.js';
import { customersKey, customersScreenKeys, onCustomersEvent, rereadCustomers } from './customers-screen.js';
import { callsKey, callsScreenKeys, onCallsEvent } from './calls-screen.js';
import { chatKeys } from './chat-keys.js';
import { myChats } from './chat-desk.js';
import { onChatEvent } from './chat-events.js';

/** How many messages M keeps. */
const MESSAGE_LOG = 20;

export function reduce(s: DeskState, e: DeskEvent): Step {
  if (e.type === 'keys') return terminalKeys(s, e.keys);
  // order-taking (issue 7) wraps the desk: its events and keys, and a quote after each open/save;
  // the session (what is open, anything half-typed) is saved whenever it changes
  const step = withDrafts(s, e, (st, ev) => withPresence(st, ev, (st2, ev2) => withOrders(st2, ev2, reduceDesk)));
  // a full screen starts afresh each time it is opened: what it held goes when it is left
  const next = leftScreens(step.state);
  const m = next.message;
  if (!m || !m.text || m === s.message) return next === step.state ? step : { ...step, state: next };
  // every message said is kept whole for M (the message line shows one row)
  return { ...step, state: { ...next, messageLog: [{ at: next.now, ...m }, ...next.messageLog].slice(0, MESSAGE_LOG) } };
}

function leftScreens(s: DeskState): DeskState {
  const customers = s.customersScreen && s.screen !== 'customers';
  const calls = s.callsScreen && s.screen !== 'calls';
  return customers || calls ? { ...s, ...(customers ? { customersScreen: null } : {}), ...(calls ? { callsScreen: null } : {}) } : s;
}

/**
 * Keys from the terminal, in the order one chunk brought them (a paste, SSH batching): the first
 * now, the rest once the effects of this one have answered (`next`), so a search typed right after
 * the C that opens the customers screen finds that screen's results there.
 */
function terminalKeys(s: DeskState, keys: string[]): Step {
  const [first, ...rest] = keys;
  if (first === undefined) return ok(s);
  const step = reduce(s, { type: 'key', key: first });
  return rest.length ? { ...step, effects: [...step.effects, { type: 'next', event: { type: 'keys', keys: rest } }] } : step;
}

function reduceDesk(s: DeskState, e: DeskEvent): Step {
  switch (e.type) {
    case 'tick':
      return ok({ ...s, now: e.now }, ...callbacksOnTheClock(s, e.now));
    case 'resize':
      return ok({ ...s, size: { columns: e.columns, rows: e.rows } });
    case 'key':
      return onKey(s, e.key);
    case 'phone':
      return onPhone(s, e.event, e.lookup, e.transfer, e.group, e.code);
    case 'callback-refused':
      return callbackRefused(s, e);
    case 'callback-accepted':
      return callbackAccepted(s, e);
    case 'callback-made':
      return ok(say(s, 'info', e.text));
    case 'callbacks-expired':
      return ok(say(s, 'info', `Callback${e.itemIds.length === 1 ? '' : 's'} ${e.itemIds.map((id) => `#${id}`).join(', ')} expired: past the time the caller gave`), { type: 'load-queue' });
    case 'transfer-started':
      return transferStarted(s, e);
    case 'dialed': {
      const call: DeskCall = {
        id: e.callId, direction: 'outgoing', remote: e.number, number: e.lookup.number, phase: 'dialing', muted: false,
        startedAt: e.at, answeredAt: null, lookup: e.lookup, hidden: false, answerMode: 'route', target: e.target, spam: false,
        ...(e.callbackItem !== undefined ? { callbackItem: e.callbackItem } : {}),
      };
      // a callback's dial keeps the line that says which callback and which attempt it is
      const dialling = e.callbackItem !== undefined && s.message ? { ...s, calls: [...s.calls, call] } : say({ ...s, calls: [...s.calls, call] }, 'info', `Calling ${e.target} ${displayPhone(e.lookup.number, s.region)}…`);
      return ok(dialling, {
        type: 'log-call',
        entry: { op: 'start', callRef: e.callId, direction: 'outgoing', remote: e.number, remoteKey: e.lookup.key, customerId: s.delivery?.customerId ?? null, at: e.at },
      }, ...(s.delivery ? [{ type: 'log-call' as const, entry: { op: 'link' as const, callRef: e.callId, customerId: s.delivery.customerId, deliveryId: s.delivery.id } }] : []));
    }
    case 'list-loaded': {
      // the same rows again (a colleague's commit that moved nothing here): nothing to draw
      if (isDeepStrictEqual(e.orders, s.openOrders) && (!e.failures || isDeepStrictEqual(e.failures, s.failedOrders))) return ok(s);
      const loaded: DeskState = { ...s, openOrders: keepUnchangedRows(s.openOrders, e.orders, (o) => o.id) };
      const next: DeskState = { ...loaded, listIndex: Math.min(s.listIndex, Math.max(0, shownOrders(loaded).length - 1)) };
      if (!e.failures) return ok(next);
      // a newly failed order rings the bell once, in every console
      const known = new Set(s.failedOrders.map((f) => f.outboxId));
      const fresh = e.failures.filter((f) => !known.has(f.outboxId));
      return ok({ ...next, failedOrders: e.failures }, ...(fresh.length ? [{ type: 'bell' } as Effect] : []));
    }
    case 'delivery-opened': {
      const call = activeCall(s);
      const next: DeskState = {
        ...s, screen: 'delivery', delivery: e.delivery, pane: 'address', addressIndex: 0, itemIndex: 0,
        modal: null, message: e.note ? { kind: 'info', text: e.note } : s.message,
      };
      const effects: Effect[] = [];
      if (call) effects.push({ type: 'log-call', entry: { op: 'link', callRef: call.id, customerId: e.delivery.customerId, deliveryId: e.delivery.id } });
      return ok(next, ...effects);
    }
    case 'delivery-saved': {
      if (s.delivery?.id !== e.delivery.id) return ok(s, { type: 'load-list' });
      const next = { ...s, delivery: e.delivery };
      // two dispatchers on one order: different fields are both kept (src/store/delivery-merge.ts)
      return ok(e.merged?.length ? say(next, 'info', `Saved — kept a colleague's change to ${e.merged.join(', ')} too`) : next, { type: 'load-list' });
    }
    case 'delivery-stale':
      return refusedWrite(s, e.current, e.reason, e.conflicts);
    case 'delivery-sent':
      return ok(
        say({ ...s, screen: 'list', delivery: null, modal: null }, 'info', `Order ${e.delivery.number} queued for ${e.delivery.posName || 'the point of sale'}`),
        { type: 'load-list' },
      );
    case 'delivery-reloaded': {
      if (!s.delivery || !e.delivery || e.delivery.id !== s.delivery.id || e.delivery.version === s.delivery.version) return ok(s);
      return ok(say({ ...s, delivery: e.delivery }, 'info', reloadNote(s.delivery, e.delivery)));
    }
    case 'menu-results':
      if (s.modal?.kind !== 'menu' || s.modal.query !== e.query) return ok(s);
      return ok({ ...s, modal: { ...s.modal, results: e.results, index: 0 } });
    case 'pos-options':
      return ok({ ...s, modal: { kind: 'pos', options: e.options, index: Math.max(0, e.options.findIndex((p) => p.id === s.delivery?.posId)) } });
    case 'edit-change':
      if (s.modal?.kind !== 'edit') return ok(s);
      return ok({ ...s, modal: { ...s.modal, value: e.value } });
    case 'menu-query':
      if (s.modal?.kind !== 'menu') return ok(s);
      return ok({ ...s, modal: { ...s.modal, query: e.query } }, { type: 'search-menu', query: e.query, posId: s.delivery?.posId ?? null });
    case 'store-changed': {
      // the full screens show what any commit may move (a note, a category, the call log)
      const effects: Effect[] = [...(s.customersScreen ? rereadCustomers(s.customersScreen) : []), ...(s.callsScreen ? [{ type: 'load-call-log' } as Effect] : [])];
      // only the lists the commit moved (a chat message reads no orders, an order no queue); without `lists` all of them
      const moved = e.lists ?? { orders: true, queue: true, chats: true };
      if (moved.orders) effects.push({ type: 'load-list' });
      if (moved.queue) effects.push({ type: 'load-queue' });
      // the chat console reads its chats while it shows them, or while this operator holds one (the badge, the bell)
      if (moved.chats && (s.screen === 'chats' || myChats(s).length)) effects.push({ type: 'load-chats' });
      // the chat in front: a new message, a delivery mark, a colleague's edit of the client
      if (moved.chats && s.screen === 'chats' && s.chats.front !== null) effects.push({ type: 'load-thread', conversationId: s.chats.front, arrived: true });
      if (moved.orders && s.delivery && s.modal?.kind !== 'edit') effects.push({ type: 'reload-delivery', id: s.delivery.id });
      return ok(s, ...effects);
    }
    case 'customers-found': case 'customers-profile': case 'customers-written':
      return onCustomersEvent(s, e);
    case 'call-log-loaded':
      return onCallsEvent(s, e);
    case 'handoff':
      if (s.handoff?.deliveryId === e.deliveryId && isDeepStrictEqual(s.handoff.handoff, e.handoff)) return ok(s);
      return ok({ ...s, handoff: { deliveryId: e.deliveryId, handoff: e.handoff } });
    case 'resent': {
      const delivery = e.delivery && s.delivery?.id === e.delivery.id ? e.delivery : s.delivery;
      return ok(say({ ...s, delivery }, e.ok ? 'info' : 'error', e.text), { type: 'load-list' });
    }
    case 'send-quoted': {
      // a colleague's console sent it first (the save merged into their version): said with where it is, never sent twice
      if (!awaitsSending(e.delivery.status)) return ok(say({ ...s, delivery: e.delivery }, 'error', alreadySentReason(e.delivery, e.handoff, s.now)), { type: 'load-list' });
      const why = freshQuoteRefusal(e.stopped, e.refusal);
      return why ? reduceDesk(s, { type: 'error', text: `Not sent: ${why}` }) : ok(s, { type: 'hand-to-pos', delivery: e.delivery });
    }
    case 'new-order-facts': {
      // prefill the address used last (saved addresses), else the last order's; the outlet, and with it the number
      // read to the caller, is known from the start when the address is (its zone), else the last order's, else the only one
      const from = e.saved ?? e.last;
      const posId = from?.outlet ?? e.last?.posId ?? e.onlyOutlet;
      return ok(s, { type: 'create-draft', customerId: e.customerId, customerName: e.customerName, phone: e.phone, phoneKey: e.phoneKey, address: from?.address, posId });
    }
    case 'error':
      // a write that failed right after a field was closed: the text comes back with the error
      return s.unsaved ? refusedWrite(s, null, e.text) : ok(say(s, 'error', e.text));
    case 'customer-loaded': {
      const c = e.customer;
      if (!c) return ok(say(s, 'error', 'that customer no longer exists (deleted on another console?)'));
      const name = c.name || c.company;
      return ok({
        ...s,
        modal: e.purpose === 'note'
          ? { kind: 'customer-note', customerId: c.id, customerName: name, value: c.note }
          : { kind: 'category', customerId: c.id, customerName: name, current: c.category, index: Math.max(0, categories.indexOf(c.category)) },
      });
    }
    case 'customer-changed': {
      if (e.refusal) return ok(say(s, 'error', e.refusal));
      const c = e.added;
      const d = s.delivery;
      const effects: Effect[] = [{ type: 'refresh-callers' }];
      let next = say({ ...s, modal: null }, 'info', e.text);
      // S1: the new card goes on the open delivery of that number
      if (c && d && !d.customerId && d.phoneKey && c.phones.some((p) => p.e164 === d.phoneKey)) {
        const delivery = { ...d, customerId: c.id, customerName: c.name };
        next = { ...next, delivery };
        effects.push({ type: 'save-delivery', delivery });
      }
      const call = activeCall(s);
      if (c && call) effects.push({ type: 'log-call', entry: { op: 'link', callRef: call.id, customerId: c.id, deliveryId: null } });
      return ok(next, ...effects);
    }
    case 'callers-refreshed': {
      const found = new Map(e.lookups.map((l) => [l.callId, l.lookup]));
      return ok({ ...s, calls: s.calls.map((c) => (found.has(c.id) ? { ...c, lookup: found.get(c.id)! } : c)) });
    }
    case 'delivery-status': {
      const shown = s.delivery?.id === e.delivery.id ? e.delivery : s.delivery;
      // the chat console's client card shows the order too (its status keys act on it)
      const thread: Effect[] = s.screen === 'chats' && s.chats.front !== null ? [{ type: 'load-thread', conversationId: s.chats.front }] : [];
      return ok(say({ ...s, delivery: shown, modal: s.modal?.kind === 'cancel' ? null : s.modal }, 'info', e.text), { type: 'load-list' }, { type: 'refresh-callers' }, ...thread);
    }
    case 'open-order':
      return ok({ ...s, modal: null }, { type: 'open-delivery', id: e.id });
    case 'auto-answer': {
      const call = s.calls.find((c) => c.id === e.callId);
      if (!call || call.direction !== 'incoming' || call.phase !== 'ringing' || call.answering || call.rejecting || callOfferRefusal(s)) return ok(s);
      return answerWith(s, 'route', call);
    }
    case 'queue-loaded': case 'item-previewed': case 'item-answer':
      return onQueueEvent(s, e);
    case 'chats-loaded': case 'chat-thread': case 'chat-taken': case 'chat-answer':
      return onChatEvent(s, e);
    default:
      return ok(s); // order-taking events: src/desk/orders.ts
  }
}

/**
 * What the dispatcher is told when the open order changed elsewhere: the point of sale's news
 * (cooking, on the way with the driver) in its own words, a colleague's edit as such.
 */
function reloadNote(before: Delivery, after: Delivery): string {
  const pos = ['confirmed', 'cooking', 'on-the-way', 'delivered', 'cancelled'];
  if (after.status !== before.status && pos.includes(after.status)) {
    return `Order ${after.number}: ${statusText(after.status, null, 0).short}${after.driverName && after.driverName !== before.driverName ? `, driver ${after.driverName}` : ''}`;
  }
  if (after.status !== before.status) return `Order ${after.number}: ${after.status === 'failed' ? 'FAILED at the point of sale' : 'handed to the point of sale again'}`;
  return `Order ${after.number} was updated by a colleague`;
}

// ---------------------------------------------------------------- keys

function onKey(s: DeskState, key: string): Step {
  const hit = resolveKey(s, key);
  // a key of no command: typed into a field, a search, or the full screen's search or edit
  if (!hit) return fullScreenHasKeys(s) ? (s.screen === 'customers' ? customersKey(s, key, null) : callsKey(s, key, null)) : typeInto(s, key);
  if (hit.disabled) return ok(say(s, 'error', `${hit.command.label}: ${hit.disabled}`));
  // a full screen's keys say their outcome on its own line; the desk's message stays
  const cleared = s.message && hit.command.context !== 'global' && !hit.command.where ? { ...s, message: null } : s;
  return (keys[hit.command.id] as Handler)(cleared, key, hit.command.id);
}

/** Every command's handler, by slice; a command of the keymap without one does not compile. */
const keys: AllKeys = { ...deskKeys, ...customersScreenKeys, ...callsScreenKeys, ...callKeys, ...callerKeys, ...cardKeys, ...orderKeys, ...transferKeys, ...callbackKeys, ...queueKeys, ...presenceKeys, ...chatKeys };
