/**
 * Callbacks on the desk (issue 15): K during or after a call opens a small dialog — when to call
 * back ("18:30", "2026-12-08 09:00", empty = as soon as possible) and a note — and the callback
 * joins the queue as a work item (src/store/callbacks.ts). B calls back the next due callback this
 * dispatcher may take, agent first: the item is accepted, then the customer is dialled through the
 * ordinary outgoing call; when that call ends its outcome is recorded (answered = reached, else no
 * answer: retried after the delay, or expired when none is left). The caller card shows an open
 * callback's due time and attempts left (src/views/CallerCard.tsx).
 */
import { typeKey } from '../domain/outside-text.js';
import { activeCall, type DeskCall, type DeskState, type Modal } from './state.js';
import { ok, say, type Keys, type Step } from './step.js';

export type CallbackDialog = Extract<Modal, { kind: 'callback' }>;

/** Whose callback K would make: the caller on the line (or the last one), else the open order's customer. */
function callbackTarget(s: DeskState): { phone: string; name: string; callRef: string } | null {
  const c: DeskCall | undefined = activeCall(s);
  if (c?.remote) {
    const only = c.lookup?.customers.length === 1 ? c.lookup.customers[0] : null;
    return { phone: c.remote, name: only?.name || only?.company || '', callRef: c.id };
  }
  if (s.screen === 'delivery' && s.delivery?.phone) return { phone: s.delivery.phone, name: s.delivery.customerName ?? '', callRef: '' };
  return null;
}

/** Why K cannot make a callback now, or null. */
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

/** The runner accepted the next due callback for this dispatcher: dial the customer (agent first). */
export function callbackAccepted(s: DeskState, e: { itemId: number; phone: string; text: string }): Step {
  return ok(say(s, 'info', e.text), { type: 'dial', number: e.phone, target: 'customer', callbackItem: e.itemId });
}

/** A callback's call ended: its outcome goes to the store (answered = reached). */
export function callbackCallEnded(call: DeskCall): { type: 'callback-outcome'; itemId: number; reached: boolean; callRef: string }[] {
  return call.callbackItem === undefined ? [] : [{ type: 'callback-outcome', itemId: call.callbackItem, reached: call.answeredAt !== null, callRef: call.id }];
}
