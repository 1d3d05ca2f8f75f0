/**
 * The calls screen (the log, the shift summary, the missed calls), a slice of the desk: its state
 * in `DeskState.callsScreen`, its keys in the one keymap table (context "calls", by tab: `where`),
 * the call log read and a call-back marked done as effects (src/desk/screen-effects.ts).
 */
import type { LoggedCall, MissedCaller, ShiftSummary } from '../domain/shift-summary.js';
import { matchesSearch } from './list-search.js';
import { typeKey } from '../domain/outside-text.js';
import { formatPhone } from '../domain/phone-number.js';
import type { CommandId } from './keymap.js';
import type { DeskState } from './state.js';
import type { Effect } from './events.js';
import { callBackRefusal } from './key-refusals.js';
import { ok, type Keys, type Step } from './step.js';

/** The view that draws this slice, from the desk's state (as `customersView` in customers-screen.ts). */
export const callsView = { screen: 'calls', file: 'src/views/calls/CallsScreen.tsx', component: 'CallsView' } as const;

export type CallsTab = 'log' | 'summary' | 'missed';
export const callsTabs: CallsTab[] = ['log', 'summary', 'missed'];

export interface CallsUi {
  tab: CallsTab;
  cursor: number;
  /** `/` on the log or the missed calls: what narrows them, and whether it is being typed. */
  search: { query: string; typing: boolean } | null;
}
export const initialCallsUi: CallsUi = { tab: 'summary', cursor: 0, search: null };

export type CallsIntent =
  | { type: 'call-back'; index: number } | { type: 'refresh' } | { type: 'close' }
  /** A key that could not be typed (the search is full): said on the screen's message line. */
  | { type: 'refused'; reason: string };

/** Where the screen's keys are read from the keymap table: the tab, or "searching" while a search is typed. */
export function callsWhere(ui: CallsUi): string {
  return ui.search?.typing ? 'searching' : ui.tab;
}

const query = (ui: CallsUi) => ui.search?.query.trim() ?? '';

/** The log rows the search leaves (number, customer, operator; digits against the number's digits). */
export function shownCalls(calls: LoggedCall[], ui: CallsUi): LoggedCall[] {
  const q = query(ui);
  return q ? calls.filter((c) => matchesSearch(q, [c.remote, c.customerName, c.operator], c.remote)) : calls;
}
/** The numbers to call back that the search leaves. */
export function shownMissed(missed: MissedCaller[], ui: CallsUi): MissedCaller[] {
  const q = query(ui);
  return q ? missed.filter((m) => matchesSearch(q, [m.remote, m.customerName], m.remote)) : missed;
}

/** One key and the command the keymap resolved it to (null: none; typed into a search); `rows` is how many the tab shows. */
export function callsStep(ui: CallsUi, cmd: CommandId | null, key: string, rows: number): { ui: CallsUi; intents: CallsIntent[] } {
  const clamp = (n: number) => Math.max(0, Math.min(n, rows - 1));
  const same = { ui, intents: [] };
  if (ui.search?.typing) {
    if (cmd === 'calls.searchKeep') return { ui: { ...ui, search: ui.search.query.trim() ? { ...ui.search, typing: false } : null }, intents: [] };
    if (cmd === 'calls.searchClear') return { ui: { ...ui, search: null, cursor: 0 }, intents: [] };
    if (key === 'up' || key === 'down') return { ui: { ...ui, cursor: clamp(ui.cursor + (key === 'up' ? -1 : 1)) }, intents: [] };
    const typed = key === 'delete' ? { ok: true as const, text: [...ui.search.query].slice(0, -1).join('') } : typeKey(ui.search.query, key, 'search');
    if (!typed.ok) return { ui, intents: [{ type: 'refused', reason: typed.reason }] };
    return typed.ok && typed.text !== ui.search.query ? { ui: { ...ui, search: { ...ui.search, query: typed.text }, cursor: 0 }, intents: [] } : same;
  }
  switch (cmd) {
    case 'calls.tab': return { ui: { ...ui, tab: callsTabs[Number(key) - 1], cursor: 0 }, intents: [] };
    case 'calls.nextTab': {
      const i = callsTabs.indexOf(ui.tab) + (key === 'left' ? -1 : 1);
      return { ui: { ...ui, tab: callsTabs[(i + callsTabs.length) % callsTabs.length], cursor: 0 }, intents: [] };
    }
    case 'calls.move': return { ui: { ...ui, cursor: clamp(ui.cursor + (key === 'up' || key === 'k' ? -1 : 1)) }, intents: [] };
    case 'calls.search': return { ui: { ...ui, search: { query: ui.search?.query ?? '', typing: true } }, intents: [] };
    case 'calls.callBack': return rows > 0 ? { ui, intents: [{ type: 'call-back', index: ui.cursor }] } : same;
    case 'calls.refresh': return { ui, intents: [{ type: 'refresh' }] };
    case 'calls.stepBack': return ui.search ? { ui: { ...ui, search: null, cursor: 0 }, intents: [] } : { ui, intents: [{ type: 'close' }] };
    default: return same;
  }
}

