/**
 * The customers screen's own state (S5's three panes) as a pure reducer: a key in, the next
 * state and what to ask of the customer base out. Testable without rendering.
 */
import type { Category, CustomerListEntry, Funnel } from '../../store/index.js';
import { funnels } from '../../store/index.js';
import { categories } from '../../store/types.js';
import { editableFields, type EditableField } from '../../customers/customer-desk.js';
import type { CustomersDraft } from '../../desk/drafts.js';
import { typeKey, type TextField } from '../../domain/outside-text.js';

export type CustomersPane = 'list' | 'history' | 'details';
/** The right pane's rows: the editable fields, the category, then "add a number". */
export const detailRows = [...editableFields, 'category', 'phones'] as const;
export type DetailRow = (typeof detailRows)[number];

export interface CustomersUi {
  query: string;
  funnel: Funnel;
  pane: CustomersPane;
  cursor: number;
  historyCursor: number;
  row: number;
  /** An inline edit in progress on the right pane. */
  editing: { row: EditableField | 'phones'; value: string } | null;
}

export const initialCustomersUi: CustomersUi = { query: '', funnel: 'all', pane: 'list', cursor: 0, historyCursor: 0, row: 0, editing: null };

/** The screen as it was when the console stopped (its draft in the desk's session), or fresh with `query`. */
export function resumedUi(draft: CustomersDraft | undefined, query = ''): CustomersUi {
  if (!draft) return { ...initialCustomersUi, query };
  const editing = draft.editing;
  return { ...initialCustomersUi, query: draft.query, funnel: draft.funnel, pane: editing ? 'details' : 'list', row: editing ? detailRows.indexOf(editing.row) : 0, editing };
}

export type CustomersIntent =
  | { type: 'search'; query: string; funnel: Funnel }
  | { type: 'select'; customerId: number | null }
  | { type: 'save'; customerId: number; field: EditableField; value: string }
  | { type: 'category'; customerId: number; category: Category }
  | { type: 'add-phone'; customerId: number; typed: string }
  | { type: 'open-history'; index: number }
  | { type: 'refresh' }
  | { type: 'close' };

/** What the reducer needs to know of the data on screen. */
export interface CustomersView {
  results: CustomerListEntry[];
  selected: { id: number; values: Record<EditableField, string> } | null;
  historyLength: number;
}

/** The keys of this screen, for its help line (the desk's keymap has the console-wide ones). */
export const customersKeys: { keys: string; label: string; pane: CustomersPane | 'any' }[] = [
  { keys: 'type', label: 'search', pane: 'list' },
  { keys: '←/→', label: 'funnel', pane: 'list' },
  { keys: '↑/↓', label: 'move', pane: 'any' },
  { keys: 'tab', label: 'next pane', pane: 'any' },
  { keys: 'enter', label: 'edit', pane: 'details' },
  { keys: '1-7', label: 'category', pane: 'details' },
  { keys: '+', label: 'add number', pane: 'details' },
  { keys: 'ctrl+r', label: 'refresh', pane: 'any' },
  { keys: 'esc', label: 'back', pane: 'any' },
];

type Step = { ui: CustomersUi; intents: CustomersIntent[] };
const clamp = (n: number, len: number) => Math.max(0, Math.min(n, len - 1));
const PANES: CustomersPane[] = ['list', 'history', 'details'];

function searched(ui: CustomersUi, next: Partial<CustomersUi>): Step {
  const u = { ...ui, ...next, cursor: 0 };
  return { ui: u, intents: [{ type: 'search', query: u.query, funnel: u.funnel }] };
}

