/** The phone's news on the desk: calls ringing, answered (S2 routing), paused and ended (with the call log), registration and the headset. */
import { move } from '../telephony/call-state.js';
import type { EndReason, PhoneEvent } from '../telephony/phone.js';
import { displayPhone, normalisePhone } from '../domain/phone-number.js';
import type { CallOutcome } from '../domain/call-record.js';
import { spamVerdict } from '../customers/spam.js';
import { route } from './routing.js';
import { activeCall, callOfferRefusal, onFullScreen, reservedElsewhere, ringingCall, waitingCalls, type DeskCall, type DeskState, type IncomingTransfer } from './state.js';
import { consultEnded, consultRef, transferProgressed } from './transfer-keys.js';
import { callbackCallEnded } from './callback-keys.js';
import type { CallCode, Effect } from './events.js';
import type { CallGroup } from '../store/ports.js';
import type { WorkItemEntry } from '../domain/work-item.js';
import { clipText } from '../domain/outside-text.js';
import { ok, say, type Step } from './step.js';

/**
 * What the call log records: a call the dispatcher (or the spam rule) rejected is 'rejected';
 * one the caller gave up on while it rang is 'missed' (counted as abandoned); one that rang here
 * and ended otherwise unanswered (the console quit, the line dropped) is 'unanswered' (missed).
 */
function outcomeOf(reason: EndReason, call: DeskCall): CallOutcome {
  if (reason === 'transferred') return 'transferred';
  const answered = call.answeredAt !== null;
  if (answered) return 'answered';
  switch (reason) {
    case 'caller-cancelled': return 'missed';
    case 'answered-elsewhere': return 'answered-elsewhere';
    case 'rejected': return call.rejecting ? 'rejected' : 'unanswered';
    case 'busy': return 'busy';
    case 'no-answer': return 'no-answer';
    case 'failed': return 'failed';
    default: return call.direction === 'incoming' ? 'unanswered' : 'missed';
  }
}

const endNotes: Record<EndReason, string> = {
  'local-hangup': 'Call ended',
  'remote-hangup': 'The other side hung up',
  'caller-cancelled': 'Caller hung up while ringing (missed)',
  'answered-elsewhere': 'Answered by a colleague',
  rejected: 'Call rejected',
  busy: 'Busy',
  'no-answer': 'No answer',
  failed: 'Call failed',
  transferred: 'Transferred',
};

/** How an incoming call came in, for its work item: the IVR digit that routed it, else the number dialled (never this extension). */
function callEntry(s: DeskState, ev: Extract<PhoneEvent, { type: 'incoming' }>, group: CallGroup | null | undefined): WorkItemEntry {
  if (group?.via === 'ivr' && ev.groupHeader) return { via: 'ivr', value: clipText(ev.groupHeader, 'label').trim() };
  return { via: 'number', value: ev.called ? displayPhone(normalisePhone(clipText(ev.called, 'phone'), s.region), s.region) : '' };
}

