/**
 * The desk reducer: `reduce(state, event) -> { state, effects }`, pure and synchronous.
 * Effects are data; src/desk/runner.ts executes them and feeds results back as events.
 */
import { isDeepStrictEqual } from 'node:util';
import { move } from '../telephony/call-state.js';
import type { EndReason, PhoneEvent } from '../telephony/phone.js';
import { displayPhone, normalisePhone } from '../domain/phone-number.js';
import { typeKey, type TextField } from '../domain/outside-text.js';
import type { CallOutcome } from '../domain/call-record.js';
import type { Delivery, DeliveryItem } from '../domain/delivery.js';
import { itemsTotal } from '../domain/delivery.js';
import { statusText } from '../domain/order-status.js';
import { categories } from '../domain/customer.js';
import { spamVerdict } from '../customers/spam.js';
import { cancelReasons, checkCancel } from '../domain/lifecycle.js';
import { callBackRefusal, failedToResend, helpEntries, resolveKey, type CommandId } from './keymap.js';
import { route } from './routing.js';
import { runOrder, withOrders } from './orders.js';
import { callerCustomer, callerPhone } from './caller.js';
import { activeCall, fullScreenHasKeys, newCustomerFields, onFullScreen, ringingCall, waitingCalls, type DeskCall, type DeskState } from './state.js';
import type { DeskEvent, Effect } from './events.js';

export interface Step { state: DeskState; effects: Effect[] }

import { applyField, cardFields, fieldLabels, fieldValue, type CardField } from './card-fields.js';
import { refusedWrite, withDrafts } from './drafts.js';
import { shownOrders } from './list-search.js';
export { cardFields, fieldLabels, fieldValue, type CardField } from './card-fields.js';

const ok = (state: DeskState, ...effects: Effect[]): Step => ({ state, effects });
const say = (s: DeskState, kind: 'info' | 'error', text: string): DeskState => ({ ...s, message: { kind, text } });

/** How many messages M keeps. */
const MESSAGE_LOG = 20;

export function reduce(s: DeskState, e: DeskEvent): Step {
  if (e.type === 'keys') return terminalKeys(s, e.keys);
  // order-taking (issue 7) wraps the desk: its events and keys, and a quote after each open/save;
  // the session (what is open, anything half-typed) is saved whenever it changes
  const step = withDrafts(s, e, (st, ev) => withOrders(st, ev, reduceDesk));
  // keys typed for a full screen belong to that visit only
  const next = step.state.screenKeys.length && step.state.screen !== s.screen ? { ...step.state, screenKeys: [] } : step.state;
  const m = next.message;
  if (!m || !m.text || m === s.message) return next === step.state ? step : { ...step, state: next };
  // every message said is kept whole for M (the message line shows one row)
  return { ...step, state: { ...next, messageLog: [{ at: next.now, ...m }, ...next.messageLog].slice(0, MESSAGE_LOG) } };
}

/**
 * Keys from the terminal, one at a time through the keymap; once a full screen (customers,
 * calls) has the keyboard, the rest of the chunk is queued for it (^C still reaches the desk).
 */
