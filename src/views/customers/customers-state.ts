/**
 * The customers screen's own state (S5's three panes) as a pure reducer: a key in, the next
 * state and what to ask of the customer base out. Testable without rendering.
 */
import type { Category, CustomerListEntry, Funnel } from '../../domain/customer.js';
import { funnels } from '../../domain/customer.js';
import { categories } from '../../domain/customer.js';
import { editableFields, type EditableField } from '../../customers/customer-desk.js';
import type { CustomersDraft } from '../../desk/drafts.js';
import { typeKey, type TextField } from '../../domain/outside-text.js';
import { screenCommand } from '../../desk/help.js';

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
  | { type: 'close' }
  /** A key that could not be typed (the field is full): said on the screen's message line. */
  | { type: 'refused'; reason: string };

/** What the reducer needs to know of the data on screen. */
export interface CustomersView {
  results: CustomerListEntry[];
  selected: { id: number; values: Record<EditableField, string> } | null;
  historyLength: number;
}

type Step = { ui: CustomersUi; intents: CustomersIntent[] };
const clamp = (n: number, len: number) => Math.max(0, Math.min(n, len - 1));
const PANES: CustomersPane[] = ['list', 'history', 'details'];

function searched(ui: CustomersUi, next: Partial<CustomersUi>): Step {
  const u = { ...ui, ...next, cursor: 0 };
  return { ui: u, intents: [{ type: 'search', query: u.query, funnel: u.funnel }] };
}

/**
 * One key (named as src/views/keys.ts names them, plus "ctrl+r"), read through the keymap table
 * (src/desk/keymap.ts, context "customers", by pane); in the list pane letters type into the search.
 */
export function reduceCustomersKey(ui: CustomersUi, key: string, view: CustomersView): Step {
  const same: Step = { ui, intents: [] };
  if (ui.editing) return editKey(ui, key, view);
  const cmd = screenCommand('customers', ui.pane, key)?.id;
  const c = view.selected;
  const move = (to: number): Step => {
    const cursor = clamp(to, view.results.length);
    return { ui: { ...ui, cursor }, intents: [{ type: 'select', customerId: view.results[cursor]?.id ?? null }] };
  };
  const up = key === 'up' || key === 'k' || key === 'pageup';
  switch (cmd) {
    case 'customers.refresh': return { ui, intents: [{ type: 'refresh' }] };
    case 'customers.pane': return { ui: { ...ui, pane: PANES[(PANES.indexOf(ui.pane) + 1) % PANES.length] }, intents: [] };
    case 'customers.stepBack':
      if (ui.pane !== 'list') return { ui: { ...ui, pane: 'list' }, intents: [] };
      if (ui.query) return searched(ui, { query: '' });
      return { ui, intents: [{ type: 'close' }] };
    // `/` goes to the search; there, with something typed, it is typed ("1234/56" is a house number)
    case 'customers.find':
      if (ui.pane !== 'list') return { ui: { ...ui, pane: 'list' }, intents: [] };
      return ui.query ? typeSearch(ui, key) : same;
    case 'customers.move': return move(ui.cursor + (up ? -1 : 1));
    case 'customers.page': return move(ui.cursor + (up ? -10 : 10));
    case 'customers.funnel': {
      const i = funnels.indexOf(ui.funnel) + (key === 'right' ? 1 : -1);
      return searched(ui, { funnel: funnels[(i + funnels.length) % funnels.length] });
    }
    case 'customers.details': return c ? { ui: { ...ui, pane: 'details' }, intents: [] } : same;
    case 'customers.paneMove':
      if (ui.pane === 'history') return { ui: { ...ui, historyCursor: clamp(ui.historyCursor + (up ? -1 : 1), view.historyLength) }, intents: [] };
      return c ? { ui: { ...ui, row: clamp(ui.row + (up ? -1 : 1), detailRows.length) }, intents: [] } : same;
    case 'customers.openOrder': return view.historyLength > 0 ? { ui, intents: [{ type: 'open-history', index: ui.historyCursor }] } : same;
    case 'customers.category': return c ? { ui, intents: [{ type: 'category', customerId: c.id, category: categories[Number(key) - 1] }] } : same;
    case 'customers.addNumber': return c ? { ui: { ...ui, row: detailRows.indexOf('phones'), editing: { row: 'phones', value: '' } }, intents: [] } : same;
    case 'customers.edit': {
      const row = detailRows[ui.row];
      if (!c || row === 'category') return same;
      return { ui: { ...ui, editing: { row, value: row === 'phones' ? '' : c.values[row] } }, intents: [] };
    }
  }
  // the list pane searches as the dispatcher types
  if (ui.pane !== 'list') return same;
  if (key === 'delete') return ui.query ? searched(ui, { query: ui.query.slice(0, -1) }) : same;
  return key.length === 1 ? typeSearch(ui, key) : same;
}

function typeSearch(ui: CustomersUi, key: string): Step {
  const t = typeKey(ui.query, key, 'search');
  if (!t.ok) return { ui, intents: [{ type: 'refused', reason: t.reason }] };
  return t.text !== ui.query ? searched(ui, { query: t.text }) : { ui, intents: [] };
}

/** Length limits of what is typed into each row (src/domain/outside-text.ts). */
const rowRules: Record<EditableField | 'phones', TextField> = { name: 'name', company: 'name', note: 'note', city: 'city', country: 'label', phones: 'phone' };

function editKey(ui: CustomersUi, key: string, view: CustomersView): Step {
  const e = ui.editing!;
  const c = view.selected;
  const cmd = screenCommand('customers', 'editing', key)?.id;
  if (cmd === 'customers.cancelEdit' || !c) return { ui: { ...ui, editing: null }, intents: [] };
  if (cmd === 'customers.save') {
    const intent: CustomersIntent = e.row === 'phones'
      ? { type: 'add-phone', customerId: c.id, typed: e.value }
      : { type: 'save', customerId: c.id, field: e.row, value: e.value };
    return { ui: { ...ui, editing: null }, intents: e.row === 'phones' && !e.value.trim() ? [] : [intent] };
  }
  if (key === 'delete') return { ui: { ...ui, editing: { ...e, value: e.value.slice(0, -1) } }, intents: [] };
  const t = typeKey(e.value, key, rowRules[e.row]);
  if (!t.ok) return { ui, intents: [{ type: 'refused', reason: t.reason }] };
  if (t.text !== e.value) return { ui: { ...ui, editing: { ...e, value: t.text } }, intents: [] };
  return { ui, intents: [] };
}