export function onPhone(s: DeskState, ev: PhoneEvent, lookup?: DeskCall['lookup'], transfer?: IncomingTransfer | null, group?: CallGroup | null, code?: CallCode | null): Step {
  switch (ev.type) {
    case 'transfer':
      return transferProgressed(s, ev);
    case 'registration':
      return ok({ ...s, registration: { state: ev.state, reason: ev.reason } });
    case 'desk-phone':
      // desk-phone mode: whether a call picked up on the desk phone is followed to its hang-up
      return ok(ev.watching
        ? say(s, 'info', 'The PBX reports the desk phone\'s calls again: a call picked up there stays on the desk until it is hung up')
        : say(s, 'error', `The PBX does not report when desk-phone calls end (${ev.reason ?? 'no reason given'}): a call picked up on the desk phone is logged as ended at pick-up, its talk time unknown`));
    case 'headset': {
      // the dispatcher is told when the leg drops, and when a call is answered without it
      const next: DeskState = { ...s, headset: { state: ev.state, reason: ev.reason } };
      if (ev.state === 'connected') return ok(ev.reason ? say(next, 'info', `Headset connected: ${ev.reason}`) : next);
      const warn = ev.reason && (ev.state !== 'connecting' || activeCall(s));
      return ok(warn ? say(next, 'error', `Headset ${ev.state}: ${ev.reason}`) : next);
    }
    case 'incoming': {
      if (s.calls.some((c) => c.id === ev.callId)) return ok(s);
      const replaced = ev.replaces ? s.calls.find((c) => c.id === ev.replaces) : undefined;
      if (replaced) return replacedBy(s, replaced, ev, lookup ?? null, transfer ?? null);
      const number = lookup?.number ?? normalisePhone(ev.from, s.region);
      const verdict = spamVerdict(lookup?.customers ?? [], { rejectSpam: s.rejectSpam });
      const call: DeskCall = {
        id: ev.callId, direction: 'incoming', remote: ev.from, number, phase: 'ringing', muted: false, startedAt: ev.at,
        // a call rejected automatically never takes the banner
        answeredAt: null, lookup: lookup ?? null, hidden: verdict.reject, rejecting: verdict.reject, answerMode: 'route', spam: verdict.spam,
        ...(transfer ? { transferredIn: transfer } : {}),
        group: group?.name ?? null,
        ...(code ? { codeId: code.codeId, ...(code.reservedFor ? { reservedFor: code.reservedFor } : {}) } : {}),
      };
      const only = lookup?.customers.length === 1 ? lookup.customers[0].id : null;
      const logStart: Effect = {
        type: 'log-call', entry: { op: 'start', callRef: ev.callId, direction: 'incoming', remote: ev.from, remoteKey: lookup?.key ?? null, customerId: only, at: ev.at, group: group?.name, entry: code ? { via: 'code', value: `#${code.codeId}` } : callEntry(s, ev, group), ...(code?.reservedFor ? { reservedFor: code.reservedFor } : {}) },
      };
      if (verdict.reject) {
        const text = `Spam call from ${displayPhone(number, s.region)}: ${verdict.reason}`;
        return ok(say({ ...s, calls: [...s.calls, call] }, 'info', text), logStart, { type: 'reject', callId: ev.callId }, { type: 'log', text });
      }
      const next = { ...s, calls: [...s.calls, call] };
      const from = transfer ? say(next, 'info', `Transferred by ${transfer.fromOperator || 'a colleague'}${transfer.note ? `: ${transfer.note}` : ''}`) : next;
      // offered (the bell) only when the capacity matrix allows it: not on break, not on another call
      // … and only when it is for this operator (an invitation code's dispatcher or group)
      return ok(from, ...(callOfferRefusal(next) || reservedElsewhere(next, call) ? [] : [{ type: 'bell' } as Effect]), logStart, ...autoAnswer(next));
    }
    case 'ringing':
      return updateCall(s, ev.callId, (c) => (c.phase === 'dialing' ? { ...c, phase: move(c.phase, 'ringing') } : c));
    case 'recording': {
      // recorded: the status line says "announcing recording…" until the dispatcher is connected;
      // a recorder that could not make its file says so there for the rest of the call, even when the
      // announcement ends after the failure was known (the caller was told; the call is not recorded)
      const next = updateCall(s, ev.callId, (c) => ({ ...c, recording: recordingAfter(c.recording, ev.state) }));
      return ev.detail ? ok(say(next.state, 'error', `Recording: ${ev.detail}`)) : next;
    }
    case 'muted':
      return updateCall(s, ev.callId, (c) =>
        (c.phase === 'answered' || c.phase === 'paused') && (c.phase === 'paused') !== ev.muted
          ? { ...c, muted: ev.muted, phase: move(c.phase, ev.muted ? 'paused' : 'answered') }
          : c);
    case 'answered': {
      const call = s.calls.find((c) => c.id === ev.callId);
      if (!call || call.phase === 'answered' || call.phase === 'paused' || call.phase === 'ended') return ok(s);
      const answered: DeskCall = { ...call, phase: move(call.phase, 'answered'), answeredAt: ev.at, hidden: false, ...(ev.where === 'desk-phone' ? { onDeskPhone: true } : {}) };
      const next: DeskState = { ...s, calls: s.calls.map((c) => (c.id === call.id ? answered : c)) };
      // answering takes the dispatcher from a full screen (customers, call log) back to the orders
      if (call.direction === 'incoming' && onFullScreen(next)) next.screen = next.delivery ? 'delivery' : 'list';
      const log: Effect = { type: 'log-call', entry: { op: 'answered', callRef: call.id, at: ev.at, ...(ev.where === 'desk-phone' ? { deskPhone: true as const } : {}) } };
      // answered here: the invitation code it came with is used (the consoles it also rang on only looked)
      const used: Effect[] = call.codeId !== undefined ? [{ type: 'code-used', codeId: call.codeId }] : [];
      if (call.consultFor) return ok(say(next, 'info', `${call.remote} answered: J hands the caller over, U gives up`), { type: 'log-call', entry: { op: 'answered', callRef: consultRef(call.id), at: ev.at } });
      if (call.direction === 'outgoing') return ok(say(next, 'info', `Connected to ${call.target} ${displayPhone(call.number, s.region)}`), log);
      const routed = routeAnswered(next, answered, log);
      return { state: routed.state, effects: [...routed.effects, ...used] };
    }
    case 'figures':
      // the call has ended and left the desk; its row gets the numbers — or, for a consultation with
      // a colleague (logged as `<id>/consult`, its own row), that row: whichever is in the log takes them
      return ok(s, { type: 'log-call', entry: { op: 'figures', callRef: ev.callId, figures: ev.figures } },
        { type: 'log-call', entry: { op: 'figures', callRef: consultRef(ev.callId), figures: ev.figures } });
    case 'ended': {
      const call = s.calls.find((c) => c.id === ev.callId);
      if (!call) return ok(s);
      if (call.consultFor) {
        const gone = { ...s, calls: s.calls.filter((c) => c.id !== call.id) };
        // the consultation is a call of its own in the log: a conversation with the colleague, however it ended
        const logged: Effect = { type: 'log-call', entry: { op: 'ended', callRef: consultRef(call.id), outcome: call.answeredAt !== null ? 'answered' : outcomeOf(ev.reason, call), at: ev.at } };
        if (ev.reason === 'transferred') return ok(gone, logged);
        const back = consultEnded(gone, call);
        return { state: back.state, effects: [logged, ...back.effects] };
      }
      const outcome = outcomeOf(ev.reason, call);
      const wasOn = activeCall(s)?.id === call.id;
      let calls = s.calls.filter((c) => c.id !== call.id);
      // the dispatcher is free again: the next waiting call shows at once, even one ignored while busy
      if (wasOn && !calls.some((c) => c.direction === 'incoming' && c.phase === 'ringing' && !c.hidden && !c.rejecting)) {
        const next = calls.find((c) => c.direction === 'incoming' && c.phase === 'ringing' && !c.rejecting && !c.answering);
        if (next) calls = calls.map((c) => (c.id === next.id ? { ...c, hidden: false } : c));
      }
      let next: DeskState = {
        ...s, calls,
        bannerCallId: s.bannerCallId === call.id ? null : s.bannerCallId,
        lastEnded: { remote: call.remote, reason: ev.reason },
        // a chooser for this call stays: the dispatcher may still want the order
      };
      if (next.modal?.kind === 'waiting' && waitingCalls(next).length === 0) next = { ...next, modal: null };
      const log: Effect = { type: 'log-call', entry: { op: 'ended', callRef: call.id, outcome, at: ev.at } };
      const more = [...callbackCallEnded(call), ...(wasOn ? autoAnswer(next) : [])];
      // the automatic spam rejection already said why; keep that on the status line; a replaced call's successor said it
      if ((call.spam && call.hidden && call.rejecting) || call.replacedBy) return ok(next, log, ...more);
      const note = `${endNotes[ev.reason]}: ${displayPhone(call.number, s.region)}${ev.detail ? ` (${ev.detail})` : ''}`;
      return ok(say(next, ev.reason === 'failed' ? 'error' : 'info', note), log, ...more);
    }
  }
}

