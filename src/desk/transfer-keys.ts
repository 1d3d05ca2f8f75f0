/**
 * Transfer on the desk (issue 15): X hands the call over blind (REFER), J calls the colleague
 * first (attended) and J again hands the caller over, U gives the consultation up. A short
 * dialog asks for the extension or number and a note for the colleague; the transfer row
 * (src/store/transfers.ts) carries the order and the card to the receiving console. The
 * progress (trying → ringing → answered / failed, refused → bridged) is said on the message
 * line and shown beside the call on the status bar.
 */
import type { PhoneEvent, TransferProgress } from '../telephony/phone.js';
import { displayPhone, normalisePhone } from '../domain/phone-number.js';
import { typeKey } from '../domain/outside-text.js';
import { activeCall, consultOf, type DeskCall, type DeskState, type Modal } from './state.js';
import { ok, say, type Keys, type Step } from './step.js';

type TransferDialog = Extract<Modal, { kind: 'transfer' }>;

/** What the dispatcher reads for each step of a transfer. */
export const transferWords: Record<TransferProgress, string> = {
  asked: 'asked', trying: 'trying', ringing: 'ringing', answered: 'answered — handed over', failed: 'failed',
  bridging: 'refused — ringdesk connects them', bridged: 'connected by ringdesk',
};

/** Why the call on the desk cannot be transferred now, or null. */
export function transferRefusal(s: DeskState): string | null {
  const c = activeCall(s);
  if (!c) return 'no call to transfer';
  if (c.phase !== 'answered' && c.phase !== 'paused') return 'the call is not connected yet';
  if (c.transfer && c.transfer.progress !== 'failed') return `a transfer to ${c.transfer.target} is already under way`;
  if (s.registration.state !== 'registered') return `not connected to the PBX (${s.registration.state})`;
  return null;
}

/** Why the consulted colleague cannot take the caller yet (J), or null. */
export function completeRefusal(s: DeskState): string | null {
  const k = consultOf(s, activeCall(s));
  if (!k) return 'no consultation call';
  if (k.phase !== 'answered' && k.phase !== 'paused') return 'the colleague has not answered yet (U gives up)';
  if (activeCall(s)?.transfer?.progress) return 'the caller is being handed over';
  return null;
}

const openDialog = (mode: 'blind' | 'attended') => (s: DeskState): Step => {
  const c = activeCall(s)!;
  return ok({ ...s, modal: { kind: 'transfer', mode, callId: c.id, target: '', note: '', field: 'target' } });
};

const withCall = (s: DeskState, id: string, f: (c: DeskCall) => DeskCall): DeskState => ({ ...s, calls: s.calls.map((c) => (c.id === id ? f(c) : c)) });

/** Text typed into the transfer dialog (the target takes digits, +, spaces; the note is a note). */
export function typeIntoTransfer(s: DeskState, m: TransferDialog, key: string): Step {
  const before = m.field === 'target' ? m.target : m.note;
  if (key === 'delete') return ok({ ...s, modal: { ...m, [m.field]: [...before].slice(0, -1).join('') } });
  if (m.field === 'target' && !/^[0-9+ ()-]$/.test(key)) return ok(say(s, 'error', 'the target is an extension or a phone number: digits only'));
  const t = typeKey(before, key, m.field === 'target' ? 'phone' : 'note');
  if (!t.ok) return ok(say(s, 'error', t.reason));
  return ok({ ...s, modal: { ...m, [m.field]: t.text } });
}

export const transferKeys = {
  'call.transferBlind': openDialog('blind'),
  'call.transferAttended': openDialog('attended'),
  'transfer.field': (s) => {
    const m = s.modal;
    if (m?.kind !== 'transfer') return ok(s);
    return ok({ ...s, modal: { ...m, field: m.field === 'target' ? 'note' : 'target' } });
  },
  'transfer.close': (s) => ok({ ...s, modal: null }),
  'transfer.go': (s) => {
    const m = s.modal;
    if (m?.kind !== 'transfer') return ok(s);
    const call = s.calls.find((c) => c.id === m.callId);
    if (!call) return ok(say({ ...s, modal: null }, 'error', 'transfer: the call has ended'));
    const target = m.target.trim();
    if (!target) return ok(say(s, 'error', 'transfer: type the extension or number to transfer to'));
    const progress: TransferProgress | null = m.mode === 'blind' ? 'asked' : null;
    const next = withCall({ ...s, modal: null }, call.id, (c) => ({ ...c, transfer: { kind: m.mode, target, note: m.note.trim(), transferId: null, progress } }));
    const d = s.delivery;
    const text = m.mode === 'blind' ? `Transferring ${displayPhone(call.number, s.region)} to ${target}…` : `Calling ${target}; the caller is paused (J hands them over, U gives up)`;
    return ok(say(next, 'info', text), {
      type: 'transfer-start', callId: call.id, kind: m.mode, target, note: m.note.trim(), caller: call.remote, callerKey: call.lookup?.key ?? null,
      deliveryId: d?.id ?? null, customerId: d?.customerId ?? (call.lookup?.customers.length === 1 ? call.lookup.customers[0].id : null),
    });
  },
  'transfer.complete': (s) => {
    const call = activeCall(s)!;
    const k = consultOf(s, call)!;
    const next = withCall(s, call.id, (c) => ({ ...c, transfer: c.transfer && { ...c.transfer, progress: 'asked' } }));
    return ok(say(next, 'info', `Handing ${displayPhone(call.number, s.region)} over to ${call.transfer?.target ?? 'the colleague'}…`),
      { type: 'transfer-complete', callId: call.id, consultId: k.id, transferId: call.transfer?.transferId ?? null });
  },
  'transfer.cancel': (s) => {
    const call = activeCall(s)!;
    const k = consultOf(s, call)!;
    const next = withCall(s, call.id, (c) => ({ ...c, transfer: undefined }));
    return ok(say(next, 'info', 'Transfer given up: back with the caller'),
      { type: 'transfer-cancel', callId: call.id, consultId: k.id, transferId: call.transfer?.transferId ?? null });
  },
} satisfies Keys;

