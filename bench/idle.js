/**
 * bench/idle.js — what idle consoles cost a shared box (issue 19). HEAVY: it starts up to
 * --consoles real `ringdesk console` processes (default 50 and then 200), each in its own
 * pseudo-terminal (`script`), on a copy of the 1M-customer database, plus one `ringdesk relay`
 * service (one relay per box). Each console takes ~100 MB of memory and ~1 s of CPU to start:
 * 200 consoles want ~20 GB free and a few minutes. Everything is bounded: it starts no console
 * while the box has less than --min-free-mb (default 3000) available, gives each start 120 s,
 * and stops only the processes it started (by PID), on exit, on error and on Ctrl-C.
 *
 * For each count: start the consoles (two at a time), let them settle, then for --seconds
 * (default 60) nobody touches anything: CPU each console used (utime + stime from /proc), its
 * resident memory, and the box's CPU over the same window. Then --rounds (default 10) commits
 * by a colleague's connection (the bench's own store, written as a console writes: a customer's
 * name on the order at the top of every console's list): commit -> the new name in each
 * console's terminal output, p50/p99 over every console and round, and what the commits cost each
 * console (`perConsolePerCommit`: its CPU and wake-ups over the rounds, per commit). Prints JSON.
 *
 *   npm run build && scripts/with-node node bench/idle.js [--consoles 50,200] [--seconds 60]
 *     [--rounds 10] [--db /tmp/ringdesk-idle-1m.db] [--min-free-mb 3000]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, numberArg, summary } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, '..', 'bin', 'ringdesk.js');
// the console's own bundle: its store and its ANSI stripping
const { Store, stripAnsi } = await import(path.join(here, '..', 'dist', 'bundle', 'bench-kit.js'));

const counts = String(arg('consoles', '50,200')).split(',').map(Number).filter((n) => n > 0);
const seconds = numberArg('seconds', 60);
const rounds = numberArg('rounds', 10);
const minFreeMb = numberArg('min-free-mb', 3000);
const source = '/tmp/ringdesk-bench-1000000-3000000.db';
const dbFile = arg('db', '/tmp/ringdesk-idle-1m.db');
const HZ = 100; // USER_HZ: /proc times are in 1/100 s on Linux

// the consoles write (heartbeats, their runs): never the dataset other benches share
if (!fs.existsSync(dbFile)) {
  if (!fs.existsSync(source)) {
    console.error(`no ${source}: run bench/desk.js once (it builds the 1M database), or pass --db`);
    process.exit(1);
  }
  fs.copyFileSync(source, dbFile);
}

const started = []; // { script, node, out, home } — ours, stopped by PID
let relay = null;

function memAvailableMb() {
  return Number(/MemAvailable:\s+(\d+)/.exec(fs.readFileSync('/proc/meminfo', 'utf8'))[1]) / 1024;
}
function cpuTicks(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]); // utime + stime
  } catch {
    return NaN;
  }
}
/** Voluntary context switches of every thread of `pid`: each is a sleep the process woke from (load-independent). */
function wakeups(pid) {
  try {
    let n = 0;
    for (const t of fs.readdirSync(`/proc/${pid}/task`)) n += Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/task/${t}/status`, 'utf8'))[1]);
    return n;
  } catch {
    return NaN;
  }
}
function rssMb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN;
  }
}
function boxTicks() {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  return { busy: cpu.reduce((a, b) => a + b, 0) - idle, all: cpu.reduce((a, b) => a + b, 0) };
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => summary(xs).p50;

/** One console in its own pseudo-terminal (80x24), its own HOME and operator; resolves at its first frame. */
function startConsole(n) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-idle-home-'));
  const t0 = performance.now();
  const script = spawn('script', ['-qfec', `stty rows 24 cols 80; exec node ${bin} console --db ${dbFile} --operator idle${String(n).padStart(3, '0')}`, '/dev/null'], {
    env: { ...process.env, HOME: home, TERM: 'xterm-256color', RINGDESK_CONFIG: '' }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  const c = { n, script, node: null, home, tail: '', watch: null, firstMs: null };
  started.push(c);
  script.stdout.on('data', (d) => {
    // the last few KB of what the terminal shows, for the commit rounds
    c.tail = (c.tail + stripAnsi(d.toString())).slice(-8192);
    if (c.watch && c.tail.includes(c.watch.text)) {
      c.watch.done(performance.now());
      c.watch = null;
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`console ${n}: no frame in 120 s: ${c.tail.slice(-300)}`)), 120_000);
    const look = setInterval(() => {
      if (!c.tail.includes('Open orders')) return;
      clearInterval(look);
      clearTimeout(timer);
      c.firstMs = performance.now() - t0;
      try {
        c.node = Number(fs.readFileSync(`/proc/${script.pid}/task/${script.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
      } catch {
        c.node = null;
      }
      resolve(c);
    }, 20);
    script.on('exit', () => { clearInterval(look); clearTimeout(timer); reject(new Error(`console ${n} exited: ${c.tail.slice(-300)}`)); });
  });
}