/** A recorded call's mark after the phone's word on it: a failure stays (the announcement ending does not make it recorded). */
function recordingAfter(was: DeskCall['recording'], now: Extract<PhoneEvent, { type: 'recording' }>['state']): DeskCall['recording'] {
  if (now === 'not-recorded' || was === 'failed') return 'failed';
  return now === 'announcing' ? 'announcing' : 'on';
}

/** Auto-answer (config autoAnswerMs), as a dispatcher would: the banner's call, only when no call is on. */
export function autoAnswer(s: DeskState): Effect[] {
  const call = ringingCall(s);
  if (s.autoAnswerMs < 0 || !call || callOfferRefusal(s)) return [];
  return [{ type: 'after', ms: s.autoAnswerMs, event: { type: 'auto-answer', callId: call.id } }];
}

function updateCall(s: DeskState, id: string, f: (c: DeskCall) => DeskCall): Step {
  if (!s.calls.some((c) => c.id === id)) return ok(s);
  return ok({ ...s, calls: s.calls.map((c) => (c.id === id ? f(c) : c)) });
}

/** S2 routing once an incoming call is answered (or S1 attach / new order). */
function routeAnswered(s: DeskState, call: DeskCall, log: Effect): Step {
  const phone = call.number.kind === 'valid' ? call.number.international : call.number.kind === 'invalid' ? call.remote : '';
  const lookup = call.lookup;
  if (call.answerMode === 'attach' && s.delivery) {
    const customerId = lookup?.customers.length === 1 ? lookup.customers[0].id : s.delivery.customerId;
    const d = { ...s.delivery, phone, phoneKey: lookup?.key ?? null, customerId };
    return ok(say({ ...s, delivery: d }, 'info', `Caller attached to order ${d.number}`), log, { type: 'save-delivery', delivery: d });
  }
  const handed = call.transferredIn;
  const taken: Effect[] = handed ? [{ type: 'transfer-settled', transferId: handed.id, state: 'taken' }] : [];
  const r = route({ phone, unfinished: lookup?.unfinished ?? [], customers: lookup?.customers ?? [], driver: !!lookup?.driver, transferred: handed ? { deliveryId: handed.deliveryId, customerId: handed.customerId } : undefined }, call.answerMode === 'new');
  switch (r.kind) {
    case 'no-order':
      return ok(say({ ...s, modal: null }, 'info', `On a call with driver ${lookup?.driver?.name ?? ''}: no order opened (N starts one)`), log);
    case 'open-delivery':
      return ok({ ...s, modal: null }, log, ...taken, { type: 'open-delivery', id: r.deliveryId });
    case 'new-delivery':
      return ok({ ...s, modal: null }, log, ...taken, { type: 'create-delivery', customerId: r.customerId, phone: r.phone });
    case 'choose-customer': {
      const customers = (lookup?.customers ?? []).filter((c) => r.customerIds.includes(c.id));
      return ok({ ...s, modal: { kind: 'chooser', callId: call.id, phone: r.phone, customers, index: 0 } }, log);
    }
  }
}

