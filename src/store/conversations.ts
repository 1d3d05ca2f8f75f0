/**
 * Chats in the store (issue 16; the model in src/domain/conversation.ts, migration v15):
 * conversations, their messages and the channels each customer used — the one chats repository
 * the intake, the pump, the desk and the ports speak to. How the tables are read is in
 * src/store/conversation-rows.ts; the chat outbox's rows and leases in src/store/chat-outbox.ts,
 * whose methods this repository hands through.
 *
 * - `receive` stores an inbound message ONCE by (channel, the channel's message id) — a channel
 *   that delivers it again (a webhook retried, a poll answered twice) gets the first copy back,
 *   `created: false` — and in the same immediate transaction makes or reopens the conversation
 *   and gives it a work item of kind 'chat' in the one queue (store.workItems) when it has none
 *   still waiting or held. The intake acknowledges only after it returned.
 * - `send` queues an outbound message in the chat outbox; the intake's pump claims rows with a
 *   lease, like the POS and e-mail outboxes, and reports sent, delivered, read or failed.
 * Every write the desk shows moves desk_changes (v15's triggers): consoles see it at once.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type { WorkItems } from './work-items.js';
import type { MailOutbox, NewMail } from './mail-outbox.js';
import type { ChatOutbox, ClaimedChat, OutboxState } from './chat-outbox.js';
import { finalStates, waitingStates, type WorkItemEntry, type WorkItemOwner, type WorkItemState } from '../domain/work-item.js';
import {
  channelLabel, checkInbound, checkOutbound, conversationCategories, freeTextRefusal, serviceWindowAfter, takesAutomaticMessages, visitorPhoneKey,
  type Channel, type ChatButton, type ChatMessage, type ChatVisitor, type Conversation, type ConversationCategory, type ConversationStatus,
  type DeliveryState, type InboundChat,
} from '../domain/conversation.js';
import { checkText } from '../domain/outside-text.js';
import { CONV, LISTED, MSG, NEWEST_FIRST, narrowed, toConversation, toListed, toMessage, type ConvRow, type ListedRow, type MsgRow } from './conversation-rows.js';
import type { TemplateMessage } from '../domain/whatsapp-template.js';

export type { ClaimedChat, OutboxState } from './chat-outbox.js';

export type ReceiveResult =
  | { ok: true; conversation: Conversation; message: ChatMessage; created: boolean; newItem: boolean }
  | { ok: false; reason: string };
export type SendResult = { ok: true; conversation: Conversation; message: ChatMessage } | { ok: false; reason: string };
export type ConversationResult = { ok: true; conversation: Conversation } | { ok: false; reason: string };

/** Which conversations to list (every field narrows; none: all, newest message first). */
export interface ConversationFilter {
  channel?: Channel;
  status?: ConversationStatus;
  category?: ConversationCategory;
  /** Only those whose work item waits in the queue (waiting, offered, redirected). */
  waiting?: boolean;
  /** Only those whose work item this operator accepted and has not finished. */
  heldBy?: string;
  customerId?: number;
  /** Part of the name, the phone as typed, or the phone's digits. */
  search?: string;
  limit?: number;
}

/** A conversation as the chat console lists it (`listed`). */
export interface ListedConversation {
  conversation: Conversation;
  /** Its newest message, in or out (null: none yet). */
  last: ChatMessage | null;
  /** Its work item in the queue, if it has one. */
  item: { id: number; state: WorkItemState; holder: string | null } | null;
  /** The linked customer's name, else their company ('' none). */
  customerName: string;
}

/** A customer's identity in one channel. */
export interface CustomerChannel { channel: Channel; channelUserId: string; customerId: number; label: string; addedAt: number }

export interface ReceiveOptions {
  /** How the client came in (default: the entry page for web chats, the channel's name otherwise). */
  entry?: WorkItemEntry;
  /** Who may take the chat's new work item (an invitation code's operator, a group). */
  owner?: WorkItemOwner;
  /**
   * An e-mail to queue in the same transaction when the message is new (the widget's offline
   * form: nobody was available), given the conversation, its work item and the message.
   */
  mail?: (conversation: Conversation, itemId: number | null, message: ChatMessage) => NewMail | null;
}

