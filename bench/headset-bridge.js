#!/usr/bin/env node
/**
 * Headset leg under load (issue 8): 30 customer calls bridged at once through the real SIP
 * path on loopback, and the console's key-to-frame time with and without that relaying.
 *
 *   sipp (30 callers, PCMU) -> Kamailio -> 30 SipPhones (this process, one media worker)
 *     == worker relay, PCMU -> PCMA transcoded ==
 *   30 headset legs -> Kamailio -> sipp (the dispatchers' devices, PCMA, auto-answer hints checked)
 *
 * RTP is sent and timed by a separate "peers" process (this file with --peers) standing in
 * for the callers' and the devices' media ports: one packet per 20 ms per flow, both
 * directions, a flow id and packet index coded in each payload so it survives transcoding.
 * The same peers first talk straight to each other (baseline) while the desk is timed,
 * then through the relay while the desk is timed again; "added" is relay minus baseline at
 * each percentile, so the harness's own cost cancels. Key-to-frame: a key typed into a
 * virtual stdin of the real Ink App with a desk runner (as bench/desk.js), until Ink writes
 * the frame that shows it.
 *
 * Call analysis (issue 18): one uncounted warm-up relay phase, then `--rounds` pairs (default 2)
 * of phases with the caller legs' analysis tap off and on, back to back on the same 30 calls,
 * the pairs alternating which mode goes first (`--analysis both`, the default; `on` or `off` for
 * one); "analysis.added" is the median of the per-pair differences on − off (latency and jitter
 * p99, CPU per call of the media worker thread and of the process), "analysis.noise" the spread
 * of same-mode phases (bench/lib.js analysisRounds). The desk types through EVERY phase (the
 * warm-up too), so no phase is spared the frames; "relay" is the typical (median p99) off phase
 * and key-to-frame while relaying pools every counted phase.
 *
 * Usage: npm run build && node bench/headset-bridge.js [--calls 30] [--seconds 10] [--desk 0] [--screen-first] [--analysis both|on|off] [--rounds 2] [--tap analysis|meter]
 * Needs kamailio, kamcmd and sipp (Debian: kamailio kamailio-websocket-modules sip-tester).
 * Ports: Kamailio 16060/16080, sipp 16070/16071, RTP 23000-23699. Prints one JSON object.
 */