function startRelay() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-idle-home-'));
  const child = spawn(process.execPath, [bin, 'relay', '--db', dbFile, '--quiet'], { env: { ...process.env, HOME: home, RINGDESK_CONFIG: '' }, stdio: ['ignore', 'ignore', 'ignore'] });
  return { child, home };
}

async function stopAll() {
  const list = started.splice(0);
  for (const c of list) {
    try {
      if (c.node) process.kill(c.node, 'SIGTERM');
      else c.script.kill('SIGTERM');
    } catch {
      // already gone
    }
  }
  const end = Date.now() + 15_000;
  while (list.some((c) => c.script.exitCode === null && c.script.signalCode === null) && Date.now() < end) await sleep(100);
  for (const c of list) {
    if (c.script.exitCode === null && c.script.signalCode === null) {
      try { if (c.node) process.kill(c.node, 'SIGKILL'); } catch { /* gone */ }
      c.script.kill('SIGKILL');
    }
    fs.rmSync(c.home, { recursive: true, force: true });
  }
}
async function stopRelay() {
  if (!relay) return;
  const r = relay;
  relay = null;
  if (r.child.exitCode === null) {
    r.child.kill('SIGTERM');
    await Promise.race([new Promise((res) => r.child.on('exit', res)), sleep(5000)]);
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  }
  fs.rmSync(r.home, { recursive: true, force: true });
}
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    await stopAll();
    await stopRelay();
    process.exit(130);
  });
}

