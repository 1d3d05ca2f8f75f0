/**
 * The chat intake (`ringdesk intake --listen HOST:PORT`, one process a site runs under systemd):
 * HTTP and WebSocket on one port, writing into the same store as the consoles.
 *
 *   GET  /widget.js   the web chat widget, one script tag (src/chat/widget-script.ts)
 *   WS   /chat        the widget's connection (src/chat/web-chat.ts)
 *   GET  /whatsapp    WhatsApp's verify handshake; POST /whatsapp its signed webhook (src/chat/whatsapp.ts)
 *   GET  /health      the chat outbox's counts, the connected visitors and which channels are set up, no secrets
 *
 * The widget's endpoints keep to the restaurant's sites (config `widgetOrigins`): a WebSocket
 * from a page of another origin is closed at once with code 4003 and a reason saying so, logged
 * once per origin; /widget.js is refused (403) to a page of another site. Each address may
 * connect `chatConnectsPerMinute` times a minute (4029 / 429 past it), each visitor and each
 * address send so many messages (src/chat/rate-limit.ts; the visitor is told to slow down, the
 * message is neither stored nor acknowledged, so the widget sends it again later, stored once).
 *
 * Every inbound message is stored once (by the channel's message id) before it is
 * acknowledged. Outbound messages leave through the chat pump (src/chat/chat-pump.ts), woken by
 * every commit on the database (a console answering commits; the intake's watch on the -wal
 * file sees it at once).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Store } from '../store/index.js';
import type { LogLine } from '../files/log-file.js';
import { defaultWidgetSettings, widgetScript, type WidgetSettings } from './widget-script.js';
import { receiveWebhook, signatureValid, verifyHandshake, whatsAppSender, type WhatsAppSettings } from './whatsapp.js';
import { webChat, type WebChat } from './web-chat.js';
import { startChatPump, type ChatPump, type ChatSender } from './chat-pump.js';
import type { Channel } from '../domain/conversation.js';
import { clientAddress, defaultChatLimits, rateLimit, type ChatLimits } from './rate-limit.js';

const MAX_BODY = 256 * 1024;

export interface IntakeOptions {
  store: Store;
  host: string;
  port: number;
  /** Who holds the chat outbox's leases (unique per process). */
  owner: string;
  timezone: string;
  /** Where offline messages are e-mailed ('' = listed only). */
  offlineMailTo: string;
  log?: LogLine;
  now?: () => number;
  widget?: Partial<WidgetSettings>;
  whatsapp?: WhatsAppSettings | null;
  /** More senders (Telegram, started by the command when its token is set). */
  senders?: Partial<Record<Channel, ChatSender>>;
  /** The sites whose pages may use the widget (config widgetOrigins); [] = any. */
  origins?: string[];
  /** Messages and connections per minute (config chat*PerMinute). */
  limits?: Partial<ChatLimits>;
  /** Telegram runs beside the intake (its token is set): said on /health, never the token. */
  telegram?: boolean;
  /** The pump's retry settings (tests shorten them). */
  pump?: { baseDelayMs?: number; maxDelayMs?: number; pollMs?: number };
}

export interface IntakeServer {
  readonly host: string;
  readonly port: number;
  /** http://host:port */
  readonly url: string;
  readonly web: WebChat;
  readonly pump: ChatPump;
  close(): Promise<void>;
}

function readRaw(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => { size += c.length; if (size <= MAX_BODY) chunks.push(c); });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
  });
}