import { createSocket } from 'node:dgram';
import { execFile, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addedByRelay, analysisRounds, arg, flowFigures, numberArg, sendPaced, summary } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const LOCAL = '127.0.0.1';
const CALLER_PORT = 23600;
const DEVICE_PORT = 23602;
const INTERVAL = 20;
const CALLS = numberArg('calls', 30);
const SECONDS = numberArg('seconds', 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (m) => process.stderr.write(`${m}\n`);

if (process.argv.includes('--peers')) await peers();
else await main();

// ---------------------------------------------------------------- the peers process

async function peers() {
  const dist = new URL('../dist/telephony/media/index.js', import.meta.url);
  const { ULAW_TO_ALAW, ALAW_TO_ULAW } = await import(dist.href);
  // µ-law symbols whose A-law images map back to them (a packet's code survives transcoding), no silence bytes
  const U = [];
  for (let b = 0x81; b < 0xff && U.length < 16; b += 3) if (ALAW_TO_ULAW[ULAW_TO_ALAW[b]] === b && ULAW_TO_ALAW[b] !== 0xd5) U.push(b);
  const SYMBOLS = { 0: U, 8: U.map((b) => ULAW_TO_ALAW[b]) };
  const SYMBOL_OF = { 0: new Map(SYMBOLS[0].map((b, k) => [b, k])), 8: new Map(SYMBOLS[8].map((b, k) => [b, k])) };
  const DIGITS = 10; // 2 for the flow id, 8 for the packet index

  const packet = (pt, flow, index, ssrc) => {
    const out = Buffer.alloc(12 + 160, SYMBOLS[pt][0]);
    out[0] = 0x80;
    out[1] = pt;
    out.writeUInt16BE(index & 0xffff, 2);
    out.writeUInt32BE((index * 160) >>> 0, 4);
    out.writeUInt32BE(ssrc, 8);
    const code = [flow & 0xf, (flow >> 4) & 0xf];
    for (let n = 0; n < 8; n++) code.push((index >>> (4 * n)) & 0xf);
    for (let n = 0; n < DIGITS; n++) out[12 + n] = SYMBOLS[pt][code[n]];
    return out;
  };
  const decode = (msg) => {
    const pt = msg[1] & 0x7f;
    const table = SYMBOL_OF[pt];
    if (!table || msg.length < 12 + DIGITS) return null;
    const k = [];
    for (let n = 0; n < DIGITS; n++) {
      const v = table.get(msg[12 + n]);
      if (v === undefined) return null; // keep-alive silence
      k.push(v);
    }
    let index = 0;
    for (let n = 0; n < 8; n++) index |= k[2 + n] << (4 * n);
    return { flow: k[0] | (k[1] << 4), index: index >>> 0 };
  };

  const bind = (port) => new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(port, LOCAL, () => resolve(s));
  });
  const caller = await bind(CALLER_PORT);
  const device = await bind(DEVICE_PORT);
  const sources = { caller: new Set(), device: new Set() };
  let flows = [];
  const onMessage = (which) => (msg, rinfo) => {
    const at = performance.now();
    if (rinfo.port !== CALLER_PORT && rinfo.port !== DEVICE_PORT) sources[which].add(rinfo.port);
    const d = decode(msg);
    const f = d && flows[d.flow];
    if (f && d.index < f.recvAt.length && Number.isNaN(f.recvAt[d.index])) f.recvAt[d.index] = at;
  };
  caller.on('message', onMessage('caller'));
  device.on('message', onMessage('device'));

  async function run(mode, seconds) {
    const count = Math.floor((seconds * 1000) / INTERVAL);
    const make = (socket, toPort, pt) => ({ socket, toPort, pt, sentAt: new Float64Array(count).fill(NaN), recvAt: new Float64Array(count).fill(NaN), sent: 0 });
    const toLegs = mode === 'relay';
    const callerTargets = toLegs ? [...sources.caller] : Array(CALLS).fill(DEVICE_PORT);
    const deviceTargets = toLegs ? [...sources.device] : Array(CALLS).fill(CALLER_PORT);
    flows = [...callerTargets.map((p) => make(caller, p, 0)), ...deviceTargets.map((p) => make(device, p, 8))];
    await sendPaced(flows, count, INTERVAL, (flow, f, i) => flow.socket.send(packet(flow.pt, f, i, 0x5eed0000 + f), flow.toPort, LOCAL));
    await sleep(300); // drain
    return { flows: flows.length, ...flowFigures(flows, count) };
  }

  process.on('message', async (msg) => {
    if (msg.cmd === 'sources') process.send({ caller: sources.caller.size, device: sources.device.size });
    else if (msg.cmd === 'run') process.send(await run(msg.mode, msg.seconds));
    else if (msg.cmd === 'exit') {
      caller.close();
      device.close();
      process.exit(0);
    }
  });
  process.send({ ready: true });
}

// ---------------------------------------------------------------- the console process

