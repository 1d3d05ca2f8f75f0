/**
 * Telegram through the Bot API with `getUpdates` long polling (a back-office box has no public
 * address, so no webhook), on grammY (npm grammy): its typed API client and update handlers,
 * with the polling loop here so that an update is confirmed (the next getUpdates' offset moves
 * past it, and the offset is kept in the store) only after its message was stored.
 *
 * - text → a text message; a shared contact (the "Share my phone" button, `request_contact`) →
 *   the phone, also the visitor's when it is their own; a location → its coordinates (the zone
 *   check); a pressed inline button (order confirmation) → a button message with its data,
 *   answered with answerCallbackQuery so the client stops spinning.
 * - /start is answered with the greeting and the "Share my phone" button, through the outbox.
 * - The bot token comes from the environment (RINGDESK_TELEGRAM_TOKEN): never stored, never
 *   logged (any text logged has it masked).
 */
import { Bot, GrammyError, HttpError, InlineKeyboard, Keyboard, type Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Store } from '../store/index.js';
import type { ClaimedChat } from '../store/conversations.js';
import type { ChatVisitor, InboundChat } from '../domain/conversation.js';
import type { LogLine } from '../files/log-file.js';
import type { ChatAttempt, ChatSender } from './chat-pump.js';
import { retryDelay } from '../pos/backoff.js';

export const TELEGRAM_API_ROOT = 'https://api.telegram.org';

export interface TelegramOptions {
  store: Store;
  token: string;
  /** The Bot API root (tests: a fake Bot API server on loopback). */
  apiRoot?: string;
  log?: LogLine;
  now?: () => number;
  /** getUpdates' long-poll timeout in seconds (default 25). */
  pollSeconds?: number;
  /** What /start answers (with the "Share my phone" button). */
  greeting?: string;
  /** Known bot identity (skips getMe; tests). */
  botInfo?: UserFromGetMe;
}

export interface TelegramChannel {
  sender: ChatSender;
  stop(): Promise<void>;
}

export const defaultTelegramGreeting = 'Hello! Write your order or question here and an operator will answer. Share your phone so we know who you are.';

/** The token never reaches a log line or an error shown. */
export function maskToken(text: string, token: string): string {
  return token ? text.split(token).join('<bot token>') : text;
}

function visitorOf(from: { first_name?: string; last_name?: string; username?: string; language_code?: string } | undefined): ChatVisitor {
  if (!from) return {};
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ') || (from.username ? `@${from.username}` : '');
  const v: ChatVisitor = {};
  if (name) v.name = name;
  if (from.language_code && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(from.language_code)) v.language = from.language_code;
  return v;
}

/**
 * Node's own fetch for grammY. Its default in Node, node-fetch 2, calls the deprecated `url.parse`
 * on every request, and Node printed that warning (DEP0169) into the intake's log. grammY's abort
 * signal is the abort-controller package's, which Node's fetch refuses, so it is mirrored onto a
 * native one; a streamed body (a file upload) needs `duplex: 'half'`.
 */
function nativeFetch(url: string, init: RequestInit & { signal?: { aborted: boolean; addEventListener(type: 'abort', f: () => void): void } } = {}): Promise<Response> {
  const { signal: theirs, ...rest } = init;
  const abort = new AbortController();
  if (theirs?.aborted) abort.abort();
  else theirs?.addEventListener('abort', () => abort.abort());
  const streamed = rest.body != null && typeof rest.body !== 'string' && !(rest.body instanceof URLSearchParams) && !ArrayBuffer.isView(rest.body);
  return fetch(url, { ...rest, signal: abort.signal, ...(streamed ? { duplex: 'half' } : {}) } as RequestInit);
}

