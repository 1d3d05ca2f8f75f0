/**
 * The chat console on the desk (issue 16, SEEDS S5): a full screen of three panes — the
 * conversations to find the person (search as you type, funnels by state, channel and S5's
 * categories), the conversation in front as one timeline with everything this person did
 * (messages of every session, calls, orders) and the reply being typed, and the client's card.
 * The chats this operator holds are switched with the number keys, within the capacity matrix
 * (src/domain/capacity.ts); a new message in one not in front rings the bell and shows a badge,
 * never taking the screen. Pure: the runner reads and writes the store (src/desk/chat-effects.ts).
 */
import type { Channel, ChatMessage, Conversation, ConversationCategory } from '../domain/conversation.js';
import { channels, conversationCategories, freeTextRefusal } from '../domain/conversation.js';
import type { Customer } from '../domain/customer.js';
import type { Delivery, DeliveryStatus } from '../domain/delivery.js';
import type { CallOutcome } from '../domain/call-record.js';
import { offerRefusal } from '../domain/capacity.js';
import { checkText, typeKey } from '../domain/outside-text.js';
import { statusChangeRefusal } from '../orders/status-change.js';
import { cancelReasons } from '../domain/lifecycle.js';
import { editableFields, type EditableField } from '../customers/customer-desk.js';
import { activeCall, type DeskState } from './state.js';
import { clamp, keepUnchangedRows, moveInDialog, ok, say, type Keys, type Step } from './step.js';
import type { Effect } from './events.js';

/** The first funnel: whose chats. */
export type ChatFunnel = 'waiting' | 'mine' | 'all' | 'closed';
export const chatFunnels: readonly ChatFunnel[] = ['all', 'waiting', 'mine', 'closed'];

export interface ChatFilter {
  query: string;
  funnel: ChatFunnel;
  channel: Channel | 'all';
  category: ConversationCategory | 'all';
}

/** One conversation in the left pane. */
export interface ChatRow {
  conversation: Conversation;
  /** The linked customer's name ('' none). */
  customerName: string;
  /** The newest message, as one line ('' none). */
  last: string;
  /** Its work item: who holds it (accepted), and whether it still waits in the queue. */
  itemId: number | null;
  holder: string | null;
  waiting: boolean;
}

/** One line of the centre pane's timeline: a message of any of this person's chats, a call, an order. */
export type TimelineEntry =
  | { kind: 'message'; at: number; message: ChatMessage; channel: Channel; here: boolean }
  | { kind: 'call'; at: number; id: number; direction: 'incoming' | 'outgoing'; outcome: CallOutcome }
  | { kind: 'order'; at: number; id: number; number: string; status: DeliveryStatus; total: number };

/** The conversation in front, as the store has it. */
export interface ChatThread {
  conversationId: number;
  timeline: TimelineEntry[];
  /** The linked customer's card (null: not linked yet). */
  customer: Customer | null;
  /** Customers the chat's phone finds, to link with one key. */
  candidates: Customer[];
  /** Every way this person reached the desk: phone numbers and chat identities, one line each. */
  reachedBy: string[];
  /** The client's newest unfinished order: S5's status keys act on it, its summary can be sent. */
  order: Delivery | null;
  /** The newest location they sent (Telegram): a new order's address gets its coordinates. */
  location: { lat: number; lon: number } | null;
}

/** The chat console's part of the desk state. */
export interface ChatDesk {
  rows: ChatRow[];
  filter: ChatFilter;
  /** `/` typed: letters go into the search. */
  searching: boolean;
  cursor: number;
  /** The conversation in the centre pane. */
  front: number | null;
  thread: ChatThread | null;
  /** Letters go into the reply of the chat in front. */
  composing: boolean;
  /** Half-typed replies by conversation id (kept through a restart: src/desk/drafts.ts). */
  texts: Record<string, string>;
  /** New messages in chats not in front, by conversation id. */
  badges: Record<string, number>;
  /** When the chats were last read from the store (S5's "sync now" shows its age). */
  syncedAt: number | null;
  /** Canned replies (config cannedReplies). */
  canned: string[];
}

