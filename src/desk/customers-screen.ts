/**
 * The customers screen (S5's three panes), a slice of the desk: its state in `DeskState.customersScreen`,
 * its keys in the one keymap table (context "customers", by pane: `where`), what it asks of the
 * customer base as effects (src/desk/screen-effects.ts runs them) whose answers come back as events.
 */
import type { Category, CustomerListEntry, Funnel } from '../domain/customer.js';
import { funnels } from '../domain/customer.js';
import { categories } from '../domain/customer.js';
import { editableFields, historyOrder, type CustomerProfile, type EditableField } from '../customers/customer-desk.js';
import type { CustomersDraft } from './drafts.js';
import { typeKey, type TextField } from '../domain/outside-text.js';
import type { CommandId } from './keymap.js';
import type { DeskState } from './state.js';
import { ok, type Keys, type Step } from './step.js';
import type { Effect } from './events.js';

/**
 * The view that draws this slice, from the desk's state: a reader goes from a fixture's step to
 * this file to that one (the App draws whatever `fullScreenViews` names for the screen, checked
 * against this by src/views/full-screens.test.tsx).
 */
export const customersView = { screen: 'customers', file: 'src/views/customers/CustomersScreen.tsx', component: 'CustomersView' } as const;

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

type UiStep = { ui: CustomersUi; intents: CustomersIntent[] };
const clamp = (n: number, len: number) => Math.max(0, Math.min(n, len - 1));
const PANES: CustomersPane[] = ['list', 'history', 'details'];

function searched(ui: CustomersUi, next: Partial<CustomersUi>): UiStep {
  const u = { ...ui, ...next, cursor: 0 };
  return { ui: u, intents: [{ type: 'search', query: u.query, funnel: u.funnel }] };
}

/** Where the screen's keys are read from the keymap table: the pane, or "editing" while a row is edited. */
export function customersWhere(ui: CustomersUi): string {
  return ui.editing ? 'editing' : ui.pane;
}

/**
 * One key (named as src/views/keys.ts names them, plus "ctrl+r") and the command the keymap
 * resolved it to (null: none; in the list pane letters type into the search, in an edit into the row).
 */
