/** The calls screen's own state as a pure reducer: a key in, the next state and what to do out. */
import type { LoggedCall, MissedCaller } from '../../domain/shift-summary.js';
import { screenCommand } from '../../desk/help.js';
import { matchesSearch } from '../../desk/list-search.js';
import { typeKey } from '../../domain/outside-text.js';

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

/** One key, read through the keymap table (src/desk/keymap.ts, context "calls"); `rows` is how many the tab shows. */
export function reduceCallsKey(ui: CallsUi, key: string, rows: number): { ui: CallsUi; intents: CallsIntent[] } {
  const clamp = (n: number) => Math.max(0, Math.min(n, rows - 1));
  const same = { ui, intents: [] };
  const cmd = screenCommand('calls', callsWhere(ui), key)?.id;
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
