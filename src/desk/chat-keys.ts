/**
 * The chat console's keys (issue 16, SEEDS S5), one handler per command of the keymap table
 * (src/desk/keymap.ts): move and search in the conversations, open or take one, switch between
 * this operator's chats with the number keys, write and send, canned replies, the order's
 * summary, link the chat to a customer, its category, the client's card, S5's status keys.
 * Pure: each key returns the next state and the effects the runner carries out
 * (src/desk/chat-effects.ts); the state and the refusals are in src/desk/chat-desk.ts.
 */
import type { ConversationCategory } from '../domain/conversation.js';
import { channels, conversationCategories } from '../domain/conversation.js';
import { checkText, typeKey } from '../domain/outside-text.js';
import { cancelReasons } from '../domain/lifecycle.js';
import { editableFields, type EditableField } from '../customers/customer-desk.js';
import type { DeskState } from './state.js';
import { clamp, moveInDialog, ok, say, type Keys, type Step } from './step.js';
import { cannedHere, categoryWords, chatFunnels, chatName, frontChat, myChats, pickedChat, setChats, shownChats, toFront, withText } from './chat-desk.js';

const next = <T>(list: readonly T[], now: T, by: number): T => list[(list.indexOf(now) + by + list.length) % list.length];
const chatPickUp = moveInDialog('chat-pick', (m) => m.options.length);
const editUp = moveInDialog('client-edit', () => editableFields.length);