export function customersStep(ui: CustomersUi, cmd: CommandId | null, key: string, view: CustomersView): UiStep {
  const same: UiStep = { ui, intents: [] };
  if (ui.editing) return editKey(ui, cmd, key, view);
  const c = view.selected;
  const move = (to: number): UiStep => {
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

function typeSearch(ui: CustomersUi, key: string): UiStep {
  const t = typeKey(ui.query, key, 'search');
  if (!t.ok) return { ui, intents: [{ type: 'refused', reason: t.reason }] };
  return t.text !== ui.query ? searched(ui, { query: t.text }) : { ui, intents: [] };
}

/** Length limits of what is typed into each row (src/domain/outside-text.ts). */
const rowRules: Record<EditableField | 'phones', TextField> = { name: 'name', company: 'name', note: 'note', city: 'city', country: 'label', phones: 'phone' };

function editKey(ui: CustomersUi, cmd: CommandId | null, key: string, view: CustomersView): UiStep {
  const e = ui.editing!;
  const c = view.selected;
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

// ---------------------------------------------------------------- the desk's slice

/** The customers screen while it is open: its keys' state and what the customer base last said. */
export interface CustomersScreenState {
  ui: CustomersUi;
  results: CustomerListEntry[];
  /** Why the list is empty or short (query too short, funnel partly searched). */
  hint: string;
  selectedId: number | null;
  profile: CustomerProfile | null;
  /** The screen's own message line: the outcome of an edit, or a refusal. */
  message: { kind: 'info' | 'error'; text: string } | null;
  /** When the data on screen was last read (shown so a stale screen is noticed; the history's verdicts are read against it). */
  refreshedAt: number;
  /** Which customer the next search answer selects: the first found, the one selected, or the session's (its row found again). */
  follow: 'first' | 'keep' | 'resume';
}

/** What the customers screen asks of the customer base (carried out by src/desk/screen-effects.ts). */
export type CustomersEffect =
  | { type: 'customers-search'; query: string; funnel: Funnel }
  | { type: 'customers-profile'; customerId: number }
  /** An edit written through at once; `done` is what the screen says when it is. */
  | { type: 'customers-write'; write: CustomersWrite; done: string };
export type CustomersWrite =
  | { kind: 'field'; customerId: number; field: EditableField; value: string }
  | { kind: 'category'; customerId: number; category: Category }
  | { kind: 'phone'; customerId: number; typed: string };

/** The customer base's answers. */
export type CustomersEvent =
  | { type: 'customers-found'; query: string; funnel: Funnel; entries: CustomerListEntry[]; hint: string; at: number }
  | { type: 'customers-profile'; customerId: number; profile: CustomerProfile | null }
  | { type: 'customers-written'; refusal: string | null; done: string };

const searchFor = (ui: CustomersUi): Effect => ({ type: 'customers-search', query: ui.query, funnel: ui.funnel });

/** C (or a session coming back): the screen opens, afresh or with what was typed there, and searches. */
export function openCustomers(s: DeskState, resume?: CustomersDraft): Step {
  const ui = resumedUi(resume);
  const screen: CustomersScreenState = { ui, results: [], hint: '', selectedId: resume?.customerId ?? null, profile: null, message: null, refreshedAt: s.now, follow: resume ? 'resume' : 'first' };
  return ok({ ...s, screen: 'customers', customersScreen: screen }, searchFor(ui));
}

/** What the screen shows again after a write or a colleague's commit: the same search, the same customer. */
export function rereadCustomers(c: CustomersScreenState): Effect[] {
  return [searchFor(c.ui), ...(c.selectedId === null ? [] : [{ type: 'customers-profile', customerId: c.selectedId } as Effect])];
}

const withScreen = (s: DeskState, c: CustomersScreenState): DeskState => ({ ...s, customersScreen: c });

/** The customer base answered. An answer for a search since typed over is dropped. */
export function onCustomersEvent(s: DeskState, e: CustomersEvent): Step {
  const c = s.customersScreen;
  if (!c) return ok(s);
  switch (e.type) {
    case 'customers-found': {
      if (e.query !== c.ui.query || e.funnel !== c.ui.funnel) return ok(s);
      const base = { ...c, results: e.entries, hint: e.hint, refreshedAt: e.at, follow: 'keep' as const };
      if (c.follow === 'keep') return ok(withScreen(s, base));
      const id = c.follow === 'first' ? e.entries[0]?.id ?? null : c.selectedId ?? e.entries[0]?.id ?? null;
      const cursor = c.follow === 'first' ? 0 : Math.max(0, e.entries.findIndex((x) => x.id === id));
      const next = { ...base, selectedId: id, profile: id === null ? null : c.profile?.customer.id === id ? c.profile : null, ui: { ...c.ui, cursor } };
      return ok(withScreen(s, next), ...(id === null ? [] : [{ type: 'customers-profile', customerId: id } as Effect]));
    }
    case 'customers-profile':
      return e.customerId === c.selectedId ? ok(withScreen(s, { ...c, profile: e.profile })) : ok(s);
    case 'customers-written': {
      const said = { ...c, message: e.refusal ? { kind: 'error' as const, text: e.refusal } : { kind: 'info' as const, text: e.done } };
      return ok(withScreen(s, said), ...rereadCustomers(said));
    }
  }
}

/** What the pure key step needs to know of the data on screen. */
function viewOf(c: CustomersScreenState): CustomersView {
  const p = c.profile?.customer;
  return {
    results: c.results,
    selected: p ? { id: p.id, values: { name: p.name, company: p.company, note: p.note, city: p.city, country: p.country } } : null,
    historyLength: c.profile ? c.profile.deliveries.length + c.profile.calls.length : 0,
  };
}

/**
 * A key on the customers screen, resolved once by the keymap (`id`; null: a key of no command,
 * typed into the search or the row being edited): the screen's next state and what to ask.
 */
export function customersKey(s: DeskState, key: string, id: CommandId | null): Step {
  const c = s.customersScreen;
  if (!c) return ok(s);
  const step = customersStep(c.ui, id, key, viewOf(c));
  let next: CustomersScreenState = { ...c, ui: step.ui };
  let desk: DeskState = s;
  const effects: Effect[] = [];
  for (const intent of step.intents) {
    switch (intent.type) {
      case 'search': next = { ...next, follow: 'first' }; effects.push(searchFor(next.ui)); break;
      case 'select':
        next = { ...next, selectedId: intent.customerId, profile: null };
        if (intent.customerId !== null) effects.push({ type: 'customers-profile', customerId: intent.customerId });
        break;
      case 'save': effects.push({ type: 'customers-write', write: { kind: 'field', customerId: intent.customerId, field: intent.field, value: intent.value }, done: `${intent.field} saved` }); break;
      case 'category': effects.push({ type: 'customers-write', write: { kind: 'category', customerId: intent.customerId, category: intent.category }, done: `category set to ${intent.category}` }); break;
      case 'add-phone': effects.push({ type: 'customers-write', write: { kind: 'phone', customerId: intent.customerId, typed: intent.typed }, done: `number ${intent.typed.trim()} added` }); break;
      case 'refresh': next = { ...next, message: null }; effects.push(...rereadCustomers(next)); break;
      case 'refused': next = { ...next, message: { kind: 'error', text: intent.reason } }; break;
      case 'close': desk = { ...desk, screen: desk.delivery ? 'delivery' : 'list' }; break;
      case 'open-history': {
        const line = c.profile ? historyOrder(c.profile)[intent.index] : undefined;
        if (line?.kind === 'delivery') { desk = { ...desk, modal: null }; effects.push({ type: 'open-delivery', id: line.id }); }
        break;
      }
    }
  }
  return ok({ ...desk, customersScreen: desk.screen === 'customers' ? next : null }, ...effects);
}

/** The screen's commands: each is the key step above (the keymap resolved the key to `id`). */
export const customersScreenKeys = {
  'customers.find': customersKey,
  'customers.move': customersKey,
  'customers.page': customersKey,
  'customers.funnel': customersKey,
  'customers.pane': customersKey,
  'customers.details': customersKey,
  'customers.paneMove': customersKey,
  'customers.openOrder': customersKey,
  'customers.edit': customersKey,
  'customers.category': customersKey,
  'customers.addNumber': customersKey,
  'customers.refresh': customersKey,
  'customers.stepBack': customersKey,
  'customers.save': customersKey,
  'customers.cancelEdit': customersKey,
} satisfies Keys;
