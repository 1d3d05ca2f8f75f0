/**
 * bench/queue.js — the queue every console shares (issue 15). Prints JSON.
 *
 * 1. Seen on every console: --consoles (default 50) simulated desks, each a worker PROCESS running
 *    the console's own DeskRunner (from the bundle) live on one database file — its commit watch,
 *    desk_changes and queue reload exactly as the console runs them, no screen. The bench's own
 *    connection (a widget, a colleague) creates --items (default 20) work items one after another;
 *    for each, the time from its commit to the moment each desk's state holds it (clocks compared
 *    through performance.timeOrigin + now(), one machine). p50/p99/max over consoles × items.
 *    Goal: p99 ≤ 250 ms.
 * 2. Accept races: --races (default 1000) items, each accepted by two worker processes (two
 *    connections) at the same instant (both spin to an agreed moment 30 ms ahead); exactly one
 *    must win every time.
 *
 *   npm run build && scripts/with-node node bench/queue.js [--consoles 50] [--items 20] [--races 1000]
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { numberArg, summary } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const kit = path.join(here, '..', 'dist', 'bundle', 'bench-kit.js');
const { Store, DeskRunner, ReplayPhone } = await import(kit);
const at = () => performance.timeOrigin + performance.now();

if (process.argv[2] === '--desk') await desk(process.argv[3], process.argv[4]);
else if (process.argv[2] === '--racer') await racer(process.argv[3], process.argv[4]);
else await main();

/** A simulated console: the real runner, live; tells the parent when an item first shows in its state. */
async function desk(file, name) {
  const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
  const phone = new ReplayPhone({ register: false });
  const runner = new DeskRunner({ store, phone, operator: { id: null, name, extension: '' } });
  runner.start();
  const stop = runner.runLive();
  const seen = new Set(runner.state.queue.items.map((i) => i.id));
  runner.subscribe((s) => {
    for (const i of s.queue.items) if (!seen.has(i.id)) { seen.add(i.id); process.send({ seen: i.id, at: at() }); }
  });
  process.on('message', (m) => { if (m === 'stop') { stop(); runner.dispose(); store.close(); process.exit(0); } });
  process.send({ ready: true });
}

/** One of two racers: for each race, spin to the agreed instant, accept, report whether it won. */
async function racer(file, name) {
  const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
  process.on('message', (m) => {
    if (m === 'stop') { store.close(); process.exit(0); }
    while (at() < m.when) { /* spin: both start within microseconds */ }
    const r = store.workItems.accept(m.id, { operator: name, console: name }, Date.now());
    process.send({ id: m.id, won: r.ok });
  });
  process.send({ ready: true });
}

function start(args) {
  const child = fork(fileURLToPath(import.meta.url), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise((resolve) => child.on('message', (m) => m.ready && resolve()));
  return { child, ready };
}

async function main() {
  const consoles = numberArg('consoles', 50);
  const items = numberArg('items', 20);
  const races = numberArg('races', 1000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-queue-bench-'));
  const file = path.join(dir, 'queue.db');
  const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
  const started = [];
  try {
    // 1. seen on every console
    const created = new Map();
    const latencies = [];
    let seenCount = 0;
    let onSeen = () => {};
    for (let i = 0; i < consoles; i++) {
      const d = start(['--desk', file, `op${i}`]);
      d.child.on('message', (m) => {
        if (m.seen === undefined || !created.has(m.seen)) return;
        latencies.push(m.at - created.get(m.seen));
        seenCount++;
        onSeen();
      });
      started.push(d);
      if (i % 5 === 4) await Promise.all(started.slice(-5).map((x) => x.ready));
    }
    await Promise.all(started.map((d) => d.ready));
    await new Promise((r) => setTimeout(r, 1000));
    for (let n = 0; n < items; n++) {
      const want = (n + 1) * consoles;
      const all = new Promise((resolve) => { onSeen = () => seenCount >= want && resolve(); });
      const t0 = at();
      const r = store.workItems.create({ kind: n % 2 ? 'chat' : 'callback', entry: { via: 'web', value: 'https://pizza.example/' }, name: `visitor ${n}`, phone: '602 111 222' }, Date.now());
      created.set(r.item.id, t0);
      await Promise.race([all, new Promise((r) => setTimeout(r, 5000))]);
      await new Promise((r) => setTimeout(r, 200));
    }
    const seen = summary(latencies);
    for (const d of started) d.child.send('stop');

    // 2. accept races between two consoles
    const a = start(['--racer', file, 'jana']);
    const b = start(['--racer', file, 'petr']);
    await Promise.all([a.ready, b.ready]);
    const results = new Map();
    let resolveRace = () => {};
    const onResult = (m) => {
      const list = results.get(m.id) ?? [];
      list.push(m.won);
      results.set(m.id, list);
      if (list.length === 2) resolveRace();
    };
    a.child.on('message', onResult);
    b.child.on('message', onResult);
    let exactlyOne = 0;
    let both = 0;
    let none = 0;
    for (let n = 0; n < races; n++) {
      const r = store.workItems.create({ kind: 'chat', entry: { via: 'web', value: '' }, name: `race ${n}` }, Date.now());
      const done = new Promise((resolve) => { resolveRace = resolve; });
      const when = at() + 30;
      a.child.send({ id: r.item.id, when });
      b.child.send({ id: r.item.id, when });
      await done;
      const wins = results.get(r.item.id).filter(Boolean).length;
      if (wins === 1) exactlyOne++; else if (wins === 2) both++; else none++;
    }
    a.child.send('stop');
    b.child.send('stop');
    console.log(JSON.stringify({
      conditions: { consoles, items, races, cpus: os.cpus().length, loadavg: os.loadavg().map((x) => +x.toFixed(2)), node: process.version },
      seenOnEveryConsole: { ...seen, expected: consoles * items, goalP99Ms: 250, met: seen.samples === consoles * items && seen.p99 <= 250 },
      acceptRaces: { races, exactlyOne, bothWon: both, noneWon: none, met: exactlyOne === races },
    }, null, 2));
  } finally {
    for (const d of started) if (d.child.exitCode === null) d.child.kill();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
