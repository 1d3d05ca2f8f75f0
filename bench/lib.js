/** Small pieces every bench shares: reading a flag (text or number), percentiles, RTP flow figures. */

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
