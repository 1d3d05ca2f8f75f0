#!/usr/bin/env node
/**
 * bench/sip-latency.js — the console on a real PBX, against baresip, in one run.
 *
 * sipp -> Kamailio -> the console's desk: SipPhone (sip.js over WebSocket, auto-answer) +
 * DeskRunner (caller lookup, S2 routing, call log on a copy of the 1,000,000-customer
 * database, rows written after the frame) + the Ink App rendering into a VirtualStdout
 * (production React, as the bundled console runs it, with the console's props: time zone and
 * the full screens' sources), with the console's clock (`runLive`: by the minute, by the second
 * during a call), heartbeat and commit watch.
 * Then sipp -> the same Kamailio -> baresip auto-answering on UDP, same calls.
 *
 * INVITE -> 180 and INVITE -> 200 come from packets on lo (tcpdump): sipp's INVITE to the
 * proxy paired with the proxy's 180 / 200 back by Call-ID and CSeq. INVITE -> banner frame
 * is the same INVITE packet to the first frame the desk writes showing the call (wall clock
 * on both sides); for baresip the "banner" is the line announcing the call on its terminal (a pty).
 * Audio: the console sends silence (audio none), baresip a 1 s tone WAV (it reads the file per call).
 * Callers are real numbers from the database, so every INVITE costs a real lookup.
 * With --auto-answer 0 the console answers as `ringdesk console --auto-answer 0` does: right
 * behind the banner's frame (Ink's onRender -> AfterFrame); every call is checked for the
 * banner frame coming before the console's 200 (the WebSocket frame it sends, from the capture).
 *
 * Then the answer key: a fresh desk without auto-answer, sipp calling again (--key-calls at
 * --key-rate); once the banner is drawn the bench waits a dispatcher's moment (80-150 ms) and
 * types "a" into the console's stdin (Ink's input path -> keymap -> desk -> SipPhone.answer).
 * "answer key -> 200 on the wire" is from that keystroke to the console's 200 OK leaving on its
 * WebSocket (TCP on lo, unmasked from the capture), and to the proxy's 200 reaching sipp.
 * Prints JSON: p50/p99 for each figure, console/baresip ratios, and the load average.
 *
 *   npm run build && node bench/sip-latency.js [--calls 300] [--rate 5] [--hold 50] [--auto-answer 0]
 *     [--key-calls 200] [--key-rate 3] [--db /tmp/ringdesk-bench-1000000-3000000.db] [--no-tick]
 *     [--whole-frame-first]   (the console before the banner-first draw: the 200 behind the whole frame; for an A/B)
 *     [--main-nice 2]         (how much lower the main thread runs than the media worker; the console's is 2; for an A/B)
 * The database is built once (minutes) by
 *   node bin/ringdesk.js db seed --customers 1000000 --deliveries 3000000 --db /tmp/ringdesk-bench-1000000-3000000.db
 * and copied per run (the desk writes drafts and call rows).
 * Ports: Kamailio UDP 17061 / WS 17081, sipp 17077-17078, baresip 17074-17075, RTP 24400-24999.
 */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kamailioArgs } from '../test/pbx/kamailio-args.js';