export const chatKeys = {
  'global.chats': (s) => ok(setChats({ ...s, screen: 'chats' }, {}), { type: 'load-chats' }, ...(s.chats.front !== null ? [{ type: 'load-thread' as const, conversationId: s.chats.front }] : [])),
  'chats.back': (s) => ok({ ...s, screen: 'list' }),
  'chats.up': (s) => ok(setChats(s, { cursor: clamp(s.chats.cursor - 1, shownChats(s).length) })),
  'chats.down': (s) => ok(setChats(s, { cursor: clamp(s.chats.cursor + 1, shownChats(s).length) })),
  'chats.open': (s) => {
    const r = pickedChat(s)!;
    if (r.waiting && r.itemId !== null && r.holder !== s.operator.name) return ok(s, { type: 'take-chat', conversationId: r.conversation.id, itemId: r.itemId });
    return toFront(s, r.conversation.id);
  },
  'chats.switch': (s, key) => {
    const r = myChats(s)[Number(key) - 1];
    return toFront(s, r.conversation.id);
  },
  'chats.search': (s) => ok(setChats(s, { searching: true })),
  'chats.funnel': (s, key) => ok(setChats(s, { cursor: 0, filter: { ...s.chats.filter, funnel: next(chatFunnels, s.chats.filter.funnel, key === 'left' ? -1 : 1) } })),
  'chats.channel': (s) => ok(setChats(s, { cursor: 0, filter: { ...s.chats.filter, channel: next(['all', ...channels] as const, s.chats.filter.channel, 1) } })),
  'chats.categoryFunnel': (s) => ok(setChats(s, { cursor: 0, filter: { ...s.chats.filter, category: next(['all', ...conversationCategories] as const, s.chats.filter.category, 1) } })),
  'chats.write': (s) => ok(setChats(s, { composing: true })),
  'chats.canned': (s) => cannedPick(s),
  'chats.summary': (s) => ok(s, { type: 'send-order-summary', conversationId: s.chats.front!, deliveryId: s.chats.thread!.order!.id }),
  'chats.order': (s) => {
    const r = frontChat(s)!;
    const t = s.chats.thread;
    const customerId = t?.customer?.id ?? null;
    const phone = r.conversation.visitor.phone ?? t?.customer?.phones[0]?.e164 ?? '';
    return ok(say(s, 'info', `New order from the chat with ${chatName(r)}`), { type: 'create-delivery', customerId, phone, ...(t?.location ? { location: t.location } : {}) });
  },
  'chats.link': (s) => {
    const t = s.chats.thread!;
    const id = s.chats.front!;
    if (t.candidates.length === 1) return ok(s, { type: 'link-chat', conversationId: id, customerId: t.candidates[0].id });
    return ok({ ...s, modal: { kind: 'chat-pick', purpose: 'link', title: `${t.candidates.length} customers have this number: link the chat to`, options: t.candidates.map((c) => ({ label: [c.name || c.company || `#${c.id}`, c.city, c.note].filter(Boolean).join(' · '), value: String(c.id) })), index: 0 } });
  },
  'chats.template': (s) => {
    const options = s.chats.templates.map((t, n) => ({ label: `${t.label ?? t.name} (${t.language})${t.parameters.length ? `: ${t.parameters.join(', ')}` : ''}`, value: String(n) }));
    return ok({ ...s, modal: { kind: 'chat-pick', purpose: 'template', title: 'WhatsApp template (approved; goes even after the 24-hour window)', options, index: 0 } });
  },
  'chats.newCustomer': (s) => {
    const r = frontChat(s)!;
    return ok(s, { type: 'new-chat-customer', conversationId: r.conversation.id, name: r.conversation.visitor.name!.trim(), phone: s.chats.thread!.phone });
  },
  'chats.category': (s) => {
    const now = frontChat(s)!.conversation.category;
    return ok({ ...s, modal: { kind: 'chat-pick', purpose: 'category', title: 'This chat is…', options: conversationCategories.map((c, n) => ({ label: `${n + 1} ${categoryWords[c]}${c === 'not-client' ? ' (no automatic messages)' : ''}`, value: c })), index: Math.max(0, conversationCategories.indexOf(now)) } });
  },
  'chats.edit': (s) => {
    const c = s.chats.thread!.customer!;
    return ok({ ...s, modal: { kind: 'client-edit', customerId: c.id, index: 0, fields: Object.fromEntries(editableFields.map((f) => [f, c[f]])) as Record<EditableField, string>, before: Object.fromEntries(editableFields.map((f) => [f, c[f]])) as Record<EditableField, string> } });
  },
  'chats.close': (s) => {
    const r = frontChat(s)!;
    return ok(s, { type: 'close-chat', conversationId: r.conversation.id, itemId: r.itemId });
  },
  'chats.sync': (s) => ok(s, { type: 'load-chats', sync: true }, ...(s.chats.front !== null ? [{ type: 'load-thread' as const, conversationId: s.chats.front }] : [])),
  'chats.awaiting': (s) => ok(s, { type: 'set-status', delivery: s.chats.thread!.order!, status: 'awaiting' }),
  'chats.confirmed': (s) => ok(s, { type: 'set-status', delivery: s.chats.thread!.order!, status: 'confirmed' }),
  'chats.came': (s) => ok(s, { type: 'set-status', delivery: s.chats.thread!.order!, status: 'delivered' }),
  'chats.cancel': (s) => {
    const d = s.chats.thread!.order!;
    return ok({ ...s, modal: { kind: 'cancel', deliveryId: d.id, number: d.number, index: 0, note: '', reasons: [...cancelReasons] } });
  },
  'compose.send': (s) => {
    const id = s.chats.front!;
    return ok(s, { type: 'send-chat', conversationId: id, text: s.chats.texts[String(id)].trim() });
  },
  'compose.leave': (s) => ok(setChats(s, { composing: false })),
  'compose.canned': (s) => cannedPick(s),
  'chatSearch.keep': (s) => ok(setChats(s, { searching: false })),
  'chatSearch.clear': (s) => ok(setChats(s, { searching: false, cursor: 0, filter: { ...s.chats.filter, query: '' } })),
  'chatSearch.up': (s) => ok(setChats(s, { cursor: clamp(s.chats.cursor - 1, shownChats(s).length) })),
  'chatSearch.down': (s) => ok(setChats(s, { cursor: clamp(s.chats.cursor + 1, shownChats(s).length) })),
  'chatPick.up': chatPickUp,
  'chatPick.down': chatPickUp,
  'chatPick.close': (s) => ok({ ...s, modal: null }),
  'chatPick.digit': (s, key) => {
    const m = s.modal;
    if (m?.kind !== 'chat-pick' || !m.options[Number(key) - 1]) return ok(s);
    return pickChosen({ ...s, modal: { ...m, index: Number(key) - 1 } });
  },
  'chatPick.choose': (s) => pickChosen(s),
  'clientEdit.next': (s, k, id) => editUp(s, k, id),
  'clientEdit.prev': (s, k, id) => editUp(s, k, id),
  'clientEdit.close': (s) => ok({ ...s, modal: null }),
  'clientEdit.save': (s) => {
    const m = s.modal;
    if (m?.kind !== 'client-edit') return ok(s);
    const changed = Object.fromEntries(editableFields.filter((f) => m.fields[f] !== m.before[f]).map((f) => [f, m.fields[f]]));
    if (!Object.keys(changed).length) return ok(say({ ...s, modal: null }, 'info', 'Nothing changed'));
    return ok(s, { type: 'edit-client', conversationId: s.chats.front!, customerId: m.customerId, fields: changed });
  },
} satisfies Keys;

