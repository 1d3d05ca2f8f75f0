/** Small pieces every bench shares: reading a flag (text or number), percentiles, RTP flow figures, a process's memory, a desk watching the chats. */
import fs from 'node:fs';

/** The value after `--name` on the command line, or `def`. */
export function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

/** The number after `--name` on the command line, or `def`. */
export function numberArg(name, def) {
  return Number(arg(name, def));
}

/** The p-th percentile (0-100) of a sample, rounded to 3 decimals. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(3);
}

const round3 = (x) => Math.round(x * 1000) / 1000;

/** Count, p50, p99 and max of a sample (ms), rounded to 3 decimals; NaN when empty. */
export function summary(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
  return { samples: sorted.length, p50: round3(at(0.5)), p99: round3(at(0.99)), max: round3(sorted[sorted.length - 1] ?? NaN) };
}

/**
 * RTP flows timed packet by packet (`sentAt[i]`, `recvAt[i]`, NaN when lost): sent, received,
 * lost, latency, and jitter as the change of latency between consecutive received packets.
 */
export function flowFigures(flows, count) {
  const latencies = [];
  const jitters = [];
  let sent = 0;
  let received = 0;
  for (const flow of flows) {
    let last = NaN;
    for (let i = 0; i < count; i++) {
      sent++;
      if (Number.isNaN(flow.recvAt[i])) {
        last = NaN;
        continue;
      }
      received++;
      const latency = flow.recvAt[i] - flow.sentAt[i];
      latencies.push(latency);
      if (!Number.isNaN(last)) jitters.push(Math.abs(latency - last));
      last = latency;
    }
  }
  return { sent, received, lost: sent - received, latency: summary(latencies), jitter: summary(jitters) };
}

/** What a relay adds: its figures minus the direct baseline's, at each percentile. */
export function addedByRelay(relay, baseline) {
  return {
    latencyP50: round3(relay.latency.p50 - baseline.latency.p50),
    latencyP99: round3(relay.latency.p99 - baseline.latency.p99),
    jitterP99: round3(relay.jitter.p99 - baseline.jitter.p99),
  };
}

/**
 * Sends `count` RTP packets on each flow, one every `interval` ms, the flows' phases spread over
 * the interval, stamping `flow.sentAt[i]` (and counting `flow.sent`) just before `send(flow, f, i)`
 * puts packet i of flow f on the wire. Resolves once every packet is sent.
 */