import { arg, numberArg } from './lib.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(ROOT, 'dist');
const argv = process.argv;
const CALLS = numberArg('calls', 300);
const RATE = numberArg('rate', 5);
const HOLD = numberArg('hold', 50);
const AUTO = numberArg('auto-answer', 0);
const KEY_CALLS = numberArg('key-calls', 200);
const KEY_RATE = numberArg('key-rate', 3);
const TICK = !argv.includes('--no-tick');
const MAIN_NICE = numberArg('main-nice', 2);
const DB = arg('db', path.join(os.tmpdir(), 'ringdesk-bench-1000000-3000000.db'));
const UDP = 17061, WS = 17081, SIPP_CONSOLE = 17077, SIPP_BARESIP = 17078, BARESIP = 17074;
const CONSOLE_EXT = '1761', BARESIP_EXT = '1762';
/** Nothing listens here: a datagram sent to it only marks a moment in the capture (same clock as the SIP packets). */
const MARK = 17069;
const GOAL_BANNER_P99 = 15;
const GOAL_KEY_200_P99 = 1;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Wall-clock ms with sub-ms resolution, comparable with tcpdump's timestamps. */
const wall = () => performance.timeOrigin + performance.now();
const log = (m) => process.stderr.write(`${m}\n`);
const marker = dgram.createSocket('udp4');
// connected, a send goes out at once (with an address Node would look it up first, a turn later)
await new Promise((r) => marker.connect(MARK, '127.0.0.1', r));
marker.on('error', () => undefined); // nothing listens: the kernel says so (ECONNREFUSED), and that is fine
/** Put "WHAT Call-ID" into the capture now. */
const mark = (what, callId) => marker.send(`${what} ${callId}`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-bench-sip-'));
const started = [];
function run(cmd, args, opts = {}) {
  const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  if (!opts.keepOutput) { c.stdout?.resume(); c.stderr?.resume(); }
  started.push(c);
  return c;
}
async function stopAll() {
  for (const c of started.reverse()) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    try { process.kill(c.pid, 'SIGTERM'); } catch { /* gone */ }
    await Promise.race([new Promise((r) => c.once('exit', r)), sleep(3000)]);
    if (c.exitCode === null && c.signalCode === null) { try { process.kill(c.pid, 'SIGKILL'); } catch { /* gone */ } }
  }
}

// ---------------------------------------------------------------- packets
/**
 * Parse a pcap (Ethernet on lo) into packets { t, src, dst, text, proto }: UDP payloads, and the
 * SIP messages of WebSocket frames in TCP segments (client frames unmasked; a frame split over
 * two segments is skipped).
 */
function readPcap(file) {
  const b = fs.readFileSync(file);
  const nano = b.readUInt32LE(0) === 0xa1b23c4d;
  const out = [];
  for (let o = 24; o + 16 <= b.length;) {
    const sec = b.readUInt32LE(o), frac = b.readUInt32LE(o + 4), len = b.readUInt32LE(o + 8);
    const p = b.subarray(o + 16, o + 16 + len);
    o += 16 + len;
    if (p.readUInt16BE(12) !== 0x0800) continue;
    const ihl = (p[14] & 0x0f) * 4;
    const t = sec * 1000 + frac / (nano ? 1e6 : 1e3);
    const u = 14 + ihl;
    const src = p.readUInt16BE(u), dst = p.readUInt16BE(u + 2);
    if (p[23] === 17) out.push({ t, src, dst, proto: 'udp', text: p.subarray(u + 8).toString('latin1') });
    else if (p[23] === 6) for (const text of wsFrames(p.subarray(u + ((p[u + 12] >> 4) * 4)))) out.push({ t, src, dst, proto: 'ws', text });
  }
  return out;
}
/** The text frames in one TCP segment's payload. */
function wsFrames(seg) {
  const texts = [];
  for (let i = 0; i + 2 <= seg.length;) {
    const opcode = seg[i] & 0x0f, masked = (seg[i + 1] & 0x80) !== 0;
    let n = seg[i + 1] & 0x7f, h = 2;
    if (n === 126) { if (i + 4 > seg.length) break; n = seg.readUInt16BE(i + 2); h = 4; } else if (n === 127) { if (i + 10 > seg.length) break; n = Number(seg.readBigUInt64BE(i + 2)); h = 10; }
    const key = masked ? seg.subarray(i + h, i + h + 4) : null;
    if (masked) h += 4;
    if (i + h + n > seg.length) break;
    const data = Buffer.from(seg.subarray(i + h, i + h + n));
    if (key) for (let k = 0; k < data.length; k++) data[k] ^= key[k & 3];
    if (opcode === 1) texts.push(data.toString('latin1'));
    i += h + n;
  }
  return texts;
}
const hdr = (text, name) => (text.match(new RegExp(`^${name}:\\s*(.*)$`, 'mi')) || [])[1]?.trim();
/** First INVITE time per Call-ID from sipp, and the proxy's 180 / 200 back to sipp. */
function pair(packets, sippPort) {
  const invite = new Map(), r180 = [], r200 = [];
  const seen180 = new Set(), seen200 = new Set();
  for (const p of packets) {
    const callId = hdr(p.text, 'Call-ID');
    if (p.proto !== 'udp') continue;
    if (p.src === sippPort && p.dst === UDP && p.text.startsWith('INVITE ')) {
      if (!invite.has(callId)) invite.set(callId, p.t);
    } else if (p.src === UDP && p.dst === sippPort && invite.has(callId) && /INVITE/.test(hdr(p.text, 'CSeq') ?? '')) {
      if (/^SIP\/2.0 180/.test(p.text) && !seen180.has(callId)) { seen180.add(callId); r180.push(p.t - invite.get(callId)); }
      if (/^SIP\/2.0 200/.test(p.text) && !seen200.has(callId)) { seen200.add(callId); r200.push(p.t - invite.get(callId)); }
    }
  }
  return { invite, r180, r200 };
}
/** When each "WHAT Call-ID" marker was sent (Call-ID -> time). */
function marks(packets, what) {
  const at = new Map();
  for (const p of packets) if (p.proto === 'udp' && p.dst === MARK && p.text.startsWith(`${what} `)) at.set(p.text.slice(what.length + 1), p.t);
  return at;
}
/**
 * At the console itself, from its WebSocket frames: the INVITE the proxy sent it -> its 180 and
 * 200 back; and the proxy's two hops (sipp's INVITE -> the INVITE on the WebSocket, the console's
 * 180 -> the proxy's 180 to sipp).
 */
