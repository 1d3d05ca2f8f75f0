/**
 * The chat console's effects against the store (issue 16), for the runner: read the chats and
 * the one in front (its whole person: every chat, call and order on one timeline), take a
 * waiting chat, send a reply or the order's summary, link the chat to a customer, set its
 * category, edit the client's card, close it — each answered with an event.
 */
import type { StorePorts } from '../store/ports.js';
import type { CustomerSource, EditableField } from '../customers/customer-desk.js';
import { channelLabel, type Conversation } from '../domain/conversation.js';
import { finishedStatuses, type Delivery } from '../domain/delivery.js';
import { formatMoney } from '../domain/money.js';
import { formatClock } from '../domain/local-time.js';
import { formatPhone, normalisePhone, phoneKey } from '../domain/phone-number.js';
import type { Customer } from '../domain/customer.js';
import type { WorkItem } from '../domain/work-item.js';
import { fillTemplate, templateLine } from '../domain/whatsapp-template.js';
import { waitingStates } from '../domain/work-item.js';
import type { DeskEvent } from './events.js';
import { messageLine, type ChatEffect, type ChatRow, type ChatThread, type TimelineEntry } from './chat-desk.js';

export interface ChatContext {
  ports: StorePorts;
  customers: CustomerSource;
  operator: string;
  console: string;
  timezone: string;
  now: () => number;
  dispatch: (e: DeskEvent) => void;
  /** Whether the conversation is on the dispatcher's screen now (it is then read). */
  inFront: (conversationId: number) => boolean;
  /** Messages arrived in the chat in front: marked read with the rest of their batch (false: not batching, mark now). */
  readLater?: (conversationId: number) => boolean;
}

/** How many conversations the left pane reads (the newest message first). */
const LISTED = 300;

export async function runChatEffect(c: ChatContext, e: ChatEffect): Promise<void> {
  const { ports: store, now } = c;
  const chats = store.conversations;
  const answer = (action: Extract<DeskEvent, { type: 'chat-answer' }>['action'], conversationId: number, r: { ok: true } | { ok: false; reason: string }, text: string) =>
    c.dispatch({ type: 'chat-answer', action, conversationId, refusal: r.ok ? null : r.reason, text });
  switch (e.type) {
    case 'load-chats': return c.dispatch({ type: 'chats-loaded', rows: await loadChatRows(store), at: now(), ...(e.sync ? { sync: true } : {}) });
    case 'load-thread': {
      // opened: read now; messages arriving while it is open: one write per batch, not one per message
      if (c.inFront(e.conversationId) && !(e.arrived && c.readLater?.(e.conversationId))) await chats.markRead(e.conversationId, now());
      return c.dispatch({ type: 'chat-thread', thread: await loadThread(store, e.conversationId) });
    }
    case 'take-chat': {
      const r = await store.workItems.accept(e.itemId, { operator: c.operator, console: c.console }, now());
      return answer('take', e.conversationId, r, r.ok ? `Yours now: ${await whoOf(store, e.conversationId)} (i writes, x closes)` : '');
    }
    case 'send-chat': {
      const r = await chats.send(e.conversationId, e.text, c.operator, now());
      return answer('send', e.conversationId, r, 'Sent');
    }
    case 'send-template': {
      // its parameters from the chat: the client's name, their unfinished order and its promised time
      const t = await loadThread(store, e.conversationId);
      const conv = await chats.get(e.conversationId);
      const d = t?.order ?? null;
      const filled = fillTemplate(e.template, {
        name: t?.customer?.name || conv?.visitor.name || '', order: d?.number ?? '', time: d?.promisedAt != null ? formatClock(d.promisedAt, c.timezone) : '',
      });
      if (!filled.ok) return answer('send', e.conversationId, filled, '');
      const r = await chats.send(e.conversationId, templateLine(filled.message), c.operator, now(), { template: filled.message });
      return answer('send', e.conversationId, r, `Sent the WhatsApp template ${e.template.label ?? e.template.name}`);
    }
    case 'send-order-summary': {
      const d = await store.deliveries.get(e.deliveryId);
      if (!d) return answer('send', e.conversationId, { ok: false, reason: 'that order no longer exists' }, '');
      const r = await chats.send(e.conversationId, orderSummary(d, store.currency, c.timezone), c.operator, now());
      return answer('send', e.conversationId, r, `Sent order ${d.number}'s summary and promised time`);
    }
    case 'link-chat': {
      const r = await chats.linkCustomer(e.conversationId, e.customerId, now());
      const who = await store.customers.get(e.customerId);
      return answer('link', e.conversationId, r, `Chat linked to ${who?.name || who?.company || 'the customer'}: their card shows this channel now`);
    }
    case 'new-chat-customer': {
      // the desk's one way to add a customer (the caller card's + add customer), then the chat linked to them
      const added = await c.customers.addCustomer({ name: e.name, company: '', note: '' }, e.phone);
      if (!added.ok) return answer('link', e.conversationId, added, '');
      const r = await chats.linkCustomer(e.conversationId, added.customer.id, now());
      return answer('link', e.conversationId, r, `New customer ${added.customer.name} with ${formatPhone(e.phone, store.region)}, linked to this chat`);
    }
    case 'chat-category': {
      const r = await chats.setCategory(e.conversationId, e.category, now());
      return answer('category', e.conversationId, r, `Chat marked ${e.category}${e.category === 'not-client' ? ': no automatic messages go to it' : ''}`);
    }
    case 'close-chat': {
      const r = await chats.close(e.conversationId, c.operator, now());
      return answer('close', e.conversationId, r, `Closed the chat with ${await whoOf(store, e.conversationId)}`);
    }
    case 'edit-client': {
      for (const [field, value] of Object.entries(e.fields)) {
        const refusal = await c.customers.saveField(e.customerId, field as EditableField, value);
        if (refusal) return answer('edit', e.conversationId, { ok: false, reason: refusal }, '');
      }
      return answer('edit', e.conversationId, { ok: true }, `Saved ${Object.keys(e.fields).join(', ')} on the customer's card`);
    }
  }
}

