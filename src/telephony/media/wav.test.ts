import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
});