function atTheConsole(packets, sippPort) {
  const inviteIn = new Map(), r180 = new Map(), r200 = new Map(), sippInvite = new Map(), proxy180 = new Map();
  const first = (m, k, t) => { if (!m.has(k)) m.set(k, t); };
  for (const p of packets) {
    const callId = hdr(p.text, 'Call-ID');
    if (p.proto === 'ws' && p.src === WS && p.text.startsWith('INVITE ')) first(inviteIn, callId, p.t);
    else if (p.proto === 'ws' && p.dst === WS && /INVITE/.test(hdr(p.text, 'CSeq') ?? '')) {
      if (p.text.startsWith('SIP/2.0 180')) first(r180, callId, p.t);
      if (p.text.startsWith('SIP/2.0 200')) first(r200, callId, p.t);
    } else if (p.proto === 'udp' && p.src === sippPort && p.text.startsWith('INVITE ')) first(sippInvite, callId, p.t);
    else if (p.proto === 'udp' && p.dst === sippPort && p.text.startsWith('SIP/2.0 180')) first(proxy180, callId, p.t);
  }
  const out = { invite180: [], invite200: [], proxyIn: [], proxyOut: [] };
  for (const [callId, t] of inviteIn) {
    if (r180.has(callId)) out.invite180.push(r180.get(callId) - t);
    if (r200.has(callId)) out.invite200.push(r200.get(callId) - t);
    if (sippInvite.has(callId)) out.proxyIn.push(t - sippInvite.get(callId));
    if (r180.has(callId) && proxy180.has(callId)) out.proxyOut.push(proxy180.get(callId) - r180.get(callId));
  }
  return out;
}
/** When the console's own 200 OK to each INVITE left on its WebSocket (Call-ID -> time). */
function console200(packets) {
  const at = new Map();
  for (const p of packets) {
    if (p.proto !== 'ws' || p.dst !== WS || !p.text.startsWith('SIP/2.0 200') || !/INVITE/.test(hdr(p.text, 'CSeq') ?? '')) continue;
    const callId = hdr(p.text, 'Call-ID');
    if (!at.has(callId)) at.set(callId, p.t);
  }
  return at;
}
const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s.length ? +s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(3) : null; };
const summary = (xs) => ({ n: xs.length, p50: pct(xs, 0.5), p99: pct(xs, 0.99), max: xs.length ? +Math.max(...xs).toFixed(3) : null });
const ratio = (a, b) => (a != null && b ? +(a / b).toFixed(2) : null);

