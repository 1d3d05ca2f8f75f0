/**
 * Chat events in fixtures (issue 16): a message in (`chat`, written as the intake writes it), the
 * channel's word on the newest reply (`chatDelivery`: sent, delivered, read, failed) — the
 * message out is typed by the dispatcher's keys — and the `chat` expectation on what is stored.
 */
import type { StorePorts } from '../store/ports.js';
import { channels, type Channel, type InboundChat } from '../domain/conversation.js';

/** A message in, as the intake would write it: `from` is the person's id in the channel. */
export interface ChatStep {
  channel: Channel;
  from: string;
  /** The channel's id of the message (default: made from the step's number; the same id again is the same message). */
  id?: string;
  text?: string;
  name?: string;
  phone?: string;
  language?: string;
  location?: { lat: number; lon: number };
  /** A shared contact's phone (Telegram's request_contact button). */
  contact?: string;
  /** A pressed inline button's data. */
  button?: string;
}

/** What the channel said of the newest reply: sent (it took it), delivered, read, or failed with a reason. */
export interface ChatDeliveryStep { state: 'sent' | 'delivered' | 'read' | 'failed'; reason?: string }

/** The conversation of `from` as stored: status, category, the customer it is linked to, its messages. */
export interface ChatExpectation {
  from: string;
  channel?: Channel;
  status?: 'open' | 'closed';
  category?: string;
  /** The linked customer's name; null: not linked. */
  customer?: string | null;
  /** Every channel the linked customer used, as the card lists them. */
  customerChannels?: string[];
  /** Who holds its work item now (null: nobody). */
  heldBy?: string | null;
  messages?: number;
  unread?: number;
  /** Fields of the newest message: direction, kind, text, delivery, author. */
  last?: Record<string, unknown>;
}

export const chatDeliveryStates = ['sent', 'delivered', 'read', 'failed'] as const;

/** The step's message, received once; a refusal is the fixture's failure, in the intake's words. */
export async function receiveChat(store: StorePorts, step: ChatStep, fallbackId: string, now: number): Promise<string | null> {
  const kind: InboundChat['kind'] = step.location ? 'location' : step.contact ? 'contact' : step.button ? 'button' : 'text';
  const visitor = { ...(step.name ? { name: step.name } : {}), ...(step.phone ? { phone: step.phone } : {}), ...(step.language ? { language: step.language } : {}) };
  const r = await store.conversations.receive(step.channel, step.from, {
    channelMessageId: step.id ?? fallbackId, kind, text: step.text ?? '', visitor,
    ...(step.location ? { location: step.location } : {}), ...(step.contact ? { contactPhone: step.contact } : {}), ...(step.button ? { buttonData: step.button } : {}),
  }, now);
  return r.ok ? null : r.reason;
}

/** The channel's word on the newest reply of the fixture's chats. */
export async function reportChatDelivery(store: StorePorts, step: ChatDeliveryStep, now: number): Promise<string | null> {
  let id: number | undefined;
  for (const c of await store.conversations.list({ limit: 1_000 })) {
    for (const m of await store.conversations.messages(c.id)) if (m.direction === 'out' && (id === undefined || m.id > id)) id = m.id;
  }
  if (id === undefined) return 'no reply has been sent yet';
  if (step.state === 'sent') await store.conversations.markSent(id, `fx-out-${id}`, now);
  else await store.conversations.reportDelivery({ messageId: id }, step.state, now, step.reason ?? '');
  return null;
}

/** What differs from the expectation, one line each. */
export async function checkChat(store: StorePorts, e: ChatExpectation): Promise<string[]> {
  const channel = e.channel ?? 'telegram';
  const c = await store.conversations.byChannelUser(channel, e.from);
  if (!c) return [`expected a ${channel} chat with ${e.from}, there is none`];
  const out: string[] = [];
  const same = (what: string, want: unknown, got: unknown) => {
    if (want !== undefined && JSON.stringify(want) !== JSON.stringify(got)) out.push(`chat ${e.from} ${what}: expected ${JSON.stringify(want)}, found ${JSON.stringify(got)}`);
  };
  same('status', e.status, c.status);
  same('category', e.category, c.category);
  same('unread', e.unread, c.unread);
  const customer = c.customerId !== null ? await store.customers.get(c.customerId) : null;
  same('customer', e.customer, customer ? customer.name : null);
  if (e.customerChannels !== undefined) same('customer channels', e.customerChannels, customer ? (await store.conversations.channelsOf(customer.id)).map((x) => x.channel) : []);
  const item = c.workItemId !== null ? await store.workItems.get(c.workItemId) : null;
  same('held by', e.heldBy, item?.state === 'accepted' ? item.holder?.operator ?? null : null);
  const messages = await store.conversations.messages(c.id);
  same('messages', e.messages, messages.length);
  const last = messages[messages.length - 1] as unknown as Record<string, unknown> | undefined;
  for (const [k, want] of Object.entries(e.last ?? {})) same(`last.${k}`, want, last?.[k]);
  return out;
}

/** The shape checks of the fixture validator for the chat steps (src/replay/format.ts). */
export function chatStepProblem(v: Record<string, unknown>): string | null {
  if (!channels.includes(v.channel as Channel)) return `channel: expected one of ${channels.join(', ')}`;
  if (typeof v.from !== 'string' || !v.from) return "from: the person's id in the channel is required";
  for (const k of ['id', 'text', 'name', 'phone', 'language', 'contact', 'button']) if (v[k] !== undefined && typeof v[k] !== 'string') return `${k}: expected text`;
  const at = v.location as Record<string, unknown> | undefined;
  if (at !== undefined && (typeof at !== 'object' || at === null || typeof at.lat !== 'number' || typeof at.lon !== 'number')) return 'location: expected { "lat": number, "lon": number }';
  const known = ['channel', 'from', 'id', 'text', 'name', 'phone', 'language', 'location', 'contact', 'button'];
  const extra = Object.keys(v).find((k) => !known.includes(k));
  return extra ? `unknown field "${extra}" (known: ${known.join(', ')})` : null;
}
