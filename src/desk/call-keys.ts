/** The call keys: answer (into a new order, onto the open one), reject, ignore, pause, end, the calls waiting list, the customer chooser. */
import { displayPhone } from '../domain/phone-number.js';
import { activeCall, reservedElsewhere, ringingCall, waitingCalls, type DeskCall, type DeskState } from './state.js';
import { takeCall } from './key-refusals.js';
import { clamp, moveInDialog, ok, say, type Keys, type Step } from './step.js';

export function answerWith(s: DeskState, mode: 'route' | 'new' | 'attach', call = ringingCall(s)!): Step {
  const marked: DeskCall = { ...call, answerMode: mode, answering: true, hidden: false };
  return ok({ ...s, calls: s.calls.map((c) => (c.id === call.id ? marked : c)), bannerCallId: null }, { type: 'answer', callId: call.id });
}

export function rejectCall(s: DeskState, call: DeskCall): Step {
  return ok({ ...s, calls: s.calls.map((c) => (c.id === call.id ? { ...c, rejecting: true } : c)), bannerCallId: s.bannerCallId === call.id ? null : s.bannerCallId }, { type: 'reject', callId: call.id });
}

/** Why W's answer cannot take the call picked: the capacity matrix, or someone else's invitation code. */
export function waitingAnswerRefusal(s: DeskState): string | null {
  const call = pickedWaiting(s);
  return takeCall(s) ?? (call ? reservedElsewhere(s, call) : null);
}

/** The call under the cursor of the waiting-calls list. */
function pickedWaiting(s: DeskState): DeskCall | undefined {
  return s.modal?.kind === 'waiting' ? waitingCalls(s)[s.modal.index] : undefined;
}

const waitingUp = moveInDialog('waiting', (_m, s) => waitingCalls(s).length);

const chooserUp = moveInDialog('chooser', (m) => m.customers.length);

export const callKeys = {
  'call.answer': (s) => answerWith(s, 'route'),
  'call.answerNew': (s) => answerWith(s, 'new'),
  'call.answerAttach': (s) => answerWith(s, 'attach'),
  'call.reject': (s) => rejectCall(s, ringingCall(s)!),
  'call.ignore': (s) => {
    const call = ringingCall(s)!;
    const next = { ...s, calls: s.calls.map((c) => (c.id === call.id ? { ...c, hidden: true } : c)), bannerCallId: s.bannerCallId === call.id ? null : s.bannerCallId };
    return ok(say(next, 'info', `Ignored ${displayPhone(call.number, s.region)} (still ringing; W lists the calls waiting)`));
  },
  'queue.list': (s) => {
    const at = waitingCalls(s).findIndex((c) => c.id === ringingCall(s)?.id);
    return ok({ ...s, modal: { kind: 'waiting', index: Math.max(0, at) } });
  },
  'waiting.up': waitingUp,
  'waiting.down': waitingUp,
  'waiting.answer': (s) => {
    const call = pickedWaiting(s);
    return call ? answerWith({ ...s, modal: null }, 'route', call) : ok(s);
  },
  'waiting.show': (s) => {
    const call = pickedWaiting(s);
    if (!call) return ok(s);
    const next = { ...s, modal: null, calls: s.calls.map((c) => (c.id === call.id ? { ...c, hidden: false } : c)), bannerCallId: call.id };
    return ok(say(next, 'info', `${displayPhone(call.number, s.region)} is back on the banner`));
  },
  'waiting.reject': (s) => {
    const m = s.modal;
    const call = pickedWaiting(s);
    if (!call) return ok(s);
    const step = rejectCall(s, call);
    const left = waitingCalls(step.state).length;
    return { ...step, state: { ...step.state, modal: left ? { kind: 'waiting', index: clamp(m?.kind === 'waiting' ? m.index : 0, left) } : null } };
  },
  'waiting.close': (s) => ok({ ...s, modal: null }),
  'call.pause': (s) => {
    const call = activeCall(s)!;
    return ok(s, { type: 'mute', callId: call.id, muted: call.phase !== 'paused' });
  },
  'call.end': (s) => ok(s, { type: 'hangup', callId: activeCall(s)!.id }),
  'chooser.up': chooserUp,
  'chooser.down': chooserUp,
  'chooser.pick': (s) => {
    const m = s.modal;
    if (m?.kind !== 'chooser') return ok(s);
    return ok({ ...s, modal: null }, { type: 'create-delivery', customerId: m.customers[m.index]?.id ?? null, phone: m.phone });
  },
  'chooser.cancel': (s) => ok({ ...s, modal: null }),
} satisfies Keys;