export function sendPaced(flows, count, interval, send) {
  const start = performance.now() + 50;
  const due = flows.map((_, f) => start + (f * interval) / flows.length);
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      let next = Infinity;
      flows.forEach((flow, f) => {
        while (flow.sent < count && due[f] <= now) {
          const i = flow.sent++;
          flow.sentAt[i] = performance.now();
          send(flow, f, i);
          due[f] += interval;
        }
        if (flow.sent < count) next = Math.min(next, due[f]);
      });
      if (next < Infinity) setTimeout(tick, Math.max(0, next - performance.now()));
      else resolve();
    };
    tick();
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? round3(s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

const spread = (xs) => (xs.length ? round3(Math.max(...xs) - Math.min(...xs)) : NaN);

/**
 * The call analysis on vs off (issue 18) on the same bridged legs, fairly: `relay()` runs one
 * relay phase and returns its flow figures; `legs` are the caller legs that get the 'analysis'
 * tap (or the tap kind `tap`, e.g. 'meter' to tell the tap's own cost from the analysis's); `workerCpu()` (optional) reads the media worker thread's CPU in µs (null when unknown).
 * - First a warm-up phase that is not counted (sockets, JIT, the peers' and PBX's first packets).
 * - Mode 'both': `rounds` pairs, the first of each pair alternating (off, on | on, off | …), so
 *   neither mode always follows the warm-up or the other; 'on' or 'off': `rounds` phases of that.
 * - "added" is the MEDIAN OF THE PER-PAIR DIFFERENCES on − off (each pair ran back to back, so
 *   slow drifts of the box's load cancel), with their range; "noise" is how far phases of the
 *   SAME mode spread (max − min), to set beside the effect.
 * CPU per call per second of relay: the process's, and where Node tells it (≥ 23.9) split into
 * the media worker thread's, the main thread's (the bench's sockets, the desk) and the other
 * threads' (V8's garbage collector and compiler helpers, libuv).
 * Returns the typical phase's figures (the median-p99 one of the "off" phases, or of the only
 * mode) and the report.
 */
export async function analysisRounds({ mode, rounds, calls, legs, relay, workerCpu = async () => null, tap = 'analysis' }) {
  if (!['both', 'on', 'off'].includes(mode)) throw new Error(`--analysis ${mode}: use both, on or off`);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds ${rounds}: use a whole number of 1 or more`);
  if (legs.length < calls) throw new Error(`only ${legs.length} caller legs to analyse for ${calls} calls`);
  const order = mode === 'both'
    ? Array.from({ length: rounds }, (_, k) => (k % 2 === 0 ? [false, true] : [true, false])).flat()
    : Array.from({ length: rounds }, () => mode === 'on');
  const phase = async (on) => {
    if (on) await Promise.all(legs.map((leg) => leg.tap(tap)));
    const w0 = await workerCpu();
    const cpu0 = process.cpuUsage();
    const main0 = process.threadCpuUsage?.();
    const t0 = performance.now();
    const figures = await relay();
    const cpu = process.cpuUsage(cpu0);
    const main = main0 && process.threadCpuUsage(main0);
    const seconds = (performance.now() - t0) / 1000;
    const w1 = await workerCpu();
    if (on) await Promise.all(legs.map((leg) => leg.untap(tap)));
    const perCall = (micros) => round3(micros / 1000 / calls / seconds);
    const worker = w0 === null || w1 === null ? null : w1 - w0;
    const mainMicros = main ? main.user + main.system : null;
    return {
      analysis: on ? 'on' : 'off', figures,
      cpuMsPerCallPerSecond: perCall(cpu.user + cpu.system),
      workerCpuMsPerCallPerSecond: worker === null ? null : perCall(worker),
      // the rest: the main thread (the bench's sockets, the desk) and the others (V8's GC and compiler helpers, libuv)
      mainCpuMsPerCallPerSecond: mainMicros === null ? null : perCall(mainMicros),
      otherThreadsCpuMsPerCallPerSecond: worker === null || mainMicros === null ? null : perCall(cpu.user + cpu.system - worker - mainMicros),
    };
  };
  const warmUp = await phase(mode === 'on');
  const phases = [];
  for (const on of order) phases.push(await phase(on));
  const of = (on) => phases.filter((p) => p.analysis === (on ? 'on' : 'off'));
  const pick = {
    latencyP50: (p) => p.figures.latency.p50, latencyP99: (p) => p.figures.latency.p99, jitterP99: (p) => p.figures.jitter.p99,
    cpuMsPerCallPerSecond: (p) => p.cpuMsPerCallPerSecond, workerCpuMsPerCallPerSecond: (p) => p.workerCpuMsPerCallPerSecond,
    mainCpuMsPerCallPerSecond: (p) => p.mainCpuMsPerCallPerSecond, otherThreadsCpuMsPerCallPerSecond: (p) => p.otherThreadsCpuMsPerCallPerSecond,
  };
  const known = (xs) => xs.filter((x) => x !== null && !Number.isNaN(x));
  const medians = (on) => {
    const ps = of(on);
    if (!ps.length) return null;
    const m = { phases: ps.length, lost: ps.reduce((n, p) => n + p.figures.lost, 0) };
    for (const [k, f] of Object.entries(pick)) m[k] = known(ps.map(f)).length ? median(known(ps.map(f))) : null;
    return m;
  };
  const noise = (on) => {
    const ps = of(on);
    return ps.length > 1 ? { latencyP99: spread(ps.map(pick.latencyP99)), jitterP99: spread(ps.map(pick.jitterP99)), latencyP50: spread(ps.map(pick.latencyP50)) } : null;
  };
  let added = null;
  let pairs = null;
  if (mode === 'both') {
    pairs = [];
    for (let k = 0; k < rounds; k++) {
      const [a, b] = [phases[2 * k], phases[2 * k + 1]];
      const [on, off] = a.analysis === 'on' ? [a, b] : [b, a];
      const d = { first: a.analysis };
      for (const [key, f] of Object.entries(pick)) d[key] = f(on) === null || f(off) === null ? null : round3(f(on) - f(off));
      pairs.push(d);
    }
    added = {};
    for (const key of Object.keys(pick)) {
      const ds = known(pairs.map((d) => d[key]));
      added[key] = ds.length ? median(ds) : null;
      added[`${key}Range`] = ds.length ? [Math.min(...ds), Math.max(...ds)] : null;
    }
  }
  const typicalOf = mode === 'on' ? of(true) : of(false);
  const typical = [...typicalOf].sort((x, y) => x.figures.latency.p99 - y.figures.latency.p99)[typicalOf.length >> 1];
  const goalMs = 0.1;
  const brief = (p) => ({
    analysis: p.analysis, latencyP50: p.figures.latency.p50, latencyP99: p.figures.latency.p99, jitterP99: p.figures.jitter.p99, lost: p.figures.lost,
    cpuMsPerCallPerSecond: p.cpuMsPerCallPerSecond, workerCpuMsPerCallPerSecond: p.workerCpuMsPerCallPerSecond,
    mainCpuMsPerCallPerSecond: p.mainCpuMsPerCallPerSecond, otherThreadsCpuMsPerCallPerSecond: p.otherThreadsCpuMsPerCallPerSecond,
  });
  return {
    typical: typical.figures,
    report: {
      mode, rounds, tap, legsTapped: legs.length,
      warmUp: brief(warmUp),
      phases: phases.map(brief),
      off: medians(false), on: medians(true),
      noise: { off: noise(false), on: noise(true) },
      pairs, added, goalMs,
      pass: added ? added.latencyP99 <= goalMs && added.jitterP99 <= goalMs : null,
    },
  };
}

/** Process `pid`'s resident memory in kB (Linux /proc), sampled every 50 ms from now: idle is the first reading. */
export function rssSampler(pid) {
  const kb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  const idle = kb();
  let peak = idle;
  const timer = setInterval(() => { peak = Math.max(peak, kb()); }, 50);
  return { idle, peak: () => peak, now: kb, stop: () => clearInterval(timer) };
}

/**
 * A desk's view of the chats, as a console has it: its own connection, woken by commits, reading
 * what desk_changes says is new; `seenAt` maps each inbound message's text to when it was first seen.
 */
export function inboundWatch(desk, at) {
  const seenAt = new Map();
  let lastId = 0;
  let lastVersion = desk.deskVersion();
  const look = () => {
    const v = desk.deskVersion();
    if (v === lastVersion) return;
    lastVersion = v;
    const t = at();
    for (const m of desk.conversations.recent(lastId, 5000)) {
      lastId = Math.max(lastId, m.id);
      if (m.direction === 'in' && !seenAt.has(m.text)) seenAt.set(m.text, t);
    }
  };
  return { seenAt, look, stop: desk.onCommit(look) };
}