export async function startIntake(o: IntakeOptions): Promise<IntakeServer> {
  const { store } = o;
  const log = o.log ?? (() => {});
  const now = o.now ?? Date.now;
  const settings: WidgetSettings = { ...defaultWidgetSettings, ...o.widget };
  const script = widgetScript(settings);
  const limits: ChatLimits = { ...defaultChatLimits, ...o.limits };
  const web = webChat({ store, log, now, timezone: o.timezone, offlineMailTo: o.offlineMailTo, limits });
  const wa = o.whatsapp ?? null;
  const origins = new Set((o.origins ?? []).map((x) => x.replace(/\/$/, '')));
  const connects = rateLimit(limits.connectsPerMinute, now);
  // a refused origin is logged once (a hostile page reloaded all day writes one line)
  const refusedOrigins = new Set<string>();
  /** Why a page of this origin may not use the widget, or null. No Origin (not a browser page) passes only when no site is set. */
  const originRefusal = (origin: string | undefined, address: string): string | null => {
    if (!origins.size || (origin && origins.has(origin))) return null;
    const what = origin ? `origin ${origin.slice(0, 60)}` : 'no origin';
    if (!refusedOrigins.has(what) && refusedOrigins.size < 1000) {
      refusedOrigins.add(what);
      log(`web chat from ${address} refused: ${what} is not one of this restaurant's sites (config widgetOrigins); said once per origin`, 'warn');
    }
    return origin ? `${origin.slice(0, 60)} may not use this chat` : 'a page of this restaurant\'s site only';
  };
  const pageOrigin = (req: http.IncomingMessage): string | undefined => {
    const origin = req.headers.origin;
    if (origin) return origin;
    try {
      return req.headers.referer ? new URL(req.headers.referer).origin : undefined;
    } catch {
      return undefined;
    }
  };

  const handle: http.RequestListener = (req, res) => {
    const reply = (code: number, body: unknown, type = 'application/json') => {
      const text = type === 'application/json' ? JSON.stringify(body) : String(body);
      res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
      res.end(text);
    };
    const url = new URL(req.url ?? '/', 'http://intake');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/widget.js') {
      const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']);
      const wait = connects.take(address);
      if (wait !== null) {
        res.writeHead(429, { 'retry-after': String(Math.ceil(wait / 1000)), 'content-type': 'text/plain' });
        return res.end('// too many requests from your address: try again in a minute\n');
      }
      // a page of another site (the script tag's Referer, or an Origin when fetched)
      const from = pageOrigin(req);
      if (from && originRefusal(from, address)) {
        res.writeHead(403, { 'content-type': 'text/javascript; charset=utf-8' });
        return res.end(`// ${from.slice(0, 60).replace(/[^\w:/.\-]/g, '')} may not use this chat\n`);
      }
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' });
      return res.end(script);
    }
    if (req.method === 'GET' && path === '/health') {
      return reply(200, {
        ok: true, chatOutbox: store.conversations.outboxCounts(), visitorsConnected: web.connected(),
        channels: { web: true, telegram: o.telegram ?? false, whatsapp: wa !== null, whatsappSending: !!wa?.accessToken },
        widgetOrigins: origins.size,
      });
    }
    if (path === '/whatsapp') {
      if (!wa) return reply(404, { error: 'WhatsApp is not set up on this intake (RINGDESK_WHATSAPP_APP_SECRET, RINGDESK_WHATSAPP_VERIFY_TOKEN)' });
      if (req.method === 'GET') {
        const challenge = verifyHandshake(url.searchParams, wa.verifyToken);
        if (challenge === null) {
          log(`WhatsApp verify handshake from ${req.socket.remoteAddress} refused: wrong mode or verify token`, 'warn');
          return reply(403, { error: 'wrong hub.mode or hub.verify_token' });
        }
        return reply(200, challenge, 'text/plain');
      }
      if (req.method !== 'POST') return reply(405, { error: 'the webhook is GET (verify) or POST (events)' });
      void readRaw(req).then((raw) => {
        if (raw === null) return reply(413, { error: `body over ${MAX_BODY} bytes` });
        const sig = req.headers['x-hub-signature-256'];
        if (!signatureValid(raw, Array.isArray(sig) ? sig[0] : sig, wa.appSecret)) {
          log(`WhatsApp webhook from ${req.socket.remoteAddress} refused: ${sig ? 'wrong' : 'no'} X-Hub-Signature-256`, 'warn');
          return reply(401, { error: 'X-Hub-Signature-256 does not match the body signed with the app secret' });
        }
        let payload: unknown;
        try {
          payload = JSON.parse(raw.toString('utf8'));
        } catch (e) {
          log(`WhatsApp webhook: the body is not JSON (${(e as Error).message})`, 'warn');
          return reply(400, { error: 'the body is not JSON' });
        }
        try {
          const r = receiveWebhook(store, payload, now(), log);
          for (const s of r.skipped) log(`WhatsApp webhook: skipped ${s}`, 'warn');
          reply(200, { stored: r.stored, duplicates: r.duplicates, statuses: r.statuses });
        } catch (e) {
          // not stored: a non-2xx makes Meta send it again
          log(`WhatsApp webhook: ${(e as Error).message}`, 'error');
          reply(503, { error: 'the store is busy; send it again' });
        }
      });
      return;
    }
    reply(404, { error: `no such endpoint ${req.method} ${path}; the widget is GET /widget.js` });
  };

  const server = http.createServer(handle);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://intake').pathname !== '/chat') { socket.destroy(); return; }
    const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']);
    // refused after the upgrade, so the widget reads why in the close frame (a browser shows nothing of a refused upgrade)
    const refusal = originRefusal(req.headers.origin, address);
    const wait = refusal ? null : connects.take(address);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (refusal) return ws.close(4003, refusal.slice(0, 120));
      if (wait !== null) return ws.close(4029, `slow down: too many connections, again in ${Math.ceil(wait / 1000)} s`);
      web.accept(ws, req, address);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => { server.off('error', reject); resolve(); });
  });
  const senders: Partial<Record<Channel, ChatSender>> = { web: web.sender, ...o.senders };
  if (wa?.accessToken) senders.whatsapp = whatsAppSender(wa);
  const pump = startChatPump({ store, owner: o.owner, senders, now, log, ...o.pump });
  // every commit (a console's answer, its typing, an operator's presence): send what is due, tell visitors
  const stopWatch = store.onCommit((byOthers) => { pump.wake(); if (byOthers) web.refresh(); });
  const a = server.address() as AddressInfo;
  return {
    host: a.address, port: a.port, url: `http://${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}`, web, pump,
    async close() {
      stopWatch();
      await pump.stop();
      web.closeAll();
      wss.close();
      await new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); });
    },
  };
}
