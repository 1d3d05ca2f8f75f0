/**
 * A chat (issue 16): one person writing to the desk through one channel — the web widget,
 * Telegram or WhatsApp — kept as one conversation per (channel, the channel's user id), with
 * every message in and out. While someone has to answer, the conversation has a work item of
 * kind 'chat' in the one queue (src/domain/work-item.ts); a new message after that item was
 * dealt with makes a new one.
 *
 * An outbound message goes through the chat outbox (src/store/conversations.ts):
 *
 *   queued ──claim──> sending ──the channel took it──> sent ──the client got it──> delivered ──> read
 *     ^                  │
 *     └── retry later ───┤        (a lease that runs out puts the row up for claim again)
 *                        └──> failed (refused for good, or tried too long) ──resend──> queued
 *
 * WhatsApp allows free text only within 24 hours of the customer's last message (the
 * customer-service window); after it closes only approved templates may go.
 * Pure: no store, no clock (times are given).
 */
import { checkText, type TextField } from './outside-text.js';
import { normalisePhone, phoneKey } from './phone-number.js';

export const channels = ['web', 'telegram', 'whatsapp'] as const;
export type Channel = (typeof channels)[number];

export const conversationStatuses = ['open', 'closed'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

/** S5's category keys: who is writing (separates paying clients from everyone else). */
export const conversationCategories = ['client', 'spam', 'employee', 'model', 'sleeping', 'not-client'] as const;
export type ConversationCategory = (typeof conversationCategories)[number];

/** What the widget or the messenger told about the person (all optional; text from outside, checked). */
export interface ChatVisitor {
  name?: string;
  phone?: string;
  language?: string;
  browser?: string;
  os?: string;
  referrer?: string;
  entryPage?: string;
}

export interface Conversation {
  id: number;
  channel: Channel;
  /** The person's id in the channel: Telegram user id, WhatsApp id, a hash of the widget's token. */
  channelUserId: string;
  customerId: number | null;
  /** The chat's current work item in the queue (null: none yet). */
  workItemId: number | null;
  status: ConversationStatus;
  category: ConversationCategory;
  visitor: ChatVisitor;
  /** The phone's key from the one normaliser (null when no phone is known). */
  phoneKey: string | null;
  lastMessageAt: number;
  /** Messages in since an operator last read the conversation. */
  unread: number;
  /** WhatsApp: when free text stops being allowed (24 h after the customer's last message); null elsewhere. */
  serviceWindowEndsAt: number | null;
  /** When the visitor / an operator last said they were typing (null: never). */
  visitorTypingAt: number | null;
  operatorTypingAt: number | null;
  createdAt: number;
  /** Bumped by every write. */
  version: number;
}

export const messageKinds = ['text', 'contact', 'location', 'button', 'system'] as const;
export type MessageKind = (typeof messageKinds)[number];

export const deliveryStates = ['queued', 'sent', 'delivered', 'read', 'failed'] as const;
/** An outbound message's delivery as the dispatcher sees it (an inbound one has none). */
export type DeliveryState = (typeof deliveryStates)[number];

/**
 * A button under an outbound message: an inline one (Telegram's inline keyboard) carries 1–64
 * bytes of data that come back when pressed; a `request` one asks the messenger to send the
 * customer's phone or location (Telegram's request_contact / request_location; data '').
 */
export interface ChatButton { text: string; data: string; request?: 'contact' | 'location' }

export interface ChatMessage {
  id: number;
  conversationId: number;
  direction: 'in' | 'out';
  /** The channel's id of the message (null: an outbound one not sent yet, or a system line). */
  channelMessageId: string | null;
  kind: MessageKind;
  text: string;
  location?: { lat: number; lon: number };
  /** A shared contact's phone (Telegram's request_contact, a WhatsApp contact). */
  contactPhone?: string;
  /** A pressed button's data (kind 'button'), or the buttons under an outbound message. */
  buttonData?: string;
  buttons?: ChatButton[];
  at: number;
  /** The operator who wrote an outbound message (null: inbound, or automatic). */
  author: string | null;
  delivery: DeliveryState | null;
  failReason?: string;
}

/** What a channel hands over for one inbound message (text from outside, checked by `checkInbound`). */
export interface InboundChat {
  /** The channel's own id of this message: the same id again is the same message (stored once). */
  channelMessageId: string;
  kind: Exclude<MessageKind, 'system'>;
  text?: string;
  location?: { lat: number; lon: number };
  contactPhone?: string;
  buttonData?: string;
  /** When the channel says it was written (default: now). */
  at?: number;
  visitor?: ChatVisitor;
}

export type CheckedInbound = Required<Pick<InboundChat, 'channelMessageId' | 'kind' | 'text'>> & {
  location: { lat: number; lon: number } | null; contactPhone: string | null; buttonData: string | null; at: number | null;
  visitor: ChatVisitor;
};

const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The customer-service window of WhatsApp: free text for 24 hours after the customer's last message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** When the window closes after a customer message written at `at` (null for channels without one). */
export function serviceWindowAfter(channel: Channel, at: number): number | null {
  return channel === 'whatsapp' ? at + SERVICE_WINDOW_MS : null;
}

/** Why free text may not go to this conversation now (null: it may). */
export function freeTextRefusal(c: Pick<Conversation, 'channel' | 'serviceWindowEndsAt'>, now: number): string | null {
  if (c.channel !== 'whatsapp') return null;
  if (c.serviceWindowEndsAt === null) return 'the customer has not written on WhatsApp yet: only an approved template may start the conversation';
  if (now >= c.serviceWindowEndsAt) return "WhatsApp's 24-hour window closed: free text is refused until the customer writes again (only an approved template may go)";
  return null;
}

/** Time left of the window in words for a countdown ("23h 59m", "4m", "closed"); '' without a window. */
export function serviceWindowLeft(c: Pick<Conversation, 'serviceWindowEndsAt'>, now: number): string {
  if (c.serviceWindowEndsAt === null) return '';
  const ms = c.serviceWindowEndsAt - now;
  if (ms <= 0) return 'closed';
  const m = Math.ceil(ms / 60_000);
  return m >= 60 ? `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m` : `${m}m`;
}

/** Whether automatic messages (away notes, reminders) may go: "Not a client" and SPAM stop them. */
export function takesAutomaticMessages(c: Pick<Conversation, 'category'>): boolean {
  return c.category !== 'not-client' && c.category !== 'spam';
}

/**
 * Check one inbound message from outside: every text through the one gate
 * (src/domain/outside-text.ts), coordinates in range, the visitor's language a tag.
 * Returns the first problem in words, naming the field.
 */
export function checkInbound(m: InboundChat): { ok: true; message: CheckedInbound } | { ok: false; reason: string } {
  if (!m || typeof m !== 'object') return { ok: false, reason: 'the message must be an object' };
  if (!(messageKinds as readonly string[]).includes(m.kind) || m.kind === ('system' as string)) {
    return { ok: false, reason: `kind "${String(m.kind)}" is not one of text, contact, location, button` };
  }
  const problems: string[] = [];
  const text = (raw: unknown, field: TextField, what: string): string => {
    if (raw === undefined || raw === null) return '';
    if (typeof raw !== 'string') { problems.push(`${what} must be text`); return ''; }
    const r = checkText(raw, field);
    if (!r.ok) { problems.push(`${what}: ${r.reason}`); return ''; }
    return r.text;
  };
  const channelMessageId = text(m.channelMessageId, 'id', 'message id').trim();
  if (!channelMessageId && !problems.length) problems.push("message id: the channel's id of the message is required (it makes a repeated delivery land once)");
  const body = text(m.text, 'message', 'text');
  let location: { lat: number; lon: number } | null = null;
  if (m.location !== undefined && m.location !== null) {
    const { lat, lon } = m.location;
    if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      problems.push('location: latitude must be within ±90 and longitude within ±180');
    } else location = { lat, lon };
  }
  if (m.kind === 'location' && !location && !problems.length) problems.push('location: a location message needs its coordinates');
  const contactPhone = text(m.contactPhone, 'phone', 'contact phone').trim() || null;
  if (m.kind === 'contact' && !contactPhone && !problems.length) problems.push('contact phone: a shared contact needs its phone number');
  const buttonData = text(m.buttonData, 'id', 'button data').trim() || null;
  if (m.kind === 'button' && !buttonData && !problems.length) problems.push('button data: a pressed button carries its data');
  if (m.kind === 'text' && !body.trim() && !problems.length) problems.push('text: the message is empty');
  const v = m.visitor ?? {};
  const visitor: ChatVisitor = {};
  const put = (k: keyof ChatVisitor, field: TextField) => {
    const t = text(v[k], field, k === 'entryPage' ? 'entry page' : k).trim();
    if (t) visitor[k] = t;
  };
  put('name', 'name'); put('phone', 'phone'); put('language', 'label'); put('browser', 'label'); put('os', 'label');
  put('referrer', 'url'); put('entryPage', 'url');
  if (visitor.language && !LANGUAGE.test(visitor.language)) problems.push(`language "${visitor.language}" is not a language tag like cs or en-GB`);
  const at = m.at === undefined ? null : m.at;
  if (at !== null && (typeof at !== 'number' || !Number.isFinite(at))) problems.push('at: the time written must be a number of milliseconds');
  if (problems.length) return { ok: false, reason: problems[0] };
  return { ok: true, message: { channelMessageId, kind: m.kind, text: body, location, contactPhone, buttonData, at, visitor } };
}