/** One key (named as src/views/keys.ts names them, plus "ctrl+r"). */
export function reduceCustomersKey(ui: CustomersUi, key: string, view: CustomersView): Step {
  const same: Step = { ui, intents: [] };
  if (ui.editing) return editKey(ui, key, view);
  if (key === 'ctrl+r') return { ui, intents: [{ type: 'refresh' }] };
  if (key === 'tab') return { ui: { ...ui, pane: PANES[(PANES.indexOf(ui.pane) + 1) % PANES.length] }, intents: [] };
  if (key === 'escape') {
    if (ui.pane !== 'list') return { ui: { ...ui, pane: 'list' }, intents: [] };
    if (ui.query) return searched(ui, { query: '' });
    return { ui, intents: [{ type: 'close' }] };
  }
  if (ui.pane === 'list') {
    const move = (to: number): Step => {
      const cursor = clamp(to, view.results.length);
      return { ui: { ...ui, cursor }, intents: [{ type: 'select', customerId: view.results[cursor]?.id ?? null }] };
    };
    if (key === 'up') return move(ui.cursor - 1);
    if (key === 'down') return move(ui.cursor + 1);
    if (key === 'pageup') return move(ui.cursor - 10);
    if (key === 'pagedown') return move(ui.cursor + 10);
    if (key === 'left' || key === 'right') {
      const i = funnels.indexOf(ui.funnel) + (key === 'right' ? 1 : -1);
      return searched(ui, { funnel: funnels[(i + funnels.length) % funnels.length] });
    }
    if (key === 'enter') return view.selected ? { ui: { ...ui, pane: 'details' }, intents: [] } : same;
    if (key === 'delete') return ui.query ? searched(ui, { query: ui.query.slice(0, -1) }) : same;
    if (key.length === 1) {
      const t = typeKey(ui.query, key, 'search');
      return t.ok && t.text !== ui.query ? searched(ui, { query: t.text }) : same;
    }
    return same;
  }
  if (ui.pane === 'history') {
    if (key === 'up' || key === 'down') return { ui: { ...ui, historyCursor: clamp(ui.historyCursor + (key === 'up' ? -1 : 1), view.historyLength) }, intents: [] };
    if (key === 'enter' && view.historyLength > 0) return { ui, intents: [{ type: 'open-history', index: ui.historyCursor }] };
    return same;
  }
  // details
  const c = view.selected;
  if (!c) return same;
  if (key === 'up' || key === 'down') return { ui: { ...ui, row: clamp(ui.row + (key === 'up' ? -1 : 1), detailRows.length) }, intents: [] };
  if (/^[1-7]$/.test(key)) return { ui, intents: [{ type: 'category', customerId: c.id, category: categories[Number(key) - 1] }] };
  if (key === '+') return { ui: { ...ui, row: detailRows.indexOf('phones'), editing: { row: 'phones', value: '' } }, intents: [] };
  if (key === 'enter') {
    const row = detailRows[ui.row];
    if (row === 'category') return same;
    return { ui: { ...ui, editing: { row, value: row === 'phones' ? '' : c.values[row] } }, intents: [] };
  }
  return same;
}

/** Length limits of what is typed into each row (src/domain/outside-text.ts). */
const rowRules: Record<EditableField | 'phones', TextField> = { name: 'name', company: 'name', note: 'note', city: 'city', country: 'label', phones: 'phone' };

function editKey(ui: CustomersUi, key: string, view: CustomersView): Step {
  const e = ui.editing!;
  const c = view.selected;
  if (key === 'escape' || !c) return { ui: { ...ui, editing: null }, intents: [] };
  if (key === 'enter') {
    const intent: CustomersIntent = e.row === 'phones'
      ? { type: 'add-phone', customerId: c.id, typed: e.value }
      : { type: 'save', customerId: c.id, field: e.row, value: e.value };
    return { ui: { ...ui, editing: null }, intents: e.row === 'phones' && !e.value.trim() ? [] : [intent] };
  }
  if (key === 'delete') return { ui: { ...ui, editing: { ...e, value: e.value.slice(0, -1) } }, intents: [] };
  const t = typeKey(e.value, key, rowRules[e.row]);
  if (t.ok && t.text !== e.value) return { ui: { ...ui, editing: { ...e, value: t.text } }, intents: [] };
  return { ui, intents: [] };
}