// ---------------------------------------------------------------- the desk's slice

/** What the call log said last, read against `at` (the desk's clock then). */
export interface CallLogData { calls: LoggedCall[]; summary: ShiftSummary; missed: MissedCaller[]; at: number }

/** The calls screen while it is open. */
export interface CallsScreenState {
  ui: CallsUi;
  /** null until the call log has answered. */
  data: CallLogData | null;
  /** The screen's own message line: a call-back placed, or why not. */
  message: { kind: 'info' | 'error'; text: string } | null;
}

/** What the calls screen asks of the call log (src/desk/screen-effects.ts: since the shift began). */
export type CallsEffect =
  | { type: 'load-call-log' }
  /** The call-back to this missed call is done (it and the number's earlier misses). */
  | { type: 'call-back-done'; callId: number };
export type CallsEvent = { type: 'call-log-loaded'; data: CallLogData };

/** L: the calls screen opens on the summary and reads the call log. */
export function openCalls(s: DeskState): Step {
  return ok({ ...s, screen: 'calls', callsScreen: { ui: initialCallsUi, data: null, message: null } }, { type: 'load-call-log' });
}

export function onCallsEvent(s: DeskState, e: CallsEvent): Step {
  return s.callsScreen ? ok({ ...s, callsScreen: { ...s.callsScreen, data: e.data } }) : ok(s);
}

const rowsOf = (c: CallsScreenState): number => {
  const d = c.data;
  if (!d) return 0;
  return c.ui.tab === 'log' ? shownCalls(d.calls, c.ui).length : c.ui.tab === 'missed' ? shownMissed(d.missed, c.ui).length : 0;
};

/**
 * A key on the calls screen, resolved once by the keymap (`id`; null: typed into the search).
 * c on a missed call dials it as "call customer" does (the same refusals) and marks it done.
 */
export function callsKey(s: DeskState, key: string, id: CommandId | null): Step {
  const c = s.callsScreen;
  if (!c) return ok(s);
  const step = callsStep(c.ui, id, key, rowsOf(c));
  let next: CallsScreenState = { ...c, ui: step.ui };
  let desk: DeskState = s;
  const effects: Effect[] = [];
  const say = (kind: 'info' | 'error', text: string) => { next = { ...next, message: { kind, text } }; };
  for (const intent of step.intents) {
    if (intent.type === 'close') desk = { ...desk, screen: desk.delivery ? 'delivery' : 'list' };
    else if (intent.type === 'refresh') { next = { ...next, message: null }; effects.push({ type: 'load-call-log' }); }
    else if (intent.type === 'refused') say('error', intent.reason);
    else {
      const m = c.data ? shownMissed(c.data.missed, c.ui)[intent.index] : undefined;
      if (!m) continue;
      const number = formatPhone(m.remote, s.region);
      const why = m.remoteKey ? callBackRefusal(s, m.remote) : 'a withheld number cannot be called back';
      if (!m.remoteKey) say('error', why!);
      else if (why) say('error', `cannot call back ${number}: ${why}`);
      else {
        say('info', `calling back ${number}${m.customerName ? ` (${m.customerName})` : ''}; marked done`);
        effects.push({ type: 'dial', number: m.remote, target: 'customer' }, { type: 'call-back-done', callId: m.callId }, { type: 'load-call-log' });
      }
    }
  }
  return ok({ ...desk, callsScreen: desk.screen === 'calls' ? next : null }, ...effects);
}

/** The screen's commands: each is the key step above. */
export const callsScreenKeys = {
  'calls.tab': callsKey,
  'calls.nextTab': callsKey,
  'calls.move': callsKey,
  'calls.callBack': callsKey,
  'calls.search': callsKey,
  'calls.refresh': callsKey,
  'calls.stepBack': callsKey,
  'calls.searchKeep': callsKey,
  'calls.searchClear': callsKey,
} satisfies Keys;
