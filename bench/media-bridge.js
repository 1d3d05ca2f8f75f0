#!/usr/bin/env node
/**
 * Headset-leg relay under load (issue 8): 30 customer calls bridged at once (60 legs) on
 * loopback. Each call has a "phone" socket on leg A (PCMU) and a "headset" socket on leg B
 * (PCMU for half the calls, PCMA — transcoded — for the other half); both send one packet
 * per 20 ms to each other through the relay in the media worker.
 *
 * The same sockets first talk to each other directly (baseline), then through the relay;
 * "added" is relay minus baseline at each percentile, so the harness's own cost cancels.
 * Latency: send -> receive per packet. Jitter: |latency(i) - latency(i-1)| within a flow.
 *
 * Call analysis (issue 18): with `--analysis both` (the default) the relay runs one uncounted
 * warm-up phase, then `--rounds` pairs (default 2) of phases with the caller legs' analysis tap
 * off and on, back to back on the same legs, the pairs alternating which mode goes first;
 * "analysis.added" is the median of the per-pair differences on − off (latency p50/p99, jitter
 * p99, CPU per call: the media worker thread's own, and the process's — the worker plus this
 * bench's sockets), "analysis.noise" the spread of same-mode phases (bench/lib.js
 * analysisRounds). `--analysis off` or `on` runs only that. "relay" is the typical (median p99)
 * off phase.
 *
 * Usage: npm run build && node bench/media-bridge.js [--calls 30] [--seconds 10] [--analysis both|on|off] [--rounds 2] [--tap analysis|meter]
 * Prints one JSON object.
 */
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { addedByRelay, analysisRounds, arg, flowFigures, numberArg, sendPaced } from './lib.js';

const dist = new URL('../dist/telephony/media/index.js', import.meta.url);
if (!existsSync(dist)) {
  console.error('bench/media-bridge.js needs the build: run `npm run build` first');
  process.exit(2);
}
const { openRtpStream, bridgeStreams, mediaWorkerCpuMicros, ULAW_TO_ALAW, ALAW_TO_ULAW } = await import(dist.href);

const CALLS = numberArg('calls', 30);
const SECONDS = numberArg('seconds', 10);
const LOCAL = '127.0.0.1';
const PORTS = { portMin: 22000, portMax: 22499 };
const INTERVAL = 20;

// 16 µ-law symbols whose A-law images map back to them, so a packet's index survives
// transcoding; silence bytes excluded so keep-alive packets are never mistaken for data.
const SYMBOLS_U = [];
for (let b = 0x81; b < 0xff && SYMBOLS_U.length < 16; b += 3) {
  if (ALAW_TO_ULAW[ULAW_TO_ALAW[b]] === b && b !== 0xff && ULAW_TO_ALAW[b] !== 0xd5) SYMBOLS_U.push(b);
}
const SYMBOLS = { PCMU: SYMBOLS_U, PCMA: SYMBOLS_U.map((b) => ULAW_TO_ALAW[b]) };
const SYMBOL_OF = {
  PCMU: new Map(SYMBOLS.PCMU.map((b, k) => [b, k])),
  PCMA: new Map(SYMBOLS.PCMA.map((b, k) => [b, k])),
};
const PT = { PCMU: 0, PCMA: 8 };

function packet(codec, index, sequence) {
  const out = Buffer.alloc(12 + 160, SYMBOLS[codec][0]);
  out[0] = 0x80;
  out[1] = PT[codec];
  out.writeUInt16BE(sequence & 0xffff, 2);
  out.writeUInt32BE((index * 160) >>> 0, 4);
  out.writeUInt32BE(0x5eed, 8);
  for (let n = 0; n < 8; n++) out[12 + n] = SYMBOLS[codec][(index >>> (4 * n)) & 0xf];
  return out;
}

function indexOf(codec, msg) {
  if (msg.length < 20) return -1;
  let index = 0;
  for (let n = 0; n < 8; n++) {
    const k = SYMBOL_OF[codec].get(msg[12 + n]);
    if (k === undefined) return -1; // keep-alive silence or a digit
    index |= k << (4 * n);
  }
  return index >>> 0;
}

async function bindPeer() {
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = 22500 + Math.floor(Math.random() * 500);
    const socket = createSocket('udp4');
    const ok = await new Promise((resolve) => {
      socket.once('error', () => resolve(false));
      socket.bind(port, LOCAL, () => resolve(true));
    });
    if (ok) return { socket, port };
    socket.close();
  }
  throw new Error('no free peer port in 22500-22999');
}

