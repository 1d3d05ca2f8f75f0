#!/usr/bin/env node
/**
 * POS hand-off benchmark: 1,000 orders through the relay to a local HTTP POS that deduplicates
 * on the Idempotency-Key. Phases: a burst (throughput), a paced stream (hand-off latency as a
 * dispatcher sees it), a burst against a POS that answers 30% errors (500/503/429/reset),
 * which must still end with every order created exactly once, and an outage: the POS is down
 * for 90 s while the orders are queued, then back; none may fail, none may be created twice,
 * and the outbox must drain within 10 s of the POS's return. Prints JSON.
 *
 *   npx tsc -p tsconfig.json && node bench/pos-relay.js [--orders 1000] [--rate 200] [--outage-s 90] [--only outage]
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { Store } from '../dist/store/index.js';
import { startRelay } from '../dist/pos/relay.js';
import { arg, numberArg } from './lib.js';

const ORDERS = numberArg('orders', 1000);
const RATE = numberArg('rate', 200);
const OUTAGE_S = numberArg('outage-s', 90);
const ONLY = arg('only', '');
const TOKEN = 'bench-token-0123456789';

function fakePos(errorRate) {
  const created = new Map();
  /** Orders (by order id) the POS would have cooked: more than one key per order id would be a duplicate. */
  const ordersById = new Map();
  let requests = 0, errors = 0, repeats = 0, lastAckAt = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      requests++;
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return res.writeHead(401).end();
      const key = req.headers['idempotency-key'];
      if (Math.random() < errorRate) {
        errors++;
        const pick = Math.random();
        if (pick < 0.25) return req.socket.destroy();
        return res.writeHead(pick < 0.5 ? 500 : pick < 0.75 ? 503 : 429).end('{"error":"busy"}');
      }
      if (created.has(key)) repeats++;
      else {
        const body = Buffer.concat(chunks);
        created.set(key, body.length);
        const id = JSON.parse(body.toString('utf8')).id;
        ordersById.set(id, (ordersById.get(id) ?? 0) + 1);
      }
      lastAckAt = Date.now();
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  let port = 0;
  const listen = () => new Promise((resolve) => server.listen(port, '127.0.0.1', () => { port = server.address().port; resolve(); }));
  return listen().then(() => ({
    url: `http://127.0.0.1:${port}/orders`, created,
    duplicates: () => [...ordersById.values()].filter((n) => n > 1).length,
    stats: () => ({ requests, errors, repeats, lastAckAt }),
    /** The POS goes down: it stops listening and cuts every connection (clients get connection refused). */
    down: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }),
    /** Back on the same port. */
    up: listen,
    close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }),
  }));
}

