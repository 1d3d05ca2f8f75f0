/**
 * What the customers screen asks of the customer base, as plain functions over the store's ports
 * (the views never hold a database handle): search, one customer's history and data,
 * and edits written through at once. Each answers with a Promise (the desk's runner awaits it).
 */
import type { StorePorts } from '../store/ports.js';
import type { Category, Customer, Funnel } from '../domain/customer.js';
import type { DeliverySummary } from '../domain/delivery.js';
import type { SearchResult } from '../store/ports.js';
import { categories } from '../domain/customer.js';
import { formatAddress } from '../domain/address.js';
import type { LoggedCall } from '../domain/shift-summary.js';
import { normalisePhone, phoneKey } from '../domain/phone-number.js';
import { systemClock, type Clock } from '../domain/clock.js';

/** The centre and right panes: the customer, their addresses, deliveries and calls, newest first. */
export interface CustomerProfile {
  customer: Customer;
  addresses: string[];
  deliveries: DeliverySummary[];
  calls: LoggedCall[];
}

/** The centre pane's order: the customer's deliveries and calls merged, newest first (the desk opens the one under the cursor, the view draws them). */
export function historyOrder(p: CustomerProfile): ({ kind: 'delivery'; at: number; id: number; delivery: DeliverySummary } | { kind: 'call'; at: number; id: number; call: LoggedCall })[] {
  return [
    ...p.deliveries.map((d) => ({ kind: 'delivery' as const, at: d.updatedAt, id: d.id, delivery: d })),
    ...p.calls.map((c) => ({ kind: 'call' as const, at: c.startedAt, id: c.id, call: c })),
  ].sort((a, b) => b.at - a.at || (a.kind === b.kind ? b.id - a.id : a.kind === 'call' ? 1 : -1));
}

/** Fields a dispatcher edits on the right pane. */
export const editableFields = ['name', 'company', 'note', 'city', 'country'] as const;
export type EditableField = (typeof editableFields)[number];

/** An edit refused, with the reason for the dispatcher; null when written. */
export type EditRefusal = string | null;

/** The customers screen's window on the store. */
export interface CustomerSource {
  search(query: string, funnel: Funnel): Promise<SearchResult>;
  profile(customerId: number): Promise<CustomerProfile | null>;
  saveField(customerId: number, field: EditableField, value: string): Promise<EditRefusal>;
  setCategory(customerId: number, category: Category): Promise<EditRefusal>;
  addPhone(customerId: number, typed: string): Promise<EditRefusal>;
  /** S1 "+ add customer": a new card with the caller's number (the short form's fields). */
  addCustomer(form: NewCustomerForm, typedPhone: string): Promise<{ ok: true; customer: Customer } | { ok: false; reason: string }>;
  /** The desk's clock: edits are stamped with it, and the history's verdicts read against it. */
  now(): number;
}

/** The short form filled in on the call: a name is enough; company and note are optional. */
export interface NewCustomerForm { name: string; company: string; note: string }

const LIMITS: Record<EditableField, number> = { name: 200, company: 200, note: 500, city: 100, country: 60 };

/** Check an edit of one field; the text to store, or why not. */
export function checkField(field: EditableField, value: string): { ok: true; value: string } | { ok: false; reason: string } {
  const v = value.trim();
  if (v.length > LIMITS[field]) return { ok: false, reason: `${field} is longer than ${LIMITS[field]} characters` };
  return { ok: true, value: v };
}

export function portsCustomerSource(store: StorePorts, opts: { historyLimit?: number; now?: Clock } = {}): CustomerSource {
  const limit = opts.historyLimit ?? 50;
  const now = opts.now ?? systemClock;
  const update = async (id: number, change: (c: Customer) => Customer): Promise<EditRefusal> => {
    const c = await store.customers.get(id);
    if (!c) return `customer #${id} no longer exists (deleted on another console?)`;
    await store.customers.update(change(c), now());
    return null;
  };
  return {
    search: (query, funnel) => store.customerSearch.find(query, { funnel }),
    async profile(id) {
      const customer = await store.customers.get(id);
      if (!customer) return null;
      const [addresses, deliveries, calls] = await Promise.all([
        store.customerSearch.addressesOf(id), store.deliveries.recentForCustomer(id, limit), store.callReport.forCustomer(id, limit),
      ]);
      return { customer, addresses: addresses.map(formatAddress).filter(Boolean), deliveries, calls };
    },
    async saveField(id, field, value) {
      const checked = checkField(field, value);
      if (!checked.ok) return checked.reason;
      return update(id, (c) => ({ ...c, [field]: checked.value }));
    },
    async setCategory(id, category) {
      if (!categories.includes(category)) return `unknown category ${category}`;
      return update(id, (c) => ({ ...c, category }));
    },
    async addPhone(id, typed) {
      const n = normalisePhone(typed, store.region);
      if (n.kind !== 'valid') return `"${typed}" is not a number that can be called back: ${n.kind === 'withheld' ? 'no digits' : n.reason}`;
      if (!(await store.customers.get(id))) return `customer #${id} no longer exists (deleted on another console?)`;
      await store.customers.attachPhone(id, phoneKey(n)!, typed.trim(), now());
      return null;
    },
    async addCustomer(form, typed) {
      const n = normalisePhone(typed, store.region);
      if (n.kind !== 'valid') return { ok: false, reason: `"${typed}" is not a number to save on a card: ${n.kind === 'withheld' ? 'withheld' : n.reason}` };
      if (!form.name.trim() && !form.company.trim()) return { ok: false, reason: 'a name or a company is needed' };
      const values: Partial<Record<EditableField, string>> = {};
      for (const f of ['name', 'company', 'note'] as const) {
        const checked = checkField(f, form[f]);
        if (!checked.ok) return { ok: false, reason: checked.reason };
        values[f] = checked.value;
      }
      const id = await store.customers.create({ ...values, phone: { key: phoneKey(n)!, asTyped: typed.trim() } }, now());
      return { ok: true, customer: (await store.customers.get(id))! };
    },
    now,
  };
}