async function main() {
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(path.join(dist, 'bundle', 'bench-kit.js'))) {
    console.error('bench/headset-bridge.js needs the build: run `npm run build` first');
    process.exit(2);
  }
  // what the console runs: its bundle (production React, the console's screen writer)
  const [kit, { kamailioArgs }] = await Promise.all([
    import(path.join(dist, 'bundle', 'bench-kit.js')), import(path.join(root, 'test/pbx/kamailio-args.js')),
  ]);
  const { SipPhone, Store, seed, DeskRunner, ReplayPhone, drawDesk, VirtualStdin, VirtualStdout, favourVoiceOverScreen, mediaWorkerCpuMicros, openRtpStream } = kit;
  // the customer calls' streams (told from the headset legs by their audio spec): the bench turns their analysis on and off
  const CALL_AUDIO = { kind: 'none' };
  const callStreams = [];
  const openRtp = async (o) => {
    const s = await openRtpStream(o);
    if (o.audio === CALL_AUDIO) callStreams.push(s);
    return s;
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-bench-headset-'));
  const children = [];
  const cleanup = [];
  const stopAll = async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch?.(() => undefined);
    // Kamailio's workers are its own children: SIGTERM lets the main process take them down
    for (const c of children) {
      if (c.exitCode !== null || c.signalCode !== null) continue;
      const gone = new Promise((r) => c.once('exit', r));
      try { process.kill(c.pid, 'SIGTERM'); } catch { continue; }
      if (await Promise.race([gone.then(() => true), sleep(5000).then(() => false)])) continue;
      try { process.kill(c.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  };
  try {
    // PBX
    const kam = spawn('kamailio', kamailioArgs({ dir, udpPort: 16060, wsPort: 16080, children: 2, gateway: `sip:${LOCAL}:16071` }), { stdio: 'ignore' });
    children.push(kam);
    const ctl = path.join(dir, 'kamailio_ctl');
    for (let i = 0; ; i++) {
      const up = await new Promise((r) => execFile('kamcmd', ['-s', `unix:${ctl}`, 'core.uptime'], { timeout: 2000 }, (e) => r(!e)));
      if (up) break;
      if (i > 200) throw new Error('kamailio did not start');
      await sleep(50);
    }
    // the dispatchers' devices: one sipp answering every headset call (PCMA first: the relay transcodes)
    const scenarios = path.join(root, 'test/pbx/scenarios');
    const deviceXml = path.join(dir, 'device.xml');
    fs.writeFileSync(deviceXml, fs.readFileSync(path.join(scenarios, 'headset-device.xml'), 'utf8')
      .replaceAll('{{check}}', 'true').replaceAll('{{ring_ms}}', '10').replaceAll('{{hold_ms}}', '900000').replaceAll('{{pts}}', '8 0'));
    const sippArgs = (port, mp) => ['-i', LOCAL, '-p', String(port), '-mi', LOCAL, '-mp', String(mp), '-nostdin', '-timeout', '900s'];
    children.push(spawn('sipp', ['-sf', deviceXml, ...sippArgs(16071, 23980), '-m', String(CALLS), '-key', 'rtp_port', String(DEVICE_PORT)], { stdio: 'ignore', cwd: dir }));
    // the peers process
    const peersProc = fork(fileURLToPath(import.meta.url), ['--peers', '--calls', String(CALLS)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    children.push(peersProc);
    const replies = [];
    const waiters = [];
    peersProc.on('message', (m) => (waiters.length ? waiters.shift()(m) : replies.push(m)));
    const ask = (msg) => new Promise((resolve) => {
      if (msg) peersProc.send(msg);
      if (replies.length) resolve(replies.shift());
      else waiters.push(resolve);
    });
    await ask(null); // ready

    // 30 consoles' phones, each with a headset leg (one media worker serves them all); voice
    // before screen, as the console on a PBX does (--screen-first: without it, to compare)
    const voice = process.argv.includes('--screen-first') ? { ok: false, reason: '--screen-first' } : favourVoiceOverScreen();
    const phones = [];
    const answered = new Set();
    let headsets = 0;
    for (let i = 0; i < CALLS; i++) {
      const ext = String(1700 + i);
      const phone = new SipPhone({
        url: `ws://${LOCAL}:16080`, domain: LOCAL, login: ext, password: `secret${ext}`, extension: ext,
        headset: String(1800 + i), autoAnswerMs: 0, rtpPortMin: 23000, rtpPortMax: 23499, log: () => undefined,
        audio: CALL_AUDIO, headsetAudio: { kind: 'none' }, openRtp, analyseCalls: false,
      });
      phone.on((e) => {
        if (e.type === 'headset' && e.state === 'connected') headsets++;
        if (e.type === 'answered') answered.add(e.callId);
      });
      phones.push(phone);
      cleanup.push(() => phone.stop());
      await phone.start();
    }
    for (let i = 0; headsets < CALLS; i++) {
      if (i > 600) throw new Error(`only ${headsets} of ${CALLS} headset legs connected in 30 s`);
      await sleep(50);
    }
    log(`${CALLS} headset legs connected`);

    // the desk: real Ink App, desk runner, virtual terminal
    const store = Store.open(path.join(dir, 'desk.db'), { region: 'CZ', currency: 'CZK' });
    store.checkpointEvery(2000); // as the console does
    seed(store);
    const runner = new DeskRunner({ store, phone: new ReplayPhone({}), operator: { id: null, name: 'bench', extension: '100' }, columns: 100, rows: 30 });
    runner.start();
    const stdout = new VirtualStdout(100, 30);
    const stdin = new VirtualStdin();
    const ink = drawDesk(runner, { stdout, stdin });
    cleanup.push(async () => { ink.unmount(); runner.dispose(); store.close(); });
    await sleep(300);
    const keyToFrame = async (samples, going = () => true) => {
      const out = [];
      for (let i = 0; i < samples && going(); i++) {
        const shown = new Promise((resolve) => stdout.once('frame', () => resolve(performance.now())));
        const t = performance.now();
        stdin.type('?'); // opens, then closes, the help overlay: every key changes the frame
        out.push((await shown) - t);
        await sleep(45); // stay out of Ink's frame throttle
      }
      return out;
    };
    // --desk 0: relay figures without the desk typing alongside (to see what the Ink renders cost the relay)
    const ktfSamples = numberArg('desk', 1) ? Math.floor((SECONDS * 1000 - 1000) / 55) : 0;

    // without relaying: the peers talk straight to each other while the desk is timed
    const [baseline, ktfQuiet] = await Promise.all([ask({ cmd: 'run', mode: 'baseline', seconds: SECONDS }), keyToFrame(ktfSamples)]);
    log('baseline done');

    // 30 customer calls: sipp calls extensions 1700.. (one per console), each answered and bridged
    const callerXml = path.join(dir, 'caller.xml');
    fs.writeFileSync(callerXml, fs.readFileSync(path.join(scenarios, 'uac-call.xml'), 'utf8').replaceAll('[service]', '[field0]'));
    const csv = path.join(dir, 'callees.csv');
    fs.writeFileSync(csv, `SEQUENTIAL\n${Array.from({ length: CALLS }, (_, i) => `${1700 + i};`).join('\n')}\n`);
    children.push(spawn('sipp', ['-sf', callerXml, '-inf', csv, ...sippArgs(16070, 23984), '-m', String(CALLS), '-l', String(CALLS), '-r', '20',
      '-d', '900000', '-key', 'rtp_port', String(CALLER_PORT), '-key', 'caller', '+420777000', `${LOCAL}:16060`], { stdio: 'ignore', cwd: dir }));
    for (let i = 0; ; i++) {
      const s = await ask({ cmd: 'sources' });
      if (answered.size === CALLS && s.caller >= CALLS && s.device >= CALLS) break;
      if (i > 300) throw new Error(`calls not all up: ${answered.size} answered, peers see ${s.caller} caller legs and ${s.device} headset legs`);
      await sleep(100);
    }
    await sleep(500);
    log(`${CALLS} customer calls bridged`);
    // every phase gets the same typing alongside (before, only the first did: it alone paid for the frames)
    const ktfRelaying = [];
    let warmUpDone = false;
    const relayPhase = async () => {
      let relaying = true;
      const [figures, ktf] = await Promise.all([
        ask({ cmd: 'run', mode: 'relay', seconds: SECONDS }).then((f) => { relaying = false; return f; }),
        keyToFrame(ktfSamples * 2, () => relaying), // types until the phase's last packet is in
      ]);
      if (warmUpDone) ktfRelaying.push(...ktf);
      warmUpDone = true;
      return figures;
    };
    const analysis = await analysisRounds({
      mode: arg('analysis', 'both'), rounds: numberArg('rounds', 2), calls: CALLS, legs: callStreams, relay: relayPhase, workerCpu: mediaWorkerCpuMicros, tap: arg('tap', 'analysis'),
    });
    const relay = analysis.typical;
    let relayed = 0;
    for (const p of phones) relayed += (await p.headsetRtpStats())?.packetsRelayed ?? 0;

    const quiet = summary(ktfQuiet);
    const busy = summary(ktfRelaying);
    const added = addedByRelay(relay, baseline);
    const round = (x) => Math.round(x * 1000) / 1000;
    const target = { addedLatencyP99Ms: 1, addedJitterP99Ms: 1, lost: 0, keyToFrameP99ChangeMs: 'within noise' };
    peersProc.send({ cmd: 'exit' });
    console.log(JSON.stringify({
      bench: 'headset-bridge',
      path: 'sipp callers -> Kamailio -> SipPhone caller legs == media-worker relay (PCMU->PCMA) == headset legs -> Kamailio -> sipp devices',
      machine: { cpus: os.cpus().length, node: process.version },
      calls: CALLS,
      seconds: SECONDS,
      unitsMs: true,
      voiceBeforeScreen: voice,
      baseline,
      relay: { ...relay, packetsRelayedToHeadsets: relayed },
      added,
      analysis: analysis.report,
      keyToFrame: {
        withoutRelaying: quiet,
        whileRelaying: busy,
        changeP50: round(busy.p50 - quiet.p50),
        changeP99: round(busy.p99 - quiet.p99),
      },
      target,
      pass: added.latencyP99 <= 1 && added.jitterP99 <= 1 && relay.lost === 0,
    }, null, 2));
  } finally {
    await stopAll();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}
