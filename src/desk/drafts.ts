/**
 * Nothing typed is lost: whatever a dispatcher is typing into a dialog or field — an order
 * field, the menu search, the add-customer form, the caller's note, a cancel reason, a callback,
 * a queue item's redirect note, a transfer's target and note, the customers screen's search and
 * its inline edit — is part
 * of the desk's session (src/store/sessions.ts), written on every keystroke and brought back
 * when the console starts again after `kill -9`.
 *
 * The session is derived from the state in one place (`withDrafts`, around the whole reducer),
 * so no key handler has to remember to save it; a new dialog with text needs a line in
 * `draftOf` and `restoreDraft`. A draft is stored as JSON in its own small, stable shape (not the
 * dialog's), checked when read back: an unreadable draft is dropped, never a crash.
 */
import type { Delivery } from '../domain/delivery.js';
import type { FieldConflict } from '../store/ports.js';
import { funnels, type Funnel } from '../domain/customer.js';
import { editableFields } from '../customers/customer-desk.js';
import { cancelReasons, type CancelCode } from '../domain/lifecycle.js';
import { cardFields, fieldValue, isCardField } from './card-fields.js';
import { orderEditFields, type OrderEditField } from './orders.js';
import type { DeskState, Modal, NewCustomerFields } from './state.js';
import { queueRows, targetLabel } from './queue-keys.js';
import type { DeskEvent } from './events.js';
import type { Step } from './step.js';
import { openCustomers } from './customers-screen.js';

/** A half-typed dialog as the session keeps it. */
export type Draft =
  /** An order field in the one-line editor; `before` is the field's value when editing began. */
  | { kind: 'edit'; field: string; label: string; value: string; before?: string; itemIndex?: number }
  | { kind: 'menu'; query: string }
  | { kind: 'customer-form'; phone: string; fields: NewCustomerFields; index: number }
  | { kind: 'customer-note'; customerId: number; customerName: string; value: string }
  | { kind: 'cancel'; deliveryId: number; number: string; reason: CancelCode; note: string }
  /** Call back later (Z): for whom, when and the note as typed. */
  | { kind: 'callback'; phone: string; name: string; callRef: string; when: string; note: string; field: 'when' | 'note' }
  /** r in the queue: the item, whom it was being handed to (a target's words: "group Brno", "bob") and the note. */
  | { kind: 'redirect'; itemId: number; label: string; target: string; note: string }
  /** X / J on a call: the target and the note for the colleague. */
  | { kind: 'transfer'; mode: 'blind' | 'attended'; callId: string; target: string; note: string; field: 'target' | 'note' }
  | ({ kind: 'customers' } & CustomersDraft)
  /** Replies half-typed in the chat console, by conversation id, and the chat that was in front (src/desk/chat-desk.ts). */
  | { kind: 'chats'; front: number | null; composing: boolean; onScreen: boolean; texts: Record<string, string> };

/** What is typed on the customers screen (src/desk/customers-screen.ts): the search and an inline edit. */
export interface CustomersDraft {
  query: string;
  funnel: Funnel;
  /** The customer selected (the one an inline edit is for). */
  customerId: number | null;
  editing: { row: (typeof editableFields)[number] | 'phones'; value: string } | null;
}

/** What one console has open: the delivery on its card and the dialog being typed into. */
export interface DeskSession { deliveryId: number | null; draft: Draft | null }

/** The session the state stands for (text being written counts until the write answers). */
export function sessionOf(s: DeskState): DeskSession {
  return { deliveryId: s.delivery?.id ?? null, draft: draftOf(s) ?? s.unsaved };
}

export function draftOf(s: DeskState): Draft | null {
  const m = s.modal;
  const d = s.delivery;
  switch (m?.kind) {
    case 'edit': {
      const before = d && isCardField(m.field) ? { before: fieldValue(d, m.field) } : {};
      const line = m.field === 'kitchenComment' ? { itemIndex: s.itemIndex } : {};
      return { kind: 'edit', field: m.field, label: m.label, value: m.value, ...before, ...line };
    }
    case 'menu': return { kind: 'menu', query: m.query };
    case 'customer-form': return { kind: 'customer-form', phone: m.phone, fields: m.fields, index: m.index };
    case 'customer-note': return { kind: 'customer-note', customerId: m.customerId, customerName: m.customerName, value: m.value };
    case 'cancel': return { kind: 'cancel', deliveryId: m.deliveryId, number: m.number, reason: m.reasons[m.index]?.code ?? 'other', note: m.note };
    case 'callback': return { kind: 'callback', phone: m.phone, name: m.name, callRef: m.callRef, when: m.when, note: m.note, field: m.field };
    case 'redirect': return { kind: 'redirect', itemId: m.itemId, label: m.label, target: m.targets[m.index] ? targetLabel(m.targets[m.index]) : '', note: m.note };
    case 'transfer': return { kind: 'transfer', mode: m.mode, callId: m.callId, target: m.target, note: m.note, field: m.field };
    default: {
      const c = s.screen === 'customers' ? s.customersScreen : null;
      if (c && (c.ui.query || c.ui.editing)) return { kind: 'customers', query: c.ui.query, funnel: c.ui.funnel, customerId: c.selectedId, editing: c.ui.editing };
      const t = s.chats;
      return Object.keys(t.texts).length ? { kind: 'chats', front: t.front, composing: t.composing, onScreen: s.screen === 'chats', texts: t.texts } : null;
    }
  }
}

