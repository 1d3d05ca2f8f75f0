/**
 * The HTTP callback a point of sale reports statuses to, served by `ringdesk relay --listen`.
 *
 *   POST /pos/status   Authorization: Bearer <the POS's token>   body: a status report or a
 *                      stop-list update ("type":"stop-list"); see docs/pos-api.md
 *   POST /callbacks    Authorization: Bearer <the box's callbacks token>   body: a callback
 *                      request (docs/callbacks.schema.json, src/callbacks/intake.ts)
 *   GET  /health       outbox counts (orders, e-mails), no authentication, no secrets
 *
 * Over HTTPS when given a certificate and key (PEM), else plain HTTP (then behind a TLS proxy
 * when the POS is on another machine: docs/operations.md).
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { receivePosMessage } from './status-intake.js';
import type { LogLine } from '../files/log-file.js';
import type { StorePorts } from '../store/ports.js';
import { receiveCallbackRequest, type IntakeContext } from '../callbacks/intake.js';

const MAX_BODY = 64 * 1024;

/** A JSON body of at most MAX_BODY bytes, or the 4xx answer for it. */
function readBody(req: http.IncomingMessage, reply: (code: number, body: unknown) => void, then: (body: unknown) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= MAX_BODY) chunks.push(c);
  });
  req.on('end', () => {
    if (size > MAX_BODY) return reply(413, { error: `body over ${MAX_BODY} bytes` });
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      return reply(400, { error: `the body is not JSON: ${(e as Error).message}` });
    }
    then(body);
  });
}

export interface StatusServer {
  readonly host: string;
  readonly port: number;
  /** "https" with a certificate, else "http". */
  readonly scheme: 'http' | 'https';
  close(): Promise<void>;
}

/** Parse "127.0.0.1:18090", ":18090" or "18090"; a reason when it is not an address. */
export function parseListen(text: string): { host: string; port: number } | { error: string } {
  const m = /^(?:(.*):)?(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 0 || port > 65535) return { error: `--listen "${text}" must be HOST:PORT, e.g. 127.0.0.1:8787` };
  return { host: (m[1] || '127.0.0.1').replace(/^\[(.*)\]$/, '$1'), port };
}

/** A PEM certificate (chain) and its private key, as read from files. */
export interface TlsFiles { cert: Buffer; key: Buffer }

/** What POST /callbacks needs beyond the store; without it the endpoint answers 404. */
export type CallbackEndpoint = Omit<IntakeContext, 'now' | 'log'> & { now?: () => number };

/** The POS's statuses and stop-lists, POST /callbacks and /health, all through the store's ports (src/store/ports.ts). */
export function startStatusServer(ports: StorePorts, host: string, port: number, log: LogLine = () => {}, tls?: TlsFiles, callbacks?: CallbackEndpoint): Promise<StatusServer> {
  const handle: http.RequestListener = (req, res) => {
    void answer(req, res).catch((e) => {
      log(`${req.method} ${req.url}: ${(e as Error).message}`, 'error');
      if (!res.headersSent) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'the store is busy; send it again' }));
      }
    });
  };
  const answer = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const reply = (code: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/health') return reply(200, { ok: true, outbox: await ports.outbox.counts(), mail: await ports.mailOutbox.counts() });
    if (path === '/callbacks' && callbacks) return takeCallback(req, reply, callbacks);
    if (path !== '/pos/status') return reply(404, { error: `no such endpoint ${req.method} ${path}; statuses go to POST /pos/status` });
    if (req.method !== 'POST') return reply(405, { error: 'statuses are POSTed' });
    const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const pos = auth ? await ports.pointsOfSale.authenticate(auth[1]) : null;
    if (!pos) {
      log(`status report from ${req.socket.remoteAddress} refused: ${auth ? 'unknown token' : 'no bearer token'}`, 'warn');
      return reply(401, { error: 'a point of sale must send its token as "Authorization: Bearer <token>"' });
    }
    readBody(req, reply, (body) => {
      receivePosMessage(ports, pos.id, body, (l, level) => log(`${pos.name}: ${l}`, level)).then(
        (r) => reply(r.code, r.body),
        (e) => {
          log(`status report from ${pos.name}: ${(e as Error).message}`, 'error');
          reply(503, { error: 'the store is busy; send the status again' });
        },
      );
    });
  };
  /** POST /callbacks: the box's callbacks token, a JSON body, the intake (src/callbacks/intake.ts). */
  const takeCallback = async (req: http.IncomingMessage, reply: (code: number, body: unknown) => void, ctx: CallbackEndpoint) => {
    if (req.method !== 'POST') return reply(405, { error: 'callback requests are POSTed' });
    const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!auth || !(await ports.secrets.matches('callbacks token', auth[1]))) {
      log(`callback request from ${req.socket.remoteAddress} refused: ${auth ? 'wrong token' : 'no bearer token'}`, 'warn');
      return reply(401, { error: 'send the box\'s callbacks token as "Authorization: Bearer <token>" (ringdesk callback token)' });
    }
    readBody(req, reply, (body) => {
      receiveCallbackRequest(ports, body, { ...ctx, now: (ctx.now ?? Date.now)(), log }).then(
        (r) => reply(r.code, r.body),
        (e) => {
          log(`callback request: ${(e as Error).message}`, 'error');
          reply(503, { error: 'the store is busy; send the request again (with the same requestId)' });
        },
      );
    });
  };
  // a bad certificate or key throws here, before anything listens
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, handle) : http.createServer(handle);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const a = server.address() as AddressInfo;
      resolve({
        host: a.address, port: a.port, scheme: tls ? 'https' : 'http',
        close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
      });
    });
  });
}