function newDelivery(store, posId, i, promisedAt = null) {
  const d = store.deliveries.createDraft({ customerId: null, phone: '777123456', phoneKey: '+420777123456', posId });
  const res = store.sendToPointOfSale({
    ...d, comment: `bench ${i}`, address: { ...d.address, street: 'Vinohradská', house: String(i), city: 'Praha' },
    promisedAt, asap: promisedAt === null,
    items: [{ productId: null, name: 'Margherita', size: '32 cm', modifiers: [], quantity: 1, unitPrice: 18900, kitchenComment: '' }],
  });
  if (!res.ok) throw new Error(res.reason);
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function phase(name, { errorRate = 0, rate = 0, relayOpts = {} }) {
  const dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-bench-`);
  const store = Store.open(`${dir}/bench.db`, { region: 'CZ', currency: 'CZK' });
  const pos = await fakePos(errorRate);
  const added = store.pointsOfSale.add('Bench Kitchen', { endpoint: pos.url, token: TOKEN });
  if (!added.ok) throw new Error(added.reason);
  const relay = startRelay({ store: store.ports, owner: `bench-${name}`, ...relayOpts });
  const started = Date.now();
  if (rate > 0) {
    for (let i = 0; i < ORDERS; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      newDelivery(store, added.pos.id, i);
      relay.kick();
    }
  } else {
    for (let i = 0; i < ORDERS; i++) newDelivery(store, added.pos.id, i);
    relay.kick();
  }
  const enqueued = Date.now();
  const deadline = Date.now() + 300_000;
  while (store.outbox.counts().acknowledged + store.outbox.counts().failed < ORDERS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const finished = Date.now();
  await relay.stop();
  const rows = store.outbox.list(ORDERS + 10);
  const lat = rows.filter((r) => r.acknowledgedAt).map((r) => r.acknowledgedAt - r.createdAt).sort((a, b) => a - b);
  const attempts = rows.reduce((s, r) => s + r.attempts, 0);
  const counts = store.outbox.counts();
  const result = {
    phase: name, orders: ORDERS, pos_error_rate: errorRate, paced_per_s: rate || null,
    seconds: (finished - started) / 1000,
    enqueue_seconds: (enqueued - started) / 1000,
    throughput_per_s: Math.round((ORDERS / ((finished - started) / 1000)) * 10) / 10,
    handoff_ms: { p50: pct(lat, 50), p99: pct(lat, 99), max: lat[lat.length - 1] },
    acknowledged: counts.acknowledged, failed: counts.failed,
    pos_orders_created: pos.created.size, pos_requests: pos.stats().requests, pos_errors: pos.stats().errors,
    attempts_total: attempts,
    exactly_once: pos.created.size === ORDERS && counts.acknowledged === ORDERS,
  };
  await pos.close();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

/**
 * The POS is down for OUTAGE_S seconds while the orders are queued (paced over the first two
 * thirds of it, so they sit at every stage of their back-off), then back. The relay runs with its
 * defaults (back-off 2 s doubling to the 30 s cap, a probe every 2 s, promised time 45 min away).
 */
async function outage() {
  const dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-bench-`);
  const store = Store.open(`${dir}/bench.db`, { region: 'CZ', currency: 'CZK' });
  const pos = await fakePos(0);
  const added = store.pointsOfSale.add('Bench Kitchen', { endpoint: pos.url, token: TOKEN });
  if (!added.ok) throw new Error(added.reason);
  await pos.down();
  const relay = startRelay({ store: store.ports, owner: 'bench-outage', concurrency: 16 });
  const started = Date.now();
  const spread = (OUTAGE_S * 1000 * 2) / 3;
  for (let i = 0; i < ORDERS; i++) {
    const wait = started + (i * spread) / ORDERS - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    newDelivery(store, added.pos.id, i, Date.now() + 45 * 60_000);
    relay.wake();
  }
  const waitUntil = started + OUTAGE_S * 1000 - Date.now();
  if (waitUntil > 0) await new Promise((r) => setTimeout(r, waitUntil));
  const before = store.outbox.counts();
  const rowsBefore = store.outbox.list(ORDERS + 10);
  const attemptsDuringOutage = rowsBefore.reduce((s, r) => s + r.attempts, 0);
  const longestWait = Math.max(...rowsBefore.map((r) => r.nextAttemptAt - Date.now()));
  await pos.up();
  const back = Date.now();
  const deadline = back + 120_000;
  while (store.outbox.counts().acknowledged + store.outbox.counts().failed < ORDERS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const drained = Date.now();
  await relay.stop();
  const counts = store.outbox.counts();
  const rows = store.outbox.list(ORDERS + 10);
  const result = {
    phase: `outage-${OUTAGE_S}s`, orders: ORDERS, outage_seconds: OUTAGE_S,
    failed_during_outage: before.failed, attempts_during_outage: attemptsDuringOutage,
    longest_back_off_left_when_pos_returned_s: Math.round(longestWait / 100) / 10,
    drained_seconds_after_pos_returned: (drained - back) / 1000,
    first_order_after_return_ms: null,
    acknowledged: counts.acknowledged, failed: counts.failed,
    pos_orders_created: pos.created.size, duplicates: pos.duplicates(), pos_requests: pos.stats().requests,
    repeat_arrivals_deduplicated: pos.stats().repeats,
    attempts_total: rows.reduce((s, r) => s + r.attempts, 0),
    exactly_once: pos.created.size === ORDERS && counts.acknowledged === ORDERS && pos.duplicates() === 0,
    drained_within_10s: drained - back <= 10_000,
  };
  const firstAck = Math.min(...rows.filter((r) => r.acknowledgedAt).map((r) => r.acknowledgedAt));
  result.first_order_after_return_ms = Number.isFinite(firstAck) ? firstAck - back : null;
  await pos.close();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

const results = [];
if (!ONLY || ONLY === 'burst') results.push(await phase('burst', { relayOpts: { concurrency: 16 } }));
if (!ONLY || ONLY === 'paced') results.push(await phase('paced', { rate: RATE, relayOpts: { concurrency: 16 } }));
if (!ONLY || ONLY === 'errors') results.push(await phase('burst-30pct-errors', { errorRate: 0.3, relayOpts: { concurrency: 16, baseDelayMs: 50, maxDelayMs: 1000 } }));
if (!ONLY || ONLY === 'outage') results.push(await outage());
const loadavg = os.loadavg().map((x) => Math.round(x * 100) / 100);
const out = {
  bench: 'pos-relay', node: process.version, cpus: os.cpus().length, loadavg_1_5_15: loadavg, results,
  all_exactly_once: results.every((r) => r.exactly_once), outage_ok: results.filter((r) => r.outage_seconds).every((r) => r.failed === 0 && r.drained_within_10s),
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
process.exit(out.all_exactly_once && out.outage_ok ? 0 : 1);
