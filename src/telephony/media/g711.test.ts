import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALAW_TO_ULAW,
  decodeInto,
  decodeSample,
  encodeInto,
  encodeSample,
  SILENCE_BYTE,
  transcodeTable,
  ULAW_TO_ALAW,
} from './g711.js';

describe('G.711 µ-law (PCMU)', () => {
  it('encodes known values', () => {
    expect(encodeSample('PCMU', 0)).toBe(0xff);
    expect(encodeSample('PCMU', -1)).toBe(0x7f);
    expect(encodeSample('PCMU', 32767)).toBe(0x80);
    expect(encodeSample('PCMU', -32768)).toBe(0x00);
    expect(encodeSample('PCMU', 1000)).toBe(0xce);
    expect(encodeSample('PCMU', -1000)).toBe(0x4e);
  });
  it('decodes known values', () => {
    expect(decodeSample('PCMU', 0xff)).toBe(0);
    expect(decodeSample('PCMU', 0x7f)).toBe(0);
    expect(decodeSample('PCMU', 0x80)).toBe(32124);
    expect(decodeSample('PCMU', 0x00)).toBe(-32124);
    expect(decodeSample('PCMU', 0xce)).toBe(988);
  });
  it('silence is 0xFF', () => expect(SILENCE_BYTE.PCMU).toBe(encodeSample('PCMU', 0)));
});

describe('G.711 A-law (PCMA)', () => {
  it('encodes known values', () => {
    expect(encodeSample('PCMA', 0)).toBe(0xd5);
    expect(encodeSample('PCMA', -1)).toBe(0x55);
    expect(encodeSample('PCMA', 32767)).toBe(0xaa);
    expect(encodeSample('PCMA', -32768)).toBe(0x2a);
    expect(encodeSample('PCMA', 1000)).toBe(0xfa);
  });
  it('decodes known values', () => {
    expect(decodeSample('PCMA', 0xd5)).toBe(8);
    expect(decodeSample('PCMA', 0x55)).toBe(-8);
    expect(decodeSample('PCMA', 0xaa)).toBe(32256);
    expect(decodeSample('PCMA', 0x2a)).toBe(-32256);
    expect(decodeSample('PCMA', 0xfa)).toBe(1008);
  });
  it('silence is 0xD5', () => expect(SILENCE_BYTE.PCMA).toBe(encodeSample('PCMA', 0)));
});

describe('G.711 tables', () => {
  it('every decoded level encodes back to its own byte (except µ-law negative zero)', () => {
    for (const codec of ['PCMU', 'PCMA'] as const) {
      for (let b = 0; b < 256; b++) {
        if (codec === 'PCMU' && b === 0x7f) continue;
        expect(encodeSample(codec, decodeSample(codec, b))).toBe(b);
      }
    }
  });
  it('encoding is monotonic: a louder sample never gets a quieter code', () => {
    for (const codec of ['PCMU', 'PCMA'] as const) {
      let last = -Infinity;
      for (let s = -32768; s <= 32767; s++) {
        const level = decodeSample(codec, encodeSample(codec, s));
        expect(level >= last).toBe(true);
        last = level;
      }
    }
  });
  it('quantisation error stays within half a step of the segment', () => {
    for (const codec of ['PCMU', 'PCMA'] as const) {
      for (let s = -32000; s <= 32000; s += 7) {
        const back = decodeSample(codec, encodeSample(codec, s));
        expect(Math.abs(back - s)).toBeLessThanOrEqual(Math.max(16, Math.abs(s) / 16));
      }
    }
  });
  it('transcodes PCMU <-> PCMA through the linear value', () => {
    expect(ULAW_TO_ALAW[0xff]).toBe(0xd5);
    expect(ULAW_TO_ALAW[0x80]).toBe(0xaa);
    expect(ALAW_TO_ULAW[0xaa]).toBe(0x80);
    for (let b = 0; b < 256; b++) {
      expect(ULAW_TO_ALAW[b]).toBe(encodeSample('PCMA', decodeSample('PCMU', b)));
      expect(ALAW_TO_ULAW[b]).toBe(encodeSample('PCMU', decodeSample('PCMA', b)));
    }
    expect(transcodeTable('PCMU', 'PCMU')).toBeNull();
    expect(transcodeTable('PCMU', 'PCMA')).toBe(ULAW_TO_ALAW);
  });
  it('encodeInto / decodeInto work on slices', () => {
    const pcm = Int16Array.from([0, 1000, -1000, 32767]);
    const bytes = new Uint8Array(6);
    encodeInto('PCMU', pcm, 1, 3, bytes, 2);
    expect([...bytes]).toEqual([0, 0, 0xce, 0x4e, 0x80, 0]);
    const back = new Int16Array(3);
    decodeInto('PCMU', bytes, 2, 3, back, 0);
    expect([...back]).toEqual([988, -988, 32124]);
  });
});

describe('G.711 against sox', () => {
  it('decodes every byte exactly as sox does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringdesk-g711-'));
    try {
      writeFileSync(join(dir, 'all.bin'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
      for (const [encoding, codec] of [['u-law', 'PCMU'], ['a-law', 'PCMA']] as const) {
        const out = join(dir, `${codec}.raw`);
        execFileSync('sox', ['-t', 'raw', '-r', '8000', '-e', encoding, '-b', '8', '-c', '1', join(dir, 'all.bin'),
          '-t', 'raw', '-e', 'signed', '-b', '16', out]);
        const raw = readFileSync(out);
        for (let b = 0; b < 256; b++) expect(decodeSample(codec, b)).toBe(raw.readInt16LE(b * 2));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
