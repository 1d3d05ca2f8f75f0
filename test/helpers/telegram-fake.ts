/**
 * A fake Telegram Bot API server on loopback (port 0) for tests: POST /bot<token>/<method> with a
 * JSON body, answers `{ ok, result }` as https://core.telegram.org/bots/api documents. It serves
 * getMe, deleteWebhook, getUpdates (long polling: held until an update is queued or `timeout`
 * seconds pass; updates below `offset` are confirmed and dropped, as Telegram does),
 * sendMessage and answerCallbackQuery. A wrong token gets 401 Unauthorized.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser { id: number; first_name: string; last_name?: string; username?: string; language_code?: string }
export interface SentMessage { chat_id: number | string; text: string; reply_markup?: unknown; message_id: number }

export interface FakeBotApi {
  url: string;
  /** Queue an update (its update_id given here); returns the id. */
  push(update: Record<string, unknown>): number;
  /** The same update queued again (Telegram delivering it again after an unconfirmed poll). */
  pushAgain(updateId: number): void;
  sent: SentMessage[];
  answered: { callback_query_id: string; text?: string }[];
  /** Every method called, in order, with the offset of each getUpdates. */
  calls: { method: string; offset?: number }[];
  /** The next call of `method` fails with this error. */
  failNext(method: string, code: number, description: string, retryAfter?: number): void;
  /** Resolves when a getUpdates arrives with an offset above `updateId` (it was confirmed). */
  confirmed(updateId: number): Promise<void>;
  close(): Promise<void>;
}

export const botUser = { id: 5000, is_bot: true, first_name: 'Pizza Desk', username: 'pizza_desk_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false };

export async function startFakeBotApi(token: string, clock: () => number): Promise<FakeBotApi> {
  const queue: Record<string, unknown>[] = [];
  const all = new Map<number, Record<string, unknown>>();
  const waiting = new Set<() => void>();
  const confirmations: { id: number; resolve: () => void }[] = [];
  const failures = new Map<string, { code: number; description: string; retryAfter?: number }>();
  let nextUpdate = 1;
  let nextMessage = 100;
  const api: FakeBotApi = {
    url: '',
    sent: [], answered: [], calls: [],
    push(update) {
      const id = nextUpdate++;
      const u = { update_id: id, ...update };
      all.set(id, u);
      queue.push(u);
      for (const w of [...waiting]) w();
      return id;
    },
    pushAgain(updateId) {
      const u = all.get(updateId)!;
      const id = nextUpdate++;
      queue.push({ ...u, update_id: id });
      for (const w of [...waiting]) w();
    },
    failNext(method, code, description, retryAfter) { failures.set(method, { code, description, retryAfter }); },
    confirmed(updateId) {
      return new Promise((resolve) => confirmations.push({ id: updateId, resolve }));
    },
    close: async () => {},
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (code: number, body: unknown) => {
        const text = JSON.stringify(body);
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(text);
      };
      const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
      if (!m) return answer(404, { ok: false, error_code: 404, description: 'Not Found' });
      if (m[1] !== token) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const method = m[2];
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> : {};
      } catch {
        return answer(400, { ok: false, error_code: 400, description: 'Bad Request: the body is not JSON' });
      }
      api.calls.push(method === 'getUpdates' ? { method, offset: Number(body.offset ?? 0) } : { method });
      const fail = failures.get(method);
      if (fail) {
        failures.delete(method);
        return answer(fail.code, { ok: false, error_code: fail.code, description: fail.description, ...(fail.retryAfter ? { parameters: { retry_after: fail.retryAfter } } : {}) });
      }
      const ok = (result: unknown) => answer(200, { ok: true, result });
      switch (method) {
        case 'getMe': return ok(botUser);
        case 'deleteWebhook': return ok(true);
        case 'getUpdates': {
          const offset = Number(body.offset ?? 0);
          while (queue.length && Number(queue[0].update_id) < offset) queue.shift();
          for (const c of [...confirmations]) if (offset > c.id) { confirmations.splice(confirmations.indexOf(c), 1); c.resolve(); }
          const give = () => queue.filter((u) => Number(u.update_id) >= offset);
          if (give().length) return ok(give());
          const timeout = Math.min(Number(body.timeout ?? 0), 50) * 1000;
          let timer: NodeJS.Timeout;
          const done = () => { clearTimeout(timer); waiting.delete(done); if (!res.writableEnded) ok(give()); };
          waiting.add(done);
          timer = setTimeout(done, timeout);
          req.socket.on('close', () => { clearTimeout(timer); waiting.delete(done); });
          return;
        }
        case 'sendMessage': {
          const msg: SentMessage = { chat_id: body.chat_id as number, text: String(body.text), reply_markup: body.reply_markup, message_id: nextMessage++ };
          api.sent.push(msg);
          return ok({ message_id: msg.message_id, date: Math.floor(clock() / 1000), chat: { id: Number(body.chat_id), type: 'private' }, from: botUser, text: msg.text });
        }
        case 'answerCallbackQuery':
          api.answered.push({ callback_query_id: String(body.callback_query_id), text: body.text as string | undefined });
          return ok(true);
        default:
          return answer(404, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () => new Promise<void>((r) => { for (const w of [...waiting]) w(); server.close(() => r()); server.closeAllConnections(); });
  return api;
}

let messageId = 1;
const chat = (u: FakeUser) => ({ id: u.id, type: 'private', first_name: u.first_name, ...(u.username ? { username: u.username } : {}) });
const from = (u: FakeUser) => ({ is_bot: false, ...u });

/** A private chat message update's body (the caller's clock gives `date`). */
export function messageUpdate(u: FakeUser, at: number, content: Record<string, unknown>): Record<string, unknown> {
  return { message: { message_id: messageId++, date: Math.floor(at / 1000), chat: chat(u), from: from(u), ...content } };
}

export function callbackUpdate(u: FakeUser, data: string, id: string): Record<string, unknown> {
  return { callback_query: { id, from: from(u), chat_instance: `ci-${u.id}`, data, message: { message_id: 1, date: 0, chat: chat(u), text: 'order' } } };
}
