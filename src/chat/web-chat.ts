/**
 * The web widget's WebSocket (`/chat` on the intake). Frames are JSON objects with a type `t`:
 *
 *   visitor → intake                         intake → visitor
 *   hello {token?, after?, visitor}          welcome {token, conversation, history[], available, typing}
 *   msg {id, text}                           ack {id, messageId}        (after the message is stored)
 *   visitor {visitor}  (the pre-chat form)   msg {m}                    (an operator's answer, another tab's message)
 *   typing                                   typing {on, who}
 *   seen {ids[]}  (answers shown)            available {available}
 *   callback {id, phone, name?, note?}       callback {ok, error?, position?}
 *   offline {id, text, name?, contact?}      offline {ok, error?}
 *                                            slow {id?, retryInMs, error}   (over the limit: not stored, send it again then)
 *                                            error {error}
 *
 * The visitor is known by a random token the widget keeps in a cookie; the store keeps only a
 * hash of it (the channel user id), so the database never holds what would let someone read
 * another visitor's thread. A message's id is the widget's own (random), so one sent again
 * after a reconnect is stored once.
 */
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Store } from '../store/index.js';
import type { LogLine } from '../files/log-file.js';
import type { ChatMessage, ChatVisitor, Conversation } from '../domain/conversation.js';
import { offlineMail } from '../domain/offline-message.js';
import { receiveCallbackRequest } from '../callbacks/intake.js';
import type { ChatSender } from './chat-pump.js';
import { defaultChatLimits, rateLimit, type ChatLimits } from './rate-limit.js';

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** An operator's "typing" shows this long after their last key. */
const TYPING_SHOWN_MS = 6_000;
/** A visitor's typing is written at most this often. */
const TYPING_WRITE_MS = 2_000;

/** A new visitor token (the cookie's value). */
export function newVisitorToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** The channel user id kept for a token: a hash, never the token itself. */
export function visitorKey(token: string): string {
  return 'w' + crypto.createHash('sha256').update(token).digest('hex').slice(0, 32);
}

/** A widget message's channel id: the visitor's key prefix and the widget's own id. */
function channelIdOf(key: string, clientId: string): string {
  return `${key.slice(1, 13)}:${clientId}`;
}

/** A message as the widget shows it. */
export interface WidgetMessage { id: number; clientId?: string; direction: 'in' | 'out'; text: string; at: number; author: string | null; delivery: ChatMessage['delivery'] }

function forWidget(m: ChatMessage): WidgetMessage {
  const w: WidgetMessage = { id: m.id, direction: m.direction, text: m.text, at: m.at, author: m.author, delivery: m.delivery };
  if (m.direction === 'in' && m.channelMessageId) w.clientId = m.channelMessageId.split(':')[1];
  return w;
}

interface Session {
  ws: WebSocket;
  /** The visitor's address (behind the site's proxy: the one it forwarded). */
  address: string;
  key: string | null;
  conversationId: number | null;
  visitor: ChatVisitor;
  typingWrittenAt: number;
  typingShownAt: number | null;
  available: boolean | null;
}

export interface WebChatOptions {
  store: Store;
  log: LogLine;
  now: () => number;
  timezone: string;
  offlineMailTo: string;
  limits?: ChatLimits;
}

export interface WebChat {
  accept(ws: WebSocket, req: IncomingMessage, address?: string): void;
  /** The chat pump's way to a web visitor: their open widgets. */
  sender: ChatSender;
  /** Something changed in the store (a colleague's commit): operators' typing, whether anyone is available. */
  refresh(): void;
  /** Widgets connected now. */
  connected(): number;
  closeAll(): void;
}

