/** The caller keys: add the caller as a customer or a number to the card, their category and note. */
import { categories } from '../domain/customer.js';
import { callerCustomer, callerPhone } from './caller.js';
import { activeCall, newCustomerFields, type DeskState } from './state.js';
import { moveInDialog, ok, say, type Keys, type Step } from './step.js';

const callerCategory = (s: DeskState, key: string, id: 'caller.category' | 'caller.note'): Step => ok(s, { type: 'load-customer', customerId: callerCustomer(s)!.id, purpose: id === 'caller.note' ? 'note' : 'category' });

function formNext(s: DeskState, key: string, id: 'form.next' | 'form.prev'): Step {
  const m = s.modal;
  if (m?.kind !== 'customer-form') return ok(s);
  return ok({ ...s, modal: { ...m, index: (m.index + (id === 'form.next' ? 1 : newCustomerFields.length - 1)) % newCustomerFields.length } });
}

const formCancel = (s: DeskState, key: string, id: 'form.cancel' | 'note.cancel' | 'category.cancel'): Step => ok({ ...s, modal: null });

const categoryUp = moveInDialog('category', () => categories.length);

function categoryDigit(s: DeskState, key: string, id: 'category.digit' | 'category.pick'): Step {
  const m = s.modal;
  if (m?.kind !== 'category') return ok(s);
  const category = categories[id === 'category.digit' ? Number(key) - 1 : m.index];
  if (!category) return ok(s);
  return ok(s, { type: 'update-customer', customerId: m.customerId, change: { field: 'category', value: category } });
}

export const callerKeys = {
  'caller.addCustomer': (s) => {
    const p = callerPhone(s)!;
    return ok({ ...s, modal: { kind: 'customer-form', phone: p.typed, fields: { name: '', company: '', note: '' }, index: 0 } });
  },
  'caller.addNumber': (s) => {
    const d = s.delivery;
    const call = activeCall(s)!;
    return ok(s, { type: 'add-number', customerId: d!.customerId!, phone: call.number.kind === 'valid' ? call.number.international : call.remote });
  },
  'caller.category': callerCategory,
  'caller.note': callerCategory,
  'form.next': formNext,
  'form.prev': formNext,
  'form.save': (s) => {
    const m = s.modal;
    if (m?.kind !== 'customer-form') return ok(s);
    if (!m.fields.name.trim() && !m.fields.company.trim()) return ok(say(s, 'error', 'type a name (or a company) first; Esc cancels'));
    return ok(s, { type: 'add-customer', fields: m.fields, phone: m.phone });
  },
  'form.cancel': formCancel,
  'note.cancel': formCancel,
  'category.cancel': formCancel,
  'note.save': (s) => {
    const m = s.modal;
    if (m?.kind !== 'customer-note') return ok(s);
    return ok(s, { type: 'update-customer', customerId: m.customerId, change: { field: 'note', value: m.value } });
  },
  'category.up': categoryUp,
  'category.down': categoryUp,
  'category.digit': categoryDigit,
  'category.pick': categoryDigit,
} satisfies Keys;
