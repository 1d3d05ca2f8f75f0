/**
 * WebSocket transport: one connection per point of sale, opened with the bearer token, kept
 * open (and reopened with back-off) so the POS can push statuses at any time. Each order is
 * acknowledged by its idempotency key; a connection that drops leaves its orders to be retried.
 *
 *   relay -> POS  {"type":"order","idempotencyKey":K,"order":{...}}
 *   POS -> relay  {"type":"ack","idempotencyKey":K} | {"type":"nack","idempotencyKey":K,"code":422,"error":"..."}
 *   POS -> relay  {"type":"status","eventId":E,"orderId":"ringdesk-delivery-12","status":"cooking",...}
 *   relay -> POS  {"type":"status-reply","eventId":E,"code":200,...}
 *   POS -> relay  {"type":"stop-list","eventId":E,"product":"MARG-32","stopped":true}
 *   relay -> POS  {"type":"stop-list-reply","eventId":E,"code":200,...}
 */
import WebSocket from 'ws';
import { describeNetworkError, outcomeOfCode, type OrderToSend, type PosLink, type SendOutcome, type StatusReceiver, type StatusReply } from './transport.js';
import type { LogLine } from '../files/log-file.js';

interface Pending { resolve: (o: SendOutcome) => void }

export interface WsLinkOptions {
  posId: number;
  /** Status reports pushed by the POS go here; without it they are answered 501. */
  onStatus?: StatusReceiver;
  /** Stop-list updates pushed by the POS go here; without it they are answered 501. */
  onStopList?: StatusReceiver;
  /** An ack for an order this link no longer waits for (it timed out, the relay gave up): the POS has it after all. */
  onLateAck?: (posId: number, key: string) => void;
  log?: LogLine;
  /** Keep a connection open and reopen it when it drops (default true). */
  keepOpen?: boolean;
}

