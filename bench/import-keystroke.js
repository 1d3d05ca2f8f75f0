#!/usr/bin/env node
/**
 * Keystroke -> frame while a big import runs (issue 12: a 200,000-row `db import` made a keystroke
 * take 7 s to appear and lost a call-log row). Two processes on one real database file:
 *   - this process is a console: the desk runner and the Ink app from the console's bundle, the
 *     console's render options, row writes after the frame and WAL checkpoints on a timer. It opens
 *     a new order, types into the street field (every key saves the crash-safe session) and rings
 *     a call every 2 s (a call-log row each);
 *   - a child process runs `ringdesk db import` of a generated CSV into the same file.
 * Prints JSON: keystroke -> frame (the frame showing the typed text) p50/p99/max, idle before the
 * import and while it runs; call-log rows written vs calls rung; the import's time and its
 * transactions (slices, longest).
 *   scripts/with-node node bench/import-keystroke.js [--rows 200000] [--keys-per-s 10] [--bin bin/ringdesk.js] [--db PATH]
 * `--bin` runs another build's import (e.g. an older checkout) against the same console, to compare.
 * Needs `npm run build` first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { arg, numberArg, summary } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { drawDesk, Store, seed, DeskRunner, ReplayPhone, VirtualStdin, VirtualStdout, stripAnsi } =
  await import(path.join(here, '..', 'dist', 'bundle', 'bench-kit.js'));

const rows = numberArg('rows', 200_000);
const keysPerSecond = numberArg('keys-per-s', 10);
const bin = path.resolve(arg('bin', path.join(here, '..', 'bin', 'ringdesk.js')));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-import-bench-'));
const dbFile = arg('db', path.join(dir, 'desk.db'));
const csvFile = path.join(dir, 'customers.csv');
const log = (m) => process.stderr.write(`${m}\n`);

// ---------------------------------------------------------------- the file to import: unique people and numbers
const prefixes = ['601', '602', '603', '604', '605', '606', '607', '608', '702', '720', '721', '722', '723', '724', '725', '730', '731', '732', '733', '734'];
const streets = ['Vinohradská', 'Korunní', 'Slezská', 'Mánesova', 'Belgická', 'Francouzská', 'Italská', 'Londýnská'];
{
  const out = fs.createWriteStream(csvFile);
  out.write('name,phone,note,street,house,city\n');
  for (let i = 0; i < rows; i++) {
    const n = String(400_000 + Math.floor(i / prefixes.length)).padStart(6, '0');
    const line = `Imported Customer ${i},+420 ${prefixes[i % prefixes.length]} ${n.slice(0, 3)} ${n.slice(3)},${i % 50 === 0 ? 'rings twice' : ''},${streets[i % streets.length]},${1 + (i % 120)},Praha\n`;
    if (!out.write(line)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
}

// ---------------------------------------------------------------- the console
const store = Store.open(dbFile, { region: 'CZ', currency: 'CZK' });
seed(store);
store.checkpointEvery(2000); // as the console does
const phone = new ReplayPhone({ remoteAnswerMs: -1 });
const runner = new DeskRunner({ store, phone, operator: { id: null, name: 'bench', extension: '100' }, columns: 100, rows: 30, rowWrites: 'after-frame' });
runner.start();
await phone.start();
// how long the console's own row writes took (a wait for the import's lock shows here)
const rowWriteMs = [];
// (an older build, run with its own bench-kit to compare, writes them inline and has no flushWrites)
const flush = runner.flushWrites?.bind(runner);
if (flush) runner.flushWrites = (...a) => { const t = performance.now(); try { return flush(...a); } finally { if (importing) rowWriteMs.push(performance.now() - t); } };
let importing = false;
const stdin = new VirtualStdin();
const stdout = new VirtualStdout(100, 30);
const ink = drawDesk(runner, { stdout, stdin });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
await sleep(300);

/** Type one key; resolves with the ms until a frame shows `expect` (null: any frame). */
function press(key, expect) {
  const t = performance.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => { stdout.off('frame', onFrame); resolve(NaN); }, 20_000);
    const onFrame = (f) => {
      if (expect !== null && !stripAnsi(f).includes(expect)) return;
      clearTimeout(timer);
      stdout.off('frame', onFrame);
      resolve(performance.now() - t);
    };
    stdout.on('frame', onFrame);
    stdin.type(key);
  });
}

// a new order, its street field open for typing
await press('N', null);
await sleep(100);
await press('\r', null);
await sleep(100);

const letters = 'abcdefghijklmnopqrstuvwxyz';
let typed = '';
/** Type keys at `keysPerSecond` for as long as `until()` is false (or `count` keys); the ms of each. */
async function typeWhile(until, count = Infinity) {
  const ms = [];
  for (let i = 0; i < count && !until(); i++) {
    if (typed.length >= 12) {
      // a saved field and a fresh one: the street is saved (a delivery write), then edited again
      for (let k = 0; k < typed.length; k++) await press('\x7f', null);
      typed = '';
    }
    const ch = letters[(ms.length + typed.length) % letters.length];
    typed += ch;
    ms.push(await press(ch, typed));
    await sleep(1000 / keysPerSecond);
  }
  return ms;
}

let calls = 0;
const ringer = setInterval(() => {
  const id = phone.ring(`+420 720 ${String(100 + (calls % 800)).padStart(3, '0')} ${String(100 + calls).slice(-3)}`, `bench-${++calls}`);
  setTimeout(() => phone.callerHangsUp(id), 500);
}, 2000);

const idle = await typeWhile(() => false, 100);

log(`importing ${rows} rows with ${bin} into ${dbFile}…`);
const started = performance.now();
const child = spawn(process.execPath, [bin, 'db', 'import', csvFile, '--json', '--db', dbFile], {
  env: { ...process.env, HOME: dir, RINGDESK_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'],
});
let out = '', err = '';
child.stdout.on('data', (d) => { out += d; });
child.stderr.on('data', (d) => { err += d; });
importing = true;
const exited = new Promise((resolve) => child.on('exit', (code) => { importing = false; resolve(code); }));
const during = await typeWhile(() => !importing);
const code = await exited;
const importSeconds = (performance.now() - started) / 1000;
clearInterval(ringer);
await sleep(1500);
runner.flushWrites?.();
const logged = store.db.prepare("SELECT COUNT(*) AS n FROM calls WHERE call_ref LIKE 'bench-%'").get().n;
ink.unmount();
runner.dispose();
await phone.stop();
store.close();

let outcome = null;
try { outcome = JSON.parse(out); } catch { outcome = { error: err.trim() || out.trim() }; }
const figure = (ms) => { const s = summary(ms.filter((v) => !Number.isNaN(v))); return { samples: s.samples, p50_ms: s.p50, p99_ms: s.p99, max_ms: s.max, lost: ms.filter((v) => Number.isNaN(v)).length }; };
console.log(JSON.stringify({
  bench: 'import-keystroke',
  machine: { cpus: os.cpus().length, node: process.version, loadavg: os.loadavg().map((l) => +l.toFixed(2)) },
  import: {
    bin: path.relative(process.cwd(), bin) || bin, rows, exitCode: code, seconds: +importSeconds.toFixed(1),
    created: outcome.created, merged: outcome.merged, writes: outcome.writes, error: outcome.error,
  },
  keystrokeToFrame: { keysPerSecond, idle: figure(idle), duringImport: figure(during), goal_p99_ms: 100 },
  consoleRowWritesDuringImport: figure(rowWriteMs),
  callLog: { rung: calls, written: logged },
}, null, 2));
fs.rmSync(dir, { recursive: true, force: true });
