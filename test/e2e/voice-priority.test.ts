/**
 * Voice before screen (src/telephony/media/engine.ts favourVoiceOverScreen): in a real Node
 * process, the media worker is started first and keeps the process's priority while the main
 * thread (Ink, SIP, SQLite) steps back; later calls' audio runs in that same worker.
 * Thread priorities come from /proc, as the kernel sees them.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-store.js';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/telephony/media');

const probe = `
import fs from 'node:fs';
const threads = () => fs.readdirSync('/proc/self/task').map((tid) => {
  const stat = fs.readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
  return { tid: Number(tid), nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) };
});
const { favourVoiceOverScreen, mediaEngine } = await import(${JSON.stringify(path.join(dist, 'engine.js'))});
const { openRtpStream } = await import(${JSON.stringify(path.join(dist, 'rtp.js'))});
const before = threads();
const result = favourVoiceOverScreen(5);
const after = threads();
const engine = mediaEngine();
const stream = await openRtpStream({ localAddress: '127.0.0.1', audio: { kind: 'none' }, portMin: 26100, portMax: 26199 });
const sameEngine = mediaEngine() === engine;
const withCall = threads();
await stream.close();
await new Promise((r) => setTimeout(r, 200));
console.log(JSON.stringify({ pid: process.pid, result, before, after, withCall, sameEngine, alive: mediaEngine() === engine && engine.alive }));
process.exit(0);
`;

describe('voice before screen', () => {
  it.runIf(process.platform === 'linux')('the media worker keeps its priority, the main thread steps back, calls use that worker', () => {
    // a file, not -e: the worker inherits the parent's flags and --input-type is refused there
    const { dir, cleanup } = tempDir('ringdesk-voice-');
    let out;
    try {
      const file = path.join(dir, 'probe.mjs');
      fs.writeFileSync(file, probe);
      out = JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 }));
    } finally {
      cleanup();
    }
    expect(out.result).toEqual({ ok: true });
    expect(out.before.every((t: { nice: number }) => t.nice === 0)).toBe(true);
    const main = out.after.find((t: { tid: number }) => t.tid === out.pid);
    expect(main.nice).toBe(5);
    // the worker is the thread that was not there before, and it kept nice 0
    const started = out.after.filter((t: { tid: number }) => !out.before.some((b: { tid: number }) => b.tid === t.tid));
    expect(started.length).toBeGreaterThan(0);
    expect(started.every((t: { nice: number }) => t.nice === 0)).toBe(true);
    // a call's stream opens in that worker: no new worker, no thread at the main thread's priority
    expect(out.sameEngine).toBe(true);
    expect(out.withCall.filter((t: { nice: number }) => t.nice !== 0).map((t: { tid: number }) => t.tid)).toEqual([out.pid]);
    // and the worker outlives the call
    expect(out.alive).toBe(true);
  });
});
