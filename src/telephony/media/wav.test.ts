import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWav, wavHeader, WavRecorder } from './wav.js';

describe('WAV files', () => {
  it('reads samples after unknown chunks (odd-sized ones padded)', () => {
    const header = wavHeader(4);
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from([1, 2, 3, 0])]);
    const file = Buffer.concat([header.subarray(0, 36), list, header.subarray(36), Buffer.from([0xff, 0x7f, 0x00, 0x80])]);
    expect([...parseWav(file, 'x.wav')]).toEqual([32767, -32768]);
  });
  it('says what is wrong and how to convert', () => {
    expect(() => parseWav(Buffer.from('not a wav at all'), 'a.mp3')).toThrow(/a\.mp3 is not a WAV file.*sox in\.wav -r 8000 -c 1/);
    const stereo = wavHeader(4);
    stereo.writeUInt16LE(2, 22);
    expect(() => parseWav(Buffer.concat([stereo, Buffer.alloc(4)]), 's.wav')).toThrow(/s\.wav is 8000 Hz, 2 channel\(s\), 16-bit/);
    expect(() => parseWav(wavHeader(0), 'e.wav')).toThrow(/e\.wav has no audio/);
  });
  it('records a long call in chunks and writes correct sizes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringdesk-wav-'));
    try {
      const path = join(dir, 'rec.wav');
      const recorder = await WavRecorder.create(path);
      const count = 40_000; // more than one 32 KB chunk
      for (let i = 0; i < count; i++) recorder.write((i % 2000) - 1000);
      await recorder.close();
      await recorder.close();
      const bytes = readFileSync(path);
      expect(bytes.readUInt32LE(4)).toBe(36 + count * 2);
      const samples = parseWav(bytes, path);
      expect(samples.length).toBe(count);
      expect(samples[1999]).toBe(999);
      expect(samples[count - 1]).toBe(((count - 1) % 2000) - 1000);
      expect(recorder.problem).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('the `wav:` record file holds a caller\'s voice: made 0600, and an old world-readable one loses the bits for others when a call replaces it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringdesk-wav-'));
    try { // (under a usual umask of 022 a plain open leaves 0644)
      const fresh = join(dir, 'in.wav');
      const first = await WavRecorder.create(fresh);
      first.write(1);
      await first.close();
      expect(statSync(fresh).mode & 0o777).toBe(0o600);
      const earlier = join(dir, 'earlier.wav');
      writeFileSync(earlier, 'last call');
      chmodSync(earlier, 0o644);
      const again = await WavRecorder.create(earlier);
      await again.close();
      expect(statSync(earlier).mode & 0o007).toBe(0); // (an existing file keeps its owner and group bits: src/files/private-file.ts)
      const replaced = readFileSync(earlier); // an empty recording, not the old bytes
      expect([replaced.length, replaced.subarray(0, 4).toString()]).toEqual([44, 'RIFF']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