/**
 * What the answer key's time is made of, per key (wall clock in the console's process; the 200's
 * time on the WebSocket from the capture, after the key's marker): keystroke → Ink's stdin readable → SipPhone.answer
 * called → the 200 handed to the transport → the 200 on the wire; the main thread's CPU from the
 * keystroke to the 200 handed over beside the wall time; the GCs overlapping the whole span. For all keys (p50/p99) and, one
 * by one, the keys over 1 ms: was the time work (CPU), a collection, or the thread off the CPU?
 */
function keyBreakdown(parts, keyMarks, ws200, gcs) {
  const all = { keyToRead: [], readToAnswer: [], answerToSend: [], sendToWire: [], keyToSend: [], threadCpu: [], offCpu: [], answerCall: [] };
  const slow = [];
  for (const [callId, p] of parts) {
    if (p.read === undefined || p.sent === undefined || p.answerOut === undefined || !ws200.has(callId) || !keyMarks.has(callId)) continue;
    // the span on the wire from the capture alone (the key's marker → the 200), the parts from the process's clock
    const total = ws200.get(callId) - keyMarks.get(callId);
    const row = {
      keyToRead: p.read - p.at, readToAnswer: p.answerIn - p.read, answerToSend: p.sent - p.answerIn, sendToWire: total - (p.sent - p.at),
      keyToSend: p.sent - p.at, threadCpu: p.cpuSent - p.cpu,
      // what answer() does after the 200 is out (the dispatcher's 200 does not wait for it)
      answerCall: p.answerOut - p.answerIn,
    };
    row.offCpu = row.keyToSend - row.threadCpu;
    for (const k of Object.keys(all)) all[k].push(row[k]);
    if (total > 1) {
      const gcMs = gcs.filter((g) => g.at < p.at + total && g.at + g.ms > p.at).reduce((n, g) => n + g.ms, 0);
      slow.push({ total: +total.toFixed(3), ...Object.fromEntries(Object.entries(row).map(([k, v]) => [k, +v.toFixed(3)])), gcMs: +gcMs.toFixed(3) });
    }
  }
  slow.sort((a, b) => b.total - a.total);
  const over = (k) => slow.filter((r) => r[k] > 0.5).length;
  return {
    parts_ms: Object.fromEntries(Object.entries(all).map(([k, xs]) => [k, summary(xs)])),
    over1ms: { keys: slow.length, offCpuOver0_5ms: over('offCpu'), gcOver0_5ms: over('gcMs'), threadCpuOver0_5ms: over('threadCpu'), sendToWireOver0_5ms: over('sendToWire') },
    slowest: slow.slice(0, 8),
  };
}

// ---------------------------------------------------------------- sipp with real callers
const scenario = path.join(dir, 'uac-call-csv.xml');
fs.writeFileSync(scenario, fs.readFileSync(path.join(ROOT, 'test/pbx/scenarios/uac-call.xml'), 'utf8').split('[caller][call_number]').join('[field0]'));
function sippCalls(service, port, numbers, rate = RATE) {
  const csv = path.join(dir, `callers-${port}.csv`);
  fs.writeFileSync(csv, `SEQUENTIAL\n${numbers.map((n) => `${n};`).join('\n')}\n`);
  const c = run('sipp', ['-sf', scenario, '-inf', csv, '-s', service, '-i', '127.0.0.1', '-p', String(port),
    '-mi', '127.0.0.1', '-mp', String(24000 + (port % 100)), '-key', 'rtp_port', String(24100 + (port % 100)),
    '-m', String(numbers.length), '-r', String(rate), '-d', String(HOLD), '-nostdin', '-timeout', `${Math.ceil(numbers.length / rate) + 60}s`,
    '-timeout_error', `127.0.0.1:${UDP}`], { cwd: dir });
  return new Promise((r) => c.once('exit', (code) => r(code)));
}

async function capture(fn) {
  const pcap = path.join(dir, `lo-${Date.now()}.pcap`);
  const dump = run('tcpdump', ['-i', 'lo', '--immediate-mode', '-n', '-s', '0', '-w', pcap, 'udp', 'port', String(UDP), 'or', 'udp', 'port', String(MARK), 'or', 'tcp', 'port', String(WS)]);
  await sleep(1000);
  const result = await fn();
  await sleep(500);
  process.kill(dump.pid, 'SIGINT');
  await new Promise((r) => dump.once('exit', r));
  return { result, packets: readPcap(pcap) };
}

