#!/usr/bin/env node
/**
 * Accuracy of the call figures (issue 18) on the espeak-ng dialogue with known turns
 * (fixtures/audio, scripts/make-dialogue-audio): the caller's side sent as PCMU RTP one packet
 * per 20 ms from a UDP socket to a call leg in the media worker, the dispatcher's side played by
 * the leg itself, the 'analysis' tap on; the measured talk of each side against the known turns,
 * over `--rounds` plays (default 3; each takes the dialogue's 20 s). RTP ports 18400-18449.
 *
 * Also the analysis's own CPU, which a saturated box cannot hide: the dialogue's frames fed
 * straight into the analysis consumer (both directions, 20 ms frames) for `--call-seconds`
 * (default 3600) of calls, timed with the thread's CPU clock: µs of CPU per second of call.
 *
 * Usage: npm run build && node bench/call-figures.js [--rounds 3] [--call-seconds 3600]
 * Prints one JSON object: per round and the medians of the errors (%; goal within 5 %).
 */
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { numberArg } from './lib.js';

const dist = new URL('../dist/telephony/media/index.js', import.meta.url);
if (!existsSync(dist)) {
  console.error('bench/call-figures.js needs the build: run `npm run build` first');
  process.exit(2);
}
const { openRtpStream, readWavSamples, encodeSample } = await import(dist.href);
const ROUNDS = numberArg('rounds', 3);
const LOCAL = '127.0.0.1';
const audio = new URL('../fixtures/audio/', import.meta.url);
const dialogue = JSON.parse(readFileSync(new URL('dialogue-turns.json', audio), 'utf8'));
const file = (side) => new URL(`dialogue-${side}.wav`, audio).pathname;
const known = (side) => dialogue.turns.filter((t) => t.side === side).reduce((s, t) => s + t.endMs - t.startMs, 0);
const caller = await readWavSamples(file('caller'));
const packets = Array.from({ length: Math.ceil(caller.length / 160) }, (_, i) => {
  const p = Buffer.alloc(172);
  p[0] = 0x80;
  p.writeUInt16BE(i & 0xffff, 2);
  p.writeUInt32BE(i * 160, 4);
  p.writeUInt32BE(0x5eed, 8);
  for (let j = 0; j < 160; j++) p[12 + j] = encodeSample('PCMU', caller[i * 160 + j] ?? 0);
  return p;
});

const round1 = (x) => Math.round(x * 10) / 10;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const leg = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'wav', play: file('dispatcher') }, portMin: 18400, portMax: 18449 });
  const phone = createSocket('udp4');
  await new Promise((resolve) => phone.bind(0, LOCAL, resolve));
  await leg.tap('analysis');
  leg.start({ address: LOCAL, port: phone.address().port }, 'PCMU', 0);
  const t0 = performance.now();
  for (let i = 0; i < packets.length; i++) {
    const wait = t0 + i * 20 - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    phone.send(packets[i], leg.localPort, LOCAL);
  }
  const f = await leg.untap('analysis');
  await leg.close();
  phone.close();
  const err = (got, want) => round1(((got - want) / want) * 100);
  rounds.push({
    callerTalkMs: f.callerTalkMs, dispatcherTalkMs: f.dispatcherTalkMs, overtalkMs: f.overtalkMs, longestSilenceMs: f.longestSilenceMs, firstWordsMs: f.firstWordsMs,
    callerErrorPercent: err(f.callerTalkMs, known('caller')), dispatcherErrorPercent: err(f.dispatcherTalkMs, known('dispatcher')),
  });
}
// the analysis's CPU per second of call: frames of both directions straight into the consumer
const { startAnalysis } = await import(new URL('../dist/telephony/media/call-analysis.js', import.meta.url).href);
const dispatcher = await readWavSamples(file('dispatcher'));
const callSeconds = numberArg('call-seconds', 3600);
const frames = Math.floor(caller.length / 160);
const cpuRuns = [];
for (let run = 0; run < 5; run++) {
  const cpu0 = process.threadCpuUsage ? process.threadCpuUsage() : process.cpuUsage();
  let at = 0;
  let a = startAnalysis(undefined, 0);
  for (let k = 0; k < callSeconds * 50; k++) {
    const i = k % frames;
    if (i === 0 && k > 0) { a.finish(at); a = startAnalysis(undefined, at); }
    at += 20;
    a.frame('in', caller.subarray(i * 160, i * 160 + 160), 160, at, false);
    a.frame('out', dispatcher.subarray(i * 160, i * 160 + 160), 160, at, false);
  }
  a.finish(at);
  const cpu = process.threadCpuUsage ? process.threadCpuUsage(cpu0) : process.cpuUsage(cpu0);
  cpuRuns.push(Math.round(((cpu.user + cpu.system) / callSeconds) * 100) / 100);
}
const medianAbs = (k) => round1(median(rounds.map((x) => Math.abs(x[k]))));
const worst = Math.max(...rounds.flatMap((x) => [Math.abs(x.callerErrorPercent), Math.abs(x.dispatcherErrorPercent)]));
console.log(JSON.stringify({
  bench: 'call-figures',
  dialogueMs: dialogue.lengthMs,
  knownTalkMs: { caller: known('caller'), dispatcher: known('dispatcher') },
  rounds,
  medianAbsErrorPercent: { caller: medianAbs('callerErrorPercent'), dispatcher: medianAbs('dispatcherErrorPercent') },
  worstAbsErrorPercent: worst,
  analysisCpuMicrosecondsPerCallSecond: { runs: cpuRuns, median: median(cpuRuns), callSecondsPerRun: callSeconds, clock: process.threadCpuUsage ? 'thread' : 'process' },
  goalPercent: 5,
  pass: worst <= 5,
  load: (await import('node:os')).loadavg().map((x) => round1(x)),
}, null, 2));