export const defaultCannedReplies = [
  'Hello! How can we help you?',
  'Thank you, your order is confirmed.',
  'The courier is on the way.',
  'Could you send your address, please?',
  'Sorry for the wait, we are checking it now.',
];

export function initialChats(canned: string[] = defaultCannedReplies): ChatDesk {
  return {
    rows: [], filter: { query: '', funnel: 'all', channel: 'all', category: 'all' }, searching: false, cursor: 0, front: null, thread: null,
    composing: false, texts: {}, badges: {}, syncedAt: null, canned,
  };
}

export type ChatEvent =
  | { type: 'chats-loaded'; rows: ChatRow[]; at: number; sync?: boolean }
  | { type: 'chat-thread'; thread: ChatThread | null }
  /** A chat was taken in the queue (Q) or here: it comes to the front of the chat console. */
  | { type: 'chat-taken'; conversationId: number }
  /** What the store said to a chat write; `refusal` when it refused. */
  | { type: 'chat-answer'; action: 'take' | 'send' | 'link' | 'category' | 'close' | 'edit' | 'order'; conversationId: number; refusal: string | null; text: string };

export type ChatEffect =
  | { type: 'load-chats'; sync?: boolean }
  | { type: 'load-thread'; conversationId: number }
  | { type: 'take-chat'; conversationId: number; itemId: number }
  | { type: 'send-chat'; conversationId: number; text: string }
  | { type: 'send-order-summary'; conversationId: number; deliveryId: number }
  | { type: 'link-chat'; conversationId: number; customerId: number }
  | { type: 'chat-category'; conversationId: number; category: ConversationCategory }
  | { type: 'close-chat'; conversationId: number; itemId: number | null }
  | { type: 'edit-client'; conversationId: number; customerId: number; fields: Partial<Record<EditableField, string>> };

export const categoryWords: Record<ConversationCategory, string> = {
  client: 'Client', spam: 'SPAM', employee: 'Employees', model: 'Models', sleeping: 'Sleeping', 'not-client': 'Not a client',
};
export const funnelWords: Record<ChatFunnel, string> = { waiting: 'waiting', mine: 'mine', all: 'all open', closed: 'closed' };

/** A message as one line of text (a location, a shared contact, a pressed button say what they are). */
export function messageLine(m: ChatMessage): string {
  if (m.kind === 'location' && m.location) return `📍 ${m.location.lat.toFixed(5)}, ${m.location.lon.toFixed(5)}${m.text ? ` ${m.text}` : ''}`;
  if (m.kind === 'contact') return `☎ shared ${m.contactPhone ?? ''}`.trim();
  if (m.kind === 'button') return `▣ ${m.text || m.buttonData || ''}`.trim();
  return m.text;
}

/** Who the chat is with, in a few words. */
export function chatName(r: ChatRow): string {
  const v = r.conversation.visitor;
  return r.customerName || v.name || v.phone || `${r.conversation.channel} ${r.conversation.channelUserId}`;
}

/** The chats this operator holds, in the order the number keys switch them. */
export function myChats(s: DeskState): ChatRow[] {
  return s.chats.rows.filter((r) => r.holder === s.operator.name && r.conversation.status === 'open').sort((a, b) => a.conversation.id - b.conversation.id);
}

/** The left pane's rows: the funnels and the search as typed. */
export function shownChats(s: DeskState): ChatRow[] {
  const f = s.chats.filter;
  const q = f.query.trim().toLowerCase();
  const digits = q.replace(/\D/g, '');
  return s.chats.rows.filter((r) => {
    const c = r.conversation;
    if (f.channel !== 'all' && c.channel !== f.channel) return false;
    if (f.category !== 'all' && c.category !== f.category) return false;
    if (f.funnel === 'closed' ? c.status !== 'closed' : c.status !== 'open') return false;
    if (f.funnel === 'waiting' && !r.waiting) return false;
    if (f.funnel === 'mine' && r.holder !== s.operator.name) return false;
    if (!q) return true;
    const words = [chatName(r), r.customerName, c.visitor.name ?? '', r.last].join(' ').toLowerCase();
    return words.includes(q) || (digits.length >= 3 && (c.visitor.phone ?? '').replace(/\D/g, '').includes(digits));
  });
}

