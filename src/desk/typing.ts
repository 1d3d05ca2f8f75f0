/** Text typed into a field (the desk owns editing, so no keystroke is lost): each field's length limit, the list search, the forms. */
import { typeIntoCallback } from './callback-keys.js';
import { typeKey, type TextField } from '../domain/outside-text.js';
import { newCustomerFields, type DeskState } from './state.js';
import { reduce } from './reduce.js';
import { typeIntoTransfer } from './transfer-keys.js';
import { ok, say, type Step } from './step.js';
import { typeIntoRedirect } from './queue-keys.js';
import { typeIntoChats, typeIntoClientEdit } from './chat-keys.js';

/** Which length limit (src/domain/outside-text.ts) each text the dispatcher types into has. */
const typedFieldRules: Record<string, TextField> = {
  street: 'street', house: 'addressPart', flat: 'addressPart', entrance: 'addressPart', floor: 'addressPart',
  intercom: 'addressPart', postcode: 'addressPart', city: 'city', courierNote: 'note', phone: 'phone', comment: 'note',
  cashTendered: 'label', persons: 'label', courierComment: 'note', kitchenComment: 'note', when: 'label',
  name: 'name', company: 'name', note: 'note',
};

/** Text fields (a field being edited, the menu search) take printable keys and Delete; a full field says so. */
export function typeInto(s: DeskState, key: string): Step {
  const m = s.modal;
  let full: string | null = null;
  const typed = (before: string, field: TextField): string | null => {
    if (key === 'delete') return [...before].slice(0, -1).join('');
    const t = typeKey(before, key, field);
    if (!t.ok) full = t.reason;
    return t.ok && t.text !== before ? t.text : null;
  };
  const unchanged = (): Step => ok(full ? say(s, 'error', full) : s);
  if (!m && s.listSearch?.typing) {
    // the list narrows as the search is typed; the cursor goes back to its first row
    const after = typed(s.listSearch.query, 'search');
    return after === null ? unchanged() : ok({ ...s, listSearch: { ...s.listSearch, query: after }, listIndex: 0, scheduled: { ...s.scheduled, index: 0 } });
  }
  if (m?.kind === 'transfer') return typeIntoTransfer(s, m, key);
  if (m?.kind === 'callback') return typeIntoCallback(s, m, key);
  if (m?.kind === 'customer-form') {
    const field = newCustomerFields[m.index];
    const after = typed(m.fields[field], typedFieldRules[field]);
    return after === null ? unchanged() : ok({ ...s, modal: { ...m, fields: { ...m.fields, [field]: after } } });
  }
  if (m?.kind === 'customer-note' || m?.kind === 'cancel') {
    const after = m.kind === 'cancel' ? typed(m.note, 'reason') : typed(m.value, 'note');
    if (after === null) return unchanged();
    return ok({ ...s, modal: m.kind === 'cancel' ? { ...m, note: after } : { ...m, value: after } });
  }
  if (m?.kind === 'redirect') return typeIntoRedirect(s, key)!;
  if (m?.kind === 'client-edit') return typeIntoClientEdit(s, key)!;
  const chat = typeIntoChats(s, key);
  if (chat) return chat;
  if (m?.kind !== 'edit' && m?.kind !== 'menu') return ok(s);
  const after = m.kind === 'edit' ? typed(m.value, typedFieldRules[m.field] ?? 'reason') : typed(m.query, 'search');
  if (after === null) return unchanged();
  return reduce(s, m.kind === 'edit' ? { type: 'edit-change', value: after } : { type: 'menu-query', query: after });
}
