#!/usr/bin/env node
/**
 * POS hand-off benchmark: 1,000 orders through the relay to a local HTTP POS that deduplicates
 * on the Idempotency-Key. Phases: a burst (throughput), a paced stream (hand-off latency as a
 * dispatcher sees it), and a burst against a POS that answers 30% errors (500/503/429/reset),
 * which must still end with every order created exactly once. Prints JSON.
 *
 *   npx tsc -p tsconfig.json && node bench/pos-relay.js [--orders 1000] [--rate 200]
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { Store } from '../dist/store/index.js';
import { startRelay } from '../dist/pos/relay.js';
import { numberArg } from './lib.js';

const ORDERS = numberArg('orders', 1000);
const RATE = numberArg('rate', 200);
const TOKEN = 'bench-token-0123456789';

function fakePos(errorRate) {
  const created = new Map();
  let requests = 0, errors = 0;
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
      if (!created.has(key)) created.set(key, Buffer.concat(chunks).length);
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/orders`, created,
    stats: () => ({ requests, errors }),
    close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }),
  })));
}

function newDelivery(store, posId, i) {
  const d = store.deliveries.createDraft({ customerId: null, phone: '777123456', phoneKey: '+420777123456', posId });
  const res = store.sendToPointOfSale({
    ...d, comment: `bench ${i}`, address: { ...d.address, street: 'Vinohradská', house: String(i), city: 'Praha' },
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
  const relay = startRelay({ store, owner: `bench-${name}`, ...relayOpts });
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

const results = [];
results.push(await phase('burst', { relayOpts: { concurrency: 16 } }));
results.push(await phase('paced', { rate: RATE, relayOpts: { concurrency: 16 } }));
results.push(await phase('burst-30pct-errors', { errorRate: 0.3, relayOpts: { concurrency: 16, baseDelayMs: 50, maxDelayMs: 1000, maxAttempts: 25 } }));
const out = { bench: 'pos-relay', node: process.version, cpus: os.cpus().length, results, all_exactly_once: results.every((r) => r.exactly_once) };
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
process.exit(out.all_exactly_once ? 0 : 1);