export function wsLink(endpoint: string, token: string, opts: WsLinkOptions): PosLink {
  const pending = new Map<string, Pending>();
  let ws: WebSocket | null = null;
  let opening: Promise<WebSocket> | null = null;
  let closed = false;
  let reopenDelay = 250;
  let reopenTimer: NodeJS.Timeout | undefined;
  const log = opts.log ?? (() => {});
  // what the POS pushes is answered in the order it came, however long the store takes for each
  let replies: Promise<void> = Promise.resolve();
  const answer = (kind: 'status-reply' | 'stop-list-reply', eventId: unknown, ask: () => Promise<StatusReply>) => {
    replies = replies.then(ask).then(
      (reply) => { ws?.send(JSON.stringify({ type: kind, eventId: eventId ?? null, code: reply.code, ...reply.body })); },
      (e) => { log(`POS ${endpoint}: ${(e as Error).message}; its ${kind === 'status-reply' ? 'status' : 'stop-list update'} is answered 503`, 'error'); ws?.send(JSON.stringify({ type: kind, eventId: eventId ?? null, code: 503, error: 'the store is busy; send it again' })); },
    );
  };

  function dropAll(reason: string): void {
    for (const [key, p] of pending) {
      pending.delete(key);
      p.resolve({ kind: 'retry', reason });
    }
  }

  function onMessage(data: WebSocket.RawData): void {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(data.toString());
    } catch {
      log(`POS ${endpoint} sent a message that is not JSON; ignored`, 'warn');
      return;
    }
    if (!m || typeof m !== 'object' || Array.isArray(m)) {
      log(`POS ${endpoint} sent a message that is not a JSON object; ignored`, 'warn');
      return;
    }
    if (m.type === 'ack' || m.type === 'nack') {
      const key = String(m.idempotencyKey ?? '');
      const p = pending.get(key);
      if (!p) {
        // a late ack for an order this link stopped waiting for: the relay reconciles it
        if (m.type === 'ack' && key) opts.onLateAck?.(opts.posId, key);
        return;
      }
      pending.delete(key);
      p.resolve(m.type === 'ack' ? { kind: 'acknowledged' } : outcomeOfCode(Number(m.code) || 400, String(m.error ?? ''), m.retryAfter == null ? undefined : String(m.retryAfter)));
    } else if (m.type === 'status') {
      const take = opts.onStatus;
      answer('status-reply', m.eventId, async () => take ? take(opts.posId, m) : { code: 501, body: { error: 'this relay does not take statuses' } });
    } else if (m.type === 'stop-list') {
      const take = opts.onStopList;
      answer('stop-list-reply', m.eventId, async () => take ? take(opts.posId, m) : { code: 501, body: { error: 'this relay does not take stop-list updates' } });
    } else {
      log(`POS ${endpoint} sent an unknown message type ${JSON.stringify(m.type)}; ignored`, 'warn');
    }
  }

  function open(timeoutMs: number): Promise<WebSocket> {
    if (ws && ws.readyState === WebSocket.OPEN) return Promise.resolve(ws);
    if (opening) return opening;
    opening = new Promise<WebSocket>((resolve, reject) => {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      const sock = new WebSocket(endpoint, { headers, handshakeTimeout: timeoutMs });
      sock.on('open', () => {
        if (closed) { // the link was closed while this connection was being opened
          sock.close(1001, 'relay stopping');
          return reject(Object.assign(new Error('the relay is stopping'), { code: 'RINGDESK_STOPPING' }));
        }
        ws = sock;
        reopenDelay = 250;
        resolve(sock);
      });
      sock.on('message', onMessage);
      sock.on('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`POS refused the connection with ${res.statusCode}`), { code: `HTTP_${res.statusCode}`, status: res.statusCode }));
        sock.terminate();
      });
      sock.on('error', (e) => reject(e));
      sock.on('close', () => {
        if (ws === sock) ws = null;
        dropAll('the connection to the POS was reset before it acknowledged');
        scheduleReopen();
      });
    }).finally(() => { opening = null; });
    return opening;
  }

  function scheduleReopen(): void {
    if (closed || opts.keepOpen === false || reopenTimer) return;
    reopenTimer = setTimeout(() => {
      reopenTimer = undefined;
      open(10_000).catch((e) => log(`POS ${endpoint}: ${describeNetworkError(e, 10_000)}; trying again`, 'warn'));
    }, reopenDelay);
    reopenDelay = Math.min(reopenDelay * 2, 10_000);
  }

  if (opts.keepOpen !== false) open(10_000).catch(() => scheduleReopen());

  return {
    async send(order: OrderToSend, written: () => void): Promise<SendOutcome> {
      if (closed) return { kind: 'retry', reason: 'the relay is stopping' };
      let sock: WebSocket;
      try {
        sock = await open(order.timeoutMs);
      } catch (e) {
        const status = (e as { status?: number }).status;
        if (status) return outcomeOfCode(status, 'at WebSocket upgrade');
        return { kind: 'retry', reason: describeNetworkError(e, order.timeoutMs) };
      }
      return new Promise<SendOutcome>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(order.key);
          resolve({ kind: 'retry', reason: describeNetworkError({ code: 'RINGDESK_TIMEOUT' }, order.timeoutMs) });
        }, order.timeoutMs);
        pending.get(order.key)?.resolve({ kind: 'retry', reason: 'sent again on the same connection' });
        pending.set(order.key, { resolve: (o) => { clearTimeout(timer); resolve(o); } });
        sock.send(`{"type":"order","idempotencyKey":${JSON.stringify(order.key)},"order":${order.payload}}`, (err) => {
          if (err) {
            const p = pending.get(order.key);
            pending.delete(order.key);
            p?.resolve({ kind: 'retry', reason: describeNetworkError(err, order.timeoutMs) });
          } else written();
        });
      });
    },
    async close() {
      closed = true;
      clearTimeout(reopenTimer);
      dropAll('the relay is stopping');
      if (ws) {
        const sock = ws;
        await new Promise<void>((r) => {
          sock.once('close', () => r());
          sock.close(1001, 'relay stopping');
          setTimeout(() => { sock.terminate(); r(); }, 1000).unref();
        });
      }
    },
  };
}