/** An outbound text as typed (or built) by the desk: through the one gate, not empty. */
export function checkOutbound(text: string, buttons: readonly ChatButton[] = []): { ok: true; text: string; buttons: ChatButton[] } | { ok: false; reason: string } {
  const t = checkText(text, 'message');
  if (!t.ok) return t;
  if (!t.text.trim()) return { ok: false, reason: 'the message is empty' };
  const out: ChatButton[] = [];
  for (const b of buttons) {
    const label = checkText(b.text, 'label');
    if (!label.ok) return { ok: false, reason: `button: ${label.reason}` };
    if (b.request) {
      if (b.request !== 'contact' && b.request !== 'location') return { ok: false, reason: `button "${label.text}": it may ask for the contact or the location, not "${String(b.request)}"` };
      out.push({ text: label.text, data: '', request: b.request });
      continue;
    }
    // Telegram takes 1–64 bytes of callback data
    const bytes = new TextEncoder().encode(b.data).length;
    if (bytes < 1 || bytes > 64) return { ok: false, reason: `button "${label.text}": its data must be 1–64 bytes, is ${bytes}` };
    out.push({ text: label.text, data: b.data });
  }
  return { ok: true, text: t.text, buttons: out };
}

/** The phone's key for identity (the one normaliser); null when none or not a number. */
export function visitorPhoneKey(phone: string | undefined, region: string): string | null {
  return phone ? phoneKey(normalisePhone(phone, region)) : null;
}

/** The channel in words for lists and the card: "web", "Telegram", "WhatsApp". */
export function channelLabel(c: Channel): string {
  return c === 'web' ? 'web chat' : c === 'telegram' ? 'Telegram' : 'WhatsApp';
}