/** The row under the cursor. */
export function pickedChat(s: DeskState): ChatRow | undefined {
  return shownChats(s)[s.chats.cursor];
}

/** The conversation in front, as the left pane has it. */
export function frontChat(s: DeskState): ChatRow | undefined {
  return s.chats.rows.find((r) => r.conversation.id === s.chats.front);
}

/** Why one more chat is not taken now: the capacity matrix over presence, the call and the chats held. */
export function chatCapacityRefusal(s: DeskState): string | null {
  return offerRefusal(s.presence.mine, s.presence.capacity, { voice: activeCall(s) ? 1 : 0, chats: myChats(s).length }, 'chat', s.now);
}

export function openChatRefusal(s: DeskState): string | null {
  const r = pickedChat(s);
  if (!r) return s.chats.filter.query ? 'no chat matches the search' : 'no chat in this funnel';
  if (r.waiting && r.holder !== s.operator.name) return chatCapacityRefusal(s);
  return null;
}

const frontRefusal = (s: DeskState) => (frontChat(s) ? null : 'no chat in front (Enter opens the one under the cursor)');

/** The chat in front is this operator's and open: it may be written to and acted on. */
export function writeRefusal(s: DeskState): string | null {
  const r = frontChat(s);
  if (!r) return 'no chat in front (Enter opens the one under the cursor)';
  if (r.conversation.status === 'closed') return 'this chat is closed';
  if (r.holder !== s.operator.name) return r.holder ? `${r.holder} has this chat` : 'take it first (Enter)';
  return null;
}

/** WhatsApp's 24-hour window: free text only while it is open. */
export function windowRefusal(s: DeskState): string | null {
  const c = frontChat(s)?.conversation;
  return c ? freeTextRefusal(c, s.now) : null;
}

export function sendRefusal(s: DeskState): string | null {
  const why = writeRefusal(s) ?? windowRefusal(s);
  if (why) return why;
  return (s.chats.texts[String(s.chats.front)] ?? '').trim() ? null : 'type a reply first';
}

export function summaryRefusal(s: DeskState): string | null {
  return writeRefusal(s) ?? windowRefusal(s) ?? (s.chats.thread?.order ? null : 'this client has no unfinished order');
}

export function linkRefusal(s: DeskState): string | null {
  const why = frontRefusal(s);
  if (why) return why;
  const t = s.chats.thread;
  if (!t) return 'still reading the chat';
  if (!t.candidates.length) return frontChat(s)!.conversation.visitor.phone ? 'no customer has this number (C finds one by name)' : 'no phone given in this chat yet';
  if (t.candidates.length === 1 && t.customer?.id === t.candidates[0].id) return 'already linked to this customer';
  return null;
}

const clientRefusal = (s: DeskState) => frontRefusal(s) ?? (s.chats.thread?.customer ? null : 'no customer linked (l links one)');

/** S5's status keys on the client's order. */
export const orderStatusRefusal = (to: 'awaiting' | 'confirmed' | 'delivered') => (s: DeskState): string | null => {
  const d = s.chats.thread?.order;
  return frontRefusal(s) ?? (d ? statusChangeRefusal(d.status, to) : 'this client has no unfinished order');
};

/** Bring a conversation to the front: read its thread, and it is read. */
function toFront(s: DeskState, conversationId: number): Step {
  const badges = { ...s.chats.badges };
  delete badges[String(conversationId)];
  const thread = s.chats.thread?.conversationId === conversationId ? s.chats.thread : null;
  return ok({ ...s, screen: 'chats', chats: { ...s.chats, front: conversationId, thread, badges } }, { type: 'load-thread', conversationId });
}

