/**
 * The chat pump: drains the chat outbox (src/store/conversations.ts) through each channel's
 * sender — the widget's open WebSockets, Telegram's sendMessage, WhatsApp's Cloud API — taking
 * every row with a lease, so a message has one sender across processes. It runs inside the
 * intake service (`ringdesk intake`) and is woken by every commit on the database (a console
 * answering a chat commits, the intake's watch on the -wal file sees it at once), with a slow
 * poll for retries that came due.
 *
 * A message the channel did not take is tried again, backing off like the POS hand-off
 * (src/pos/backoff.ts, capped at 30 s); a refusal for good (the chat is gone, the bot was
 * blocked) or a day of trying marks it failed with the reason, shown on the conversation.
 */
import type { Store } from '../store/index.js';
import type { ClaimedChat } from '../store/conversations.js';
import type { Channel } from '../domain/conversation.js';
import type { LogLine } from '../files/log-file.js';
import { retryDelay } from '../pos/backoff.js';
import { startOutboxPump } from '../pos/outbox-pump.js';

/** How long a chat message is retried before it is marked failed. */
export const CHAT_GIVE_UP_MS = 24 * 3_600_000;

/** What became of one attempt to send. */
export type ChatAttempt =
  | { kind: 'sent'; channelMessageId: string | null }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'refused'; reason: string };

/** One channel's way out. */
export interface ChatSender {
  send(row: ClaimedChat): Promise<ChatAttempt>;
}

export interface ChatPumpOptions {
  store: Store;
  owner: string;
  senders: Partial<Record<Channel, ChatSender>>;
  now?: () => number;
  log?: LogLine;
  /** A claimed row is ours this long (must outlast a send). Default 60 s. */
  leaseMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often an idle pump looks for retries that came due. Default 1 s. */
  pollMs?: number;
  /** Messages in flight at once per channel. Default 8. */
  concurrency?: number;
  random?: () => number;
}

export interface ChatPump {
  /** Look at the outbox now (a commit was seen). Never throws, never waits. */
  wake(): void;
  /** Finish what is in flight, then stop. */
  stop(): Promise<void>;
}

export function startChatPump(o: ChatPumpOptions): ChatPump {
  const { store, owner } = o;
  const now = o.now ?? Date.now;
  const log = o.log ?? (() => {});
  const leaseMs = o.leaseMs ?? 60_000;
  const concurrency = o.concurrency ?? 8;
  const policy = { baseDelayMs: o.baseDelayMs ?? 2_000, maxDelayMs: o.maxDelayMs ?? 30_000 };
  const channels = Object.keys(o.senders) as Channel[];
  let stopping = false;

  async function deliver(channel: Channel, sender: ChatSender, row: ClaimedChat): Promise<void> {
    const label = `${channel} message #${row.messageId} (attempt ${row.attempts})`;
    let outcome: ChatAttempt;
    try {
      outcome = await sender.send(row);
    } catch (e) {
      outcome = { kind: 'retry', reason: (e as Error).message };
    }
    const at = now();
    if (outcome.kind === 'sent') {
      store.conversations.markSent(row.messageId, outcome.channelMessageId, at);
      log(`${label} sent`, 'debug');
    } else if (outcome.kind === 'refused') {
      store.conversations.markFailed(row.messageId, owner, outcome.reason);
      log(`${label} failed: ${outcome.reason}`, 'warn');
    } else if (at - row.createdAt >= CHAT_GIVE_UP_MS) {
      store.conversations.markFailed(row.messageId, owner, `not sent in 24 h after ${row.attempts} attempts: ${outcome.reason}`);
      log(`${label} failed: not sent in 24 h: ${outcome.reason}`, 'warn');
    } else {
      const wait = retryDelay(row.attempts, policy, outcome.retryAfterMs, o.random);
      store.conversations.retryLater(row.messageId, owner, at + wait, outcome.reason);
      log(`${label}: ${outcome.reason}; again in ${Math.round(wait / 100) / 10} s`, row.attempts === 1 ? 'warn' : 'info');
    }
  }

  // one pump per channel (src/pos/outbox-pump.ts, the loop the POS and e-mail relays run): a slow
  // channel does not hold up the others; the next row goes as soon as one is done
  const pumps = channels.map((channel) => startOutboxPump<ClaimedChat>({
    name: `chat pump (${channel})`,
    concurrency,
    pollMs: o.pollMs ?? 1_000,
    unref: true,
    log,
    claim: (room) => {
      const at = now();
      if (!store.conversations.hasDue(channel, at)) return [];
      return store.conversations.claimDue(channel, owner, leaseMs, room, at);
    },
    deliver: (row) => deliver(channel, o.senders[channel]!, row),
    failed: (_row, e) => log(`chat pump (${channel}): ${e.message}`, 'warn'),
  }));
  return {
    wake: () => { for (const p of pumps) p.wake(); },
    async stop() {
      if (stopping) return;
      stopping = true;
      // a message in flight finishes, or its lease runs out for the next pump
      await Promise.all(pumps.map((p) => p.stop()));
    },
  };
}