export function startTelegram(o: TelegramOptions): TelegramChannel {
  const { store, token } = o;
  const log: LogLine = (line, level) => (o.log ?? (() => {}))(maskToken(line, token), level);
  const now = o.now ?? Date.now;
  const bot = new Bot(token, { client: { apiRoot: o.apiRoot ?? TELEGRAM_API_ROOT, fetch: nativeFetch as never }, botInfo: o.botInfo });
  const abort = new AbortController();
  // grammY types its signal with the abort-controller package's shim; Node's own is the same at run time
  const signal = abort.signal as unknown as Parameters<Bot['init']>[0];
  let stopping = false;

  /** Store one inbound message; throws when the store refuses for a reason other than the message (busy). */
  const take = (ctx: Context, msg: InboundChat) => {
    const from = ctx.from;
    if (!from || !ctx.chat || ctx.chat.type !== 'private') return null;
    const r = store.conversations.receive('telegram', String(from.id), { ...msg, visitor: { ...visitorOf(from), ...msg.visitor } }, now());
    if (!r.ok) log(`Telegram message from ${from.id} refused: ${r.reason}`, 'warn');
    return r.ok ? r : null;
  };
  const idOf = (ctx: Context) => `${ctx.chat!.id}:${ctx.msg!.message_id}`;
  const at = (ctx: Context) => (ctx.msg?.date ? ctx.msg.date * 1000 : undefined);

  bot.command('start', (ctx) => {
    const r = take(ctx, { channelMessageId: idOf(ctx), kind: 'text', text: '/start', at: at(ctx) });
    if (r?.created) {
      const sent = store.conversations.send(r.conversation.id, o.greeting ?? defaultTelegramGreeting, null, now(), {
        automatic: true, buttons: [{ text: 'Share my phone', data: '', request: 'contact' }],
      });
      if (!sent.ok) log(`Telegram greeting to ${ctx.from?.id}: ${sent.reason}`, 'info');
    }
  });
  bot.on('message:text', (ctx) => { take(ctx, { channelMessageId: idOf(ctx), kind: 'text', text: ctx.msg.text, at: at(ctx) }); });
  bot.on('message:contact', (ctx) => {
    const c = ctx.msg.contact;
    const own = c.user_id !== undefined && c.user_id === ctx.from?.id;
    take(ctx, {
      channelMessageId: idOf(ctx), kind: 'contact', contactPhone: c.phone_number, at: at(ctx),
      text: [c.first_name, c.last_name].filter(Boolean).join(' '), visitor: own ? { phone: c.phone_number } : {},
    });
  });
  bot.on('message:location', (ctx) => {
    const l = ctx.msg.location;
    take(ctx, { channelMessageId: idOf(ctx), kind: 'location', location: { lat: l.latitude, lon: l.longitude }, at: at(ctx) });
  });
  bot.on('callback_query:data', async (ctx) => {
    const q = ctx.callbackQuery;
    const r = store.conversations.receive('telegram', String(q.from.id), {
      channelMessageId: `cb:${q.id}`, kind: 'button', buttonData: q.data, text: q.data, visitor: visitorOf(q.from),
    }, now());
    if (!r.ok) log(`Telegram button from ${q.from.id} refused: ${r.reason}`, 'warn');
    // stored first; then the client stops spinning
    await ctx.answerCallbackQuery({ text: r.ok ? 'Thank you, noted.' : 'Sorry, that did not work.' });
  });
  // anything else in a private chat (a photo, a sticker): one line so the thread has no hole
  bot.on('message', (ctx) => {
    take(ctx, { channelMessageId: idOf(ctx), kind: 'text', text: '(a message ringdesk cannot show: open Telegram to see it)', at: at(ctx) });
  });

  const errorText = (e: unknown) => maskToken(e instanceof GrammyError ? `${e.error_code} ${e.description}` : e instanceof HttpError ? `network: ${String((e.error as Error)?.message ?? e.message)}` : String((e as Error)?.message ?? e), token);

  async function poll(): Promise<void> {
    let failures = 0;
    const pause = (ms: number) => new Promise<void>((r) => { const t = setTimeout(r, ms); abort.signal.addEventListener('abort', () => { clearTimeout(t); r(); }, { once: true }); });
    while (!stopping) {
      try {
        if (!bot.isInited()) {
          await bot.init(signal);
          // polling and a webhook never both: a webhook left set would make getUpdates fail
          await bot.api.deleteWebhook({ drop_pending_updates: false }, signal);
          log(`Telegram: polling as @${bot.botInfo.username}`);
        }
        const offset = Number(store.conversations.cursor('telegram') ?? 0);
        const updates: Update[] = await bot.api.getUpdates({ offset, timeout: o.pollSeconds ?? 25, allowed_updates: ['message', 'callback_query'] }, signal);
        failures = 0;
        for (const u of updates) {
          if (stopping) return;
          await bot.handleUpdate(u);
          // confirmed only now: the next getUpdates asks from past it
          store.conversations.setCursor('telegram', String(u.update_id + 1), now());
        }
      } catch (e) {
        if (stopping) return;
        failures++;
        const wait = retryDelay(failures, { baseDelayMs: 1_000, maxDelayMs: 30_000 });
        log(`Telegram: ${errorText(e)}; again in ${Math.round(wait / 100) / 10} s`, failures === 1 ? 'warn' : 'info');
        await pause(wait);
      }
    }
  }
  const running = poll();

  const sender: ChatSender = {
    async send(row: ClaimedChat): Promise<ChatAttempt> {
      const inline = row.buttons.filter((b) => !b.request);
      const asks = row.buttons.filter((b) => b.request);
      let reply_markup: InlineKeyboard | Keyboard | undefined;
      if (inline.length) reply_markup = InlineKeyboard.from([inline.map((b) => InlineKeyboard.text(b.text, b.data))]);
      else if (asks.length) {
        reply_markup = Keyboard.from([asks.map((b) => (b.request === 'contact' ? Keyboard.requestContact(b.text) : Keyboard.requestLocation(b.text)))]).oneTime().resized();
      }
      try {
        const m = await bot.api.sendMessage(row.channelUserId, row.text, reply_markup ? { reply_markup } : {});
        return { kind: 'sent', channelMessageId: `${m.chat.id}:${m.message_id}` };
      } catch (e) {
        const reason = `Telegram: ${errorText(e)}`;
        if (e instanceof GrammyError) {
          if (e.error_code === 429) return { kind: 'retry', reason, retryAfterMs: (e.parameters.retry_after ?? 1) * 1000 };
          // chat not found, the bot was blocked, a message Telegram will never take
          if (e.error_code === 400 || e.error_code === 403) return { kind: 'refused', reason };
        }
        return { kind: 'retry', reason };
      }
    },
  };

  return {
    sender,
    async stop() {
      stopping = true;
      abort.abort();
      await running;
    },
  };
}
