/**
 * How the chats' tables are read (migration v15): their rows, the SQL that selects them — a
 * message with its delivery state, the chat console's list with each conversation's newest message,
 * work item and customer in one query — and their shape in the domain (src/domain/conversation.ts).
 * Shared by the chats repository (src/store/conversations.ts) and the chat outbox (src/store/chat-outbox.ts).
 */
import { waitingStates, type WorkItemState } from '../domain/work-item.js';
import type { Channel, ChatButton, ChatMessage, ChatVisitor, Conversation, ConversationCategory, ConversationStatus, MessageKind } from '../domain/conversation.js';
import type { OutboxState } from './chat-outbox.js';
import type { ConversationFilter, ListedConversation } from './conversations.js';

export interface ConvRow {
  id: number; channel: Channel; channel_user_id: string; customer_id: number | null; work_item_id: number | null;
  status: ConversationStatus; category: ConversationCategory; name: string; phone: string; phone_key: string | null;
  language: string; browser: string; os: string; referrer: string; entry_page: string; last_message_at: number; unread: number;
  service_window_ends_at: number | null; visitor_typing_at: number | null; operator_typing_at: number | null; created_at: number; version: number;
}
export interface MsgRow {
  id: number; conversation_id: number; direction: 'in' | 'out'; channel_message_id: string | null; kind: MessageKind; text: string;
  lat: number | null; lon: number | null; contact_phone: string | null; button_data: string | null; buttons: string | null;
  at: number; author: string | null; state: OutboxState | null; last_error: string | null;
}

const WAITING = `(${waitingStates.map((s) => `'${s}'`).join(',')})`;
export const CONV = 'SELECT c.* FROM conversations c';
const MESSAGE_COLUMNS = ['id', 'conversation_id', 'direction', 'channel_message_id', 'kind', 'text', 'lat', 'lon', 'contact_phone', 'button_data', 'buttons', 'at', 'author'] as const;
export const MSG = `SELECT ${MESSAGE_COLUMNS.map((c) => `m.${c}`).join(', ')}, o.state, o.last_error FROM chat_messages m LEFT JOIN chat_outbox o ON o.message_id = m.id`;
export const NEWEST_FIRST = 'ORDER BY c.last_message_at DESC, c.id DESC LIMIT @limit';
/** The chat console's list: each conversation with its newest message (and its delivery state), work item and customer. */
export const LISTED = `SELECT c.*, ${MESSAGE_COLUMNS.map((c) => `m.${c} AS m_${c}`).join(', ')}, o.state AS m_state, o.last_error AS m_last_error,
    w.id AS w_id, w.state AS w_state, w.holder_operator AS w_holder, cu.id AS cu_id, cu.name AS cu_name, cu.company AS cu_company
  FROM conversations c
  LEFT JOIN chat_messages m ON m.id = (SELECT MAX(id) FROM chat_messages WHERE conversation_id = c.id)
  LEFT JOIN chat_outbox o ON o.message_id = m.id
  LEFT JOIN work_items w ON w.id = c.work_item_id
  LEFT JOIN customers cu ON cu.id = c.customer_id`;
export type ListedRow = ConvRow & { [K in keyof MsgRow as `m_${K}`]: MsgRow[K] | null } & {
  w_id: number | null; w_state: WorkItemState | null; w_holder: string | null; cu_id: number | null; cu_name: string | null; cu_company: string | null;
};

/** The WHERE of a filter, over conversations c and their work items w, with its parameters. */
export function narrowed(filter: ConversationFilter): { where: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: filter.limit ?? 200 };
  if (filter.channel) { where.push('c.channel = @channel'); params.channel = filter.channel; }
  if (filter.status) { where.push('c.status = @status'); params.status = filter.status; }
  if (filter.category) { where.push('c.category = @category'); params.category = filter.category; }
  if (filter.customerId !== undefined) { where.push('c.customer_id = @customerId'); params.customerId = filter.customerId; }
  if (filter.waiting) where.push(`w.state IN ${WAITING}`);
  if (filter.heldBy !== undefined) { where.push("w.state = 'accepted' AND w.holder_operator = @heldBy"); params.heldBy = filter.heldBy; }
  const search = filter.search?.trim();
  if (search) {
    const digits = search.replace(/\D/g, '');
    where.push(`(c.name LIKE @like ESCAPE '\\' OR c.phone LIKE @like ESCAPE '\\'${digits.length >= 3 ? ' OR c.phone_key LIKE @digits' : ''})`);
    params.like = `%${search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    params.digits = `%${digits}%`;
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** A row of the chat console's list (LISTED) as the list gives it. */
export function toListed(r: ListedRow): ListedConversation {
  return {
    conversation: toConversation(r),
    last: r.m_id === null ? null : toMessage({
      id: r.m_id, conversation_id: r.m_conversation_id!, direction: r.m_direction!, channel_message_id: r.m_channel_message_id, kind: r.m_kind!,
      text: r.m_text!, lat: r.m_lat, lon: r.m_lon, contact_phone: r.m_contact_phone, button_data: r.m_button_data, buttons: r.m_buttons,
      at: r.m_at!, author: r.m_author, state: r.m_state, last_error: r.m_last_error,
    }),
    item: r.w_id === null ? null : { id: r.w_id, state: r.w_state!, holder: r.w_holder },
    customerName: r.cu_id === null ? '' : r.cu_name || r.cu_company || '',
  };
}

export function toConversation(r: ConvRow): Conversation {
  const visitor: ChatVisitor = {};
  if (r.name) visitor.name = r.name;
  if (r.phone) visitor.phone = r.phone;
  if (r.language) visitor.language = r.language;
  if (r.browser) visitor.browser = r.browser;
  if (r.os) visitor.os = r.os;
  if (r.referrer) visitor.referrer = r.referrer;
  if (r.entry_page) visitor.entryPage = r.entry_page;
  return {
    id: r.id, channel: r.channel, channelUserId: r.channel_user_id, customerId: r.customer_id, workItemId: r.work_item_id,
    status: r.status, category: r.category, visitor, phoneKey: r.phone_key, lastMessageAt: r.last_message_at, unread: r.unread,
    serviceWindowEndsAt: r.service_window_ends_at, visitorTypingAt: r.visitor_typing_at, operatorTypingAt: r.operator_typing_at,
    createdAt: r.created_at, version: r.version,
  };
}

export function toMessage(r: MsgRow): ChatMessage {
  const m: ChatMessage = {
    id: r.id, conversationId: r.conversation_id, direction: r.direction, channelMessageId: r.channel_message_id, kind: r.kind, text: r.text,
    at: r.at, author: r.author, delivery: r.state === null ? null : r.state === 'sending' ? 'queued' : r.state,
  };
  if (r.lat !== null && r.lon !== null) m.location = { lat: r.lat, lon: r.lon };
  if (r.contact_phone) m.contactPhone = r.contact_phone;
  if (r.button_data) m.buttonData = r.button_data;
  if (r.buttons) m.buttons = JSON.parse(r.buttons) as ChatButton[];
  if (r.state === 'failed' && r.last_error) m.failReason = r.last_error;
  return m;
}
