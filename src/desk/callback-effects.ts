/**
 * The runner's side of callbacks (src/desk/callback-keys.ts): make one from the dialog, accept and
 * dial the next due one, record a dial's outcome. Every write is one transaction in the store
 * (src/store/callbacks.ts); what happened comes back to the desk as an event.
 */
import type { StorePorts } from '../store/ports.js';
import type { DeskEvent, Effect } from './events.js';
import { callbackLine, callbackTerms, isDue } from '../domain/callback.js';
import { formatClock, formatDayTime } from '../domain/local-time.js';
import { showCode } from '../domain/invitation-code.js';
import { parseWhen } from '../orders/promised-time.js';
import { mayTake } from '../domain/work-item.js';
import type { CallbackWithItem } from '../store/ports.js';

export interface CallbackContext {
  ports: StorePorts;
  now: () => number;
  timezone: string;
  operator: string;
  consoleId: string;
  dispatch: (e: DeskEvent) => void;
}

type CallbackEffect = Extract<Effect, { type: 'callback-create' | 'callback-next' | 'callback-take' | 'callback-outcome' | 'code-create' | 'expire-callbacks' }>;

export async function runCallbackEffect(c: CallbackContext, e: CallbackEffect): Promise<void> {
  const { ports: store } = c;
  const now = c.now();
  if (e.type === 'callback-create') {
    const dialog = { kind: 'callback' as const, phone: e.phone, name: e.name, callRef: e.callRef, when: e.when, note: e.note, field: 'when' as const };
    const when = parseWhen(e.when, now, c.timezone);
    if (!when.ok) return c.dispatch({ type: 'callback-refused', reason: `callback: ${when.message}`, dialog });
    const terms = callbackTerms({ dueAt: when.when.kind === 'at' ? when.when.instant : now }, now);
    if (!terms.ok) return c.dispatch({ type: 'callback-refused', reason: `callback: ${terms.reason}`, dialog });
    const made = await store.callbacks.create({
      item: { entry: { via: 'number', value: '' }, phone: e.phone, name: e.name, note: e.note ? { by: c.operator, text: e.note } : undefined },
      source: 'key', terms: terms.terms, fromCall: e.callRef, createdBy: c.operator,
    }, now);
    if (!made.ok) return c.dispatch({ type: 'callback-refused', reason: `callback: ${made.reason}`, dialog });
    return c.dispatch({ type: 'callback-made', text: `Callback #${made.item.id} for ${e.name || e.phone}: ${callbackLine(made.callback, now, c.timezone)}` });
  }
  if (e.type === 'code-create') {
    // the code goes to the dispatcher's screen once; the database keeps only its HMAC, the log nothing
    const made = await store.invitationCodes.create({ operator: c.operator }, now);
    return c.dispatch(made.ok
      ? { type: 'callback-made', text: `Invitation code ${showCode(made.code)}: one use, until ${formatDayTime(made.record.expiresAt, c.timezone, now)}; reaches you (your group while you are offline)` }
      : { type: 'error', text: `Invitation code: ${made.reason}` });
  }
  if (e.type === 'callback-next') {
    // callbacks past their expiry go first (recorded as expired), so none is dialled too late
    expired(c, await store.callbacks.expireOverdue(now));
    const [groups, waiting] = await Promise.all([store.groups.groupsOf(c.operator), store.callbacks.waiting()]);
    const mine = waiting.filter(({ callback, item }) => isDue(callback, now) && mayTake(item, c.operator, groups)
      && (item.state !== 'offered' || item.holder?.operator === c.operator));
    const next = mine[0];
    if (!next) {
      const later = waiting.filter(({ item }) => mayTake(item, c.operator, groups)).sort((a, b) => a.callback.dueAt - b.callback.dueAt)[0];
      return c.dispatch({ type: 'error', text: later ? `No callback due yet: the next is at ${formatClock(later.callback.dueAt, c.timezone)}` : 'No callbacks waiting' });
    }
    return takeAndDial(c, next, now);
  }
  if (e.type === 'callback-take') {
    expired(c, await store.callbacks.expireOverdue(now));
    const found = await store.callbacks.withItem(e.itemId);
    if (!found) return c.dispatch({ type: 'error', text: `Work item #${e.itemId} is not a callback` });
    if (found.callback.outcome === 'expired' || found.item.state === 'expired') return c.dispatch({ type: 'error', text: `Callback #${e.itemId} expired (past its expiry or no attempt left)` });
    return takeAndDial(c, found, now);
  }
  if (e.type === 'expire-callbacks') {
    return expired(c, await store.callbacks.expireOverdue(now));
  }
  const r = await store.callbacks.recordDial(e.itemId, e.reached, c.operator, e.callRef, now);
  if (!r.ok) return c.dispatch({ type: 'error', text: `Callback #${e.itemId}: ${r.reason}` });
  const text = r.outcome === 'reached' ? `Callback #${e.itemId} done: reached`
    : r.outcome === 'no-answer' ? `Callback #${e.itemId}: no answer; ${callbackLine(r.callback, now, c.timezone)}`
    : `Callback #${e.itemId} expired: no answer and no attempt left`;
  c.dispatch({ type: 'callback-made', text });
}

/** Accept the callback for this dispatcher (of two consoles one wins), then the desk dials it: agent first. */
async function takeAndDial(c: CallbackContext, next: CallbackWithItem, now: number): Promise<void> {
  const taken = await c.ports.workItems.accept(next.item.id, { operator: c.operator, console: c.consoleId }, now);
  if (!taken.ok) return c.dispatch({ type: 'error', text: `Callback #${next.item.id}: ${taken.reason}` });
  const left = next.callback.attemptsLeft;
  const early = next.callback.dueAt > now ? `, due ${formatClock(next.callback.dueAt, c.timezone)}` : '';
  c.dispatch({
    type: 'callback-accepted', itemId: next.item.id, phone: next.item.phone,
    text: `Calling back ${next.item.name || next.item.phone} (callback #${next.item.id}${early}, attempt ${next.callback.attemptsMade + 1} of ${next.callback.attemptsMade + left})…`,
  });
}

/** Callbacks this desk just expired: the queue on its screen is read again (its own write wakes no watch here). */
function expired(c: CallbackContext, itemIds: number[]): void {
  if (itemIds.length) c.dispatch({ type: 'callbacks-expired', itemIds });
}
