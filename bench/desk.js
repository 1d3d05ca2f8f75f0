#!/usr/bin/env node
/**
 * Desk benchmark (issue: the dispatcher desk). Prints JSON.
 *   node bench/desk.js [--customers 1000000] [--deliveries 3000000] [--db PATH] [--rebuild] [--banner-only] [--calls 1000] [--columns 80 --rows 24] [--kit PATH]
 * Figures: lookup + S2 routing p50/p99; phone event -> banner frame written p50/p99 (the real
 * Ink renderer, not debug mode); start -> first frame of `ringdesk console` in a pseudo-terminal
 * (median of runs); resident memory of that console with the dataset open.
 * --start-only: only the start and memory figures (a first start, then 7 more with the same HOME).
 * --against PATH and/or --against-node-args "ARGS": a second way to start the console (another
 *   checkout's bin/ringdesk.js; node flags such as --max-semi-space-size=1), started in turn with
 *   this one (this, other, this, other…, 7 each): both medians and each start's resident memory.
 * Needs `npm run build` first. The dataset is built once and reused (--rebuild to redo it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { arg, numberArg, percentile as pct } from './lib.js';

// measure what the console runs: its bundle (production React, the console's screen writer)
const here = path.dirname(fileURLToPath(import.meta.url));
// --kit: another build of the kit (bench/text-boundary.js compares the console with and without its Text boundary)
const {
  drawDesk, Store, seed, prng, previewCall, DeskRunner, ReplayPhone, VirtualStdin, VirtualStdout, stripAnsi,
} = await import(path.resolve(arg('kit', path.join(here, '..', 'dist', 'bundle', 'bench-kit.js'))));

const customers = numberArg('customers', 1_000_000);
// the terminal the banner is drawn in: 80x24 is the classic size the console is designed for
const columns = numberArg('columns', 80);
const rows = numberArg('rows', 24);
const deliveries = numberArg('deliveries', 3_000_000);
// rings timed for the banner figure (p99 of 1000 is the tenth slowest: steadier than of 300)
const bannerCalls = numberArg('calls', 1000);
const dbFile = arg('db', path.join(os.tmpdir(), `ringdesk-bench-${customers}-${deliveries}.db`));
const median = (xs) => pct(xs, 50);
const log = (m) => process.stderr.write(`${m}\n`);

// ---------------------------------------------------------------- dataset
if (process.argv.includes('--rebuild')) for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
let store = Store.open(dbFile, { region: 'CZ', currency: 'CZK' });
const have = store.db.prepare('SELECT COUNT(*) AS n FROM customers').get().n;
if (have < customers) {
  log(`building ${customers} customers / ${deliveries} deliveries in ${dbFile} (once)…`);
  const t = Date.now();
  seed(store, { customers, deliveries, progress: (w, d, n) => log(`  ${w} ${d}/${n}`) });
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.db.exec('ANALYZE');
  log(`  built in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}
const counts = store.db.prepare('SELECT (SELECT COUNT(*) FROM customers) AS customers, (SELECT COUNT(*) FROM deliveries) AS deliveries').get();

const startOnly = process.argv.includes('--start-only');
// ---------------------------------------------------------------- lookup + routing
const numbers = store.db.prepare('SELECT as_typed FROM customer_phones ORDER BY customer_id LIMIT 200000').pluck().all();
let lookupMs = [];
let bannerMs = [];
if (!startOnly) {
const rnd = prng(7);
const sample = [];
for (let i = 0; i < 20_000; i++) {
  const r = rnd();
  if (r < 0.7) sample.push(numbers[Math.floor(rnd() * numbers.length)]);
  else if (r < 0.9) sample.push(`+420 6${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`); // mostly unknown
  else sample.push(['+420 777 123 456', '602 555 111', '00420731000222', 'anonymous', 'garbage'][i % 5]);
}
for (const n of sample.slice(0, 2000)) await previewCall(store.ports, n); // warm-up

for (const n of sample) {
  const t = performance.now();
  await previewCall(store.ports, n); // through the ports, as the ringing banner and `ringdesk lookup` ask
  lookupMs.push(performance.now() - t);
}

// ---------------------------------------------------------------- phone event -> banner frame
store.checkpointEvery(2000); // as the console does
const phone = new ReplayPhone({});
const runner = new DeskRunner({ store, phone, operator: { id: null, name: 'bench', extension: '100' }, columns, rows });
runner.start();
await phone.start();
const stdout = new VirtualStdout(columns, rows);
const ink = drawDesk(runner, { stdout, stdin: new VirtualStdin() });
await new Promise((r) => setTimeout(r, 200));

for (let i = 0; i < bannerCalls; i++) {
  const number = numbers[Math.floor(rnd() * numbers.length)];
  const shown = new Promise((resolve) => {
    const onFrame = (f) => {
      if (stripAnsi(f).includes('INCOMING CALL')) {
        stdout.off('frame', onFrame);
        resolve(performance.now());
      }
    };
    stdout.on('frame', onFrame);
  });
  const t = performance.now();
  const id = phone.ring(number, `b${i}`);
  bannerMs.push((await shown) - t);
  phone.callerHangsUp(id);
  await new Promise((r) => setTimeout(r, 45)); // calls are not 30 a second
}
ink.unmount();
runner.dispose();
await phone.stop();
store.close();

}
if (startOnly) store.close();
const slowest = [...bannerMs].sort((a, b) => b - a).slice(0, 5).map((v) => +v.toFixed(2));
const banner = startOnly ? null : { terminal: `${columns}x${rows}`, samples: bannerMs.length, p50_ms: pct(bannerMs, 50), p99_ms: pct(bannerMs, 99), slowest_ms: slowest, goal_p99_ms: 10 };
if (process.argv.includes('--banner-only')) {
  console.log(JSON.stringify({ phoneEventToBannerFrame: banner, loadavg: os.loadavg().map((l) => +l.toFixed(2)) }));
  process.exit(0);
}

// ---------------------------------------------------------------- start -> first frame, memory
const bin = path.join(here, '..', 'bin', 'ringdesk.js');
// one dispatcher's HOME for every start, as on the box (the first start is reported apart)
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-bench-home-'));
async function startOnce(measureMemory, how = { bin, nodeArgs: '' }) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    // `script` gives the console a real pseudo-terminal
    // without node flags of its own the bin runs as the installed `ringdesk` does: by its #! line
    const command = how.nodeArgs ? `node ${how.nodeArgs} ${how.bin}` : how.bin;
    const child = spawn('script', ['-qfec', `stty rows 30 cols 100; exec ${command} console --db ${dbFile}`, '/dev/null'], {
      env: { ...process.env, HOME: home, TERM: 'xterm-256color' }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let first = null;
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no frame in 20 s: ${out.slice(-400)}`)); }, 20_000);
    child.stdout.on('data', async (d) => {
      out += d.toString();
      if (first === null && stripAnsi(out).includes('Open orders')) {
        first = performance.now() - t;
        let rssMb = null;
        if (measureMemory) {
          await new Promise((r) => setTimeout(r, 2000));
          const pid = fs.readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0];
          const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
          rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
        }
        clearTimeout(timer);
        child.kill('SIGTERM');
        child.on('exit', () => resolve({ first, rssMb }));
      }
    });
  });
}
const against = arg('against', null);
const againstNodeArgs = arg('against-node-args', '');
const compared = against !== null || againstNodeArgs !== '';
const starts = [];
let rssMb = null;
let comparison = null;
const cold = await startOnce(false);
if (!compared) {
  for (let i = 0; i < 7; i++) {
    const r = await startOnce(i === 6);
    starts.push(r.first);
    if (r.rssMb) rssMb = r.rssMb;
  }
} else {
  const other = { bin: against ? path.resolve(against) : bin, nodeArgs: againstNodeArgs };
  const mine = { first: [], rss: [] };
  const theirs = { first: [], rss: [] };
  for (let i = 0; i < 7; i++) {
    for (const [how, into] of [[{ bin, nodeArgs: '' }, mine], [other, theirs]]) {
      const r = await startOnce(true, how);
      into.first.push(+r.first.toFixed(1));
      into.rss.push(+r.rssMb.toFixed(1));
    }
  }
  starts.push(...mine.first);
  rssMb = median(mine.rss);
  const figures = (x) => ({ startMedianMs: +median(x.first).toFixed(1), starts: x.first, rssMedianMb: +median(x.rss).toFixed(1), rssMb: x.rss });
  comparison = { this: { bin, ...figures(mine) }, against: { bin: other.bin, nodeArgs: other.nodeArgs, ...figures(theirs) } };
}
fs.rmSync(home, { recursive: true, force: true });

const result = {
  bench: 'desk',
  dataset: { customers: counts.customers, deliveries: counts.deliveries, db: dbFile },
  machine: { cpus: os.cpus().length, node: process.version },
  lookupAndRouting: startOnly ? null : { samples: lookupMs.length, p50_ms: pct(lookupMs, 50), p99_ms: pct(lookupMs, 99), goal_p99_ms: 0.3 },
  phoneEventToBannerFrame: banner,
  startToFirstFrame: { runs: starts.length, median_ms: median(starts), max_ms: +Math.max(...starts).toFixed(1), firstStartMs: +cold.first.toFixed(1), goal_ms: 250 },
  loadavg: os.loadavg().map((l) => +l.toFixed(2)),
  residentMemory: { mb: rssMb && +rssMb.toFixed(1), goal_mb: 85 },
  ...(comparison ? { interleaved: comparison } : {}),
};
console.log(JSON.stringify(result, null, 2));
