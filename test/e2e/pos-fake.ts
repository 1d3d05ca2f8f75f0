/**
 * A stand-in point of sale for the tests: a real HTTP server and a real WebSocket server that
 * take orders, deduplicate on the idempotency key (a repeat replays the first answer), keep the
 * highest revision per order, validate every order against docs/pos-order.schema.json (ajv), and
 * misbehave on request (500s, timeouts, resets, slow acks, being down).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { WebSocketServer, type WebSocket } from 'ws';
import { Store } from '../../src/store/index.js';
import type { Delivery } from '../../src/domain/delivery.js';
import { schemaErrors, schemaOf } from '../helpers/json-schema.js';
import { until } from '../helpers/until.js';

export const schema = schemaOf('pos-order');

/** The first way `value` breaks docs/pos-order.schema.json (ajv), or null. */
export function schemaError(value: unknown): string | null {
  return schemaErrors('pos-order', value)[0] ?? null;
}

/**
 * What the POS does with one delivery attempt of a key (n = 1 for the first time it sees it):
 * 'ok'; a status code (not committed); 'timeout' (committed, never answered); 'reset'
 * (committed, connection cut); { slowMs } (committed, answered late).
 */
export type Fault = 'ok' | number | 'timeout' | 'reset' | { slowMs: number };
export type Behaviour = (key: string, n: number) => Fault;

export interface Received { key: string; orderId: string; revision: number; at: number }

/** Shared bookkeeping of both fakes. */
class Kitchen {
  /** Every arrival of every key, in order. */
  readonly arrivals: Received[] = [];
  /** Orders created: one per key, ever. */
  readonly created = new Map<string, { orderId: string; revision: number; payloadText: string }>();
  /** The highest revision per order id, as a POS that tells old from new would keep it. */
  readonly latest = new Map<string, number>();
  readonly invalid: string[] = [];
  behaviour: Behaviour = () => 'ok';

  arrivalsOf(key: string): number {
    return this.arrivals.filter((a) => a.key === key).length;
  }

  /** Returns the fault to act out, and commits the order unless the fault is an error code. */
  take(key: string, text: string): { fault: Fault; duplicatePayload: boolean } {
    const order = JSON.parse(text);
    const err = schemaError(order);
    if (err) this.invalid.push(`${key}: ${err}`);
    this.arrivals.push({ key, orderId: order.id, revision: order.revision, at: Date.now() });
    const fault = this.behaviour(key, this.arrivalsOf(key));
    if (typeof fault === 'number') return { fault, duplicatePayload: false };
    const had = this.created.get(key);
    if (had) return { fault, duplicatePayload: had.payloadText !== text };
    this.created.set(key, { orderId: order.id, revision: order.revision, payloadText: text });
    if ((this.latest.get(order.id) ?? 0) < order.revision) this.latest.set(order.id, order.revision);
    return { fault, duplicatePayload: false };
  }
}

export class FakeHttpPos extends Kitchen {
  private server: http.Server | null = null;
  private sockets = new Set<import('node:net').Socket>();
  readonly authFailures: string[] = [];

  /** Port 0 takes an ephemeral port on the first start and keeps it across stop/start (no port lock needed). */
  constructor(public port: number, readonly token: string) {
    super();
  }
  get url(): string {
    return `http://127.0.0.1:${this.port}/orders`;
  }

  start(): Promise<void> {
    const server = http.createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${this.token}`) {
        this.authFailures.push(String(req.headers.authorization));
        res.writeHead(401).end('{"error":"bad token"}');
        return;
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        if (!key) return void res.writeHead(400).end('{"error":"Idempotency-Key missing"}');
        const { fault, duplicatePayload } = this.take(key, Buffer.concat(chunks).toString('utf8'));
        if (duplicatePayload) return void res.writeHead(422).end('{"error":"same key, other payload"}');
        if (typeof fault === 'number') return void res.writeHead(fault, { 'content-type': 'application/json' }).end(`{"error":"fault ${fault}"}`);
        if (fault === 'timeout') return; // committed; the answer never comes
        if (fault === 'reset') return void req.socket.destroy();
        const answer = () => res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
        if (typeof fault === 'object') setTimeout(answer, fault.slowMs);
        else answer();
      });
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    return new Promise((r) => server.listen(this.port, '127.0.0.1', () => {
      this.port = (server.address() as import('node:net').AddressInfo).port;
      r();
    }));
  }

  /** Stop listening and cut every connection: the POS is down. */
  stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    for (const s of this.sockets) s.destroy();
    return new Promise((r) => server.close(() => r()));
  }
}

export class FakeWsPos extends Kitchen {
  private wss: WebSocketServer | null = null;
  readonly statusReplies: Record<string, unknown>[] = [];
  readonly clients = new Set<WebSocket>();

  /** Port 0 takes an ephemeral port on the first start and keeps it across stop/start. */
  constructor(public port: number, readonly token: string) {
    super();
  }
  get url(): string {
    return `ws://127.0.0.1:${this.port}/orders`;
  }