/**
 * An attended transfer arrives (INVITE with Replaces): the new call takes the place of the
 * consultation already answered here — connected at once, the order it opened stays open.
 */
function replacedBy(s: DeskState, old: DeskCall, ev: Extract<PhoneEvent, { type: 'incoming' }>, lookup: DeskCall['lookup'], transfer: IncomingTransfer | null): Step {
  const number = lookup?.number ?? normalisePhone(ev.from, s.region);
  const call: DeskCall = {
    ...old, id: ev.callId, direction: 'incoming', remote: ev.from, number, phase: 'answered', answeredAt: ev.at, startedAt: ev.at,
    lookup: lookup ?? old.lookup, answering: true, transferredIn: transfer ?? old.transferredIn, transfer: undefined,
  };
  const customerId = lookup?.customers.length === 1 ? lookup.customers[0].id : null;
  const effects: Effect[] = [
    { type: 'log-call', entry: { op: 'start', callRef: ev.callId, direction: 'incoming', remote: ev.from, remoteKey: lookup?.key ?? null, customerId, at: ev.at } },
    { type: 'log-call', entry: { op: 'answered', callRef: ev.callId, at: ev.at } },
  ];
  if (s.delivery) effects.push({ type: 'log-call', entry: { op: 'link', callRef: ev.callId, customerId: s.delivery.customerId, deliveryId: s.delivery.id } });
  // the old call stays listed until its end arrives: the new one goes first, so it is the call on the desk
  const next = { ...s, calls: [call, ...s.calls.map((c) => (c.id === old.id ? { ...c, replacedBy: call.id } : c))] };
  return ok(say(next, 'info', `${displayPhone(number, s.region)} is with you now (transferred${call.transferredIn?.fromOperator ? ` by ${call.transferredIn.fromOperator}` : ''})`), ...effects);
}