export class Conversations {
  private byId; private byUser; private insertConv; private insertMsg; private msgByChannelId; private msgById; private messagesStmt;
  private messagesAfter; private itemState; private customerOf; private channelsOfStmt; private linkStmt; private received; private itemSet;
  private answered; private customerExists; private cursorStmt; private setCursorStmt; private recentStmt;
  private queries = new Map<string, Statement<Record<string, unknown>, unknown>>();

  constructor(private db: Db, private items: WorkItems, private mailOutbox: MailOutbox, private outbox: ChatOutbox, private region: string) {
    this.byId = db.prepare<[number], ConvRow>(`${CONV} WHERE c.id = ?`);
    this.byUser = db.prepare<[string, string], ConvRow>(`${CONV} WHERE c.channel = ? AND c.channel_user_id = ?`);
    this.insertConv = db.prepare(
      `INSERT INTO conversations (channel, channel_user_id, customer_id, last_message_at, created_at) VALUES (?, ?, ?, ?, ?)`);
    this.insertMsg = db.prepare(
      `INSERT INTO chat_messages (conversation_id, channel, direction, channel_message_id, kind, text, lat, lon, contact_phone, button_data, buttons, at, author, stored_at)
       VALUES (@conversationId, @channel, @direction, @channelMessageId, @kind, @text, @lat, @lon, @contactPhone, @buttonData, @buttons, @at, @author, @now)`);
    this.msgByChannelId = db.prepare<[string, string, string], { id: number; conversation_id: number }>(
      'SELECT id, conversation_id FROM chat_messages WHERE channel = ? AND direction = ? AND channel_message_id = ?');
    this.msgById = db.prepare<[number], MsgRow>(`${MSG} WHERE m.id = ?`);
    this.messagesStmt = db.prepare<[number, number], MsgRow>(`SELECT * FROM (${MSG} WHERE m.conversation_id = ? ORDER BY m.id DESC LIMIT ?) ORDER BY id`);
    this.messagesAfter = db.prepare<[number, number, number], MsgRow>(`${MSG} WHERE m.conversation_id = ? AND m.id > ? ORDER BY m.id LIMIT ?`);
    this.recentStmt = db.prepare<[number, number], MsgRow>(`${MSG} WHERE m.id > ? ORDER BY m.id LIMIT ?`);
    this.itemState = db.prepare<[number], string>('SELECT state FROM work_items WHERE id = ?').pluck();
    this.customerOf = db.prepare<[string, string], number>('SELECT customer_id FROM customer_channels WHERE channel = ? AND channel_user_id = ?').pluck();
    this.channelsOfStmt = db.prepare<[number], { channel: Channel; channel_user_id: string; customer_id: number; label: string; added_at: number }>(
      'SELECT * FROM customer_channels WHERE customer_id = ? ORDER BY added_at, channel');
    this.linkStmt = db.prepare(
      `INSERT INTO customer_channels (channel, channel_user_id, customer_id, label, added_at) VALUES (@channel, @user, @customerId, @label, @now)
       ON CONFLICT (channel, channel_user_id) DO UPDATE SET customer_id = excluded.customer_id, label = excluded.label, added_at = excluded.added_at
       WHERE customer_id IS NOT excluded.customer_id`);
    this.received = db.prepare(
      `UPDATE conversations SET status = 'open', closed_at = NULL, last_message_at = MAX(last_message_at, @at), unread = unread + 1,
         visitor_typing_at = NULL, service_window_ends_at = CASE WHEN @window IS NULL THEN service_window_ends_at ELSE MAX(COALESCE(service_window_ends_at, 0), @window) END,
         version = version + 1 WHERE id = @id`);
    this.itemSet = db.prepare('UPDATE conversations SET work_item_id = ? WHERE id = ?');
    this.answered = db.prepare('UPDATE conversations SET last_message_at = MAX(last_message_at, ?), operator_typing_at = NULL, version = version + 1 WHERE id = ?');
    this.customerExists = db.prepare<[number], number>('SELECT 1 FROM customers WHERE id = ?').pluck();
    this.cursorStmt = db.prepare<[string], string>('SELECT cursor FROM channel_cursors WHERE channel = ?').pluck();
    this.setCursorStmt = db.prepare(
      'INSERT INTO channel_cursors (channel, cursor, updated_at) VALUES (?, ?, ?) ON CONFLICT (channel) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at');
  }

