/**
 * Who "the caller" is for the caller-card keys (S1 "+ add customer", S4 "add this number",
 * S5 category and note): the call the dispatcher is on, else the delivery open on the card.
 * Pure reads of the desk state; each refusal is a sentence the dispatcher can act on.
 */
import { displayPhone, normalisePhone } from '../domain/phone-number.js';
import { activeCall, ringingCall, type DeskCall, type DeskState } from './state.js';

/** The number the caller-card keys work with: the live call's, else the open delivery's phone. */
export function callerPhone(s: DeskState): { typed: string; valid: boolean; call: DeskCall | null } | null {
  const call = activeCall(s) ?? null;
  if (call) {
    if (call.number.kind === 'withheld') return null;
    const typed = call.number.kind === 'valid' ? call.number.international : call.remote;
    return typed ? { typed, valid: call.number.kind === 'valid', call } : null;
  }
  if (s.screen === 'delivery' && s.delivery?.phone) {
    return { typed: s.delivery.phone, valid: normalisePhone(s.delivery.phone, s.region).kind === 'valid', call: null };
  }
  return null;
}

/** The customer the category and note keys change: the open delivery's, else the caller's only card. */
export function callerCustomer(s: DeskState): { id: number; name: string } | null {
  if (s.screen === 'delivery' && s.delivery?.customerId) return { id: s.delivery.customerId, name: s.delivery.customerName };
  const customers = activeCall(s)?.lookup?.customers ?? [];
  return customers.length === 1 ? { id: customers[0].id, name: customers[0].name || customers[0].company } : null;
}

/** A call rings and none is answered: the caller keys act on a caller only once the dispatcher is on the call. */
function onlyRinging(s: DeskState): boolean {
  return !activeCall(s) && !!ringingCall(s);
}
const ANSWER_FIRST = 'answer the call first: the caller keys work once you are on the call';

export function callerCustomerRefusal(s: DeskState): string | null {
  if (callerCustomer(s)) return null;
  if (onlyRinging(s)) return ANSWER_FIRST;
  const call = activeCall(s);
  if ((call?.lookup?.customers.length ?? 0) > 1) return 'several customers share this number: pick one in the chooser first';
  if (!call && !(s.screen === 'delivery' && s.delivery)) return 'no call and no delivery open';
  return 'the caller is not a customer yet: A adds them';
}

export function addCustomerRefusal(s: DeskState): string | null {
  // not the open order's number while another caller rings: A is for the caller you are talking to
  if (onlyRinging(s)) return 'answer the call first: A then adds the caller as a customer';
  const p = callerPhone(s);
  if (!p) return activeCall(s) || s.delivery ? 'the number is withheld: nothing to save on a card' : 'no call and no delivery open';
  if (!p.valid) return `"${p.typed}" is not a valid phone number`;
  if (p.call?.lookup?.customers.length) return 'the caller is already a customer (g category, ! note)';
  if (s.screen === 'delivery' && s.delivery?.customerId) return `the delivery already has a customer (${s.delivery.customerName || '#' + s.delivery.customerId})`;
  return null;
}

/** S4: a known customer calls from a new number; the number goes on the card already open. */
export function addNumberRefusal(s: DeskState): string | null {
  const call = activeCall(s);
  if (!call) return onlyRinging(s) ? 'answer the call first (t attaches it to the open order)' : 'no call: the number to add comes from the caller';
  if (call.number.kind !== 'valid') return call.number.kind === 'withheld' ? 'the number is withheld' : `"${call.remote}" is not a valid phone number`;
  const d = s.screen === 'delivery' ? s.delivery : null;
  if (!d?.customerId) return "open the customer's order first (or answer with t to attach the call to it)";
  if (call.lookup?.customers.some((c) => c.id === d.customerId)) return `${displayPhone(call.number, s.region)} is already on ${d.customerName || 'this customer'}'s card`;
  return null;
}