/** The conversation a chat work item stands for (its ref is "chat:<conversation id>:<message id>"). */
export function conversationOfItem(item: Pick<WorkItem, 'kind' | 'ref'>): number | null {
  const m = item.kind === 'chat' ? /^chat:(\d+)(?::|$)/.exec(item.ref) : null;
  return m ? Number(m[1]) : null;
}

/** The left pane's conversations as the store has them now (one read, at every commit while the console shows them). */
export async function loadChatRows(store: StorePorts): Promise<ChatRow[]> {
  return (await store.conversations.listed({ limit: LISTED })).map(({ conversation, last, item, customerName }): ChatRow => ({
    conversation, customerName, last: last ? messageLine(last) : '',
    itemId: item?.id ?? null, holder: item?.state === 'accepted' ? item.holder : null,
    waiting: !!item && (waitingStates as readonly string[]).includes(item.state),
  }));
}

/**
 * The conversation in front: its person's every chat, call and order on one timeline (oldest
 * first), their card, the customers its phone finds, every channel they used, their newest
 * unfinished order and the newest location they sent.
 */
export async function loadThread(store: StorePorts, conversationId: number): Promise<ChatThread | null> {
  const conv = await store.conversations.get(conversationId);
  if (!conv) return null;
  const own = await store.conversations.messages(conv.id);
  const phone = conv.visitor.phone ?? [...own].reverse().find((m) => m.contactPhone)?.contactPhone ?? '';
  const key = phone ? phoneKey(normalisePhone(phone, store.region)) : null;
  const customer: Customer | null = conv.customerId !== null ? await store.customers.get(conv.customerId) : null;
  const candidates = phone ? (await store.lookupCaller(phone)).customers : [];
  const timeline: TimelineEntry[] = own.map((message) => ({ kind: 'message', at: message.at, message, channel: conv.channel, here: true }));
  const reachedBy: string[] = [`${channelLabel(conv.channel)} ${conv.visitor.name ?? conv.channelUserId}`];
  let orders: { id: number; number: string; status: Delivery['status']; total: number; updatedAt: number }[] = [];
  if (customer) {
    for (const other of await store.conversations.list({ customerId: customer.id, limit: 20 })) {
      if (other.id === conv.id) continue;
      for (const message of await store.conversations.messages(other.id, { limit: 50 })) timeline.push({ kind: 'message', at: message.at, message, channel: other.channel, here: false });
    }
    for (const call of await store.callReport.forCustomer(customer.id, 20)) {
      timeline.push({ kind: 'call', at: call.startedAt, id: call.id, direction: call.direction, outcome: call.outcome });
    }
    orders = await store.deliveries.recentForCustomer(customer.id, 10);
    reachedBy.length = 0;
    for (const p of customer.phones) reachedBy.push(`☎ ${formatPhone(p.e164, store.region)}`);
    for (const ch of await store.conversations.channelsOf(customer.id)) reachedBy.push(`${channelLabel(ch.channel)} ${ch.label || ch.channelUserId}`);
  } else if (key) {
    orders = await store.deliveries.unfinishedFor(key);
  }
  for (const o of orders) timeline.push({ kind: 'order', at: o.updatedAt, id: o.id, number: o.number, status: o.status, total: o.total });
  timeline.sort((a, b) => a.at - b.at || order(a) - order(b));
  const open = orders.filter((o) => !finishedStatuses.includes(o.status)).sort((a, b) => b.updatedAt - a.updatedAt || b.id - a.id)[0];
  const located = [...own].reverse().find((m) => m.direction === 'in' && m.location);
  return {
    conversationId: conv.id, timeline, customer, phone, candidates, reachedBy: [...new Set(reachedBy)],
    order: open ? await store.deliveries.get(open.id) : null, location: located?.location ?? null,
  };
}

/** Entries at the same instant keep a stable order: the message's id, the call's, the order's. */
function order(t: TimelineEntry): number {
  return t.kind === 'message' ? t.message.id : t.id;
}

async function whoOf(store: StorePorts, conversationId: number): Promise<string> {
  const c: Conversation | null = await store.conversations.get(conversationId);
  if (!c) return `chat ${conversationId}`;
  const customer = c.customerId !== null ? await store.customers.get(c.customerId) : null;
  return customer?.name || c.visitor.name || c.visitor.phone || channelLabel(c.channel);
}

/** The order's summary and promised time, as the client reads it in the chat. */
export function orderSummary(d: Delivery, currency: string, timezone: string): string {
  const lines = d.items.map((i) => `${i.quantity}× ${i.name}${i.size ? ` (${i.size})` : ''}`).join(', ');
  const when = d.promisedAt !== null ? `${d.asap ? 'expected' : 'promised'} at ${formatClock(d.promisedAt, timezone)}` : 'time to be confirmed';
  const where = d.kind === 'pickup' ? 'pickup' : [d.address.street && `${d.address.street} ${d.address.house}`.trim(), d.address.city].filter(Boolean).join(', ');
  return `Order ${d.number}: ${lines || 'no items yet'} — ${formatMoney(d.total, currency)}${where ? `, ${where}` : ''}; ${when}.`;
}
