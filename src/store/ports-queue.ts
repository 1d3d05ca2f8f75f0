/**
 * The queue's ports: waiting clients as work items, callbacks and chats.
 * Every method returns a Promise (an engine may answer over the network): src/store/ports.ts.
 */
import type { NewWorkItem, WorkItem, WorkItemHolder } from '../domain/work-item.js';
import type { Callback } from '../domain/callback.js';
import type { CreateResult, ItemResult, WorkItemMove } from './work-items.js';
import type { NewMail } from './mail-outbox.js';
import type { CallbackCreated, CallbackWithItem, DialRecorded, NewCallback } from './callbacks.js';
import type { ClaimedChat, ConversationFilter, ConversationResult, CustomerChannel, ListedConversation, OutboxState as ChatOutboxState, ReceiveOptions, ReceiveResult, SendResult } from './conversations.js';
import type { Channel, ChatButton, ChatMessage, ChatVisitor, Conversation, ConversationCategory, DeliveryState, InboundChat } from '../domain/conversation.js';
import type { TemplateMessage } from '../domain/whatsapp-template.js';

/** The one queue of waiting clients: each move is one transaction (two consoles never both accept). */
export interface WorkItemRepository {
  get(id: number): Promise<WorkItem | null>;
  byRef(kind: WorkItem['kind'], ref: string): Promise<WorkItem | null>;
  listWaiting(): Promise<WorkItem[]>;
  heldBy(operator: string): Promise<WorkItem[]>;
  pastFor(phoneKey: string, except: number, limit?: number): Promise<{ at: number; kind: WorkItem['kind']; state: WorkItem['state'] }[]>;
  create(n: NewWorkItem, now: number): Promise<CreateResult>;
  offer(id: number, to: WorkItemHolder, now: number): Promise<ItemResult>;
  accept(id: number, by: WorkItemHolder, now: number): Promise<ItemResult>;
  redirect(id: number, to: { operator: string } | { group: string }, note: { by: string; text: string }, now: number): Promise<ItemResult>;
  finish(id: number, by: string, now: number): Promise<ItemResult>;
  abandon(id: number, now: number, detail?: string): Promise<ItemResult>;
  expire(id: number, now: number, detail?: string): Promise<ItemResult>;
  returnToQueue(id: number, now: number, reason?: string, by?: string): Promise<ItemResult>;
  returnHeldBy(console: string, now: number, reason?: string): Promise<number[]>;
  addNote(id: number, note: { by: string; text: string }, now: number): Promise<ItemResult>;
  history(id: number): Promise<WorkItemMove[]>;
}

/** Callbacks: work items of kind callback with their due time, attempts, expiry and outcomes. */
export interface CallbackRepository {
  get(itemId: number): Promise<Callback | null>;
  withItem(itemId: number): Promise<CallbackWithItem | null>;
  create(n: NewCallback, now: number): Promise<CallbackCreated>;
  fromAbandonedCall(callRef: string, timezone: string, now: number): Promise<CallbackCreated | null>;
  openFor(phoneKey: string): Promise<CallbackWithItem | null>;
  waiting(): Promise<CallbackWithItem[]>;
  markOffline(itemId: number, now: number, mail: NewMail | null): Promise<{ mailId: number | null }>;
  recordDial(itemId: number, reached: boolean, by: string, callRef: string, now: number): Promise<DialRecorded>;
  expireOverdue(now: number): Promise<number[]>;
  attempts(itemId: number): Promise<{ at: number; operator: string; outcome: string; callRef: string }[]>;
  /** How many callbacks were ever made, and the newest with its work item. */
  made(): Promise<{ count: number; newest: CallbackWithItem | null }>;
}

/**
 * Chats (web widget, Telegram, WhatsApp): an inbound message kept once by the channel's id with its
 * work item in the queue (one unit of work), replies through a chat outbox leased like the POS one.
 */
export interface ConversationRepository {
  get(id: number): Promise<Conversation | null>;
  byChannelUser(channel: Channel, channelUserId: string): Promise<Conversation | null>;
  receive(channel: Channel, channelUserId: string, msg: InboundChat, now: number, opts?: ReceiveOptions): Promise<ReceiveResult>;
  visit(channel: Channel, channelUserId: string, visitor: ChatVisitor, now: number): Promise<ConversationResult>;
  /** An answer into the chat outbox; `template`: an approved WhatsApp template, which may go after the 24-hour window. */
  send(conversationId: number, text: string, author: string | null, now: number, opts?: { buttons?: ChatButton[]; automatic?: boolean; template?: TemplateMessage }): Promise<SendResult>;
  message(id: number): Promise<ChatMessage | null>;
  messages(conversationId: number, opts?: { afterId?: number; limit?: number }): Promise<ChatMessage[]>;
  list(filter?: ConversationFilter): Promise<Conversation[]>;
  /** The chat console's list: each conversation with its newest message, work item and customer's name, in one read. */
  listed(filter?: ConversationFilter): Promise<ListedConversation[]>;
  setCategory(id: number, category: ConversationCategory, now: number): Promise<ConversationResult>;
  linkCustomer(id: number, customerId: number, now: number): Promise<ConversationResult>;
  markRead(id: number, now: number): Promise<ConversationResult>;
  close(id: number, by: string, now: number): Promise<ConversationResult>;
  typing(id: number, who: 'visitor' | 'operator', now: number): Promise<ConversationResult>;
  customerFor(channel: Channel, channelUserId: string): Promise<number | null>;
  channelsOf(customerId: number): Promise<CustomerChannel[]>;
  hasDue(channel: Channel, now: number): Promise<boolean>;
  claimDue(channel: Channel, owner: string, leaseMs: number, limit: number, now: number): Promise<ClaimedChat[]>;
  markSent(messageId: number, channelMessageId: string | null, now: number): Promise<void>;
  retryLater(messageId: number, owner: string, at: number, error: string): Promise<void>;
  markFailed(messageId: number, owner: string, error: string): Promise<void>;
  reportDelivery(ref: { messageId: number } | { channel: Channel; channelMessageId: string }, state: Exclude<DeliveryState, 'queued'>, now: number, reason?: string): Promise<boolean>;
  resend(messageId: number, now: number): Promise<{ ok: true; message: ChatMessage } | { ok: false; reason: string }>;
  outboxCounts(): Promise<Record<ChatOutboxState, number>>;
  /** Where a channel's reading stopped (Telegram's next getUpdates offset), if saved. */
  cursor(channel: Channel): Promise<string | null>;
  setCursor(channel: Channel, cursor: string, now: number): Promise<void>;
}