  get(id: number): Conversation | null {
    const r = this.byId.get(id);
    return r ? toConversation(r) : null;
  }

  /** The conversation of one person in one channel, if they ever wrote. */
  byChannelUser(channel: Channel, channelUserId: string): Conversation | null {
    const r = this.byUser.get(channel, channelUserId);
    return r ? toConversation(r) : null;
  }

  /**
   * An inbound message: stored once by (channel, its channel message id); the conversation made
   * (or reopened) and given a chat work item when it has none waiting or held, in one immediate
   * transaction. Visitor details that came with it (the pre-chat form, the widget's browser and
   * OS, the messenger's profile name) fill or update the conversation's. A WhatsApp message
   * moves the 24-hour window.
   */
  receive(channel: Channel, channelUserId: string, msg: InboundChat, now: number, opts: ReceiveOptions = {}): ReceiveResult {
    const user = checkText(String(channelUserId ?? ''), 'id');
    if (!user.ok) return { ok: false, reason: `user id: ${user.reason}` };
    if (!user.text.trim()) return { ok: false, reason: "user id: the person's id in the channel is required" };
    const checked = checkInbound(msg);
    if (!checked.ok) return checked;
    const m = checked.message;
    const at = m.at ?? now;
    return this.db.transaction((): ReceiveResult => {
      const had = this.msgByChannelId.get(channel, 'in', m.channelMessageId);
      if (had) {
        return { ok: true, conversation: this.get(had.conversation_id)!, message: this.message(had.id)!, created: false, newItem: false };
      }
      const conv = this.openFor(channel, user.text.trim(), now);
      this.mergeVisitor(conv, m.visitor);
      const id = Number(this.insertMsg.run({
        conversationId: conv.id, channel, direction: 'in', channelMessageId: m.channelMessageId, kind: m.kind, text: m.text,
        lat: m.location?.lat ?? null, lon: m.location?.lon ?? null, contactPhone: m.contactPhone, buttonData: m.buttonData, buttons: null,
        at, author: null, now,
      }).lastInsertRowid);
      const window = serviceWindowAfter(channel, at);
      this.received.run({ id: conv.id, at, window });
      let newItem = false;
      const state = conv.workItemId === null ? null : this.itemState.get(conv.workItemId) ?? null;
      if (state === null || (finalStates as readonly string[]).includes(state)) {
        const c = this.get(conv.id)!;
        const made = this.items.create({
          kind: 'chat', ref: `chat:${conv.id}:${id}`,
          entry: opts.entry ?? { via: 'web', value: channel === 'web' ? c.visitor.entryPage ?? '' : channelLabel(channel) },
          language: c.visitor.language, name: c.visitor.name, phone: c.visitor.phone,
          web: channel === 'web' ? { page: c.visitor.entryPage, referrer: c.visitor.referrer, browser: c.visitor.browser, os: c.visitor.os } : null,
          owner: opts.owner,
        }, now);
        // every text was checked above; a refusal here (a group removed meanwhile) must not lose the message
        const item = made.ok ? made : this.items.create({ kind: 'chat', ref: `chat:${conv.id}:${id}`, entry: { via: 'web', value: channelLabel(channel) } }, now);
        if (item.ok) {
          this.itemSet.run(item.item.id, conv.id);
          newItem = item.created;
        }
      }
      const conversation = this.get(conv.id)!;
      const message = this.message(id)!;
      const mail = opts.mail?.(conversation, conversation.workItemId, message);
      if (mail) this.mailOutbox.enqueue(mail, now);
      return { ok: true, conversation, message, created: true, newItem };
    }).immediate();
  }