export function webChat(o: WebChatOptions): WebChat {
  const { store, log, now } = o;
  const byKey = new Map<string, Set<Session>>();
  const all = new Set<Session>();
  // the same rule as the callbacks intake: someone available (or wrapping up) by their presence
  const available = () => store.presence.present(now()).available.size > 0;
  const limits = o.limits ?? defaultChatLimits;
  const perVisitor = rateLimit(limits.messagesPerMinute, now);
  const perAddress = rateLimit(limits.addressMessagesPerMinute, now);
  // said once a minute per visitor in the log, however fast they go on
  const slowLogged = rateLimit(1, now);
  /** Over a limit: the visitor is asked to slow down, and nothing is stored (the widget sends it again later, stored once). */
  const slowedDown = (s: Session, f: Record<string, unknown>): boolean => {
    const wait = perVisitor.take(s.key!) ?? perAddress.take(s.address);
    if (wait === null) return false;
    if (slowLogged.take(s.key!) === null) log(`web chat from ${s.address}: over ${limits.messagesPerMinute} messages a minute (visitor) or ${limits.addressMessagesPerMinute} (address); asked to slow down`, 'warn');
    push(s, { t: 'slow', ...(typeof f.id === 'string' ? { id: f.id.slice(0, 64) } : {}), retryInMs: wait, error: 'You are writing very fast: please slow down a little. Your message goes in a few seconds.' });
    return true;
  };

  const push = (s: Session, frame: unknown) => {
    if (s.ws.readyState === s.ws.OPEN) s.ws.send(JSON.stringify(frame));
  };
  const toVisitor = (key: string, frame: unknown, except?: Session) => {
    for (const s of byKey.get(key) ?? []) if (s !== except) push(s, frame);
  };

  function visitorOf(raw: unknown): ChatVisitor {
    const v = raw && typeof raw === 'object' ? raw as Record<string, unknown> : {};
    const out: ChatVisitor = {};
    for (const k of ['name', 'phone', 'language', 'browser', 'os', 'referrer', 'entryPage'] as const) {
      if (typeof v[k] === 'string' && v[k]) out[k] = v[k] as string;
    }
    return out;
  }

  function hello(s: Session, f: Record<string, unknown>) {
    const token = typeof f.token === 'string' && TOKEN.test(f.token) ? f.token : newVisitorToken();
    const key = visitorKey(token);
    s.key = key;
    s.visitor = visitorOf(f.visitor);
    let set = byKey.get(key);
    if (!set) byKey.set(key, (set = new Set()));
    set.add(s);
    let conv = store.conversations.byChannelUser('web', key);
    if (conv) {
      // a returning visitor: the page they came back on, their browser now
      const r = store.conversations.visit('web', key, s.visitor, now());
      if (r.ok) conv = r.conversation;
    }
    s.conversationId = conv?.id ?? null;
    const after = typeof f.after === 'number' && Number.isInteger(f.after) && f.after > 0 ? f.after : undefined;
    const history = conv ? store.conversations.messages(conv.id, after === undefined ? { limit: 200 } : { afterId: after, limit: 500 }) : [];
    s.available = available();
    push(s, {
      t: 'welcome', token, conversation: conv?.id ?? null, history: history.filter((m) => m.kind !== 'system').map(forWidget),
      available: s.available, typing: conv ? operatorTyping(conv) : false,
    });
  }

  const operatorTyping = (c: Conversation) => c.operatorTypingAt !== null && now() - c.operatorTypingAt < TYPING_SHOWN_MS;

  function message(s: Session, f: Record<string, unknown>) {
    const key = s.key!;
    if (typeof f.id !== 'string' || !CLIENT_ID.test(f.id)) return push(s, { t: 'error', error: 'a message needs its id (letters, digits, - and _)' });
    const r = store.conversations.receive('web', key, { channelMessageId: channelIdOf(key, f.id), kind: 'text', text: typeof f.text === 'string' ? f.text : '', visitor: s.visitor }, now());
    if (!r.ok) {
      log(`web chat message refused: ${r.reason}`, 'warn');
      return push(s, { t: 'error', id: f.id, error: r.reason });
    }
    s.conversationId = r.conversation.id;
    push(s, { t: 'ack', id: f.id, messageId: r.message.id });
    // the visitor's other tabs show it too
    if (r.created) toVisitor(key, { t: 'msg', m: forWidget(r.message) }, s);
    for (const other of byKey.get(key) ?? []) other.conversationId = r.conversation.id;
  }

  function visitorForm(s: Session, f: Record<string, unknown>) {
    s.visitor = { ...s.visitor, ...visitorOf(f.visitor) };
    const r = store.conversations.visit('web', s.key!, s.visitor, now());
    if (!r.ok) return push(s, { t: 'error', error: r.reason });
    for (const other of byKey.get(s.key!) ?? []) other.conversationId = r.conversation.id;
  }

  function typing(s: Session) {
    const at = now();
    if (s.conversationId === null || at - s.typingWrittenAt < TYPING_WRITE_MS) return;
    s.typingWrittenAt = at;
    store.conversations.typing(s.conversationId, 'visitor', at);
  }

  function seen(s: Session, f: Record<string, unknown>) {
    if (!Array.isArray(f.ids) || s.conversationId === null) return;
    for (const id of f.ids.slice(0, 500)) {
      if (typeof id !== 'number') continue;
      const m = store.conversations.message(id);
      // only the visitor's own conversation: an id from elsewhere changes nothing
      if (m && m.conversationId === s.conversationId && m.direction === 'out') store.conversations.reportDelivery({ messageId: id }, 'delivered', now());
    }
  }

  async function callback(s: Session, f: Record<string, unknown>) {
    // what this tab was told, else what the visitor gave earlier (the pre-chat form on another page)
    const known = s.conversationId === null ? null : store.conversations.get(s.conversationId);
    const v: ChatVisitor = { ...known?.visitor, ...s.visitor };
    const id = typeof f.id === 'string' && CLIENT_ID.test(f.id) ? f.id : crypto.randomUUID();
    const r = await receiveCallbackRequest(store.ports, {
      requestId: `${s.key}:${id}`,
      phone: typeof f.phone === 'string' ? f.phone : '',
      ...(typeof f.name === 'string' && f.name ? { name: f.name } : v.name ? { name: v.name } : {}),
      ...(typeof f.note === 'string' && f.note ? { note: f.note } : {}),
      ...(v.language && LANGUAGE.test(v.language) ? { language: v.language } : {}),
      ...(v.entryPage ? { page: v.entryPage } : {}), ...(v.referrer ? { referrer: v.referrer } : {}),
      ...(v.browser ? { browser: v.browser } : {}), ...(v.os ? { os: v.os } : {}),
    }, { timezone: o.timezone, offlineMailTo: o.offlineMailTo, now: now(), log });
    push(s, r.code < 300 ? { t: 'callback', ok: true, position: r.body.position, offline: r.body.offline ?? false } : { t: 'callback', ok: false, error: r.body.error });
  }

  function offlineForm(s: Session, f: Record<string, unknown>) {
    const key = s.key!;
    if (typeof f.id !== 'string' || !CLIENT_ID.test(f.id)) return push(s, { t: 'offline', ok: false, error: 'the form needs its id' });
    const contact = typeof f.contact === 'string' ? f.contact.trim() : '';
    const phone = contact && !contact.includes('@') ? contact : undefined;
    const visitor: ChatVisitor = { ...s.visitor, ...(typeof f.name === 'string' && f.name.trim() ? { name: f.name.trim() } : {}), ...(phone ? { phone } : {}) };
    const text = typeof f.text === 'string' ? f.text : '';
    const r = store.conversations.receive('web', key, {
      channelMessageId: channelIdOf(key, f.id), kind: 'text', text: contact && !phone ? `${text}\n(e-mail: ${contact})` : text, visitor,
    }, now(), {
      mail: (c, itemId, m) => {
        if (!o.offlineMailTo) return null;
        const mail = offlineMail({
          kind: 'chat', itemId: itemId ?? 0, name: c.visitor.name ?? '', phone: c.visitor.phone ?? '', text: m.text, group: '',
          entry: c.visitor.entryPage ?? '', arrivedAt: m.at,
        }, o.timezone);
        return { kind: 'offline-message', itemId, to: o.offlineMailTo, ...mail };
      },
    });
    if (!r.ok) return push(s, { t: 'offline', ok: false, error: r.reason });
    s.conversationId = r.conversation.id;
    s.visitor = visitor;
    log(`offline message in web chat #${r.conversation.id}${o.offlineMailTo ? `, e-mailed to ${o.offlineMailTo}` : ''}`);
    push(s, { t: 'offline', ok: true });
  }

  function accept(ws: WebSocket, req: IncomingMessage, address = req.socket.remoteAddress ?? '') {
    const s: Session = { ws, address, key: null, conversationId: null, visitor: {}, typingWrittenAt: 0, typingShownAt: null, available: null };
    all.add(s);
    // a socket that never says hello is closed
    const helloTimer = setTimeout(() => { if (!s.key) ws.close(4000, 'hello expected'); }, 10_000);
    helloTimer.unref();
    /** The store was busy or failed: nothing acknowledged, the widget sends it again. */
    const busy = (e: unknown) => {
      log(`web chat from ${req.socket.remoteAddress}: ${(e as Error).message}`, 'error');
      push(s, { t: 'error', error: 'the desk is busy; your message goes again in a moment' });
    };
    ws.on('message', (data, isBinary) => {
      let f: Record<string, unknown>;
      try {
        const parsed: unknown = isBinary ? null : JSON.parse(data.toString());
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        f = parsed as Record<string, unknown>;
      } catch {
        return push(s, { t: 'error', error: 'each frame is a JSON object with a type "t"' });
      }
      try {
        if (f.t === 'hello') { if (!s.key) { clearTimeout(helloTimer); hello(s, f); } return; }
        if (!s.key) return push(s, { t: 'error', error: 'say hello first' });
        if ((f.t === 'msg' || f.t === 'callback' || f.t === 'offline') && slowedDown(s, f)) return;
        if (f.t === 'msg') return message(s, f);
        if (f.t === 'typing') return typing(s);
        if (f.t === 'seen') return seen(s, f);
        if (f.t === 'visitor') return visitorForm(s, f);
        if (f.t === 'callback') return void callback(s, f).catch(busy);
        if (f.t === 'offline') return offlineForm(s, f);
        if (f.t === 'ping') return push(s, { t: 'pong' });
        push(s, { t: 'error', error: `unknown frame type "${String(f.t).slice(0, 20)}"` });
      } catch (e) {
        busy(e);
      }
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      all.delete(s);
      if (s.key) {
        const set = byKey.get(s.key);
        set?.delete(s);
        if (set && !set.size) byKey.delete(s.key);
      }
    });
    ws.on('error', () => ws.terminate());
  }

  const sender: ChatSender = {
    async send(row) {
      const m = store.conversations.message(row.messageId);
      if (m) toVisitor(row.channelUserId, { t: 'msg', m: forWidget(m) });
      // no widget open: it stays in the thread, shown (and confirmed) at the visitor's next visit
      return { kind: 'sent', channelMessageId: null };
    },
  };

  function refresh() {
    if (!all.size) return;
    const isAvailable = available();
    const convs = new Map<number, Conversation | null>();
    for (const s of all) {
      if (!s.key) continue;
      if (s.available !== isAvailable) { s.available = isAvailable; push(s, { t: 'available', available: isAvailable }); }
      if (s.conversationId === null) continue;
      if (!convs.has(s.conversationId)) convs.set(s.conversationId, store.conversations.get(s.conversationId));
      const c = convs.get(s.conversationId);
      if (c && c.operatorTypingAt !== null && c.operatorTypingAt !== s.typingShownAt && operatorTyping(c)) {
        s.typingShownAt = c.operatorTypingAt;
        push(s, { t: 'typing', on: true });
      }
    }
  }

  return {
    accept, sender, refresh,
    connected: () => all.size,
    closeAll: () => { for (const s of all) s.ws.terminate(); },
  };
}
