/** Why a key of the keymap table cannot act now, in the dispatcher's words (src/desk/keymap.ts `disabledReason`). */
import { addressFields, hasAddress } from '../domain/address.js';
import type { DeliveryStatus, FailedHandoff } from '../domain/delivery.js';
import { awaitsSending, checkCancel } from '../domain/lifecycle.js';
import { isDialable, normalisePhone } from '../domain/phone-number.js';
import { activeCall, takeRefusal, type DeskState } from './state.js';
import { shownOrders, shownScheduled } from './list-search.js';
import { statusChangeRefusal } from '../orders/status-change.js';
import { quoteSendRefusal } from './order-rules.js';

export const notRegistered = (s: DeskState) => (s.registration.state === 'registered' ? null : `not connected to the PBX (${s.registration.state})`);
export const onAnotherCall = (s: DeskState) => (activeCall(s) ? 'already on a call: end it first (one voice call at a time)' : null);
/** Answering a ringing call (the banner, W): the capacity matrix (presence, one voice conversation, chats beside it). */
export const takeCall = (s: DeskState) => takeRefusal(s, 'call');
/** Taking a callback (D, the queue): a voice conversation, so the same matrix. */
export const takeCallback = (s: DeskState) => takeRefusal(s, 'callback');
export const first = (...checks: ((s: DeskState) => string | null)[]) => (s: DeskState) => {
  for (const c of checks) {
    const r = c(s);
    if (r) return r;
  }
  return null;
};

/** Why "send to the point of sale" would be refused now, or null. */
export function sendRefusal(s: DeskState): string | null {
  const d = s.delivery;
  if (!d) return 'no delivery open';
  if (!awaitsSending(d.status)) return `already sent (status ${d.status})`;
  if (d.kind === 'delivery' && !hasAddress(d.address)) return 'no address: street and house are needed';
  if (d.items.length === 0) return 'no items: press m to add from the menu';
  if (!d.posId) return 'no point of sale: press o to choose one';
  return quoteSendRefusal(s);
}

/**
 * The failed order the resend key sends again: the one on the card, else the one under the
 * list's cursor, else the oldest failure shown on the alert line.
 */
export function failedToResend(s: DeskState): FailedHandoff | null {
  const f = s.failedOrders;
  if (f.length === 0) return null;
  const here = s.screen === 'delivery' ? s.delivery?.id : s.screen === 'list' && s.listView === 'open' ? shownOrders(s)[s.listIndex]?.id : undefined;
  return f.find((x) => x.deliveryId === here) ?? f[0];
}

export const scheduledPicked = (s: DeskState) => (shownScheduled(s)[s.scheduled.index] ? null : s.listSearch?.query ? 'no scheduled order matches the search' : 'no scheduled orders');
/** The address pane's row under the cursor (reduce.ts cardFields order: the address, then phone and comment). */
export const cardFieldAt = (s: DeskState): string => [...addressFields, 'phone', 'comment'][s.addressIndex] ?? 'street';

/** Why a missed caller cannot be called back now (the same checks as "call customer"), or null. */
export function callBackRefusal(s: DeskState, number: string): string | null {
  return first(notRegistered, onAnotherCall, (st) => customerPhoneReason(number, st))(s);
}

export const statusKey = (to: 'awaiting' | 'confirmed' | 'delivered') => (s: DeskState) =>
  (s.delivery ? statusChangeRefusal(s.delivery.status, to) : 'no delivery open');

/** Why the open delivery cannot be cancelled at all now (the reason is asked next), or null. */
export function cancelRefusal(status: DeliveryStatus): string | null {
  const c = checkCancel(status, 'customer-cancelled');
  return c.ok ? null : c.message;
}

export function customerPhoneReason(phone: string | undefined, s: DeskState): string | null {
  if (!phone) return 'no phone number';
  return isDialable(normalisePhone(phone, s.region)) ? null : `"${phone}" is not a valid phone number`;
}