const sameSession = (a: DeskSession, b: DeskSession) => a.deliveryId === b.deliveryId && JSON.stringify(a.draft) === JSON.stringify(b.draft);

/**
 * Runs one event through the desk and adds one `save-session` after the other effects when the
 * session changed (last: text is cleared from the session only after the write that keeps it).
 */
export function withDrafts(s: DeskState, e: DeskEvent, inner: (s: DeskState, e: DeskEvent) => Step): Step {
  const done = e.type === 'session-restored' ? restoreSession(s, e, inner) : inner(s, e);
  const step = { ...done, state: carryUnsaved(s, done) };
  // a nested reduce (typing goes through edit-change) may have saved already: one save, of the final state
  const effects = step.effects.filter((x) => x.type !== 'save-session');
  const session = sessionOf(step.state);
  if (sameSession(session, sessionOf(s))) return effects.length === step.effects.length ? step : { state: step.state, effects };
  return { state: step.state, effects: [...effects, { type: 'save-session', session }] };
}

/** Effects that write what a closed field editor or menu search held. */
const textWrites: readonly string[] = ['save-delivery', 'courier-comment', 'set-when'];

/**
 * The text of a field editor (or the menu search) that this event closed to write it is kept for
 * exactly one more event — the write's answer; a refusal (`refusedWrite`) brings it back.
 */
function carryUnsaved(before: DeskState, step: Step): DeskState {
  const next = step.state;
  const typed = draftOf(before);
  if (typed && (typed.kind === 'edit' || typed.kind === 'menu') && !draftOf(next) && step.effects.some((x) => textWrites.includes(x.type))) {
    return { ...next, unsaved: typed };
  }
  return next.unsaved && next.unsaved === before.unsaved ? { ...next, unsaved: null } : next;
}

/**
 * A write was refused (a colleague's change to the same field, a status that no longer allows
 * it, a database error): the newer delivery is shown, and the dialog the dispatcher typed into
 * comes back with their text, so Enter re-applies it.
 */
export function refusedWrite(s: DeskState, current: Delivery | null, reason: string, conflicts: FieldConflict[] = []): Step {
  const shown: DeskState = { ...s, delivery: current ?? s.delivery, modal: null, unsaved: null };
  const typed = s.unsaved ?? draftOf(s);
  const back = typed ? reopen(shown, typed) : null;
  const c = conflicts[0];
  if (!back) {
    const text = c ? `${c.label} was changed by a colleague to "${c.theirs || '(empty)'}" — showing the newer version; your change was not saved` : `${reason} — showing the newer version; your last change was not saved`;
    return { state: { ...shown, message: { kind: 'error', text } }, effects: [{ type: 'load-list' }] };
  }
  const text = c ? changedMeanwhile(c.label, c.theirs) : `${reason} — your text is kept: Enter tries again`;
  return { state: { ...back.state, message: { kind: 'error', text } }, effects: [...back.effects, { type: 'load-list' }] };
}

function restoreSession(s: DeskState, e: Extract<DeskEvent, { type: 'session-restored' }>, inner: (s: DeskState, e: DeskEvent) => Step): Step {
  const opened = e.delivery
    ? inner(s, { type: 'delivery-opened', delivery: e.delivery, note: `Reopened order ${e.delivery.number} where you left it` })
    : { state: s, effects: [] };
  if (!e.draft) return opened;
  const back = restoreDraft(opened.state, e.draft);
  return { state: back.state, effects: [...opened.effects, ...back.effects] };
}

const clamp = (n: number, len: number) => Math.max(0, Math.min(n, len - 1));