/** A one-way flow: `from` sends in `sendCodec` to `toPort`; `receiver` hears it in `recvCodec`. */
function makeFlow(from, toPort, sendCodec, receiver, recvCodec, count) {
  return { from, toPort, sendCodec, receiver, recvCodec, sentAt: new Float64Array(count).fill(NaN), recvAt: new Float64Array(count).fill(NaN), sent: 0 };
}

/** Run all flows for `seconds`, one packet per 20 ms each, phases spread over the 20 ms. */
async function run(flows, seconds) {
  const count = Math.floor((seconds * 1000) / INTERVAL);
  const listeners = [];
  for (const flow of flows) {
    const onMessage = (msg) => {
      const at = performance.now();
      const i = indexOf(flow.recvCodec, msg);
      if (i >= 0 && i < count && Number.isNaN(flow.recvAt[i])) flow.recvAt[i] = at;
    };
    flow.receiver.socket.on('message', onMessage);
    listeners.push(() => flow.receiver.socket.off('message', onMessage));
  }
  await sendPaced(flows, count, INTERVAL, (flow, f, i) => flow.from.socket.send(packet(flow.sendCodec, i, i), flow.toPort, LOCAL));
  await new Promise((resolve) => setTimeout(resolve, 300)); // drain
  listeners.forEach((off) => off());
  return flowFigures(flows, count);
}

const calls = [];
for (let c = 0; c < CALLS; c++) {
  const headsetCodec = c % 2 === 0 ? 'PCMU' : 'PCMA';
  const phone = await bindPeer();
  const device = await bindPeer();
  calls.push({ phone, device, headsetCodec });
}
const count = Math.floor((SECONDS * 1000) / INTERVAL);

// Baseline: phone and device talk straight to each other, same codec each way as they send.
const baselineFlows = calls.flatMap(({ phone, device, headsetCodec }) => [
  makeFlow(phone, device.port, 'PCMU', device, 'PCMU', count),
  makeFlow(device, phone.port, headsetCodec, phone, headsetCodec, count),
]);
const baseline = await run(baselineFlows, SECONDS);

// Relay: phone <-> leg A (PCMU) ==bridge== leg B (headset codec) <-> device.
const legs = [];
for (const call of calls) {
  const caller = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...PORTS });
  const headset = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...PORTS });
  caller.start({ address: LOCAL, port: call.phone.port }, 'PCMU', 0, 101);
  headset.start({ address: LOCAL, port: call.device.port }, call.headsetCodec, PT[call.headsetCodec], 101);
  await bridgeStreams(caller, headset);
  call.caller = caller;
  call.headset = headset;
  legs.push(caller, headset);
}
const relayFlows = () => calls.flatMap(({ phone, device, headsetCodec, caller, headset }) => [
  makeFlow(phone, caller.localPort, 'PCMU', device, headsetCodec, count),
  makeFlow(device, headset.localPort, headsetCodec, phone, 'PCMU', count),
]);
const analysis = await analysisRounds({
  mode: arg('analysis', 'both'), rounds: numberArg('rounds', 2), calls: CALLS,
  legs: calls.map((c) => c.caller), relay: () => run(relayFlows(), SECONDS), workerCpu: mediaWorkerCpuMicros, tap: arg('tap', 'analysis'),
});
const relay = analysis.typical;
let relayed = 0;
let ignored = 0;
for (const leg of legs) {
  const s = await leg.stats();
  relayed += s.packetsRelayed ?? 0;
  ignored += s.packetsIgnored ?? 0;
}
await Promise.all(legs.map((leg) => leg.close()));
for (const { phone, device } of calls) {
  phone.socket.close();
  device.socket.close();
}

const added = addedByRelay(relay, baseline);
const target = { latencyP99Ms: 1, jitterP99Ms: 1, lost: 0 };
console.log(JSON.stringify({
  bench: 'media-bridge',
  calls: CALLS,
  legs: CALLS * 2,
  transcodedCalls: calls.filter((c) => c.headsetCodec === 'PCMA').length,
  seconds: SECONDS,
  unitsMs: true,
  baseline,
  relay: { ...relay, packetsRelayed: relayed, packetsIgnored: ignored },
  added,
  analysis: analysis.report,
  target,
  pass: added.latencyP99 <= target.latencyP99Ms && added.jitterP99 <= target.jitterP99Ms && relay.lost === 0,
}, null, 2));