/** The transfer row is written: its id (and, attended, the consultation call) on the call. */
export function transferStarted(s: DeskState, e: { callId: string; transferId: number | null; consultId?: string; at: number }): Step {
  const call = s.calls.find((c) => c.id === e.callId);
  if (!call?.transfer) return ok(s);
  let next = withCall(s, call.id, (c) => ({ ...c, transfer: c.transfer && { ...c.transfer, transferId: e.transferId, consultId: e.consultId } }));
  if (e.consultId && !next.calls.some((c) => c.id === e.consultId)) {
    const target = call.transfer.target;
    const consult: DeskCall = {
      id: e.consultId, direction: 'outgoing', remote: target, number: normalisePhone(target, s.region), phase: 'dialing', muted: false,
      startedAt: e.at, answeredAt: null, lookup: null, hidden: false, answerMode: 'route', spam: false, consultFor: call.id,
    };
    next = { ...next, calls: [...next.calls, consult] };
    // the consultation gets its own row in the call log (outgoing, to the colleague), about the same order
    const d = s.delivery;
    return ok(next, { type: 'log-call', entry: { op: 'start', callRef: consultRef(consult.id), direction: 'outgoing', remote: target, remoteKey: null, customerId: d?.customerId ?? null, at: e.at } },
      ...(d ? [{ type: 'log-call' as const, entry: { op: 'link' as const, callRef: consultRef(consult.id), customerId: d.customerId, deliveryId: d.id } }] : []));
  }
  return ok(next);
}

/**
 * The call-log reference of this desk's side of a consultation: its own row, apart from the row of
 * the colleague's console it rings (a call between two consoles on one box is one SIP call, and the
 * log keeps one row per reference: the colleague's side would take this one over).
 */
export const consultRef = (callId: string) => `${callId}/consult`;

/** A transfer moved on (the phone's NOTIFY sipfrag, a refusal, the bridge). */
export function transferProgressed(s: DeskState, ev: Extract<PhoneEvent, { type: 'transfer' }>): Step {
  const call = s.calls.find((c) => c.id === ev.callId);
  if (!call) return ok(s);
  const t = call.transfer ?? { kind: 'blind' as const, target: '?', note: '', transferId: null, progress: null };
  const next = withCall(s, call.id, (c) => ({ ...c, transfer: { ...t, progress: ev.state, detail: ev.detail } }));
  const words = `Transfer to ${t.target}: ${transferWords[ev.state]}${ev.detail ? ` (${ev.detail})` : ''}`;
  const settled: 'completed' | 'bridged' | null = ev.state === 'answered' ? 'completed' : ev.state === 'bridged' ? 'bridged' : null;
  const effects = settled && t.transferId !== null ? [{ type: 'transfer-settled' as const, transferId: t.transferId, state: settled }] : [];
  return ok(say(next, ev.state === 'failed' ? 'error' : 'info', words), ...effects);
}

/** The consultation ended before the caller was handed over: the caller is resumed, the transfer forgotten. */
export function consultEnded(s: DeskState, consult: DeskCall): Step {
  const call = s.calls.find((c) => c.id === consult.consultFor);
  if (!call?.transfer || (call.transfer.progress && call.transfer.progress !== 'failed')) return ok(s);
  const next = withCall(s, call.id, (c) => ({ ...c, transfer: undefined }));
  return ok(say(next, 'info', `${call.transfer.target} did not take the call: back with the caller`),
    ...(call.phase === 'paused' ? [{ type: 'mute' as const, callId: call.id, muted: false }] : []),
    ...(call.transfer.transferId !== null ? [{ type: 'transfer-settled' as const, transferId: call.transfer.transferId, state: 'failed' as const }] : []));
}

/** The status bar's words for a call being transferred ("⇢ 1002 ringing"), or ''. */
export function transferBadge(c: DeskCall | undefined): string {
  const t = c?.transfer;
  if (!t) return '';
  return `⇢ ${t.target} ${t.progress ? transferWords[t.progress].split(' ')[0] : 'consulting'}`;
}
