/**
 * The full screens' effects (customers, calls) carried out against the customer base and the
 * call log, over the store's ports and the desk's one clock; each answer goes back to the desk as an event.
 * Nothing is decided here: what to search, which customer to read and what to say come with the effect.
 */
import type { DeskEvent } from './events.js';
import type { DeskSources } from './screen-sources.js';
import type { CustomersEffect, CustomersWrite } from './customers-screen.js';
import type { CallsEffect } from './calls-screen.js';
import type { CustomerSource } from '../customers/customer-desk.js';

export interface ScreenEffectContext {
  sources: DeskSources;
  dispatch: (e: DeskEvent) => void;
}

export async function runScreenEffect(c: ScreenEffectContext, e: CustomersEffect | CallsEffect): Promise<void> {
  const { customers, callLog, shiftStart } = c.sources;
  switch (e.type) {
    case 'customers-search': {
      const found = await customers.search(e.query, e.funnel);
      return c.dispatch({ type: 'customers-found', query: e.query, funnel: e.funnel, entries: found.entries, hint: found.hint, at: customers.now() });
    }
    case 'customers-profile':
      return c.dispatch({ type: 'customers-profile', customerId: e.customerId, profile: await customers.profile(e.customerId) });
    case 'customers-write':
      return c.dispatch({ type: 'customers-written', refusal: await write(customers, e.write), done: e.done });
    case 'load-call-log': {
      const [calls, summary, missed] = await Promise.all([callLog.calls(shiftStart), callLog.summary(shiftStart), callLog.missed(shiftStart)]);
      return c.dispatch({ type: 'call-log-loaded', data: { calls, summary, missed, at: callLog.now() } });
    }
    case 'call-back-done':
      return callLog.markCallbackDone(e.callId);
  }
}

function write(customers: CustomerSource, w: CustomersWrite): Promise<string | null> {
  switch (w.kind) {
    case 'field': return customers.saveField(w.customerId, w.field, w.value);
    case 'category': return customers.setCategory(w.customerId, w.category);
    case 'phone': return customers.addPhone(w.customerId, w.typed);
  }
}
