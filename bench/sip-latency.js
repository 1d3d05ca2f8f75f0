#!/usr/bin/env node
/**
 * bench/sip-latency.js — sipp -> Kamailio -> SipPhone (auto-answer, over WebSocket) vs
 * sipp -> Kamailio -> baresip (auto-answer, UDP) in the same run, same Kamailio
 * (children=1). Times are taken from packets on lo (tcpdump --immediate-mode), pairing
 * sipp's INVITE to the proxy with the proxy's 180 / 200 back by Call-ID and CSeq.
 * Prints JSON: p50/p99 INVITE->180 and INVITE->200 for each, and console/baresip ratios.
 *
 *   npx tsc -p tsconfig.json && node bench/sip-latency.js [--calls 100] [--rate 10]
 * Ports: Kamailio 15060/15080, sipp 15077/15078, baresip 15074-15075 (UDP/TCP, TLS), RTP 21500-21999.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kamailioArgs } from '../test/pbx/kamailio-args.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (n, d) => { const i = process.argv.indexOf(`--${n}`); return i > 0 ? Number(process.argv[i + 1]) : d; };
const CALLS = arg('calls', 100);
const RATE = arg('rate', 10);
const UDP = 15060, WS = 15080;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-bench-sip-'));
const started = [];
function run(cmd, args, opts = {}) {
  const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  c.stdout?.resume(); c.stderr?.resume();
  started.push(c);
  return c;
}
async function cleanup() {
  for (const c of started.reverse()) if (c.exitCode === null) { try { process.kill(c.pid, 'SIGTERM'); } catch { /* gone */ } }
  await sleep(300);
}

/** Parse a pcap (Ethernet on lo) into UDP SIP packets { t, src, dst, text }. */
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
    if (p[23] !== 17) continue;
    const u = 14 + ihl;
    out.push({ t: sec * 1000 + frac / (nano ? 1e6 : 1e3), src: p.readUInt16BE(u), dst: p.readUInt16BE(u + 2), text: p.subarray(u + 8).toString('latin1') });
  }
  return out;
}
const hdr = (text, name) => (text.match(new RegExp(`^${name}:\\s*(.*)$`, 'mi')) || [])[1]?.trim();
function pair(packets, sippPort) {
  const inv = new Map(), r180 = [], r200 = [];
  for (const p of packets) {
    const key = `${hdr(p.text, 'Call-ID')}|${hdr(p.text, 'CSeq')}`;
    if (p.src === sippPort && p.dst === UDP && p.text.startsWith('INVITE ')) { if (!inv.has(key)) inv.set(key, p.t); }
    else if (p.src === UDP && p.dst === sippPort && /^SIP\/2.0 180/.test(p.text) && inv.has(key)) r180.push(p.t - inv.get(key));
    else if (p.src === UDP && p.dst === sippPort && /^SIP\/2.0 200/.test(p.text) && /INVITE/.test(hdr(p.text, 'CSeq') ?? '') && inv.has(key)) { r200.push(p.t - inv.get(key)); inv.set(key, Infinity); }
  }
  return { r180: r180.filter((x) => x >= 0 && x < 1e6), r200: r200.filter((x) => x >= 0 && x < 1e6) };
}
const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s.length ? +s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(3) : null; };
const summary = (xs) => ({ n: xs.length, p50: pct(xs, 0.5), p99: pct(xs, 0.99) });

async function sippCalls(service, port) {
  const c = run('sipp', ['-sf', path.join(ROOT, 'test/pbx/scenarios/uac-call.xml'), '-s', service, '-i', '127.0.0.1', '-p', String(port),
    '-mi', '127.0.0.1', '-mp', String(21900 + (port % 100)), '-key', 'rtp_port', String(21500 + (port % 100)), '-key', 'caller', '+420777000',
    '-m', String(CALLS), '-r', String(RATE), '-d', '200', '-nostdin', '-timeout', '120s', '-timeout_error', `127.0.0.1:${UDP}`], { cwd: dir });
  return new Promise((r) => c.once('exit', (code) => r(code)));
}

try {
  const kam = run('kamailio', kamailioArgs({ dir, udpPort: UDP, wsPort: WS, children: 1 }));
  await sleep(1000);
  if (kam.exitCode !== null) throw new Error('kamailio did not start');
  // baresip on UDP, auto-answer, audio from a long WAV
  const bdir = path.join(dir, 'baresip');
  fs.mkdirSync(bdir);
  spawnSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', path.join(bdir, 'tone.wav'), 'synth', '600', 'sine', '440']);
  fs.writeFileSync(path.join(bdir, 'accounts'), `<sip:1502@127.0.0.1:${UDP};transport=udp>;auth_pass=secret1502;answermode=auto;regint=600\n`);
  fs.writeFileSync(path.join(bdir, 'config'), [
    'sip_listen 127.0.0.1:15074', 'rtp_ports 21600-21699', 'audio_player aufile,/dev/null', `audio_source aufile,${path.join(bdir, 'tone.wav')}`,
    'audio_alert aufile,/dev/null', 'module_path /usr/lib/baresip/modules', 'module g711.so', 'module aufile.so', 'module_app account.so', 'module_app menu.so',
  ].join('\n') + '\n');
  run('baresip', ['-f', bdir]);
  // the console's SipPhone over WebSocket, auto-answer at once
  const { SipPhone } = await import('../dist/telephony/sip/sip-phone.js');
  const phone = new SipPhone({ url: `ws://127.0.0.1:${WS}`, domain: '127.0.0.1', login: '1501', password: 'secret1501', extension: '1501', autoAnswerMs: 0, rtpPortMin: 21700, rtpPortMax: 21999, log: () => {} });
  const registered = new Promise((r) => phone.on((e) => { if (e.type === 'registration' && e.state === 'registered') r(); }));
  await phone.start();
  await registered;
  await sleep(1500); // baresip registers
  const pcap = path.join(dir, 'lo.pcap');
  const dump = run('tcpdump', ['-i', 'lo', '--immediate-mode', '-n', '-s', '0', '-w', pcap, 'udp', 'port', String(UDP)]);
  await sleep(1000);
  const [c1, c2] = await Promise.all([sippCalls('1501', 15077), sippCalls('1502', 15078)]);
  await sleep(500);
  process.kill(dump.pid, 'SIGINT');
  await new Promise((r) => dump.once('exit', r));
  await phone.stop();
  const packets = readPcap(pcap);
  const con = pair(packets, 15077), bar = pair(packets, 15078);
  const ratio = (a, b) => (a && b ? +(a / b).toFixed(2) : null);
  const result = {
    bench: 'sip-latency', calls: CALLS, rate: RATE, sippExit: { console: c1, baresip: c2 },
    console: { invite180: summary(con.r180), invite200: summary(con.r200) },
    baresip: { invite180: summary(bar.r180), invite200: summary(bar.r200) },
  };
  result.ratio = {
    invite180: { p50: ratio(result.console.invite180.p50, result.baresip.invite180.p50), p99: ratio(result.console.invite180.p99, result.baresip.invite180.p99) },
    invite200: { p50: ratio(result.console.invite200.p50, result.baresip.invite200.p50), p99: ratio(result.console.invite200.p99, result.baresip.invite200.p99) },
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} catch (e) {
  process.stderr.write(`sip-latency: ${e.message}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
  setTimeout(() => process.exit(), 200).unref();
}