  start(): Promise<void> {
    const wss = new WebSocketServer({
      host: '127.0.0.1', port: this.port,
      verifyClient: (info, cb) => (info.req.headers.authorization === `Bearer ${this.token}` ? cb(true) : cb(false, 401, 'bad token')),
    });
    wss.on('connection', (ws) => {
      this.clients.add(ws);
      ws.on('close', () => this.clients.delete(ws));
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString());
        if (m.type === 'status-reply') return void this.statusReplies.push(m);
        if (m.type !== 'order') return;
        const key = m.idempotencyKey;
        const { fault, duplicatePayload } = this.take(key, JSON.stringify(m.order));
        if (duplicatePayload) return void ws.send(JSON.stringify({ type: 'nack', idempotencyKey: key, code: 422, error: 'same key, other payload' }));
        if (typeof fault === 'number') return void ws.send(JSON.stringify({ type: 'nack', idempotencyKey: key, code: fault, error: `fault ${fault}` }));
        if (fault === 'timeout') return;
        if (fault === 'reset') return void ws.terminate();
        const ack = () => ws.readyState === ws.OPEN && ws.send(JSON.stringify({ type: 'ack', idempotencyKey: key }));
        if (typeof fault === 'object') setTimeout(ack, fault.slowMs);
        else ack();
      });
    });
    this.wss = wss;
    return new Promise((r) => wss.on('listening', () => {
      this.port = (wss.address() as import('node:net').AddressInfo).port;
      r();
    }));
  }

  /** Push a status report to every connected relay. */
  pushStatus(report: Record<string, unknown>): void {
    for (const c of this.clients) c.send(JSON.stringify({ type: 'status', ...report }));
  }

  stop(): Promise<void> {
    const wss = this.wss;
    this.wss = null;
    if (!wss) return Promise.resolve();
    for (const c of wss.clients) c.terminate();
    return new Promise((r) => wss.close(() => r()));
  }
}

/** The one wait (test/helpers/until.ts) with the POS suites' patience: 15 s unless told, looked at every 20 ms. */
export async function waitFor(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  await until(what, check, ms, { every: 20 });
}

/** A fresh store in a temp folder with one point of sale pointing at `endpoint`. */
export function storeWithPos(endpoint: string, token: string, transport: 'http' | 'ws' = 'http'): { store: Store; file: string; posId: number; dir: string } {
  const dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-pos-`);
  const file = `${dir}/desk.db`;
  const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
  const res = store.pointsOfSale.add('Kitchen One', { endpoint, transport, token });
  if (!res.ok) throw new Error(res.reason);
  return { store, file, posId: res.pos.id, dir };
}

/** `n` deliveries sent to the point of sale, the way the desk sends them (promised at `o.promisedAt`, sent at `o.now`). */
export function sendOrders(store: Store, posId: number, n: number, o: { promisedAt?: number; now?: number } = {}): Delivery[] {
  const out: Delivery[] = [];
  for (let i = 0; i < n; i++) {
    const d = store.deliveries.createDraft({ customerId: null, phone: '777 123 456', phoneKey: '+420777123456', posId }, o.now);
    const filled: Delivery = {
      ...d, comment: `order ${i}`, address: { ...d.address, street: 'Vinohradská', house: String(10 + i), city: 'Praha' },
      promisedAt: o.promisedAt ?? d.promisedAt, asap: o.promisedAt === undefined ? d.asap : false,
      items: [{ productId: null, name: 'Margherita', size: '32 cm', modifiers: [{ name: 'extra cheese', price: 3000 }], quantity: 2, unitPrice: 18900, kitchenComment: '' }],
    };
    const sent = store.sendToPointOfSale(filled, o.now);
    if (!sent.ok) throw new Error(sent.reason);
    out.push(sent.delivery);
  }
  return out;
}