/** The dialog of a draft after a restart, over the delivery now open (a draft for another delivery is dropped). */
export function restoreDraft(s: DeskState, draft: Draft): Step {
  const back = reopen(s, draft);
  if (!back) return { state: s, effects: [] };
  const d = s.delivery;
  // a colleague changed the field while this console was down: their value is shown, the text kept
  if (d && draft.kind === 'edit' && isCardField(draft.field) && draft.before !== undefined && fieldValue(d, draft.field) !== draft.before) {
    return { ...back, state: { ...back.state, message: { kind: 'error', text: changedMeanwhile(draft.label, fieldValue(d, draft.field)) } } };
  }
  // a dialog that could not come back said so itself (lostText)
  if (back.state.message !== s.message) return back;
  return { ...back, state: { ...back.state, message: s.message ?? { kind: 'info', text: 'Brought back what you were typing' } } };
}

/** The dialog a draft was typed in, with its text, placed where it was typed; null when it no longer applies. */
function reopen(s: DeskState, draft: Draft): Step | null {
  const d = s.delivery;
  const open = (modal: Modal, more: Partial<DeskState> = {}): Step => ({ state: { ...s, ...more, modal }, effects: [] });
  switch (draft.kind) {
    case 'edit': {
      if (!d) return null;
      const modal = { kind: 'edit', field: draft.field, label: draft.label, value: draft.value } as Modal;
      if (isCardField(draft.field)) return open(modal, { pane: 'address', addressIndex: cardFields.indexOf(draft.field) });
      if (!(orderEditFields as readonly string[]).includes(draft.field)) return null;
      if ((draft.field as OrderEditField) !== 'kitchenComment') return open(modal);
      if (!d.items.length) return null;
      return open(modal, { pane: 'items', itemIndex: clamp(draft.itemIndex ?? 0, d.items.length) });
    }
    case 'menu':
      if (!d) return null;
      return { ...open({ kind: 'menu', query: draft.query, results: [], index: 0 }), effects: [{ type: 'search-menu', query: draft.query, posId: d.posId }] };
    case 'customer-form':
      return open({ kind: 'customer-form', phone: draft.phone, fields: draft.fields, index: clamp(draft.index, 3) });
    case 'customer-note':
      return open({ kind: 'customer-note', customerId: draft.customerId, customerName: draft.customerName, value: draft.value });
    case 'cancel': {
      if (d?.id !== draft.deliveryId) return null;
      const reasons = [...cancelReasons];
      return open({ kind: 'cancel', deliveryId: d.id, number: d.number, index: Math.max(0, reasons.findIndex((r) => r.code === draft.reason)), note: draft.note, reasons });
    }
    case 'callback':
      return open({ kind: 'callback', phone: draft.phone, name: draft.name, callRef: draft.callRef, when: draft.when, note: draft.note, field: draft.field });
    case 'redirect': {
      // the item must still wait (a colleague may have taken it meanwhile); the target is found again by its words
      if (!queueRows(s).some((i) => i.id === draft.itemId)) return lostText(s, `${draft.label} was taken meanwhile`, draft.note);
      const targets = s.queue.targets;
      return open({ kind: 'redirect', itemId: draft.itemId, label: draft.label, targets, index: Math.max(0, targets.findIndex((t) => targetLabel(t) === draft.target)), note: draft.note });
    }
    case 'transfer': {
      // a call does not outlive the console's process: the typed text is shown, and kept in M's messages
      if (!s.calls.some((c) => c.id === draft.callId)) return lostText(s, `Not transferred to ${draft.target || '(no target yet)'}: the call ended when the console stopped`, draft.note);
      return open({ kind: 'transfer', mode: draft.mode, callId: draft.callId, target: draft.target, note: draft.note, field: draft.field });
    }
    case 'customers': {
      const { kind: _, ...typed } = draft;
      return openCustomers(s, typed);
    }
    case 'chats': {
      const chats = { ...s.chats, front: draft.front, composing: draft.composing && draft.front !== null, texts: draft.texts };
      const thread = draft.front !== null ? [{ type: 'load-thread' as const, conversationId: draft.front }] : [];
      return { state: { ...s, screen: draft.onScreen ? 'chats' : s.screen, chats }, effects: [{ type: 'load-chats' }, ...thread] };
    }
  }
}

/** A dialog that cannot come back (its call or item is gone): what was typed is said, so it can be used again. */
function lostText(s: DeskState, what: string, note: string): Step {
  return { state: { ...s, message: { kind: 'error', text: `${what}${note ? ` — your note was: ${note}` : ''}` } }, effects: [] };
}

