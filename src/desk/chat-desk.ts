/**
 * The chat console on the desk (issue 16, SEEDS S5): its part of the desk state and what the
 * keys and views read from it — a full screen of three panes: the conversations to find the
 * person (search as you type, funnels by state, channel and S5's categories), the conversation
 * in front as one timeline with everything this person did (messages of every session, calls,
 * orders) and the reply being typed, and the client's card. The chats this operator holds are
 * switched with the number keys, within the capacity matrix (src/domain/capacity.ts). Why a key
 * cannot act now is decided here (the keymap's disabled reasons); the keys themselves are in
 * src/desk/chat-keys.ts, the store's answers in src/desk/chat-events.ts, and the runner reads and
 * writes the store in src/desk/chat-effects.ts.
 */
import type { Channel, ChatMessage, Conversation, ConversationCategory } from '../domain/conversation.js';
import { freeTextRefusal } from '../domain/conversation.js';
import { builtInCannedReplies, cannedFor, type CannedReply } from '../domain/canned-reply.js';
import type { WhatsAppTemplate } from '../domain/whatsapp-template.js';
import type { Customer } from '../domain/customer.js';
import type { Delivery, DeliveryStatus } from '../domain/delivery.js';
import type { CallOutcome } from '../domain/call-record.js';
import { offerRefusal } from '../domain/capacity.js';
import { statusChangeRefusal } from '../orders/status-change.js';
import type { EditableField } from '../customers/customer-desk.js';
import { activeCall, type DeskState } from './state.js';
import { ok, type Step } from './step.js';

/** The view that draws this slice, from the desk's state (as `customersView` in customers-screen.ts). */
export const chatsView = { screen: 'chats', file: 'src/views/chats/ChatScreen.tsx', component: 'ChatScreen' } as const;

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
  /** The phone the chat gave (the pre-chat form, a shared contact, the WhatsApp number; '' none). */
  phone: string;
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
  /** Canned replies (config cannedReplies; the built-in ones when it names none). */
  canned: CannedReply[];
  /** WhatsApp's approved templates (config whatsappTemplates): what may go after the 24-hour window. */
  templates: WhatsAppTemplate[];
}

export function initialChats(canned: readonly CannedReply[] = builtInCannedReplies, templates: readonly WhatsAppTemplate[] = []): ChatDesk {
  return {
    rows: [], filter: { query: '', funnel: 'all', channel: 'all', category: 'all' }, searching: false, cursor: 0, front: null, thread: null,
    composing: false, texts: {}, badges: {}, syncedAt: null, canned: [...canned], templates: [...templates],
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
  /** `arrived`: read again because a commit brought something (a message) while it is in front, not opened. */
  | { type: 'load-thread'; conversationId: number; arrived?: true }
  | { type: 'take-chat'; conversationId: number; itemId: number }
  | { type: 'send-chat'; conversationId: number; text: string }
  | { type: 'send-order-summary'; conversationId: number; deliveryId: number }
  | { type: 'link-chat'; conversationId: number; customerId: number }
  /** An approved WhatsApp template, its parameters filled from the chat by the runner. */
  | { type: 'send-template'; conversationId: number; template: WhatsAppTemplate }
  /** A new customer from what the chat gave (name, phone), the chat linked to them. */
  | { type: 'new-chat-customer'; conversationId: number; name: string; phone: string }
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

/** The client's card may be edited: a chat in front with a customer linked. */
/**
 * Why no new customer is made from the chat in front: one is linked already, the chat gave no
 * phone or no name yet, or its phone is a known customer's (l links the chat to them).
 */
export function newCustomerRefusal(s: DeskState): string | null {
  const why = frontRefusal(s);
  if (why) return why;
  const t = s.chats.thread;
  if (!t) return 'still reading the chat';
  if (t.customer) return `already linked to ${t.customer.name || t.customer.company || 'a customer'} (e edits the card)`;
  if (!t.phone) return 'no phone given in this chat yet (a shared contact or the pre-chat form)';
  if (t.candidates.length) return `${t.candidates.length === 1 ? 'a customer has' : `${t.candidates.length} customers have`} this number: l links the chat`;
  return frontChat(s)!.conversation.visitor.name?.trim() ? null : 'no name given in this chat yet';
}

export const editRefusal = (s: DeskState) => frontRefusal(s) ?? (s.chats.thread?.customer ? null : 'no customer linked (l links one)');

/** The canned replies offered in the chat in front: its language's first, then those for any chat. */
export function cannedHere(s: DeskState): CannedReply[] {
  return cannedFor(s.chats.canned, frontChat(s)?.conversation.visitor.language);
}

/** A canned reply may go into the chat in front. */
export function cannedRefusal(s: DeskState): string | null {
  return writeRefusal(s) ?? windowRefusal(s) ?? (cannedHere(s).length ? null : 'no canned reply for this chat\'s language (config cannedReplies)');
}

/** An approved template may go to the chat in front: a WhatsApp chat of this operator's, and templates set. */
export function templateRefusal(s: DeskState): string | null {
  const why = writeRefusal(s);
  if (why) return why;
  if (frontChat(s)!.conversation.channel !== 'whatsapp') return 'templates are for WhatsApp chats';
  return s.chats.templates.length ? null : 'no WhatsApp templates set (config whatsappTemplates)';
}

/** S5's status keys on the client's order. */
export const orderStatusRefusal = (to: 'awaiting' | 'confirmed' | 'delivered') => (s: DeskState): string | null => {
  const d = s.chats.thread?.order;
  return frontRefusal(s) ?? (d ? statusChangeRefusal(d.status, to) : 'this client has no unfinished order');
};

/** Bring a conversation to the front: read its thread, and it is read. */
export function toFront(s: DeskState, conversationId: number): Step {
  const badges = { ...s.chats.badges };
  delete badges[String(conversationId)];
  const thread = s.chats.thread?.conversationId === conversationId ? s.chats.thread : null;
  return ok({ ...s, screen: 'chats', chats: { ...s.chats, front: conversationId, thread, badges } }, { type: 'load-thread', conversationId });
}

export const setChats = (s: DeskState, more: Partial<ChatDesk>): DeskState => ({ ...s, chats: { ...s.chats, ...more } });
export const withText = (texts: Record<string, string>, id: string, text: string): Record<string, string> => {
  const out = { ...texts };
  if (text) out[id] = text;
  else delete out[id];
  return out;
};