  /**
   * The visitor is there before writing (the widget's pre-chat form, a reconnect): the
   * conversation made or its details updated, with no message and no work item.
   */
  visit(channel: Channel, channelUserId: string, visitor: ChatVisitor, now: number): ConversationResult {
    const checked = checkInbound({ channelMessageId: 'visit', kind: 'text', text: 'visit', visitor });
    if (!checked.ok) return checked;
    const user = checkText(String(channelUserId ?? ''), 'id');
    if (!user.ok || !user.text.trim()) return { ok: false, reason: user.ok ? "user id: the person's id in the channel is required" : `user id: ${user.reason}` };
    return this.db.transaction((): ConversationResult => {
      const conv = this.openFor(channel, user.text.trim(), now);
      this.mergeVisitor(conv, checked.message.visitor);
      return { ok: true, conversation: this.get(conv.id)! };
    }).immediate();
  }

  /**
   * An outbound message queued in the chat outbox. Refused with the reason: an unknown or
   * closed-for-good conversation, WhatsApp's closed 24-hour window, an automatic message to
   * someone marked "Not a client" or SPAM, text the gate refuses.
   */
  /**
   * An answer into the chat outbox. `template`: an approved WhatsApp template, which may go when
   * free text may not (after the 24-hour window); it is kept in the outbound row's button_data
   * (v15's column, otherwise only read on inbound button presses) so no new schema is needed.
   */
  send(conversationId: number, text: string, author: string | null, now: number, opts: { buttons?: ChatButton[]; automatic?: boolean; template?: TemplateMessage } = {}): SendResult {
    const checked = checkOutbound(text, opts.buttons ?? []);
    if (!checked.ok) return checked;
    return this.db.transaction((): SendResult => {
      const conv = this.get(conversationId);
      if (!conv) return { ok: false, reason: `no conversation ${conversationId}` };
      if (opts.template && conv.channel !== 'whatsapp') return { ok: false, reason: `templates are WhatsApp's; this chat is on ${conv.channel}` };
      const window = opts.template ? null : freeTextRefusal(conv, now);
      if (window) return { ok: false, reason: window };
      if (opts.automatic && !takesAutomaticMessages(conv)) return { ok: false, reason: `no automatic messages to a conversation marked ${conv.category}` };
      const id = Number(this.insertMsg.run({
        conversationId, channel: conv.channel, direction: 'out', channelMessageId: null, kind: 'text', text: checked.text,
        lat: null, lon: null, contactPhone: null, buttonData: opts.template ? JSON.stringify(opts.template) : null, buttons: checked.buttons.length ? JSON.stringify(checked.buttons) : null,
        at: now, author, now,
      }).lastInsertRowid);
      this.outbox.enqueue(id, conv.channel, now);
      this.answered.run(now, conversationId);
      return { ok: true, conversation: this.get(conversationId)!, message: this.message(id)! };
    }).immediate();
  }

  /** One message, with its delivery state. */
  message(id: number): ChatMessage | null {
    const r = this.msgById.get(id);
    return r ? toMessage(r) : null;
  }

  /** The conversation's messages, oldest first: the last `limit`, or those after message `afterId`. */
  messages(conversationId: number, opts: { afterId?: number; limit?: number } = {}): ChatMessage[] {
    const limit = opts.limit ?? 500;
    const rows = opts.afterId !== undefined ? this.messagesAfter.all(conversationId, opts.afterId, limit) : this.messagesStmt.all(conversationId, limit);
    return rows.map(toMessage);
  }

  /** Every conversation's messages stored after message `afterId`, in order (a desk's "what is new"). */
  recent(afterId: number, limit = 500): ChatMessage[] {
    return this.recentStmt.all(afterId, limit).map(toMessage);
  }

  /** Conversations, the newest message first. */
  list(filter: ConversationFilter = {}): Conversation[] {
    const { where, params } = narrowed(filter);
    return this.query<ConvRow>(`${CONV} LEFT JOIN work_items w ON w.id = c.work_item_id ${where} ${NEWEST_FIRST}`).all(params).map(toConversation);
  }

