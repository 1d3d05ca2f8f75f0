/**
 * G.711 µ-law (PCMU) and A-law (PCMA): 16-bit linear <-> 8-bit, and PCMU <-> PCMA.
 * Everything is a precomputed table so the media worker does one array lookup per sample.
 * Algorithms follow the ITU-T G.711 reference (Sun Microsystems' public-domain g711.c).
 */
import type { Codec } from './types.js';

/** The silence byte a muted or paused leg sends (the encoding of linear 0). */
export const SILENCE_BYTE: Readonly<Record<Codec, number>> = { PCMU: 0xff, PCMA: 0xd5 };

/** The static RTP payload type of each codec (RFC 3551). */
export const STATIC_PAYLOAD_TYPE: Readonly<Record<Codec, number>> = { PCMU: 0, PCMA: 8 };

const ULAW_BIAS = 0x84;
const ULAW_CLIP = 32635;

function ulawFromLinear(sample: number): number {
  let s = sample;
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > ULAW_CLIP) s = ULAW_CLIP;
  s += ULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function linearFromUlaw(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

const ALAW_SEGMENT_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

function alawFromLinear(sample: number): number {
  let pcm = sample >> 3; // A-law works on 13 bits
  let mask: number;
  if (pcm >= 0) {
    mask = 0xd5;
  } else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  let segment = 0;
  while (segment < 8 && pcm > ALAW_SEGMENT_END[segment]) segment++;
  if (segment >= 8) return 0x7f ^ mask;
  const mantissa = segment < 2 ? (pcm >> 1) & 0x0f : (pcm >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}

function linearFromAlaw(byte: number): number {
  const a = byte ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  if (segment === 0) t += 8;
  else if (segment === 1) t += 0x108;
  else t = (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

function buildEncodeTable(encode: (s: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) table[i] = encode(i < 32768 ? i : i - 65536);
  return table;
}

function buildDecodeTable(decode: (b: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let i = 0; i < 256; i++) table[i] = decode(i);
  return table;
}

/** Linear sample (as `sample & 0xffff`) -> codec byte. */
export const ENCODE: Readonly<Record<Codec, Uint8Array>> = {
  PCMU: buildEncodeTable(ulawFromLinear),
  PCMA: buildEncodeTable(alawFromLinear),
};

/** Codec byte -> linear sample. */
export const DECODE: Readonly<Record<Codec, Int16Array>> = {
  PCMU: buildDecodeTable(linearFromUlaw),
  PCMA: buildDecodeTable(linearFromAlaw),
};

function buildTranscodeTable(from: Codec, to: Codec): Uint8Array {
  const table = new Uint8Array(256);
  for (let i = 0; i < 256; i++) table[i] = ENCODE[to][DECODE[from][i] & 0xffff];
  return table;
}

/** PCMU byte -> PCMA byte. */
export const ULAW_TO_ALAW = buildTranscodeTable('PCMU', 'PCMA');
/** PCMA byte -> PCMU byte. */
export const ALAW_TO_ULAW = buildTranscodeTable('PCMA', 'PCMU');

/** Table that turns a `from` byte into a `to` byte, or null when no transcoding is needed. */
export function transcodeTable(from: Codec, to: Codec): Uint8Array | null {
  if (from === to) return null;
  return from === 'PCMU' ? ULAW_TO_ALAW : ALAW_TO_ULAW;
}

/** Encode one linear 16-bit sample. */
export function encodeSample(codec: Codec, sample: number): number {
  return ENCODE[codec][sample & 0xffff];
}

/** Decode one codec byte to a linear 16-bit sample. */
export function decodeSample(codec: Codec, byte: number): number {
  return DECODE[codec][byte & 0xff];
}

/** Encode `count` samples from `pcm[from..]` into `out[at..]` (no allocation). */
export function encodeInto(codec: Codec, pcm: Int16Array, from: number, count: number, out: Uint8Array, at: number): void {
  const table = ENCODE[codec];
  for (let i = 0; i < count; i++) out[at + i] = table[pcm[from + i] & 0xffff];
}

/** Decode `count` bytes from `bytes[from..]` into `out[at..]` (no allocation). */
export function decodeInto(codec: Codec, bytes: Uint8Array, from: number, count: number, out: Int16Array, at: number): void {
  const table = DECODE[codec];
  for (let i = 0; i < count; i++) out[at + i] = table[bytes[from + i]];
}
