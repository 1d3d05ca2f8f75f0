/**
 * The chat intake (`ringdesk intake --listen HOST:PORT`, one process a site runs under systemd):
 * HTTP and WebSocket on one port, writing into the same store as the consoles.
 *
 *   GET  /widget.js   the web chat widget, one script tag (src/chat/widget-script.ts)
 *   WS   /chat        the widget's connection (src/chat/web-chat.ts)
 *   GET  /whatsapp    WhatsApp's verify handshake; POST /whatsapp its signed webhook (src/chat/whatsapp.ts)
 *   GET  /health      the chat outbox's counts and the connected visitors, no secrets
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
  const web = webChat({ store, log, now, timezone: o.timezone, offlineMailTo: o.offlineMailTo });
  const wa = o.whatsapp ?? null;

  const handle: http.RequestListener = (req, res) => {
    const reply = (code: number, body: unknown, type = 'application/json') => {
      const text = type === 'application/json' ? JSON.stringify(body) : String(body);
      res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
      res.end(text);
    };
    const url = new URL(req.url ?? '/', 'http://intake');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/widget.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' });
      return res.end(script);
    }
    if (req.method === 'GET' && path === '/health') {
      return reply(200, { ok: true, chatOutbox: store.conversations.outboxCounts(), visitorsConnected: web.connected() });
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
    wss.handleUpgrade(req, socket, head, (ws) => web.accept(ws, req));
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
