/**
 * Test harness: run sipp scenarios from test/pbx/scenarios against the test Kamailio,
 * bounded by a timeout, killed by PID. Also a UDP listener that stands in for a caller's
 * RTP port and keeps every packet it gets (sipp cannot prove RTP arrived).
 */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCENARIOS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scenarios');

export interface SippRun {
  /** Scenario file name under test/pbx/scenarios. */
  scenario: string;
  /** Local SIP port (15070-15079). */
  port: number;
  /** Proxy to send to ("127.0.0.1:15060"); omit for a UAS. */
  remote?: string;
  /** Request-URI user (-s). */
  service?: string;
  /** [keyword] values (-key); [caller] (the From user prefix) defaults to +420777000. */
  keys?: Record<string, string | number>;
  /** {{name}} values written into the scenario text (where sipp takes no [keyword], e.g. recv response codes). */
  vars?: Record<string, string | number>;
  /** The caller's number exactly (From user), instead of [caller] followed by sipp's call number. */
  fromUser?: string;
  /** Calls to make (-m) and rate per second (-r). */
  calls?: number;
  rate?: number;
  /** Default pause (-d) in ms. */
  pauseMs?: number;
  timeoutMs?: number;
  extra?: string[];
}

export interface SippResult { code: number | null; stdout: string; stderr: string; pid: number }

export interface SippProcess { pid: number; done: Promise<SippResult>; kill(): void }

export function startSipp(r: SippRun): SippProcess {
  let file = path.join(SCENARIOS, r.scenario);
  if (r.vars || r.fromUser) {
    let text = fs.readFileSync(file, 'utf8');
    for (const [k, v] of Object.entries(r.vars ?? {})) text = text.split(`{{${k}}}`).join(String(v));
    if (r.fromUser) text = text.split('[caller][call_number]').join(r.fromUser);
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-sipp-')), r.scenario);
    fs.writeFileSync(file, text);
  }
  const args = [
    '-sf', file, '-i', '127.0.0.1', '-p', String(r.port), '-mi', '127.0.0.1',
    '-mp', String(21900 + (r.port % 100)), '-m', String(r.calls ?? 1), '-r', String(r.rate ?? 10),
    '-d', String(r.pauseMs ?? 500), '-nostdin', '-trace_err',
  ];
  args.push('-timeout', `${Math.ceil((r.timeoutMs ?? 30_000) / 1000)}s`, '-timeout_error');
  for (const [k, v] of Object.entries({ caller: '+420777000', ...r.keys })) args.push('-key', k, String(v));
  if (r.service) args.push('-s', r.service);
  args.push(...(r.extra ?? []));
  if (r.remote) args.push(r.remote);
  const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: process.env.SIPP_TRACE_DIR ?? '/tmp' });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  const pid = child.pid!;
  const limit = setTimeout(() => child.kill('SIGKILL'), (r.timeoutMs ?? 30_000) + 5000);
  const done = new Promise<SippResult>((resolve) => child.once('exit', (code) => { clearTimeout(limit); resolve({ code, stdout, stderr, pid }); }));
  return { pid, done, kill: () => { try { process.kill(pid, 'SIGKILL'); } catch { /* exited */ } } };
}

/** Run to completion; resolves with exit code (0 = every call passed the scenario). */
export function runSipp(r: SippRun): Promise<SippResult> {
  return startSipp(r).done;
}

/** Successful / failed call counts from sipp's final statistics screen. */
export function sippCounts(out: string): { ok: number; failed: number } {
  const ok = out.match(/Successful call\s*\|\s*\d+\s*\|\s*(\d+)/);
  const failed = out.match(/Failed call\s*\|\s*\d+\s*\|\s*(\d+)/);
  return { ok: ok ? Number(ok[1]) : -1, failed: failed ? Number(failed[1]) : -1 };
}

export interface RtpPacket { at: number; pt: number; seq: number; payload: Buffer; from: { address: string; port: number } }

/** A UDP socket on 127.0.0.1:`port` that records RTP packets and can send some back. */
export async function listenRtp(port: number): Promise<{ packets: RtpPacket[]; close(): Promise<void>; sendTo(address: string, port: number, count: number): Promise<void> }> {
  const sock = dgram.createSocket('udp4');
  const packets: RtpPacket[] = [];
  sock.on('message', (msg, rinfo) => {
    if (msg.length < 12 || msg[0] >> 6 !== 2) return;
    const cc = msg[0] & 0x0f;
    packets.push({ at: Date.now(), pt: msg[1] & 0x7f, seq: msg.readUInt16BE(2), payload: msg.subarray(12 + cc * 4), from: { address: rinfo.address, port: rinfo.port } });
  });
  await new Promise<void>((resolve, reject) => { sock.once('error', reject); sock.bind(port, '127.0.0.1', () => resolve()); });
  return {
    packets,
    close: () => new Promise((resolve) => sock.close(() => resolve())),
    async sendTo(address, toPort, count) {
      for (let i = 0; i < count; i++) {
        const p = Buffer.alloc(12 + 160, 0x55);
        p[0] = 0x80; p[1] = 0; p.writeUInt16BE(i, 2); p.writeUInt32BE(i * 160, 4); p.writeUInt32BE(0x1234, 8);
        await new Promise<void>((r) => sock.send(p, toPort, address, () => r()));
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

/**
 * The sipps and cleanups of one test: `start` runs a sipp with its own media ports (-mp, four
 * from `mediaPort`); `settle` (afterEach) runs the cleanups newest first, then gives each sipp
 * up to 3 s to finish its scenario and kills what is left.
 */
export class TestSipps {
  readonly cleanups: (() => Promise<void> | void)[] = [];
  private readonly started: SippProcess[] = [];

  start(r: SippRun, mediaPort: number): SippProcess {
    const p = startSipp({ ...r, extra: [...(r.extra ?? []), '-mp', String(mediaPort)] });
    this.started.push(p);
    return p;
  }

  async settle(): Promise<void> {
    for (const c of this.cleanups.splice(0).reverse()) await c();
    for (const s of this.started.splice(0)) {
      await Promise.race([s.done, new Promise((r) => setTimeout(r, 3000))]);
      s.kill();
    }
  }
}