  /**
   * Conversations as the chat console lists them, the newest message first: each with its newest
   * message, its work item's state and holder, and its customer's name — one query, however many
   * (the console reads it again at every commit of the box).
   */
  listed(filter: ConversationFilter = {}): ListedConversation[] {
    const { where, params } = narrowed(filter);
    return this.query<ListedRow>(`${LISTED} ${where} ${NEWEST_FIRST}`).all(params).map(toListed);
  }

  /** S5's category keys: Client, SPAM, Employees, Models, Sleeping, Not a client. */
  setCategory(id: number, category: ConversationCategory, now: number): ConversationResult {
    if (!(conversationCategories as readonly string[]).includes(category)) return { ok: false, reason: `category "${String(category)}" is not one of ${conversationCategories.join(', ')}` };
    return this.update(id, 'category = @category', { category }, now);
  }

  /**
   * The chat is this customer's: the conversation points to them and the channel identity is
   * remembered, so their next chat from the same account finds them by itself.
   */
  linkCustomer(id: number, customerId: number, now: number): ConversationResult {
    return this.db.transaction((): ConversationResult => {
      const conv = this.get(id);
      if (!conv) return { ok: false, reason: `no conversation ${id}` };
      if (this.customerExists.get(customerId) === undefined) return { ok: false, reason: `no customer ${customerId}` };
      this.linkStmt.run({ channel: conv.channel, user: conv.channelUserId, customerId, label: conv.visitor.name ?? '', now });
      return this.update(id, 'customer_id = @customerId', { customerId }, now);
    }).immediate();
  }

  /** The operator has read everything so far. */
  markRead(id: number, now: number): ConversationResult {
    const conv = this.get(id);
    if (conv && conv.unread === 0) return { ok: true, conversation: conv };
    return this.update(id, 'unread = 0', {}, now);
  }

  /**
   * The conversation is over for now: closed, and its work item done (when someone held it) or
   * expired (when it still waited). The next message opens it again with a new item.
   */
  close(id: number, by: string, now: number): ConversationResult {
    return this.db.transaction((): ConversationResult => {
      const conv = this.get(id);
      if (!conv) return { ok: false, reason: `no conversation ${id}` };
      if (conv.workItemId !== null) {
        const state = this.itemState.get(conv.workItemId);
        if (state === 'accepted') this.items.finish(conv.workItemId, by, now);
        else if (state && (waitingStates as readonly string[]).includes(state)) this.items.expire(conv.workItemId, now, `closed by ${by}`);
      }
      return this.update(id, "status = 'closed', closed_at = @now", { now }, now);
    }).immediate();
  }

  /** Someone is typing: the visitor (shown on the desk) or an operator (shown in the widget). */
  typing(id: number, who: 'visitor' | 'operator', now: number): ConversationResult {
    return this.update(id, who === 'visitor' ? 'visitor_typing_at = @now' : 'operator_typing_at = @now', { now }, now);
  }

  /** The customer a channel identity belongs to, if linked. */
  customerFor(channel: Channel, channelUserId: string): number | null {
    return this.customerOf.get(channel, channelUserId) ?? null;
  }

  /** Every channel this customer used, first linked first (the card shows them all). */
  channelsOf(customerId: number): CustomerChannel[] {
    return this.channelsOfStmt.all(customerId).map((r) => ({ channel: r.channel, channelUserId: r.channel_user_id, customerId: r.customer_id, label: r.label, addedAt: r.added_at }));
  }

  // ── the chat outbox (src/store/chat-outbox.ts), handed through for the intake's pump and the ports ──

