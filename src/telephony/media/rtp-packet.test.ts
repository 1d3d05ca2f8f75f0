import { describe, expect, it } from 'vitest';
import { dtmfEventCode, emptyHeader, readRtpHeader, writeDtmfPayload, writeRtpHeader } from './rtp-packet.js';

function read(bytes: number[] | Uint8Array) {
  const h = emptyHeader();
  const packet = Uint8Array.from(bytes);
  return readRtpHeader(packet, packet.length, h) ? h : null;
}

describe('RTP header', () => {
  it('writes and reads back every field', () => {
    const packet = new Uint8Array(12 + 3);
    writeRtpHeader(packet, true, 101, 0xfffe, 0xfedcba98, 0x89abcdef);
    packet.set([1, 2, 3], 12);
    expect(read(packet)).toEqual({
      marker: true, payloadType: 101, sequence: 0xfffe, timestamp: 0xfedcba98, ssrc: 0x89abcdef, payloadOffset: 12, payloadLength: 3,
    });
    expect(packet[0]).toBe(0x80);
  });
  it('skips CSRCs and a header extension, and drops padding', () => {
    const csrc = [0, 0, 0, 1, 0, 0, 0, 2];
    const extension = [0xbe, 0xde, 0, 1, 9, 9, 9, 9];
    const payload = [7, 7];
    const padding = [0, 0, 3];
    const h = read([0x80 | 0x20 | 0x10 | 2, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, ...csrc, ...extension, ...payload, ...padding]);
    expect(h?.payloadOffset).toBe(12 + 8 + 8);
    expect(h?.payloadLength).toBe(2);
  });
  it('refuses what is not RTP', () => {
    expect(read([0x80, 0, 0])).toBeNull(); // short
    expect(read([0x40, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1])).toBeNull(); // version 1
    expect(read([0x81, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1])).toBeNull(); // CSRC past the end
    expect(read([0x90, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0])).toBeNull(); // extension past the end
    expect(read([0xa0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0])).toBeNull(); // zero padding count
    expect(read([0xa0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 40])).toBeNull(); // padding past the start
    expect(read([0x80, 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0])).toBeNull(); // RTCP sender report
  });
});

describe('RFC 4733 events', () => {
  it('maps keypad digits to event codes', () => {
    expect([...'0123456789*#ABCD'].map(dtmfEventCode)).toEqual([...Array(16).keys()]);
    expect(dtmfEventCode('a')).toBe(12);
    expect(dtmfEventCode('x')).toBe(-1);
    expect(dtmfEventCode('12')).toBe(-1);
  });
  it('writes event, end bit, volume and duration', () => {
    const p = new Uint8Array(6);
    writeDtmfPayload(p, 2, 11, true, 800);
    expect([...p]).toEqual([0, 0, 11, 0x80 | 10, 3, 32]);
  });
});