const setChats = (s: DeskState, more: Partial<ChatDesk>): DeskState => ({ ...s, chats: { ...s.chats, ...more } });
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
  'chats.canned': (s) => ok({ ...s, modal: { kind: 'chat-pick', purpose: 'canned', title: 'Canned reply (goes into the reply; Enter there sends it)', options: s.chats.canned.map((c) => ({ label: c, value: c })), index: 0 } }),
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
    const t = checkText(before ? `${before} ${o.value}` : o.value, 'message');
    if (!t.ok) return ok(say(closed, 'error', t.reason));
    return ok(setChats(closed, { composing: true, texts: { ...s.chats.texts, [String(id)]: t.text } }));
  }
  if (m.purpose === 'link') return ok(closed, { type: 'link-chat', conversationId: id, customerId: Number(o.value) });
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

const withText = (texts: Record<string, string>, id: string, text: string): Record<string, string> => {
  const out = { ...texts };
  if (text) out[id] = text;
  else delete out[id];
  return out;
};

/**
 * The chats' events: the list as the store has it now (a new message in a chat of this operator's
 * not in front rings the bell and gets a badge), the thread in front, the answer to a write.
 */
export function onChatEvent(s: DeskState, e: ChatEvent): Step {
  switch (e.type) {
    case 'chats-loaded': {
      const before = new Map(s.chats.rows.map((r) => [r.conversation.id, r.conversation]));
      const badges = { ...s.chats.badges };
      let fresh = false;
      const effects: Effect[] = [];
      for (const r of e.rows) {
        const was = before.get(r.conversation.id);
        const grew = !!was && r.conversation.unread > was.unread && r.conversation.lastMessageAt > was.lastMessageAt;
        if (!grew) continue;
        // the one in front is read again by the store change that brought the message
        const inFront = s.screen === 'chats' && s.chats.front === r.conversation.id;
        if (!inFront && r.holder === s.operator.name) {
          badges[String(r.conversation.id)] = (badges[String(r.conversation.id)] ?? 0) + (r.conversation.unread - was.unread);
          fresh = true;
        }
      }
      const picked = pickedChat(s);
      // rows that did not change keep their objects: the screen formats only the changed ones again
      const loaded = setChats(s, { rows: keepUnchangedRows(s.chats.rows, e.rows, (r) => r.conversation.id), badges, syncedAt: e.at });
      const at = picked ? shownChats(loaded).findIndex((r) => r.conversation.id === picked.conversation.id) : -1;
      const next = setChats(loaded, { cursor: at >= 0 ? at : clamp(s.chats.cursor, shownChats(loaded).length) });
      if (fresh) effects.push({ type: 'bell' });
      return ok(e.sync ? say(next, 'info', 'Chats read again just now') : next, ...effects);
    }
    case 'chat-thread': {
      if (!e.thread || e.thread.conversationId !== s.chats.front) return ok(s);
      // the chat in front on screen has just been read: its row says so at once
      const id = e.thread.conversationId;
      const read = s.screen === 'chats' && s.chats.rows.some((r) => r.conversation.id === id && r.conversation.unread > 0);
      const rows = read ? s.chats.rows.map((r) => (r.conversation.id === id ? { ...r, conversation: { ...r.conversation, unread: 0 } } : r)) : s.chats.rows;
      return ok(setChats(s, { thread: e.thread, rows }));
    }
    case 'chat-taken':
      return toFront({ ...s, modal: null }, e.conversationId);
    case 'chat-answer': {
      if (e.refusal) return ok(say(s, 'error', `${e.action}: ${e.refusal}`), { type: 'load-chats' });
      let next = say(s, 'info', e.text);
      const effects: Effect[] = [{ type: 'load-chats' }];
      if (e.action === 'send') next = setChats(next, { texts: withText(next.chats.texts, String(e.conversationId), '') });
      if (e.action === 'edit') next = { ...next, modal: null };
      if (e.action === 'take') return { state: toFront(next, e.conversationId).state, effects: [...effects, { type: 'load-thread', conversationId: e.conversationId }, { type: 'load-queue' }] };
      if (e.action === 'close') {
        next = setChats(next, { composing: false, texts: withText(next.chats.texts, String(e.conversationId), '') });
        return ok(next, ...effects, { type: 'load-queue' }, { type: 'load-thread', conversationId: e.conversationId });
      }
      if (next.chats.front === e.conversationId) effects.push({ type: 'load-thread', conversationId: e.conversationId });
      return ok(next, ...effects);
    }
  }
}