function terminalKeys(s: DeskState, keys: string[]): Step {
  let state = s;
  const effects: Effect[] = [];
  for (const key of keys) {
    if (fullScreenHasKeys(state) && key !== 'ctrl+c') {
      state = { ...state, screenKeys: [...state.screenKeys, key] };
      continue;
    }
    const step = reduce(state, { type: 'key', key });
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}

function reduceDesk(s: DeskState, e: DeskEvent): Step {
  switch (e.type) {
    case 'tick':
      return ok({ ...s, now: e.now });
    case 'resize':
      return ok({ ...s, size: { columns: e.columns, rows: e.rows } });
    case 'key':
      return onKey(s, e.key);
    case 'phone':
      return onPhone(s, e.event, e.lookup);
    case 'dialed': {
      const call: DeskCall = {
        id: e.callId, direction: 'outgoing', remote: e.number, number: e.lookup.number, phase: 'dialing', muted: false,
        startedAt: e.at, answeredAt: null, lookup: e.lookup, hidden: false, answerMode: 'route', target: e.target, spam: false,
      };
      return ok(say({ ...s, calls: [...s.calls, call] }, 'info', `Calling ${e.target} ${displayPhone(e.lookup.number, s.region)}…`), {
        type: 'log-call',
        entry: { op: 'start', callRef: e.callId, direction: 'outgoing', remote: e.number, remoteKey: e.lookup.key, customerId: s.delivery?.customerId ?? null, at: e.at },
      }, ...(s.delivery ? [{ type: 'log-call' as const, entry: { op: 'link' as const, callRef: e.callId, customerId: s.delivery.customerId, deliveryId: s.delivery.id } }] : []));
    }
    case 'list-loaded': {
      // the same rows again (a colleague's commit that moved nothing here): nothing to draw
      if (isDeepStrictEqual(e.orders, s.openOrders) && (!e.failures || isDeepStrictEqual(e.failures, s.failedOrders))) return ok(s);
      const loaded: DeskState = { ...s, openOrders: e.orders };
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
      const effects: Effect[] = [{ type: 'load-list' }];
      if (s.delivery && s.modal?.kind !== 'edit') effects.push({ type: 'reload-delivery', id: s.delivery.id });
      return ok(s, ...effects);
    }
    case 'handoff':
      if (s.handoff?.deliveryId === e.deliveryId && isDeepStrictEqual(s.handoff.handoff, e.handoff)) return ok(s);
      return ok({ ...s, handoff: { deliveryId: e.deliveryId, handoff: e.handoff } });
    case 'resent': {
      const delivery = e.delivery && s.delivery?.id === e.delivery.id ? e.delivery : s.delivery;
      return ok(say({ ...s, delivery }, e.ok ? 'info' : 'error', e.text), { type: 'load-list' });
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
      return ok(say({ ...s, delivery: shown, modal: s.modal?.kind === 'cancel' ? null : s.modal }, 'info', e.text), { type: 'load-list' }, { type: 'refresh-callers' });
    }
    case 'open-order':
      return ok({ ...s, modal: null }, { type: 'open-delivery', id: e.id });
    case 'call-back': {
      const why = callBackRefusal(s, e.number);
      if (why) return ok(say(s, 'error', `call back: ${why}`));
      return ok(s, { type: 'dial', number: e.number, target: 'customer' });
    }
    case 'auto-answer': {
      const call = s.calls.find((c) => c.id === e.callId);
      if (!call || call.direction !== 'incoming' || call.phase !== 'ringing' || call.answering || call.rejecting || activeCall(s)) return ok(s);
      return answerWith(s, 'route', call);
    }
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

// ---------------------------------------------------------------- telephony

/**
 * What the call log records: a call the dispatcher (or the spam rule) rejected is 'rejected';
 * one the caller gave up on while it rang is 'missed' (counted as abandoned); one that rang here
 * and ended otherwise unanswered (the console quit, the line dropped) is 'unanswered' (missed).
 */
function outcomeOf(reason: EndReason, call: DeskCall): CallOutcome {
  const answered = call.answeredAt !== null;
  if (answered) return 'answered';
  switch (reason) {
    case 'caller-cancelled': return 'missed';
    case 'answered-elsewhere': return 'answered-elsewhere';
    case 'rejected': return call.rejecting ? 'rejected' : 'unanswered';
    case 'busy': return 'busy';
    case 'no-answer': return 'no-answer';
    case 'failed': return 'failed';
    default: return call.direction === 'incoming' ? 'unanswered' : 'missed';
  }
}

const endNotes: Record<EndReason, string> = {
  'local-hangup': 'Call ended',
  'remote-hangup': 'The other side hung up',
  'caller-cancelled': 'Caller hung up while ringing (missed)',
  'answered-elsewhere': 'Answered by a colleague',
  rejected: 'Call rejected',
  busy: 'Busy',
  'no-answer': 'No answer',
  failed: 'Call failed',
};

function onPhone(s: DeskState, ev: PhoneEvent, lookup?: DeskCall['lookup']): Step {
  switch (ev.type) {
    case 'registration':
      return ok({ ...s, registration: { state: ev.state, reason: ev.reason } });
    case 'headset': {
      // the dispatcher is told when the leg drops, and when a call is answered without it
      const next: DeskState = { ...s, headset: { state: ev.state, reason: ev.reason } };
      if (ev.state === 'connected') return ok(ev.reason ? say(next, 'info', `Headset connected: ${ev.reason}`) : next);
      const warn = ev.reason && (ev.state !== 'connecting' || activeCall(s));
      return ok(warn ? say(next, 'error', `Headset ${ev.state}: ${ev.reason}`) : next);
    }
    case 'incoming': {
      if (s.calls.some((c) => c.id === ev.callId)) return ok(s);
      const number = lookup?.number ?? normalisePhone(ev.from, s.region);
      const verdict = spamVerdict(lookup?.customers ?? [], { rejectSpam: s.rejectSpam });
      const call: DeskCall = {
        id: ev.callId, direction: 'incoming', remote: ev.from, number, phase: 'ringing', muted: false, startedAt: ev.at,
        // a call rejected automatically never takes the banner
        answeredAt: null, lookup: lookup ?? null, hidden: verdict.reject, rejecting: verdict.reject, answerMode: 'route', spam: verdict.spam,
      };
      const only = lookup?.customers.length === 1 ? lookup.customers[0].id : null;
      const logStart: Effect = {
        type: 'log-call', entry: { op: 'start', callRef: ev.callId, direction: 'incoming', remote: ev.from, remoteKey: lookup?.key ?? null, customerId: only, at: ev.at },
      };
      if (verdict.reject) {
        const text = `Spam call from ${displayPhone(number, s.region)}: ${verdict.reason}`;
        return ok(say({ ...s, calls: [...s.calls, call] }, 'info', text), logStart, { type: 'reject', callId: ev.callId }, { type: 'log', text });
      }
      const next = { ...s, calls: [...s.calls, call] };
      return ok(next, { type: 'bell' }, logStart, ...autoAnswer(next));
    }
    case 'ringing':
      return updateCall(s, ev.callId, (c) => (c.phase === 'dialing' ? { ...c, phase: move(c.phase, 'ringing') } : c));
    case 'muted':
      return updateCall(s, ev.callId, (c) =>
        (c.phase === 'answered' || c.phase === 'paused') && (c.phase === 'paused') !== ev.muted
          ? { ...c, muted: ev.muted, phase: move(c.phase, ev.muted ? 'paused' : 'answered') }
          : c);
    case 'answered': {
      const call = s.calls.find((c) => c.id === ev.callId);
      if (!call || call.phase === 'answered' || call.phase === 'paused' || call.phase === 'ended') return ok(s);
      const answered: DeskCall = { ...call, phase: move(call.phase, 'answered'), answeredAt: ev.at, hidden: false };
      const next: DeskState = { ...s, calls: s.calls.map((c) => (c.id === call.id ? answered : c)) };
      // answering takes the dispatcher from a full screen (customers, call log) back to the orders
      if (call.direction === 'incoming' && onFullScreen(next)) next.screen = next.delivery ? 'delivery' : 'list';
      const log: Effect = { type: 'log-call', entry: { op: 'answered', callRef: call.id, at: ev.at } };
      if (call.direction === 'outgoing') return ok(say(next, 'info', `Connected to ${call.target} ${displayPhone(call.number, s.region)}`), log);
      return routeAnswered(next, answered, log);
    }
    case 'ended': {
      const call = s.calls.find((c) => c.id === ev.callId);
      if (!call) return ok(s);
      const outcome = outcomeOf(ev.reason, call);
      const wasOn = activeCall(s)?.id === call.id;
      let calls = s.calls.filter((c) => c.id !== call.id);
      // the dispatcher is free again: the next waiting call shows at once, even one ignored while busy
      if (wasOn && !calls.some((c) => c.direction === 'incoming' && c.phase === 'ringing' && !c.hidden && !c.rejecting)) {
        const next = calls.find((c) => c.direction === 'incoming' && c.phase === 'ringing' && !c.rejecting && !c.answering);
        if (next) calls = calls.map((c) => (c.id === next.id ? { ...c, hidden: false } : c));
      }
      let next: DeskState = {
        ...s, calls,
        bannerCallId: s.bannerCallId === call.id ? null : s.bannerCallId,
        lastEnded: { remote: call.remote, reason: ev.reason },
        // a chooser for this call stays: the dispatcher may still want the order
      };
      if (next.modal?.kind === 'waiting' && waitingCalls(next).length === 0) next = { ...next, modal: null };
      const log: Effect = { type: 'log-call', entry: { op: 'ended', callRef: call.id, outcome, at: ev.at } };
      const more = wasOn ? autoAnswer(next) : [];
      // the automatic spam rejection already said why; keep that on the status line
      if (call.spam && call.hidden && call.rejecting) return ok(next, log, ...more);
      const note = `${endNotes[ev.reason]}: ${displayPhone(call.number, s.region)}${ev.detail ? ` (${ev.detail})` : ''}`;
      return ok(say(next, ev.reason === 'failed' ? 'error' : 'info', note), log, ...more);
    }
  }
}

/** Auto-answer (config autoAnswerMs), as a dispatcher would: the banner's call, only when no call is on. */
function autoAnswer(s: DeskState): Effect[] {
  const call = ringingCall(s);
  if (s.autoAnswerMs < 0 || !call || activeCall(s)) return [];
  return [{ type: 'after', ms: s.autoAnswerMs, event: { type: 'auto-answer', callId: call.id } }];
}

function updateCall(s: DeskState, id: string, f: (c: DeskCall) => DeskCall): Step {
  if (!s.calls.some((c) => c.id === id)) return ok(s);
  return ok({ ...s, calls: s.calls.map((c) => (c.id === id ? f(c) : c)) });
}

/** S2 routing once an incoming call is answered (or S1 attach / new order). */
function routeAnswered(s: DeskState, call: DeskCall, log: Effect): Step {
  const phone = call.number.kind === 'valid' ? call.number.international : call.number.kind === 'invalid' ? call.remote : '';
  const lookup = call.lookup;
  if (call.answerMode === 'attach' && s.delivery) {
    const customerId = lookup?.customers.length === 1 ? lookup.customers[0].id : s.delivery.customerId;
    const d = { ...s.delivery, phone, phoneKey: lookup?.key ?? null, customerId };
    return ok(say({ ...s, delivery: d }, 'info', `Caller attached to order ${d.number}`), log, { type: 'save-delivery', delivery: d });
  }
  const r = route({ phone, unfinished: lookup?.unfinished ?? [], customers: lookup?.customers ?? [], driver: !!lookup?.driver }, call.answerMode === 'new');
  switch (r.kind) {
    case 'no-order':
      return ok(say({ ...s, modal: null }, 'info', `On a call with driver ${lookup?.driver?.name ?? ''}: no order opened (N starts one)`), log);
    case 'open-delivery':
      return ok({ ...s, modal: null }, log, { type: 'open-delivery', id: r.deliveryId });
    case 'new-delivery':
      return ok({ ...s, modal: null }, log, { type: 'create-delivery', customerId: r.customerId, phone: r.phone });
    case 'choose-customer': {
      const customers = (lookup?.customers ?? []).filter((c) => r.customerIds.includes(c.id));
      return ok({ ...s, modal: { kind: 'chooser', callId: call.id, phone: r.phone, customers, index: 0 } }, log);
    }
  }
}

// ---------------------------------------------------------------- keys

function onKey(s: DeskState, key: string): Step {
  const hit = resolveKey(s, key);
  if (!hit) return typeInto(s, key);
  if (hit.disabled) return ok(say(s, 'error', `${hit.command.label}: ${hit.disabled}`));
  const cleared = s.message && hit.command.context !== 'global' ? { ...s, message: null } : s;
  return run(cleared, hit.command.id, key);
}

/** Which length limit (src/domain/outside-text.ts) each text the dispatcher types into has. */
const typedFieldRules: Record<string, TextField> = {
  street: 'street', house: 'addressPart', flat: 'addressPart', entrance: 'addressPart', floor: 'addressPart',
  intercom: 'addressPart', postcode: 'addressPart', city: 'city', courierNote: 'note', phone: 'phone', comment: 'note',
  cashTendered: 'label', persons: 'label', courierComment: 'note', kitchenComment: 'note', when: 'label',
  name: 'name', company: 'name', note: 'note',
};

/** Text fields (a field being edited, the menu search) take printable keys and Delete; a full field says so. */
function typeInto(s: DeskState, key: string): Step {
  const m = s.modal;
  let full: string | null = null;
  const typed = (before: string, field: TextField): string | null => {
    if (key === 'delete') return [...before].slice(0, -1).join('');
    const t = typeKey(before, key, field);
    if (!t.ok) full = t.reason;
    return t.ok && t.text !== before ? t.text : null;
  };
  const unchanged = (): Step => ok(full ? say(s, 'error', full) : s);
  if (!m && s.listSearch?.typing) {
    // the list narrows as the search is typed; the cursor goes back to its first row
    const after = typed(s.listSearch.query, 'search');
    return after === null ? unchanged() : ok({ ...s, listSearch: { ...s.listSearch, query: after }, listIndex: 0, scheduled: { ...s.scheduled, index: 0 } });
  }
  if (m?.kind === 'customer-form') {
    const field = newCustomerFields[m.index];
    const after = typed(m.fields[field], typedFieldRules[field]);
    return after === null ? unchanged() : ok({ ...s, modal: { ...m, fields: { ...m.fields, [field]: after } } });
  }
  if (m?.kind === 'customer-note' || m?.kind === 'cancel') {
    const after = m.kind === 'cancel' ? typed(m.note, 'reason') : typed(m.value, 'note');
    if (after === null) return unchanged();
    return ok({ ...s, modal: m.kind === 'cancel' ? { ...m, note: after } : { ...m, value: after } });
  }
  if (m?.kind !== 'edit' && m?.kind !== 'menu') return ok(s);
  const after = m.kind === 'edit' ? typed(m.value, typedFieldRules[m.field] ?? 'reason') : typed(m.query, 'search');
  if (after === null) return unchanged();
  return reduce(s, m.kind === 'edit' ? { type: 'edit-change', value: after } : { type: 'menu-query', query: after });
}

function clamp(n: number, len: number): number {
  return Math.max(0, Math.min(n, len - 1));
}

function withItems(s: DeskState, items: DeliveryItem[], itemIndex = s.itemIndex): Step {
  const d = s.delivery!;
  const delivery: Delivery = { ...d, items, total: itemsTotal(items) };
  return ok({ ...s, delivery, itemIndex: clamp(itemIndex, items.length) }, { type: 'save-delivery', delivery });
}

function answerWith(s: DeskState, mode: 'route' | 'new' | 'attach', call = ringingCall(s)!): Step {
  const marked: DeskCall = { ...call, answerMode: mode, answering: true, hidden: false };
  return ok({ ...s, calls: s.calls.map((c) => (c.id === call.id ? marked : c)), bannerCallId: null }, { type: 'answer', callId: call.id });
}

function rejectCall(s: DeskState, call: DeskCall): Step {
  return ok({ ...s, calls: s.calls.map((c) => (c.id === call.id ? { ...c, rejecting: true } : c)), bannerCallId: s.bannerCallId === call.id ? null : s.bannerCallId }, { type: 'reject', callId: call.id });
}

/** The call under the cursor of the waiting-calls list. */
function pickedWaiting(s: DeskState): DeskCall | undefined {
  return s.modal?.kind === 'waiting' ? waitingCalls(s)[s.modal.index] : undefined;
}

function run(s: DeskState, id: CommandId, key = ''): Step {
  const d = s.delivery;
  const m = s.modal;
  switch (id) {
    case 'global.customers': return ok({ ...s, screen: 'customers' });
    case 'global.calls': return ok({ ...s, screen: 'calls' });
    case 'customers.back': case 'calls.back': return ok({ ...s, screen: d ? 'delivery' : 'list' });

    case 'caller.addCustomer': {
      const p = callerPhone(s)!;
      return ok({ ...s, modal: { kind: 'customer-form', phone: p.typed, fields: { name: '', company: '', note: '' }, index: 0 } });
    }
    case 'caller.addNumber': {
      const call = activeCall(s)!;
      return ok(s, { type: 'add-number', customerId: d!.customerId!, phone: call.number.kind === 'valid' ? call.number.international : call.remote });
    }
    case 'caller.category': case 'caller.note':
      return ok(s, { type: 'load-customer', customerId: callerCustomer(s)!.id, purpose: id === 'caller.note' ? 'note' : 'category' });
    case 'form.next': case 'form.prev':
      if (m?.kind !== 'customer-form') return ok(s);
      return ok({ ...s, modal: { ...m, index: (m.index + (id === 'form.next' ? 1 : newCustomerFields.length - 1)) % newCustomerFields.length } });
    case 'form.save':
      if (m?.kind !== 'customer-form') return ok(s);
      if (!m.fields.name.trim() && !m.fields.company.trim()) return ok(say(s, 'error', 'type a name (or a company) first; Esc cancels'));
      return ok(s, { type: 'add-customer', fields: m.fields, phone: m.phone });
    case 'form.cancel': case 'note.cancel': case 'category.cancel': case 'cancel.close':
      return ok({ ...s, modal: null });
    case 'note.save':
      if (m?.kind !== 'customer-note') return ok(s);
      return ok(s, { type: 'update-customer', customerId: m.customerId, change: { field: 'note', value: m.value } });
    case 'category.up': case 'category.down':
      if (m?.kind !== 'category') return ok(s);
      return ok({ ...s, modal: { ...m, index: clamp(m.index + (id === 'category.up' ? -1 : 1), categories.length) } });
    case 'category.digit': case 'category.pick': {
      if (m?.kind !== 'category') return ok(s);
      const category = categories[id === 'category.digit' ? Number(key) - 1 : m.index];
      if (!category) return ok(s);
      return ok(s, { type: 'update-customer', customerId: m.customerId, change: { field: 'category', value: category } });
    }

    case 'card.awaiting': case 'card.confirmed': case 'card.delivered': {
      const status = id === 'card.awaiting' ? 'awaiting' : id === 'card.confirmed' ? 'confirmed' : 'delivered';
      return ok(s, { type: 'set-status', delivery: d!, status });
    }
    case 'card.cancel':
      return ok({ ...s, modal: { kind: 'cancel', deliveryId: d!.id, number: d!.number, index: 0, note: '', reasons: [...cancelReasons] } });
    case 'cancel.up': case 'cancel.down':
      if (m?.kind !== 'cancel') return ok(s);
      return ok({ ...s, modal: { ...m, index: clamp(m.index + (id === 'cancel.up' ? -1 : 1), m.reasons.length) } });
    case 'cancel.pick': {
      if (m?.kind !== 'cancel' || !d || d.id !== m.deliveryId) return ok({ ...s, modal: null });
      const reason = m.reasons[m.index].code;
      const check = checkCancel(d.status, reason, m.note);
      if (!check.ok) return ok(say(s, 'error', `cannot cancel ${d.number}: ${check.message}`));
      return ok(s, { type: 'cancel-delivery', delivery: d, reason: check.reason, note: check.note });
    }

    case 'global.help': return ok({ ...s, modal: { kind: 'help', index: 0 } });
    case 'help.up': case 'help.down': case 'help.pageUp': case 'help.pageDown': case 'help.top': case 'help.bottom': {
      if (m?.kind !== 'help') return ok(s);
      const last = helpEntries(s).length - 1;
      const page = Math.max(1, s.size.rows - 8);
      const to = { 'help.up': m.index - 1, 'help.down': m.index + 1, 'help.pageUp': m.index - page, 'help.pageDown': m.index + page, 'help.top': 0, 'help.bottom': last }[id];
      return ok({ ...s, modal: { ...m, index: Math.max(0, Math.min(to, last)) } });
    }
    case 'global.headset': return ok(say(s, 'info', 'Calling your headset…'), { type: 'connect-headset' });
    case 'help.close': case 'status.close': return ok({ ...s, modal: null });
    case 'global.status': return ok({ ...s, modal: { kind: 'status' } });
    case 'global.quit': return ok({ ...s, modal: { kind: 'confirm-quit' } });
    case 'global.resend': {
      const f = failedToResend(s)!;
      return ok(say(s, 'info', `Sending ${f.number} to ${f.posName || 'its point of sale'} again…`), { type: 'resend-order', outboxId: f.outboxId, number: f.number });
    }
    case 'confirm.yes': return ok({ ...s, modal: null, quitting: true }, ...s.calls.map((c): Effect => ({ type: 'hangup', callId: c.id })), { type: 'quit' });
    case 'confirm.no': return ok({ ...s, modal: null });

    case 'call.answer': return answerWith(s, 'route');
    case 'call.answerNew': return answerWith(s, 'new');
    case 'call.answerAttach': return answerWith(s, 'attach');
    case 'call.reject': return rejectCall(s, ringingCall(s)!);
    case 'call.ignore': {
      const call = ringingCall(s)!;
      const next = { ...s, calls: s.calls.map((c) => (c.id === call.id ? { ...c, hidden: true } : c)), bannerCallId: s.bannerCallId === call.id ? null : s.bannerCallId };
      return ok(say(next, 'info', `Ignored ${displayPhone(call.number, s.region)} (still ringing; W lists the calls waiting)`));
    }

    case 'queue.list': {
      const at = waitingCalls(s).findIndex((c) => c.id === ringingCall(s)?.id);
      return ok({ ...s, modal: { kind: 'waiting', index: Math.max(0, at) } });
    }
    case 'waiting.up': case 'waiting.down':
      if (m?.kind !== 'waiting') return ok(s);
      return ok({ ...s, modal: { ...m, index: clamp(m.index + (id === 'waiting.up' ? -1 : 1), waitingCalls(s).length) } });
    case 'waiting.answer': {
      const call = pickedWaiting(s);
      return call ? answerWith({ ...s, modal: null }, 'route', call) : ok(s);
    }
    case 'waiting.show': {
      const call = pickedWaiting(s);
      if (!call) return ok(s);
      const next = { ...s, modal: null, calls: s.calls.map((c) => (c.id === call.id ? { ...c, hidden: false } : c)), bannerCallId: call.id };
      return ok(say(next, 'info', `${displayPhone(call.number, s.region)} is back on the banner`));
    }
    case 'waiting.reject': {
      const call = pickedWaiting(s);
      if (!call) return ok(s);
      const step = rejectCall(s, call);
      const left = waitingCalls(step.state).length;
      return { ...step, state: { ...step.state, modal: left ? { kind: 'waiting', index: clamp(m?.kind === 'waiting' ? m.index : 0, left) } : null } };
    }
    case 'waiting.close': return ok({ ...s, modal: null });
    case 'call.pause': {
      const call = activeCall(s)!;
      return ok(s, { type: 'mute', callId: call.id, muted: call.phase !== 'paused' });
    }
    case 'call.end': return ok(s, { type: 'hangup', callId: activeCall(s)!.id });

    case 'chooser.up': case 'chooser.down':
      if (m?.kind !== 'chooser') return ok(s);
      return ok({ ...s, modal: { ...m, index: clamp(m.index + (id === 'chooser.up' ? -1 : 1), m.customers.length) } });
    case 'chooser.pick':
      if (m?.kind !== 'chooser') return ok(s);
      return ok({ ...s, modal: null }, { type: 'create-delivery', customerId: m.customers[m.index]?.id ?? null, phone: m.phone });
    case 'chooser.cancel': return ok({ ...s, modal: null });

    case 'menu.up': case 'menu.down':
      if (m?.kind !== 'menu') return ok(s);
      return ok({ ...s, modal: { ...m, index: clamp(m.index + (id === 'menu.up' ? -1 : 1), m.results.length) } });
    case 'menu.add': {
      if (m?.kind !== 'menu' || !d) return ok(s);
      const p = m.results[m.index];
      if (!p) return ok(say(s, 'error', `nothing on the menu matches "${m.query}"`));
      if (p.stopped) return ok(say(s, 'error', `${p.name} is sold out (stop-list) and cannot be added`));
      const at = d.items.findIndex((i) => i.productId === p.id && i.modifiers.length === 0 && i.size === '');
      const items = at >= 0
        ? d.items.map((i, n) => (n === at ? { ...i, quantity: i.quantity + 1 } : i))
        : [...d.items, { productId: p.id, name: p.name, size: '', modifiers: [], quantity: 1, unitPrice: p.price, kitchenComment: '' }];
      const step = withItems({ ...s, modal: null, pane: 'items' }, items, at >= 0 ? at : items.length - 1);
      return { ...step, state: say(step.state, 'info', `Added ${p.name}`) };
    }
    case 'menu.close': return ok({ ...s, modal: null });

    case 'pos.up': case 'pos.down':
      if (m?.kind !== 'pos') return ok(s);
      return ok({ ...s, modal: { ...m, index: clamp(m.index + (id === 'pos.up' ? -1 : 1), m.options.length) } });
    case 'pos.pick': {
      if (m?.kind !== 'pos' || !d) return ok({ ...s, modal: null });
      const p = m.options[m.index];
      if (!p) return ok({ ...s, modal: null });
      const delivery = { ...d, posId: p.id, posName: p.name };
      return ok({ ...s, modal: null, delivery }, { type: 'save-delivery', delivery });
    }
    case 'pos.close': return ok({ ...s, modal: null });

    case 'edit.done': {
      if (m?.kind !== 'edit' || !d) return ok({ ...s, modal: null });
      const delivery = applyField(d, m.field as CardField, m.value, s.region);
      return ok({ ...s, modal: null, delivery }, { type: 'save-delivery', delivery });
    }
    // Esc: the field keeps the value it had (nothing is written)
    case 'edit.cancel': return ok({ ...s, modal: null });

    case 'list.search': case 'scheduled.search':
      return ok({ ...s, listSearch: { query: s.listSearch?.query ?? '', typing: true } });
    case 'search.keep':
      return ok({ ...s, listSearch: s.listSearch?.query.trim() ? { ...s.listSearch, typing: false } : null });
    case 'search.clear': case 'list.clearSearch':
      return ok({ ...s, listSearch: null, listIndex: 0, scheduled: { ...s.scheduled, index: 0 } });
    case 'search.up': case 'search.down':
      return run(s, s.listView === 'scheduled' ? (id === 'search.up' ? 'scheduled.up' : 'scheduled.down') : (id === 'search.up' ? 'list.up' : 'list.down'));
    case 'menu.search':
      if (m?.kind !== 'menu') return ok(s);
      return ok({ ...s, modal: { ...m, query: '' } }, { type: 'search-menu', query: '', posId: d?.posId ?? null });

    case 'list.up': return ok({ ...s, listIndex: clamp(s.listIndex - 1, shownOrders(s).length) });
    case 'list.down': return ok({ ...s, listIndex: clamp(s.listIndex + 1, shownOrders(s).length) });
    case 'list.open': return ok(s, { type: 'open-delivery', id: shownOrders(s)[s.listIndex].id });
    case 'list.new': {
      const call = activeCall(s);
      const phone = call && call.number.kind === 'valid' ? call.number.international : '';
      return ok(s, { type: 'create-delivery', customerId: null, phone });
    }
    case 'list.callCustomer': return ok(s, { type: 'dial', number: shownOrders(s)[s.listIndex].phone, target: 'customer' });

    case 'card.back':
      return ok(say({ ...s, screen: 'list', delivery: null }, 'info', d ? `Order ${d.number} parked in the open orders` : ''), { type: 'load-list' });
    case 'card.focus': return ok({ ...s, pane: s.pane === 'address' ? 'items' : 'address' });
    case 'card.menu': return ok({ ...s, modal: { kind: 'menu', query: '', results: [], index: 0 } }, { type: 'search-menu', query: '', posId: d?.posId ?? null });
    case 'card.pos': return ok(s, { type: 'load-pos' });
    case 'card.send': return ok(s, { type: 'send-delivery', delivery: d! });
    case 'card.callCustomer': return ok(s, { type: 'dial', number: d!.phone, target: 'customer' });
    case 'card.callDriver': return ok(s, { type: 'dial', number: d!.driverMobile, target: 'driver' });

    case 'address.up': return ok({ ...s, addressIndex: clamp(s.addressIndex - 1, cardFields.length) });
    case 'address.down': return ok({ ...s, addressIndex: clamp(s.addressIndex + 1, cardFields.length) });
    case 'address.edit': {
      if (!d) return ok(s);
      const field = cardFields[s.addressIndex];
      return ok({ ...s, modal: { kind: 'edit', field, label: fieldLabels[field], value: fieldValue(d, field) } });
    }

    case 'items.up': return ok({ ...s, itemIndex: clamp(s.itemIndex - 1, d?.items.length ?? 0) });
    case 'items.down': return ok({ ...s, itemIndex: clamp(s.itemIndex + 1, d?.items.length ?? 0) });
    case 'items.more': case 'items.less': {
      const delta = id === 'items.more' ? 1 : -1;
      const items = d!.items.map((i, n) => (n === s.itemIndex ? { ...i, quantity: i.quantity + delta } : i)).filter((i) => i.quantity > 0);
      return withItems(s, items);
    }
    case 'items.remove': return withItems(s, d!.items.filter((_, n) => n !== s.itemIndex));
    default: return runOrder(s, id, key);
  }
}