  /** Whether anything of this channel is due, without taking the write lock. */
  hasDue(channel: Channel, now: number): boolean { return this.outbox.hasDue(channel, now); }
  /** Take up to `limit` due rows of one channel (or rows whose sender's lease ran out) for `leaseMs`. */
  claimDue(channel: Channel, owner: string, leaseMs: number, limit: number, now: number): ClaimedChat[] { return this.outbox.claimDue(channel, owner, leaseMs, limit, now); }
  /** The channel took the message; `channelMessageId` is its id there (delivery reports name it). */
  markSent(messageId: number, channelMessageId: string | null, now: number): void { this.outbox.markSent(messageId, channelMessageId, now); }
  /** Not this time (the channel is unreachable, or said "try later"): again at `at`. */
  retryLater(messageId: number, owner: string, at: number, error: string): void { this.outbox.retryLater(messageId, owner, at, error); }
  /** Given up (refused for good, or tried too long): shown failed with the reason until resent. */
  markFailed(messageId: number, owner: string, error: string): void { this.outbox.markFailed(messageId, owner, error); }
  /** A delivery report by our message id or the channel's; only moves forward. False when no such message. */
  reportDelivery(ref: { messageId: number } | { channel: Channel; channelMessageId: string }, state: Exclude<DeliveryState, 'queued'>, now: number, reason = ''): boolean {
    return this.outbox.reportDelivery(ref, state, now, reason);
  }
  /** A failed message goes out again with a fresh set of retries. */
  resend(messageId: number, now: number): { ok: true; message: ChatMessage } | { ok: false; reason: string } { return this.outbox.resend(messageId, now); }
  /** How many outbound messages are in each outbox state. */
  outboxCounts(): Record<OutboxState, number> { return this.outbox.counts(); }

  // ── where each channel's reading stopped ─────────────────────────────────────────────────

  /** Where a channel's reading stopped (Telegram's next getUpdates offset), if saved. */
  cursor(channel: Channel): string | null {
    return this.cursorStmt.get(channel) ?? null;
  }

  setCursor(channel: Channel, cursor: string, now: number): void {
    this.setCursorStmt.run(channel, cursor, now);
  }

  // ────────────────────────────────────────────────────────────────────────────────────────

  /** The person's conversation, made when new (linked to the customer of a known channel identity). */
  private openFor(channel: Channel, user: string, now: number): Conversation {
    const had = this.byUser.get(channel, user);
    if (had) return toConversation(had);
    const customer = this.customerOf.get(channel, user) ?? null;
    const id = Number(this.insertConv.run(channel, user, customer, now, now).lastInsertRowid);
    return this.get(id)!;
  }

  /** Fill or update the visitor's details with what came (empty fields leave the stored ones). */
  private mergeVisitor(conv: Conversation, v: ChatVisitor): void {
    const cols: [keyof ChatVisitor, string][] = [['name', 'name'], ['phone', 'phone'], ['language', 'language'], ['browser', 'browser'], ['os', 'os'], ['referrer', 'referrer'], ['entryPage', 'entry_page']];
    const sets: string[] = [];
    const params: Record<string, unknown> = { id: conv.id };
    for (const [k, col] of cols) {
      if (v[k] && v[k] !== conv.visitor[k]) { sets.push(`${col} = @${k}`); params[k] = v[k]; }
    }
    if (v.phone && v.phone !== conv.visitor.phone) { sets.push('phone_key = @phoneKey'); params.phoneKey = visitorPhoneKey(v.phone, this.region); }
    if (!sets.length) return;
    this.query(`UPDATE conversations SET ${sets.join(', ')}, version = version + 1 WHERE id = @id`).run(params);
  }

  /** A statement built from parts (a list's filter, an update's columns), prepared once per shape. */
  private query<Row>(sql: string): Statement<Record<string, unknown>, Row> {
    let stmt = this.queries.get(sql);
    if (!stmt) this.queries.set(sql, (stmt = this.db.prepare<Record<string, unknown>, unknown>(sql)));
    return stmt as Statement<Record<string, unknown>, Row>;
  }

  private update(id: number, set: string, params: Record<string, unknown>, _now: number): ConversationResult {
    const r = this.query(`UPDATE conversations SET ${set}, version = version + 1 WHERE id = @id`).run({ ...params, id });
    if (r.changes === 0) return { ok: false, reason: `no conversation ${id}` };
    return { ok: true, conversation: this.get(id)! };
  }
}

