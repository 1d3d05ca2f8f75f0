#!/usr/bin/env node
/**
 * bench/transfer.js — REFER → transfer completed, on a loopback Kamailio (issue 15).
 *
 * sipp calls console A (a SipPhone, the console's own phone, answering at once) and acts as the
 * transferee (test/pbx/scenarios/uac-transferee.xml); A transfers blind to console B's extension;
 * B answers as soon as A's progress says ringing (a colleague who answers at once). Timed in A's
 * process: from `transfer()` (the REFER leaves) to the call ending as transferred (the final
 * NOTIFY 200 sipfrag accepted and ringdesk's BYE sent). Then the refused path: sipp answers the
 * REFER 603 (uac-refer-refused.xml), ringdesk calls B itself (B answers at once) and bridges:
 * `transfer()` → 'bridged'.
 * Prints JSON: p50/p99/max per path, the progress steps seen, sipp's verdicts, the load average.
 *
 *   npm run build && node bench/transfer.js [--transfers 50] [--refused 20]
 * Ports: Kamailio UDP 18260 / WS 18261, sipp 18262-18263, RTP 18264-18265 (SDP only); phones' RTP 24000-24399.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { kamailioArgs } from '../test/pbx/kamailio-args.js';
import { numberArg, summary } from './lib.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TRANSFERS = numberArg('transfers', 50);
const REFUSED = numberArg('refused', 20);
const UDP = 18260, WS = 18261, SIPP = 18262, SIPP_REFUSED = 18263;
const A = '1861', B = '1862';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (line) => process.stderr.write(`${line}\n`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-bench-transfer-'));
const children = [];
function run(cmd, args) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  children.push(child);
  child.output = () => out;
  child.done = new Promise((r) => child.once('exit', (code) => r(code)));
  return child;
}

function sipp(scenario, port, calls, keys = {}) {
  const args = ['-sf', path.join(ROOT, 'test/pbx/scenarios', scenario), '-i', '127.0.0.1', '-p', String(port), '-mi', '127.0.0.1', '-mp', '18266',
    '-m', String(calls), '-r', '1', '-rp', '700', '-l', '1', '-d', '100', '-nostdin', '-timeout', `${calls * 5 + 30}s`, '-timeout_error',
    '-key', 'caller', '+420777000', '-key', 'rtp_port', '18264', '-key', 'rtp_port2', '18265', '-s', A];
  for (const [k, v] of Object.entries(keys)) args.push('-key', k, String(v));
  args.push(`127.0.0.1:${UDP}`);
  return run('sipp', args);
}

const kit = await import(path.join(ROOT, 'dist', 'bundle', 'bench-kit.js'));
const { SipPhone } = kit;
const loadAtStart = os.loadavg().map((x) => +x.toFixed(2));
let a = null, b = null;
try {
  const kam = run('kamailio', kamailioArgs({ dir, udpPort: UDP, wsPort: WS, children: 1 }));
  await sleep(1000);
  if (kam.exitCode !== null) throw new Error(`kamailio did not start: ${kam.output()}`);
  const phone = (extension, rtp) => new SipPhone({
    url: `ws://127.0.0.1:${WS}`, domain: '127.0.0.1', login: extension, password: `secret${extension}`, extension,
    rtpPortMin: rtp, rtpPortMax: rtp + 199, keepAliveMs: 5000, log: () => undefined,
  });
  a = phone(A, 24000);
  b = phone(B, 24200);
  const registered = (p) => new Promise((resolve) => p.on((e) => { if (e.type === 'registration' && e.state === 'registered') resolve(); }));
  await Promise.all([a.start(), b.start(), registered(a), registered(b)]);

  // B answers a transferred call as soon as it may: blind — once A hears it rings; bridged — at once
  const ringingAtB = new Map();
  let answerOnRinging = true;
  b.on((e) => {
    if (e.type !== 'incoming') return;
    if (answerOnRinging) ringingAtB.set('next', e.callId);
    else b.answer(e.callId);
  });

  const measure = (mode, count, scenario, port) => new Promise((resolve) => {
    const times = [];
    const steps = new Map();
    const started = new Map();
    const off = a.on((e) => {
      if (e.type === 'incoming') return a.answer(e.callId);
      if (e.type === 'answered' && !started.has(e.callId)) {
        started.set(e.callId, performance.now());
        a.transfer(e.callId, B, { tag: String(times.length + 1) });
        return;
      }
      if (e.type === 'transfer') {
        steps.set(e.state, (steps.get(e.state) ?? 0) + 1);
        if (mode === 'blind' && e.state === 'ringing') {
          const id = ringingAtB.get('next');
          ringingAtB.delete('next');
          if (id) b.answer(id);
        }
        if ((mode === 'blind' && e.state === 'answered') || (mode === 'refused' && e.state === 'bridged')) times.push(performance.now() - started.get(e.callId));
      }
    });
    const s = sipp(scenario, port, count);
    s.done.then((code) => {
      off();
      const stats = s.output().match(/Successful call\s*\|\s*\d+\s*\|\s*(\d+)[\s\S]*?Failed call\s*\|\s*\d+\s*\|\s*(\d+)/);
      resolve({ ...summary(times), sipp: { exit: code, ok: stats ? Number(stats[1]) : null, failed: stats ? Number(stats[2]) : null }, steps: Object.fromEntries(steps) });
    });
  });

  log(`blind: ${TRANSFERS} transfers …`);
  answerOnRinging = true;
  const blind = await measure('blind', TRANSFERS, 'uac-transferee.xml', SIPP);
  log(`refused → bridged: ${REFUSED} transfers …`);
  answerOnRinging = false;
  const refused = await measure('refused', REFUSED, 'uac-refer-refused.xml', SIPP_REFUSED);
  console.log(JSON.stringify({
    bench: 'transfer', node: process.version, cpus: os.cpus().length, loadAtStart, loadAtEnd: os.loadavg().map((x) => +x.toFixed(2)),
    kamailio: 'loopback, 1 worker', figures: {
      'REFER -> transfer completed (blind, ms)': blind,
      'REFER -> bridged by ringdesk (refused 603, ms)': refused,
    },
  }, null, 2));
} finally {
  await Promise.race([Promise.all([a?.stop(), b?.stop()]), sleep(3000)]);
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await sleep(300);
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