// a throw in an event handler must not leave Kamailio, baresip or tcpdump running
process.on('uncaughtException', (e) => {
  process.stderr.write(`sip-latency: ${e.stack ?? e.message}\n`);
  void stopAll().finally(() => process.exit(1));
});

let store = null;
const loadAtStart = os.loadavg().map((x) => +x.toFixed(2));
try {
  if (!fs.existsSync(DB)) {
    throw new Error(`no benchmark database at ${DB}; build it once with: node bin/ringdesk.js db seed --customers 1000000 --deliveries 3000000 --db ${DB}`);
  }
  // what the console runs: its bundle (production React, the console's screen writer)
  const { drawDesk, Store, DeskRunner, VirtualStdin, VirtualStdout, stripAnsi, SipPhone, AfterFrame, favourVoiceOverScreen, defaults } = await import(
    path.join(dist, 'bundle', 'bench-kit.js')
  );

  // ---- dataset: a private copy; real callers drawn from it
  log(`copying ${DB} …`);
  const dbCopy = path.join(dir, 'desk.db');
  fs.copyFileSync(DB, dbCopy);
  if (fs.existsSync(`${DB}-wal`)) fs.copyFileSync(`${DB}-wal`, `${dbCopy}-wal`);
  store = Store.open(dbCopy, { region: 'CZ', currency: 'CZK' });
  store.checkpointEvery(2000); // as the console does
  const counts = store.db.prepare('SELECT (SELECT COUNT(*) FROM customers) AS customers, (SELECT COUNT(*) FROM deliveries) AS deliveries').get();
  const byCustomer = store.db.prepare('SELECT e164 FROM customer_phones WHERE customer_id = ? LIMIT 1').pluck();
  const picked = new Set();
  for (let seed = 12345; picked.size < CALLS * 2 + KEY_CALLS;) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const n = byCustomer.get(1 + (seed % counts.customers));
    if (n) picked.add(n);
  }
  const callers = [...picked];

  // ---- PBX and baresip
  const kam = run('kamailio', kamailioArgs({ dir, udpPort: UDP, wsPort: WS, children: 1 }));
  await sleep(1000);
  if (kam.exitCode !== null) throw new Error('kamailio did not start');
  const bdir = path.join(dir, 'baresip');
  fs.mkdirSync(bdir);
  await new Promise((r) => run('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', path.join(bdir, 'tone.wav'), 'synth', '1', 'sine', '440']).once('exit', r));
  fs.writeFileSync(path.join(bdir, 'accounts'), `<sip:${BARESIP_EXT}@127.0.0.1:${UDP};transport=udp>;auth_pass=secret${BARESIP_EXT};answermode=auto;regint=600\n`);
  fs.writeFileSync(path.join(bdir, 'config'), [
    `sip_listen 127.0.0.1:${BARESIP}`, 'rtp_ports 24400-24499', 'audio_player aufile,/dev/null', `audio_source aufile,${path.join(bdir, 'tone.wav')}`, 'audio_alert aufile,/dev/null',
    'module_path /usr/lib/baresip/modules', 'module g711.so', 'module aufile.so', 'module_app account.so', 'module_app menu.so',
  ].join('\n') + '\n');
  // a pseudo-terminal so baresip prints each line at once, as on a dispatcher's screen
  const baresip = run('script', ['-qfec', `exec baresip -f ${bdir}`, '/dev/null'], { keepOutput: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const baresipIncoming = new Map(); // caller number -> wall time of the line announcing the call
  let baresipOut = '';
  baresip.stdout.on('data', (chunk) => {
    const t = wall();
    baresipOut = (baresipOut + chunk.toString('latin1')).slice(-20000);
    // auto-answer prints "answering call on line 1 from sip:…" instead of "Incoming call from: …"
    for (const m of chunk.toString('latin1').matchAll(/(?:Incoming call from: .*?|answering call on line \d+ from )sip:([^@;>\s]+)@/g)) if (!baresipIncoming.has(m[1])) baresipIncoming.set(m[1], t);
  });
  baresip.stderr.resume();

  // ---- the console's desk, with voice before screen as the console on a PBX runs
  // --main-nice N: the main thread's niceness above the media worker's (the console: 2); for an A/B of the answer key's tail
  favourVoiceOverScreen(MAIN_NICE);
  const sipLog = fs.createWriteStream(path.join(dir, 'console.log'));
  /** A console as `ringdesk console --pbx` builds it: SipPhone, desk, Ink with the console's options. */
  async function startConsole(autoAnswerMs) {
    const frames = new AfterFrame();
    const phone = new SipPhone({
      url: `ws://127.0.0.1:${WS}`, domain: '127.0.0.1', login: CONSOLE_EXT, password: `secret${CONSOLE_EXT}`, extension: CONSOLE_EXT,
      rtpPortMin: 24500, rtpPortMax: 24999, log: (l) => sipLog.write(`${new Date().toISOString()} ${l}\n`),
    });
    const c = { phone, eventAt: new Map(), frameAt: new Map(), pending: [], onBanner: null, onCall: false };
    phone.on((e) => { // subscribed before the desk: the event time is before any desk work
      if (e.type === 'incoming') { c.eventAt.set(e.callId, wall()); c.pending.push(e.callId); }
      if (e.type === 'answered') c.onCall = true;
      if (e.type === 'ended') c.onCall = false;
    });
    // --auto-answer is the desk's, as in the console: one call at a time, at 0 right behind the banner's frame
    const runner = new DeskRunner({
      store, phone, operator: { id: null, name: 'bench', extension: CONSOLE_EXT }, columns: 100, rows: 30, timezone: defaults.timezone,
      autoAnswerMs: autoAnswerMs ?? -1, afterFrame: frames.after, rowWrites: 'after-frame',
    });
    runner.start();
    const stdout = new VirtualStdout(100, 30);
    c.stdin = new VirtualStdin();
    stdout.on('frame', (f) => {
      const t = wall();
      if (!c.pending.length) return;
      const screen = stripAnsi(f);
      if (!screen.includes('INCOMING CALL') && !screen.includes('☎ on call')) return;
      for (const id of c.pending) { c.frameAt.set(id, t); mark('FRAME', id); c.onBanner?.(id); }
      c.pending = [];
    });
    // the App's props as the console passes them: its time zone and the full screens' sources (keys go to the desk as one event per chunk)
    const ink = drawDesk(runner, { timeZone: defaults.timezone, stdout, stdin: c.stdin, onRender: frames.drawn, bannerFirst: !process.argv.includes('--whole-frame-first') });
    // the console's clock, heartbeat and commit watch: by the minute, by the second while a call is on
    const stopLive = TICK ? runner.runLive() : null;
    const registered = new Promise((r) => phone.on((e) => { if (e.type === 'registration' && e.state === 'registered') r(); }));
    await phone.start();
    await Promise.race([registered, sleep(10_000).then(() => { throw new Error('the console did not register in 10 s'); })]);
    c.stop = async () => {
      stopLive?.();
      await phone.stop();
      ink.unmount();
      runner.dispose();
    };
    return c;
  }
  const first = await startConsole(AUTO >= 0 ? AUTO : undefined);
  const { eventAt, frameAt } = first;
  await sleep(1500); // baresip registers too

  log(`console: ${CALLS} calls at ${RATE}/s, hold ${HOLD} ms …`);
  const con = await capture(() => sippCalls(CONSOLE_EXT, SIPP_CONSOLE, callers.slice(0, CALLS)));
  log(`baresip: ${CALLS} calls at ${RATE}/s, hold ${HOLD} ms …`);
  const bar = await capture(() => sippCalls(BARESIP_EXT, SIPP_BARESIP, callers.slice(CALLS, 2 * CALLS)));

  await first.stop();

  // ---- the answer key: a dispatcher's "a" through the console's input path
  log(`answer key: ${KEY_CALLS} calls at ${KEY_RATE}/s …`);
  const keyed = await startConsole(undefined);
  const keyAt = new Map();
  // what each key's time is made of, in the console's own turn: the keystroke (its marker sent),
  // Ink told the stdin is readable, SipPhone.answer called and returned; the main thread's CPU
  // between the keystroke and answer() returning beside the wall time (wall − CPU = off the CPU);
  // and the garbage collections that overlap it
  const keyParts = new Map();
  const cpuMs = () => { const u = process.threadCpuUsage(); return (u.user + u.system) / 1000; };
  let typing = null;
  keyed.stdin.prependListener('readable', () => { if (typing && typing.read === undefined) typing.read = wall(); });
  const answer = keyed.phone.answer.bind(keyed.phone);
  keyed.phone.answer = (...a) => {
    const part = typing;
    if (part) { part.answerIn = wall(); part.cpuIn = cpuMs(); }
    try { return answer(...a); } finally {
      if (part) { part.answerOut = wall(); part.cpuOut = cpuMs(); }
      typing = null;
    }
  };
  // the 200 handed to sip.js's transport (the WebSocket's send), in the key's turn
  const transport = keyed.phone.ua.transport;
  const send = transport.send.bind(transport);
  transport.send = (m) => {
    const part = typing;
    if (part && part.answerIn !== undefined && part.sent === undefined && m.startsWith('SIP/2.0 200')) { part.sent = wall(); part.cpuSent = cpuMs(); }
    return send(m);
  };
  const gcs = [];
  const gcWatch = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push({ at: performance.timeOrigin + e.startTime, ms: e.duration }); });
  gcWatch.observe({ entryTypes: ['gc'] });
  // "a" answers the banner's call only when the dispatcher is not on another one: wait for that to end
  const press = (callId) => {
    if (keyed.onCall) return void setTimeout(() => press(callId), 10);
    const at = wall();
    keyAt.set(callId, at);
    typing = { callId, at, cpu: cpuMs() };
    keyParts.set(callId, typing);
    mark('KEY', callId);
    keyed.stdin.type('a');
  };
  keyed.onBanner = (callId) => setTimeout(() => press(callId), 80 + Math.random() * 70);
  await sleep(500);
  const key = await capture(() => sippCalls(CONSOLE_EXT, SIPP_CONSOLE, callers.slice(2 * CALLS, 2 * CALLS + KEY_CALLS), KEY_RATE));
  await keyed.stop();
  // from the capture alone: the keystroke's marker, the console's 200 on its WebSocket, the proxy's 200 to sipp
  const keyWs200 = console200(key.packets);
  const keyMarks = marks(key.packets, 'KEY');
  const keyTo200 = [], keyToProxy200 = [];
  for (const [callId, t] of keyMarks) {
    if (keyWs200.has(callId)) keyTo200.push(keyWs200.get(callId) - t);
    const proxy200 = key.packets.find((p) => p.proto === 'udp' && p.src === UDP && p.dst === SIPP_CONSOLE && p.text.startsWith('SIP/2.0 200') && hdr(p.text, 'Call-ID') === callId && /INVITE/.test(hdr(p.text, 'CSeq') ?? ''));
    if (proxy200) keyToProxy200.push(proxy200.t - t);
  }
  gcWatch.disconnect();
  const keyMadeOf = keyBreakdown(keyParts, keyMarks, keyWs200, gcs);

  const c = pair(con.packets, SIPP_CONSOLE);
  const ua = atTheConsole(con.packets, SIPP_CONSOLE);
  const b = pair(bar.packets, SIPP_BARESIP);
  // banner before answer: the console's 200 leaves after the frame that shows the call (both from the capture)
  const ws200 = console200(con.packets);
  const frameMarks = marks(con.packets, 'FRAME');
  let bannerFirst = 0, answerFirst = 0;
  const bannerTo200 = [];
  for (const [callId, t] of ws200) {
    if (!frameMarks.has(callId)) continue;
    bannerTo200.push(t - frameMarks.get(callId));
    if (frameMarks.get(callId) <= t) bannerFirst++; else answerFirst++;
  }
  const inviteBanner = [], inviteEvent = [], eventBanner = [];
  for (const [callId, t0] of c.invite) {
    if (frameMarks.has(callId)) inviteBanner.push(frameMarks.get(callId) - t0); // both from the capture
    if (eventAt.has(callId)) inviteEvent.push(eventAt.get(callId) - t0);
    if (eventAt.has(callId) && frameAt.has(callId)) eventBanner.push(frameAt.get(callId) - eventAt.get(callId));
  }
  const baresipBanner = [];
  for (const p of bar.packets) {
    if (p.src !== SIPP_BARESIP || !p.text.startsWith('INVITE ')) continue;
    const from = /^From:.*?sip:([^@;>]+)@/mi.exec(p.text)?.[1];
    const t = from && baresipIncoming.get(from);
    if (t) { baresipBanner.push(t - b.invite.get(hdr(p.text, 'Call-ID'))); baresipIncoming.delete(from); }
  }
  if (!baresipBanner.length) log(`no call lines from baresip; its output ended with:\n${baresipOut.slice(-1500)}`);
  if (process.env.BENCH_DEBUG) fs.writeFileSync(process.env.BENCH_DEBUG, baresipOut);
  const deskCalls = store.db.prepare(`SELECT outcome, COUNT(*) AS n FROM calls GROUP BY outcome`).all();

  const result = {
    bench: 'sip-latency',
    dataset: { customers: counts.customers, deliveries: counts.deliveries, db: DB },
    machine: { cpus: os.cpus().length, node: process.version, loadAverage: { start: loadAtStart, end: os.loadavg().map((x) => +x.toFixed(2)) } },
    calls: CALLS, rate_per_s: RATE, hold_ms: HOLD, autoAnswer_ms: AUTO, clockTick: TICK, mainThreadNice: MAIN_NICE,
    sippExit: { console: con.result, baresip: bar.result, answerKey: key.result },
    console: {
      invite180: summary(c.r180), invite200: summary(c.r200), inviteBanner: summary(inviteBanner),
      parts: { inviteToPhoneEvent: summary(inviteEvent), phoneEventToBanner: summary(eventBanner), bannerTo200OnWebSocket: summary(bannerTo200) },
      atTheConsole: { invite180: summary(ua.invite180), invite200: summary(ua.invite200), proxyHopIn: summary(ua.proxyIn), proxyHopOut: summary(ua.proxyOut) },
      bannerBefore200: { calls: bannerFirst + answerFirst, bannerFirst, answerFirst },
      callsLogged: Object.fromEntries(deskCalls.map((r) => [r.outcome, r.n])),
    },
    answerKey: { calls: KEY_CALLS, rate_per_s: KEY_RATE, keyTo200OnWebSocket: summary(keyTo200), keyTo200AtCaller: summary(keyToProxy200), madeOf: keyMadeOf },
    baresip: { invite180: summary(b.r180), invite200: summary(b.r200), inviteBanner: summary(baresipBanner) },
  };
  const ratios = (k) => ({ p50: ratio(result.console[k].p50, result.baresip[k].p50), p99: ratio(result.console[k].p99, result.baresip[k].p99) });
  result.ratio_console_to_baresip = { invite180: ratios('invite180'), invite200: ratios('invite200'), inviteBanner: ratios('inviteBanner') };
  result.goal = {
    inviteBanner_p99_ms: GOAL_BANNER_P99, met: result.console.inviteBanner.p99 !== null && result.console.inviteBanner.p99 <= GOAL_BANNER_P99,
    keyTo200_p99_ms: GOAL_KEY_200_P99, keyTo200Met: result.answerKey.keyTo200OnWebSocket.p99 !== null && result.answerKey.keyTo200OnWebSocket.p99 <= GOAL_KEY_200_P99,
    invite180_ratio_max: 2, invite200_ratio_max: 3,
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} catch (e) {
  process.stderr.write(`sip-latency: ${e.stack ?? e.message}\n`);
  process.exitCode = 1;
} finally {
  await stopAll();
  marker.close();
  try { store?.close(); } catch { /* closed */ }
  fs.rmSync(dir, { recursive: true, force: true });
  setTimeout(() => process.exit(), 200).unref();
}
