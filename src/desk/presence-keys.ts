/**
 * Presence on the desk (issue 15): the key that sets this operator's status (available → break
 * → offline), the wrap-up after a conversation, colleagues' statuses as the database has them,
 * and the offer of a waiting call the moment the operator becomes available again (the bell,
 * auto-answer). What is offered at all is src/domain/capacity.ts (`callOfferRefusal`).
 */
import { nextPresence, presenceNow, presenceWords, wrapUpAfter, type Presence } from '../domain/presence.js';
import type { DeskEvent, Effect } from './events.js';
import { autoAnswer } from './phone-events.js';
import { activeCall, callOfferRefusal, loadOf, ringingCall, type DeskState } from './state.js';
import { ok, say, type Keys, type Step } from './step.js';

/** This operator is now `p`: shown at once, written for every console. */
function setMine(s: DeskState, p: Presence): Step {
  return ok({ ...s, presence: { ...s.presence, mine: p } }, { type: 'set-presence', presence: p });
}

export const presenceKeys = {
  'presence.next': (s) => {
    const status = nextPresence(s.presence.mine, s.now);
    const next = setMine(s, { status, until: null, since: s.now });
    const words = status === 'available' ? 'available: calls are offered to you' : status === 'break' ? 'on break: no calls are offered to you (W lists them)' : 'offline: no calls are offered to you';
    return { ...next, state: say(next.state, 'info', `You are ${words}`) };
  },
} satisfies Keys;

/** A conversation of this desk ended (the call was answered and is gone). */
function conversationEnded(before: DeskState, after: DeskState, e: DeskEvent): number | null {
  if (e.type !== 'phone' || e.event.type !== 'ended') return null;
  const call = before.calls.find((c) => c.id === (e.event as { callId: string }).callId);
  if (!call || call.answeredAt === null || after.calls.some((c) => c.id === call.id) || activeCall(after)) return null;
  return e.event.at;
}

/**
 * Around the desk reducer: colleagues' presence loaded; after a conversation, the wrap-up; and
 * when this operator becomes available again (the key, a wrap-up's end on the clock) the waiting
 * call is offered with the bell, as a new call would be.
 */
export function withPresence(s: DeskState, e: DeskEvent, inner: (s: DeskState, e: DeskEvent) => Step): Step {
  if (e.type === 'presence-loaded') {
    const mine = e.team.find((p) => p.operator === s.operator.name);
    const presence = {
      ...s.presence, team: e.team,
      mine: mine ? { status: mine.status, until: mine.until, since: mine.since } : s.presence.mine,
      ...(e.limits ?? {}),
    };
    return ok({ ...s, presence });
  }
  let step = inner(s, e);
  const ended = conversationEnded(s, step.state, e);
  if (ended !== null) {
    const p = wrapUpAfter(step.state.presence.mine, ended, step.state.presence.wrapUpMs);
    if (p) {
      const w = setMine(step.state, p);
      // no call is offered during the wrap-up: the auto-answer the end of the call asked for waits too
      step = { state: w.state, effects: [...step.effects.filter((x) => !(x.type === 'after' && x.event.type === 'auto-answer')), ...w.effects] };
    }
  }
  // offered again when presence or the chats this operator has on changed and the matrix now allows a call
  // (the end of a call offers the next one itself: src/desk/phone-events.ts)
  const was = presenceNow(s.presence.mine, s.now);
  const now = presenceNow(step.state.presence.mine, step.state.now);
  const chats = (x: DeskState) => loadOf(x).chats;
  if (was === now && chats(s) === chats(step.state)) return step;
  if (!callOfferRefusal(s) && was === now) return step;
  const call = ringingCall(step.state);
  if (!call || callOfferRefusal(step.state)) return step;
  const offered: Effect[] = [{ type: 'bell' }, ...autoAnswer(step.state)];
  return { state: step.state, effects: [...step.effects, ...offered] };
}

/** The status bar's words for this operator's presence (null: available, nothing to say). */
export function myPresenceWords(s: DeskState): string | null {
  const status = presenceNow(s.presence.mine, s.now);
  return status === 'available' ? null : presenceWords(s.presence.mine, s.now);
}
