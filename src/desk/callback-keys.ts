/**
 * Callbacks on the desk (issue 15): Z during or after a call opens a small dialog — when to call
 * back ("18:30", "2026-12-08 09:00", empty = as soon as possible) and a note — and the callback
 * joins the queue as a work item (src/store/callbacks.ts). D (or Enter on one in the queue, Q) calls back the next due callback this
 * dispatcher may take, agent first: the item is accepted, then the customer is dialled through the
 * ordinary outgoing call; when that call ends its outcome is recorded (answered = reached, else no
 * answer: retried after the delay, or expired when none is left). The caller card shows an open
 * callback's due time and attempts left (src/views/CallerCard.tsx).
 */
import { typeKey } from '../domain/outside-text.js';
import { activeCall, type DeskCall, type DeskState, type Modal } from './state.js';
import { ok, say, type Keys, type Step } from './step.js';
import type { Effect } from './events.js';

export type CallbackDialog = Extract<Modal, { kind: 'callback' }>;

/** Whose callback Z would make: the caller on the line (or the last one), else the open order's customer. */
function callbackTarget(s: DeskState): { phone: string; name: string; callRef: string } | null {
  const c: DeskCall | undefined = activeCall(s);
  if (c?.remote) {
    const only = c.lookup?.customers.length === 1 ? c.lookup.customers[0] : null;
    return { phone: c.remote, name: only?.name || only?.company || '', callRef: c.id };
  }
  if (s.screen === 'delivery' && s.delivery?.phone) return { phone: s.delivery.phone, name: s.delivery.customerName ?? '', callRef: '' };
  return null;
}

/** Why Z cannot make a callback now, or null. */
export function callbackRefusal(s: DeskState): string | null {
  return callbackTarget(s) ? null : 'no caller and no order with a phone number to call back';
}

/** Text typed into the callback dialog (when: a time; note: a note). */
export function typeIntoCallback(s: DeskState, m: CallbackDialog, key: string): Step {
  const before = m.field === 'when' ? m.when : m.note;
  if (key === 'delete') return ok({ ...s, modal: { ...m, [m.field]: [...before].slice(0, -1).join('') } });
  if (m.field === 'when' && !/^[0-9: T+-]$|^[asapASAP]$/.test(key)) return ok(say(s, 'error', 'when: a time like 18:30 or 2026-12-08 09:00 (empty = as soon as possible)'));
  const t = typeKey(before, key, m.field === 'when' ? 'label' : 'note');
  if (!t.ok) return ok(say(s, 'error', t.reason));
  return ok({ ...s, modal: { ...m, [m.field]: t.text } });
}

export const callbackKeys = {
  'caller.callback': (s) => {
    const t = callbackTarget(s)!;
    return ok({ ...s, modal: { kind: 'callback', phone: t.phone, name: t.name, callRef: t.callRef, when: '', note: '', field: 'when' } });
  },
  'callback.field': (s) => {
    const m = s.modal;
    if (m?.kind !== 'callback') return ok(s);
    return ok({ ...s, modal: { ...m, field: m.field === 'when' ? 'note' : 'when' } });
  },
  'callback.close': (s) => ok({ ...s, modal: null }),
  'callback.save': (s) => {
    const m = s.modal;
    if (m?.kind !== 'callback') return ok(s);
    return ok(say({ ...s, modal: null }, 'info', `Callback for ${m.name || m.phone}…`),
      { type: 'callback-create', phone: m.phone, name: m.name, callRef: m.callRef, when: m.when.trim(), note: m.note.trim() });
  },
  'global.inviteCode': (s) => ok(s, { type: 'code-create' }),
  'list.dialCallback': (s) => ok(say(s, 'info', 'Looking for the next callback due…'), { type: 'callback-next' }),
} satisfies Keys;

/** The runner could not make the callback (a time it cannot read): the dialog comes back with the text. */
export function callbackRefused(s: DeskState, e: { reason: string; dialog: CallbackDialog }): Step {
  return ok(say({ ...s, modal: e.dialog }, 'error', e.reason));
}

/** The runner accepted a callback for this dispatcher (D, or Enter in the queue): dial the customer (agent first). */
export function callbackAccepted(s: DeskState, e: { itemId: number; phone: string; text: string }): Step {
  const modal = s.modal?.kind === 'queue' ? null : s.modal;
  return ok(say({ ...s, modal }, 'info', e.text), { type: 'dial', number: e.phone, target: 'customer', callbackItem: e.itemId }, { type: 'load-queue' });
}

/**
 * The desk's clock moved into a new minute while callbacks wait in the queue: the runner expires
 * those past their expiry (one cheap read when none is; no timer of its own).
 */
export function callbacksOnTheClock(s: DeskState, now: number): Effect[] {
  const minute = (t: number) => Math.floor(t / 60_000);
  return minute(now) !== minute(s.now) && s.queue.items.some((i) => i.kind === 'callback') ? [{ type: 'expire-callbacks' }] : [];
}

/** A callback's call ended: its outcome goes to the store (answered = reached). */
export function callbackCallEnded(call: DeskCall): Effect[] {
  return call.callbackItem === undefined ? [] : [{ type: 'callback-outcome', itemId: call.callbackItem, reached: call.answeredAt !== null, callRef: call.id }, { type: 'load-queue' }];
}
