/**
 * The demo's point of sale and kitchen (`ringdesk console --demo`, `npm start`): a real
 * WebSocket server on 127.0.0.1 (an ephemeral port) that speaks the POS protocol of
 * docs/pos-api.md, so the console's own relay, leases and idempotency keys do the real work.
 * Each demo outlet connects with its own token; an order is acknowledged by its key (a repeat
 * gets the same answer and is not cooked twice), then the kitchen reports it accepted, cooking,
 * on the way with a driver, and delivered, over the same connection, as a real POS would.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StorePorts } from '../store/ports.js';
import { demoOutlets } from '../demo/seed-data.js';

/** Seconds after the acknowledgement at which the demo kitchen reports each status. */
export interface KitchenPace { accepted: number; cooking: number; onTheWay: number; delivered: number }
export const defaultPace: KitchenPace = { accepted: 2, cooking: 6, onTheWay: 20, delivered: 40 };

/** "2,6,20,40" → a pace; a message naming the value when it is not four growing numbers of seconds. */
export function parsePace(text: string): { ok: true; pace: KitchenPace } | { ok: false; error: string } {
  const n = text.split(',').map((x) => Number(x.trim()));
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x) || x < 0) || n.some((x, i) => i > 0 && x < n[i - 1])) {
    return { ok: false, error: `--demo-kitchen "${text}" must be four growing numbers of seconds: accepted,cooking,on the way,delivered (e.g. 2,6,20,40)` };
  }
  return { ok: true, pace: { accepted: n[0], cooking: n[1], onTheWay: n[2], delivered: n[3] } };
}

/** The demo drivers the kitchen hands orders to (the seed's drivers). */
const drivers = [{ name: 'Karel Rychlý', phone: '+420 605 100 200' }, { name: 'Ondřej Kolo', phone: '+420 605 300 400' }];

export interface DemoPointOfSale {
  readonly port: number;
  /** Where the outlet's relay connects, and the token it must bring. */
  outlet(name: string): { endpoint: string; token: string };
  /** Orders the kitchen took (one per idempotency key, ever). */
  readonly taken: ReadonlyMap<string, { orderId: string; revision: number }>;
  /** The POS goes down (connections cut, connection refused) until up(): fixtures and demos of an outage. */
  down(): Promise<void>;
  /** Back on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

interface Kitchen { name: string; token: string; path: string; clients: Set<WebSocket> }

export async function startDemoPointOfSale(o: { pace?: KitchenPace; log?: (line: string) => void } = {}): Promise<DemoPointOfSale> {
  const pace = o.pace ?? defaultPace;
  const log = o.log ?? (() => {});
  const kitchens = new Map<string, Kitchen>();
  const taken = new Map<string, { orderId: string; revision: number }>();
  const cooking = new Map<string, NodeJS.Timeout[]>();
  let events = 0;
  let served = 0;

  const kitchenOf = (path: string | undefined) => [...kitchens.values()].find((k) => k.path === path);
  const server = http.createServer((_req, res) => res.writeHead(426).end('the demo kitchen speaks WebSocket'));
  const wss = new WebSocketServer({
    server,
    verifyClient: (info, done) => {
      const k = kitchenOf(info.req.url);
      if (k && info.req.headers.authorization === `Bearer ${k.token}`) done(true);
      else done(false, 401, 'this demo kitchen needs its token');
    },
  });
  let port = 0;
  const listen = () => new Promise<void>((r) => server.listen(port, '127.0.0.1', () => {
    port = (server.address() as AddressInfo).port;
    r();
  }));
  const stopListening = () => new Promise<void>((r) => {
    for (const c of wss.clients) c.terminate();
    server.close(() => r());
    server.closeAllConnections();
  });
  await listen();

  /** Tell whichever connection of the kitchen is open now; a kitchen with none tries again shortly. */
  function report(k: Kitchen, orderId: string, status: string, extra: Record<string, unknown> = {}): void {
    const open = [...k.clients].find((c) => c.readyState === c.OPEN);
    if (!open) {
      const t = setTimeout(() => report(k, orderId, status, extra), 1000);
      t.unref();
      return;
    }
    open.send(JSON.stringify({ type: 'status', eventId: `demo-${++events}`, orderId, status, ...extra }));
  }