/** The line shown when a field the dispatcher is typing into was changed by a colleague. */
export function changedMeanwhile(label: string, now: string): string {
  return `${label} was changed by a colleague to "${now || '(empty)'}" — your text is kept: Enter saves it over theirs`;
}

// ---------------------------------------------------------------- reading a stored draft back

const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const cancelCodes: readonly string[] = cancelReasons.map((r) => r.code);
const editRows: readonly string[] = [...editableFields, 'phones'];

/**
 * The draft stored in a session, or null when there is none or it cannot be read (the text of
 * an older ringdesk's field editor, `{"kind":"edit","field":…,"label":…,"value":…}`, reads as is).
 */
export function parseDraft(text: string | null | undefined): Draft | null {
  if (!text) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  switch (o.kind) {
    case 'edit':
      if (!isString(o.field) || !isString(o.label) || !isString(o.value)) return null;
      if (o.before !== undefined && !isString(o.before)) return null;
      if (o.itemIndex !== undefined && !isCount(o.itemIndex)) return null;
      return {
        kind: 'edit', field: o.field, label: o.label, value: o.value,
        ...(o.before !== undefined ? { before: o.before as string } : {}), ...(o.itemIndex !== undefined ? { itemIndex: o.itemIndex as number } : {}),
      };
    case 'menu':
      return isString(o.query) ? { kind: 'menu', query: o.query } : null;
    case 'customer-form': {
      const f = o.fields as Record<string, unknown> | null;
      if (!isString(o.phone) || !isCount(o.index) || typeof f !== 'object' || f === null) return null;
      if (!isString(f.name) || !isString(f.company) || !isString(f.note)) return null;
      return { kind: 'customer-form', phone: o.phone, fields: { name: f.name, company: f.company, note: f.note }, index: o.index };
    }
    case 'customer-note':
      if (!isCount(o.customerId) || !isString(o.customerName) || !isString(o.value)) return null;
      return { kind: 'customer-note', customerId: o.customerId, customerName: o.customerName, value: o.value };
    case 'cancel':
      if (!isCount(o.deliveryId) || !isString(o.number) || !isString(o.reason) || !cancelCodes.includes(o.reason) || !isString(o.note)) return null;
      return { kind: 'cancel', deliveryId: o.deliveryId, number: o.number, reason: o.reason as CancelCode, note: o.note };
    case 'callback':
      if (![o.phone, o.name, o.callRef, o.when, o.note].every(isString) || (o.field !== 'when' && o.field !== 'note')) return null;
      return { kind: 'callback', phone: o.phone as string, name: o.name as string, callRef: o.callRef as string, when: o.when as string, note: o.note as string, field: o.field };
    case 'redirect':
      if (!isCount(o.itemId) || ![o.label, o.target, o.note].every(isString)) return null;
      return { kind: 'redirect', itemId: o.itemId, label: o.label as string, target: o.target as string, note: o.note as string };
    case 'transfer':
      if ((o.mode !== 'blind' && o.mode !== 'attended') || ![o.callId, o.target, o.note].every(isString) || (o.field !== 'target' && o.field !== 'note')) return null;
      return { kind: 'transfer', mode: o.mode, callId: o.callId as string, target: o.target as string, note: o.note as string, field: o.field };
    case 'customers': {
      const e = o.editing as Record<string, unknown> | null;
      if (!isString(o.query) || !funnels.includes(o.funnel as Funnel) || (o.customerId !== null && !isCount(o.customerId))) return null;
      if (e !== null && (typeof e !== 'object' || !editRows.includes(e.row as string) || !isString(e.value))) return null;
      return {
        kind: 'customers', query: o.query, funnel: o.funnel as Funnel, customerId: o.customerId as number | null,
        editing: e ? { row: e.row as NonNullable<CustomersDraft['editing']>['row'], value: e.value as string } : null,
      };
    }
    case 'chats': {
      const t = o.texts as Record<string, unknown> | null;
      if ((o.front !== null && !isCount(o.front)) || typeof o.composing !== 'boolean' || typeof o.onScreen !== 'boolean') return null;
      if (typeof t !== 'object' || t === null || Array.isArray(t)) return null;
      const texts: Record<string, string> = {};
      for (const [id, text] of Object.entries(t)) {
        if (!/^\d+$/.test(id) || !isString(text)) return null;
        if (text) texts[id] = text;
      }
      return { kind: 'chats', front: o.front as number | null, composing: o.composing, onScreen: o.onScreen, texts };
    }
    default:
      return null;
  }
}

/** The stored text of a draft. */
export function serialiseDraft(draft: Draft | null): string {
  return draft ? JSON.stringify(draft) : '';
}

