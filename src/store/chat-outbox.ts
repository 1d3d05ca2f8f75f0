/**
 * The chat outbox (issue 16, migration v15): every answer the desk writes into a chat waits here
 * until the intake's pump (src/chat/chat-pump.ts) hands it to its channel. A row is claimed with a
 * lease, like the POS and e-mail outboxes (the shared statements: src/store/leased-outbox.ts), and
 * carries a delivery state the dispatcher sees on the message:
 *
 *   queued ──claim──> sending ──the channel took it──> sent ──> delivered ──> read
 *     ^                  │                               │
 *     └── retry later ───┤                               └──> failed (a late report)
 *                        └──> failed (refused for good, or tried too long) ──resend──> queued
 *
 * Delivery reports only move forward. Conversations (src/store/conversations.ts) queues the rows
 * and hands these methods through as the one chats repository.
 */
import type { Db } from './db.js';
import type { Channel, ChatButton, ChatMessage, DeliveryState } from '../domain/conversation.js';
import { checkText } from '../domain/outside-text.js';
import { leasedOutboxSql } from './leased-outbox.js';
import { MSG, toMessage, type MsgRow } from './conversation-rows.js';
import type { TemplateMessage } from '../domain/whatsapp-template.js';

/** The outbox's own states; `sending` shows as queued to the dispatcher. */
export type OutboxState = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** A row the pump holds the lease on: send it, then report how it went. */
export interface ClaimedChat {
  messageId: number; conversationId: number; channel: Channel; channelUserId: string; text: string;
  buttons: ChatButton[]; attempts: number; createdAt: number;
  /** Sent as this approved WhatsApp template (the text is its line in the thread; kept in the outbound row's button_data). */
  template: TemplateMessage | null;
}

export class ChatOutbox {
  private insert; private claim; private due; private claimed; private sent; private channelId; private later; private fail;
  private resendStmt; private delivery; private deliveredId; private countStmt; private msgById;

  constructor(private db: Db) {
    const leased = leasedOutboxSql({
      table: 'chat_outbox', key: 'message_id', held: ['sending'], scope: 'channel = @channel', returning: 'message_id, attempts, created_at',
    });
    this.insert = db.prepare('INSERT INTO chat_outbox (message_id, channel, next_attempt_at, created_at) VALUES (?, ?, ?, ?)');
    this.claim = db.prepare<{ channel: string; owner: string; until: number; now: number; limit: number }, { message_id: number; attempts: number; created_at: number }>(leased.claim);
    this.due = db.prepare<{ channel: string; now: number }, { one: number }>(leased.due);
    this.claimed = db.prepare<[number], { text: string; buttons: string | null; button_data: string | null; conversation_id: number; channel: Channel; channel_user_id: string }>(
      'SELECT m.text, m.buttons, m.button_data, m.conversation_id, c.channel, c.channel_user_id FROM chat_messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?');
    this.sent = db.prepare(leased.sent);
    this.channelId = db.prepare('UPDATE chat_messages SET channel_message_id = ? WHERE id = ? AND channel_message_id IS NULL');
    this.later = db.prepare(leased.retryLater);
    this.fail = db.prepare(leased.fail);
    this.resendStmt = db.prepare(
      `UPDATE chat_outbox SET state = 'queued', attempts = 0, next_attempt_at = @now, last_error = '', lease_owner = NULL, lease_until = NULL
       WHERE message_id = @id AND state = 'failed'`);
    // a delivery report only moves forward (a late "sent" after "read" changes nothing); "failed" may come after "sent"
    this.delivery = db.prepare(
      `UPDATE chat_outbox SET state = @state, last_error = @error, delivered_at = CASE WHEN @state IN ('delivered','read') THEN COALESCE(delivered_at, @now) ELSE delivered_at END,
         sent_at = COALESCE(sent_at, @now), lease_owner = NULL, lease_until = NULL
       WHERE message_id = @id AND (
         (@state = 'failed' AND state IN ('queued','sending','sent')) OR
         (@state = 'sent' AND state IN ('queued','sending')) OR
         (@state = 'delivered' AND state IN ('queued','sending','sent','failed')) OR
         (@state = 'read' AND state IN ('queued','sending','sent','delivered','failed')))`);
    this.deliveredId = db.prepare<[string, string], number>(
      "SELECT id FROM chat_messages WHERE channel = ? AND direction = 'out' AND channel_message_id = ?").pluck();
    this.countStmt = db.prepare<[], { state: OutboxState; n: number }>('SELECT state, COUNT(*) AS n FROM chat_outbox GROUP BY state');
    this.msgById = db.prepare<[number], MsgRow>(`${MSG} WHERE m.id = ?`);
  }