  function cook(k: Kitchen, orderId: string): void {
    const driver = drivers[served++ % drivers.length];
    const at = (s: number, status: string, extra?: Record<string, unknown>) => {
      const t = setTimeout(() => report(k, orderId, status, extra), s * 1000);
      t.unref();
      return t;
    };
    cooking.set(orderId, [
      at(pace.accepted, 'accepted'), at(pace.cooking, 'cooking'), at(pace.onTheWay, 'on the way', { driver }), at(pace.delivered, 'delivered'),
    ]);
  }

  wss.on('connection', (ws, req) => {
    const k = kitchenOf(req.url)!;
    k.clients.add(ws);
    ws.on('close', () => k.clients.delete(ws));
    ws.on('message', (data) => {
      let m: Record<string, unknown>;
      try {
        m = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (m?.type !== 'order' || typeof m.idempotencyKey !== 'string') return;
      const key = m.idempotencyKey;
      const order = m.order as { id?: unknown; revision?: unknown; status?: unknown } | null;
      if (!order || typeof order.id !== 'string') {
        ws.send(JSON.stringify({ type: 'nack', idempotencyKey: key, code: 400, error: 'the order has no id' }));
        return;
      }
      // the same key again (a retry after a lost answer): the same answer, nothing cooked twice
      if (!taken.has(key)) {
        const first = ![...taken.values()].some((t) => t.orderId === order.id);
        taken.set(key, { orderId: order.id, revision: Number(order.revision) || 0 });
        if (order.status === 'cancelled') {
          for (const t of cooking.get(order.id) ?? []) clearTimeout(t);
          cooking.delete(order.id);
          log(`${k.name}: ${order.id} cancelled`);
        } else if (first) {
          log(`${k.name}: took ${order.id}`);
          cook(k, order.id);
        }
      }
      ws.send(JSON.stringify({ type: 'ack', idempotencyKey: key }));
    });
  });

  return {
    get port() { return port; },
    taken,
    down: stopListening,
    up: listen,
    outlet(name: string) {
      let k = kitchens.get(name);
      if (!k) {
        const slug = name.normalize('NFD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'kitchen';
        k = { name, token: `demo-${crypto.randomBytes(12).toString('hex')}`, path: `/demo/${slug}`, clients: new Set() };
        kitchens.set(name, k);
      }
      return { endpoint: `ws://127.0.0.1:${port}${k.path}`, token: k.token };
    },
    async close() {
      for (const ts of cooking.values()) ts.forEach(clearTimeout);
      wss.close();
      if (server.listening) await stopListening();
    },
  };
}

/** A demo endpoint (this module's, on any port): safe to point at the demo kitchen again. */
const DEMO_ENDPOINT = /^ws:\/\/127\.0\.0\.1:\d+\/demo\//;
export const isDemoEndpoint = (endpoint: string): boolean => DEMO_ENDPOINT.test(endpoint);

/**
 * Point the demo's outlets at the demo kitchen: only outlets that have no endpoint yet or an
 * earlier demo kitchen's, so a real point of sale is never taken over. Returns their names.
 */
export async function connectDemoOutlets(store: StorePorts, demo: DemoPointOfSale): Promise<string[]> {
  const done: string[] = [];
  for (const { name } of demoOutlets) {
    const pos = await store.pointsOfSale.byName(name);
    if (!pos || (pos.endpoint !== '' && !DEMO_ENDPOINT.test(pos.endpoint))) continue;
    const { endpoint, token } = demo.outlet(name);
    const r = await store.pointsOfSale.set(name, { transport: 'ws', endpoint, token });
    if (r.ok) done.push(name);
  }
  return done;
}
