/**
 * A call's recording written as it flows: real WAV files read back (channels, rate, length, the
 * caller's voice on the left and the dispatcher's on the right), private whatever the umask, a
 * file readable when the call was never closed (kill -9), bounded when one side sends nothing.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-store.js';
import { LEFT_CALLER, readRecording, RIGHT_DISPATCHER, StereoRecording } from './stereo-recording.js';
import { wavLayout } from './wav.js';
import { typeScriptHooksUrl } from './engine.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('ringdesk-recording-')));
afterEach(() => cleanup());

/** 20 ms of a sine at `hz` (amplitude 8000), starting at sample `from`. */
function tone(hz: number, from: number): Int16Array {
  const out = new Int16Array(160);
  for (let i = 0; i < 160; i++) out[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * (from + i)) / 8000));
  return out;
}
const rms = (s: Int16Array) => Math.sqrt(s.reduce((a, x) => a + x * x, 0) / Math.max(1, s.length));

describe('a call recorded as stereo WAV', () => {
  it('the caller on the left, the dispatcher on the right, 8 kHz 16-bit, as long as the call', async () => {
    const file = path.join(dir, 'recordings', '20261207T120000Z-0badf00d.wav');
    const rec = StereoRecording.create(file);
    // 3 s: the caller speaks (440 Hz) the first second, the dispatcher (1 kHz) the last two
    for (let k = 0; k < 150; k++) {
      const silent = new Int16Array(160);
      rec.frame(LEFT_CALLER, k < 50 ? tone(440, k * 160) : silent);
      rec.frame(RIGHT_DISPATCHER, k >= 50 ? tone(1000, k * 160) : silent);
    }
    await rec.close();
    const layout = wavLayout(fs.readFileSync(file), file);
    expect(layout).toMatchObject({ tag: 1, channels: 2, rate: 8000, bits: 16, dataBytes: 150 * 160 * 4 });
    const audio = readRecording(file);
    expect(audio.seconds).toBe(3);
    expect(rms(audio.caller.subarray(0, 8000))).toBeGreaterThan(5000);
    expect(rms(audio.caller.subarray(8000))).toBe(0);
    expect(rms(audio.dispatcher.subarray(0, 8000))).toBe(0);
    expect(rms(audio.dispatcher.subarray(8000))).toBeGreaterThan(5000);
    // sox reads it as the same thing
    const soxi = execFileSync('soxi', [file], { encoding: 'utf8' });
    expect(soxi).toMatch(/Channels\s*: 2/);
    expect(soxi).toMatch(/Sample Rate\s*: 8000/);
    expect(soxi).toMatch(/Duration\s*: 00:00:03.00/);
  });

  it('never world-readable: 0600 in a private folder (made 0700), 0660 in a shared setgid group folder', () => {
    const old = process.umask(0o000);
    try {
      const privateFile = path.join(dir, 'own', 'recordings', 'a.wav');
      fs.mkdirSync(path.join(dir, 'own'));
      void StereoRecording.create(privateFile).close();
      expect(fs.statSync(privateFile).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(privateFile)).mode & 0o7777).toBe(0o700);
      const shared = path.join(dir, 'box');
      fs.mkdirSync(shared);
      fs.chmodSync(shared, 0o2770);
      const sharedFile = path.join(shared, 'recordings', 'b.wav');
      void StereoRecording.create(sharedFile).close();
      expect(fs.statSync(sharedFile).mode & 0o777).toBe(0o660);
      expect(fs.statSync(path.dirname(sharedFile)).mode & 0o7777).toBe(0o2770);
    } finally {
      process.umask(old);
    }
  });

  it('a folder that cannot be made is said when the call opens, naming the file', () => {
    fs.writeFileSync(path.join(dir, 'not-a-folder'), '');
    expect(() => StereoRecording.create(path.join(dir, 'not-a-folder', 'c.wav'))).toThrow(/cannot write the call's recording .*not-a-folder\/c\.wav: E/);
  });

  it('one side silent on the wire (no packets): the other is written against silence, memory stays bounded', async () => {
    const file = path.join(dir, 'one-sided.wav');
    const rec = StereoRecording.create(file);
    for (let k = 0; k < 100; k++) rec.frame(LEFT_CALLER, tone(440, k * 160));
    expect(rec.seconds).toBeGreaterThanOrEqual(1.7); // all but the last 10 frames already paired with silence
    await rec.close();
    const audio = readRecording(file);
    expect(audio.seconds).toBe(2);
    expect(rms(audio.caller)).toBeGreaterThan(5000);
    expect(rms(audio.dispatcher)).toBe(0);
  });

  it('a console killed with kill -9 mid-call leaves a readable file with all but its last second', async () => {
    const file = path.join(dir, 'killed.wav');
    const script = `
      import { register } from 'node:module';
      register(${JSON.stringify(typeScriptHooksUrl())});
      const { StereoRecording, LEFT_CALLER, RIGHT_DISPATCHER } = await import(${JSON.stringify(new URL('./stereo-recording.ts', import.meta.url).href)});
      const rec = StereoRecording.create(${JSON.stringify(file)});
      const frame = new Int16Array(160).fill(1000);
      let k = 0;
      const talk = setInterval(() => {
        for (let i = 0; i < 50; i++) { rec.frame(LEFT_CALLER, frame); rec.frame(RIGHT_DISPATCHER, frame); }
        if (++k === 5) { clearInterval(talk); setTimeout(() => console.log('5s'), 100); }
      }, 5);
      setInterval(() => {}, 1000); // the call goes on until the kill
    `;
    const child = spawn(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('5s')) resolve(); });
      child.on('exit', (code) => reject(new Error(`the recording process ended first (${code})`)));
    });
    await new Promise((r) => setTimeout(r, 50)); // its chunk writes land
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const audio = readRecording(file);
    expect(audio.seconds).toBeGreaterThanOrEqual(4);
    expect(audio.seconds).toBeLessThanOrEqual(5);
    expect(audio.caller.every((s) => s === 1000)).toBe(true);
  });
});