  /** An outbound message to send; run it inside the caller's transaction that stored the message. */
  enqueue(messageId: number, channel: Channel, now: number): void {
    this.insert.run(messageId, channel, now, now);
  }

  /** Whether anything of this channel is due, without taking the write lock. */
  hasDue(channel: Channel, now: number): boolean {
    return this.due.get({ channel, now }) !== undefined;
  }

  /** Take up to `limit` due rows of one channel (or rows whose sender's lease ran out) for `leaseMs`. */
  claimDue(channel: Channel, owner: string, leaseMs: number, limit: number, now: number): ClaimedChat[] {
    if (limit <= 0) return [];
    return this.db.transaction(() => this.claim.all({ channel, owner, until: now + leaseMs, now, limit }).map((r): ClaimedChat => {
      const m = this.claimed.get(r.message_id)!;
      return {
        messageId: r.message_id, conversationId: m.conversation_id, channel: m.channel, channelUserId: m.channel_user_id, text: m.text,
        buttons: m.buttons ? JSON.parse(m.buttons) as ChatButton[] : [], attempts: r.attempts, createdAt: r.created_at,
        template: m.button_data ? JSON.parse(m.button_data) as TemplateMessage : null,
      };
    })).immediate();
  }

  /** The channel took the message; `channelMessageId` is its id there (delivery reports name it). */
  markSent(messageId: number, channelMessageId: string | null, now: number): void {
    this.db.transaction(() => {
      this.sent.run({ id: messageId, now });
      if (channelMessageId) this.channelId.run(channelMessageId, messageId);
    }).immediate();
  }

  /** Not this time (the channel is unreachable, or said "try later"): again at `at`. */
  retryLater(messageId: number, owner: string, at: number, error: string): void {
    this.later.run({ id: messageId, owner, at, error });
  }

  /** Given up (refused for good, or tried too long): shown failed with the reason until resent. */
  markFailed(messageId: number, owner: string, error: string): void {
    this.fail.run({ id: messageId, owner, error });
  }

  /**
   * A delivery report: by our message id (the widget confirms what it showed) or by the
   * channel's id (WhatsApp's statuses). Only moves forward. False when no such message.
   */
  reportDelivery(ref: { messageId: number } | { channel: Channel; channelMessageId: string }, state: Exclude<DeliveryState, 'queued'>, now: number, reason = ''): boolean {
    const id = 'messageId' in ref ? ref.messageId : this.deliveredId.get(ref.channel, ref.channelMessageId);
    if (id === undefined) return false;
    const r = checkText(reason, 'reason');
    this.delivery.run({ id, state, now, error: r.ok ? r.text : '' });
    return true;
  }

  /** A failed message goes out again with a fresh set of retries. */
  resend(messageId: number, now: number): { ok: true; message: ChatMessage } | { ok: false; reason: string } {
    const m = this.message(messageId);
    if (!m || m.direction !== 'out') return { ok: false, reason: `no outbound chat message ${messageId}` };
    if (this.resendStmt.run({ id: messageId, now }).changes === 0) return { ok: false, reason: `message ${messageId} is ${m.delivery}, not failed; nothing to resend` };
    return { ok: true, message: this.message(messageId)! };
  }

  /** How many outbound messages are in each outbox state. */
  counts(): Record<OutboxState, number> {
    const out: Record<OutboxState, number> = { queued: 0, sending: 0, sent: 0, delivered: 0, read: 0, failed: 0 };
    for (const r of this.countStmt.all()) out[r.state] = r.n;
    return out;
  }

  private message(id: number): ChatMessage | null {
    const r = this.msgById.get(id);
    return r ? toMessage(r) : null;
  }
}