/** The canned replies for the chat in front (its language's first), picked into the reply. */
function cannedPick(s: DeskState): Step {
  const options = cannedHere(s).map((c) => ({ label: `${c.name}: ${c.text}`, value: c.text }));
  return ok({ ...s, modal: { kind: 'chat-pick', purpose: 'canned', title: 'Canned reply (goes into the reply; Enter there sends it)', options, index: 0 } });
}

/** Enter (or a digit) in the chat's pick list: a canned reply into the reply, a customer linked, a category set. */
function pickChosen(s: DeskState): Step {
  const m = s.modal;
  if (m?.kind !== 'chat-pick') return ok(s);
  const o = m.options[m.index];
  const id = s.chats.front;
  if (!o || id === null) return ok({ ...s, modal: null });
  const closed = { ...s, modal: null };
  if (m.purpose === 'canned') {
    const before = s.chats.texts[String(id)] ?? '';
    const t = checkText(before.trim() ? `${before.trimEnd()} ${o.value}` : o.value, 'message');
    if (!t.ok) return ok(say(closed, 'error', t.reason));
    return ok(setChats(closed, { composing: true, texts: { ...s.chats.texts, [String(id)]: t.text } }));
  }
  if (m.purpose === 'link') return ok(closed, { type: 'link-chat', conversationId: id, customerId: Number(o.value) });
  if (m.purpose === 'template') return ok(closed, { type: 'send-template', conversationId: id, template: s.chats.templates[Number(o.value)] });
  return ok(closed, { type: 'chat-category', conversationId: id, category: o.value as ConversationCategory });
}

/** A key typed into the reply or the search (the one length limit for each). */
export function typeIntoChats(s: DeskState, key: string): Step | null {
  if (s.screen !== 'chats' || s.modal) return null;
  if (s.chats.composing && s.chats.front !== null) {
    const id = String(s.chats.front);
    const before = s.chats.texts[id] ?? '';
    if (key === 'delete') return ok(setChats(s, { texts: withText(s.chats.texts, id, [...before].slice(0, -1).join('')) }));
    const t = typeKey(before, key, 'message');
    if (!t.ok) return ok(say(s, 'error', t.reason));
    return ok(setChats(s, { texts: withText(s.chats.texts, id, t.text) }));
  }
  if (s.chats.searching) {
    const before = s.chats.filter.query;
    const after = key === 'delete' ? [...before].slice(0, -1).join('') : typeKey(before, key, 'search');
    if (typeof after !== 'string' && !after.ok) return ok(say(s, 'error', after.reason));
    return ok(setChats(s, { cursor: 0, filter: { ...s.chats.filter, query: typeof after === 'string' ? after : after.text } }));
  }
  return null;
}

/** A key typed into the client-edit dialog's field. */
export function typeIntoClientEdit(s: DeskState, key: string): Step | null {
  const m = s.modal;
  if (m?.kind !== 'client-edit') return null;
  const field = editableFields[m.index];
  const before = m.fields[field];
  if (key === 'delete') return ok({ ...s, modal: { ...m, fields: { ...m.fields, [field]: [...before].slice(0, -1).join('') } } });
  const t = typeKey(before, key, field === 'note' ? 'note' : field === 'city' ? 'city' : 'name');
  if (!t.ok) return ok(say(s, 'error', t.reason));
  return ok({ ...s, modal: { ...m, fields: { ...m.fields, [field]: t.text } } });
}