async function runCount(count) {
  const out = { consoles: count };
  // start two at a time (a 2-core box), never below the memory floor
  let startFailures = 0;
  for (let i = 0; i < count; i += 2) {
    if (memAvailableMb() < minFreeMb) {
      out.stoppedAt = { consoles: started.length, why: `MemAvailable below ${minFreeMb} MB` };
      break;
    }
    const batch = [];
    for (let j = i; j < Math.min(count, i + 2); j++) batch.push(startConsole(j + 1).catch((e) => { startFailures++; return e; }));
    await Promise.all(batch);
  }
  const live = started.filter((c) => c.node);
  out.started = live.length;
  out.startFailures = startFailures;
  out.startToFirstFrameMs = summary(live.map((c) => c.firstMs));
  // a console's first seconds: the relay lease looked at, the first heartbeat; then quiet
  await sleep(5000);

  const before = new Map(live.map((c) => [c, cpuTicks(c.node)]));
  const wokeBefore = new Map(live.map((c) => [c, wakeups(c.node)]));
  const relayBefore = cpuTicks(relay.child.pid);
  const box0 = boxTicks();
  const load0 = os.loadavg()[0];
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  const box1 = boxTicks();
  const perConsole = live.map((c) => ((cpuTicks(c.node) - before.get(c)) * (1000 / HZ)) / elapsed).filter((x) => Number.isFinite(x));
  const total = perConsole.reduce((a, b) => a + b, 0);
  const woke = live.map((c) => ((wakeups(c.node) - wokeBefore.get(c)) * 60) / elapsed).filter((x) => Number.isFinite(x));
  out.idle = {
    seconds: +elapsed.toFixed(1),
    cpuMsPerConsolePerSecond: { mean: +(total / perConsole.length).toFixed(3), ...summary(perConsole), goal: 0.5 },
    consolesCores: +(total / 1000).toFixed(4),
    // every thread's voluntary context switches: how often an idle console woke, whatever the box's load
    wakeupsPerConsolePerMinute: summary(woke),
    relayServiceMsPerSecond: +(((cpuTicks(relay.child.pid) - relayBefore) * (1000 / HZ)) / elapsed).toFixed(3),
    boxCpuBusy: +((box1.busy - box0.busy) / (box1.all - box0.all)).toFixed(3),
    boxCores: os.cpus().length,
    loadavg1: { start: +load0.toFixed(2), end: +os.loadavg()[0].toFixed(2) },
  };
  const rss = live.map((c) => rssMb(c.node)).filter((x) => Number.isFinite(x));
  out.rssMb = { ...summary(rss), total: Math.round(rss.reduce((a, b) => a + b, 0)) };

  // a colleague commits: the top order's customer gets a new name; every console shows it
  const store = Store.open(dbFile, { region: 'CZ', currency: 'CZK' });
  // an order near the top of every console's list that shows its customer's name
  const top = store.deliveries.open(5).map((d) => store.deliveries.get(d.id)).find((d) => d?.customerId);
  const latencies = [];
  let missed = 0;
  out.commitRounds = top ? rounds : 'no order with a customer near the top of the list';
  const commitTicks = new Map(live.map((c) => [c, cpuTicks(c.node)]));
  const commitWoke = new Map(live.map((c) => [c, wakeups(c.node)]));
  if (top) {
    const customer = store.customers.get(top.customerId);
    for (let r = 0; r < rounds; r++) {
      const text = `Idle Bench ${process.pid % 1000}-${count}-${r}`;
      const seen = live.map((c) => new Promise((resolve) => {
        const timer = setTimeout(() => { c.watch = null; resolve(null); }, 5000);
        c.watch = { text, done: (at) => { clearTimeout(timer); resolve(at); } };
      }));
      const at = performance.now();
      store.customers.update({ ...customer, name: text });
      for (const t of await Promise.all(seen)) {
        if (t === null) missed++;
        else latencies.push(t - at);
      }
      await sleep(1000);
    }
    store.customers.update(customer);
  }
  store.close();
  if (top) {
    // what one colleague's commit costs each console: its CPU and wake-ups over the rounds, per commit
    // (the 1 s pause after each commit included: an idle console's own ~0.5 ms of it)
    out.perConsolePerCommit = {
      cpuMs: summary(live.map((c) => ((cpuTicks(c.node) - commitTicks.get(c)) * (1000 / HZ)) / rounds).filter((x) => Number.isFinite(x))),
      wakeups: summary(live.map((c) => (wakeups(c.node) - commitWoke.get(c)) / rounds).filter((x) => Number.isFinite(x))),
    };
  }
  out.commitToScreenMs = { ...summary(latencies), notSeenWithin5s: missed, goal: 250 };
  await stopAll();
  return out;
}

const result = { bench: 'idle', db: dbFile, machine: { cpus: os.cpus().length, node: process.version, memAvailableMb: Math.round(memAvailableMb()) }, runs: [] };
try {
  relay = startRelay();
  for (const n of counts) {
    result.runs.push(await runCount(n));
    await sleep(3000);
  }
} catch (e) {
  result.error = e.message;
} finally {
  await stopAll();
  await stopRelay();
}
console.log(JSON.stringify(result, null, 2));
