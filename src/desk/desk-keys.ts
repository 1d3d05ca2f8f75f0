/** The keys of the desk as a whole: screens, help, status, quit, the open orders list and its search. */
import type { Effect } from './events.js';
import { failedToResend } from './key-refusals.js';
import { helpEntries } from './help.js';
import { shownOrders } from './list-search.js';
import { runOrder } from './orders.js';
import { activeCall, type DeskState } from './state.js';
import { clamp, ok, say, type Keys, type Step } from './step.js';
import { openCustomers } from './customers-screen.js';
import { openCalls } from './calls-screen.js';

function customersBack(s: DeskState, key: string, id: 'customers.back' | 'calls.back'): Step {
  const d = s.delivery;
  return ok({ ...s, screen: d ? 'delivery' : 'list' });
}

function helpUp(s: DeskState, key: string, id: 'help.up' | 'help.down' | 'help.pageUp' | 'help.pageDown' | 'help.top' | 'help.bottom'): Step {
  const m = s.modal;
  if (m?.kind !== 'help') return ok(s);
  const last = helpEntries(s).length - 1;
  const page = Math.max(1, s.size.rows - 8);
  const to = { 'help.up': m.index - 1, 'help.down': m.index + 1, 'help.pageUp': m.index - page, 'help.pageDown': m.index + page, 'help.top': 0, 'help.bottom': last }[id];
  return ok({ ...s, modal: { ...m, index: Math.max(0, Math.min(to, last)) } });
}

const helpClose = (s: DeskState, key: string, id: 'help.close' | 'status.close'): Step => ok({ ...s, modal: null });

const listSearch = (s: DeskState, key: string, id: 'list.search' | 'scheduled.search'): Step => ok({ ...s, listSearch: { query: s.listSearch?.query ?? '', typing: true } });

const searchClear = (s: DeskState, key: string, id: 'search.clear' | 'list.clearSearch'): Step => ok({ ...s, listSearch: null, listIndex: 0, scheduled: { ...s.scheduled, index: 0 } });

const listMove = (s: DeskState, by: number): Step => ok({ ...s, listIndex: clamp(s.listIndex + by, shownOrders(s).length) });

/** While a search is typed the arrows move in the list it narrows (open orders or scheduled). */
const searchUp = (s: DeskState, key: string, id: 'search.up' | 'search.down'): Step =>
  s.listView === 'scheduled' ? runOrder(s, id === 'search.up' ? 'scheduled.up' : 'scheduled.down') : listMove(s, id === 'search.up' ? -1 : 1);

export const deskKeys = {
  'global.customers': (s) => openCustomers(s),
  'global.calls': (s) => openCalls(s),
  'customers.back': customersBack,
  'calls.back': customersBack,
  'global.help': (s) => ok({ ...s, modal: { kind: 'help', index: 0 } }),
  'help.up': helpUp,
  'help.down': helpUp,
  'help.pageUp': helpUp,
  'help.pageDown': helpUp,
  'help.top': helpUp,
  'help.bottom': helpUp,
  'global.headset': (s) => ok(say(s, 'info', 'Calling your headset…'), { type: 'connect-headset' }),
  'help.close': helpClose,
  'status.close': helpClose,
  'global.status': (s) => ok({ ...s, modal: { kind: 'status' } }),
  'global.quit': (s) => ok({ ...s, modal: { kind: 'confirm-quit' } }),
  'global.resend': (s) => {
    const f = failedToResend(s)!;
    return ok(say(s, 'info', `Sending ${f.number} to ${f.posName || 'its point of sale'} again…`), { type: 'resend-order', outboxId: f.outboxId, number: f.number });
  },
  'confirm.yes': (s) => ok({ ...s, modal: null, quitting: true }, ...s.calls.map((c): Effect => ({ type: 'hangup', callId: c.id })), { type: 'quit' }),
  'confirm.no': (s) => ok({ ...s, modal: null }),
  'list.search': listSearch,
  'scheduled.search': listSearch,
  'search.keep': (s) => ok({ ...s, listSearch: s.listSearch?.query.trim() ? { ...s.listSearch, typing: false } : null }),
  'search.clear': searchClear,
  'list.clearSearch': searchClear,
  'search.up': searchUp,
  'search.down': searchUp,
  'list.up': (s) => listMove(s, -1),
  'list.down': (s) => listMove(s, 1),
  'list.open': (s) => ok(s, { type: 'open-delivery', id: shownOrders(s)[s.listIndex].id }),
  'list.new': (s) => {
    const call = activeCall(s);
    const phone = call && call.number.kind === 'valid' ? call.number.international : '';
    return ok(s, { type: 'create-delivery', customerId: null, phone });
  },
  'list.callCustomer': (s) => ok(s, { type: 'dial', number: shownOrders(s)[s.listIndex].phone, target: 'customer' }),
} satisfies Keys;
