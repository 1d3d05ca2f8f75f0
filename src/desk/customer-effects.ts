/**
 * The runner's half of the caller's card edits from the desk (S1 "+ add customer", a second
 * number, the note and category editors): carried out against the customer base and fed back as
 * events, the way order-effects.ts does for order-taking.
 */
import type { StorePorts } from '../store/ports.js';
import type { CustomerSource } from '../customers/customer-desk.js';
import { formatPhone } from '../domain/phone-number.js';
import type { DeskEvent, Effect } from './events.js';
import type { DeskState } from './state.js';

export type CustomerEffect = Extract<Effect, { type: 'add-customer' | 'add-number' | 'load-customer' | 'update-customer' | 'refresh-callers' }>;

export interface CustomerEffectContext {
  ports: StorePorts;
  customers: CustomerSource;
  /** The desk's state now (refresh-callers looks up every live call's number again). */
  state: () => DeskState;
  dispatch: (e: DeskEvent) => void;
}

export async function runCustomerEffect(c: CustomerEffectContext, e: CustomerEffect): Promise<void> {
  const { ports: store, customers, dispatch } = c;
  switch (e.type) {
    case 'add-customer': {
      const r = await customers.addCustomer(e.fields, e.phone);
      if (!r.ok) return dispatch({ type: 'customer-changed', refusal: `cannot add the customer: ${r.reason}`, text: '' });
      return dispatch({ type: 'customer-changed', refusal: null, text: `Customer ${r.customer.name || r.customer.company} added with ${formatPhone(e.phone, store.region)}`, added: r.customer });
    }
    case 'add-number': {
      const refusal = await customers.addPhone(e.customerId, e.phone);
      const who = await store.customers.get(e.customerId);
      return dispatch({ type: 'customer-changed', refusal, text: `${formatPhone(e.phone, store.region)} added to ${who?.name || who?.company || 'the customer'}'s card` });
    }
    case 'load-customer': return dispatch({ type: 'customer-loaded', customer: await store.customers.get(e.customerId), purpose: e.purpose });
    case 'update-customer': {
      const ch = e.change;
      const refusal = await (ch.field === 'note' ? customers.saveField(e.customerId, 'note', ch.value) : customers.setCategory(e.customerId, ch.value));
      const who = await store.customers.get(e.customerId);
      const name = who?.name || who?.company || 'the customer';
      return dispatch({ type: 'customer-changed', refusal, text: ch.field === 'note' ? `Note saved on ${name}'s card` : `${name} is now ${ch.value}` });
    }
    case 'refresh-callers': {
      const calls = c.state().calls.filter((call) => call.remote);
      const found = await Promise.all(calls.map((call) => store.lookupCaller(call.remote)));
      return dispatch({ type: 'callers-refreshed', lookups: calls.map((call, n) => ({ callId: call.id, lookup: found[n] })) });
    }
  }
}
