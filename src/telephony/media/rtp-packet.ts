/**
 * RTP packets (RFC 3550) and RFC 4733 telephone-events, read and written in place so the
 * media worker allocates nothing per packet.
 */

export const RTP_HEADER_BYTES = 12;
/** 20 ms at 8 kHz. */
export const SAMPLES_PER_PACKET = 160;
export const PACKET_INTERVAL_MS = 20;

/** The fields of a received packet the media worker needs; one instance is reused. */
export interface RtpHeader {
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payloadOffset: number;
  payloadLength: number;
}

export function emptyHeader(): RtpHeader {
  return { marker: false, payloadType: 0, sequence: 0, timestamp: 0, ssrc: 0, payloadOffset: 0, payloadLength: 0 };
}

/**
 * Fill `into` from `packet`; false for anything that is not a well-formed RTP v2 packet
 * (short, wrong version, CSRC/extension/padding running past the end, RTCP types).
 */
export function readRtpHeader(packet: Uint8Array, length: number, into: RtpHeader): boolean {
  if (length < RTP_HEADER_BYTES) return false;
  const b0 = packet[0];
  if (b0 >> 6 !== 2) return false;
  const b1 = packet[1];
  const payloadType = b1 & 0x7f;
  if (payloadType >= 72 && payloadType <= 76) return false; // RTCP multiplexed on this port (RFC 5761)
  let offset = RTP_HEADER_BYTES + (b0 & 0x0f) * 4;
  if (b0 & 0x10) {
    if (offset + 4 > length) return false;
    offset += 4 + ((packet[offset + 2] << 8) | packet[offset + 3]) * 4;
  }
  let end = length;
  if (b0 & 0x20) {
    const pad = packet[length - 1];
    if (pad === 0) return false;
    end -= pad;
  }
  if (offset > end) return false;
  into.marker = (b1 & 0x80) !== 0;
  into.payloadType = payloadType;
  into.sequence = (packet[2] << 8) | packet[3];
  into.timestamp = ((packet[4] << 24) | (packet[5] << 16) | (packet[6] << 8) | packet[7]) >>> 0;
  into.ssrc = ((packet[8] << 24) | (packet[9] << 16) | (packet[10] << 8) | packet[11]) >>> 0;
  into.payloadOffset = offset;
  into.payloadLength = end - offset;
  return true;
}

/** Write a 12-byte header (no CSRC, no extension, no padding) at the start of `packet`. */
export function writeRtpHeader(
  packet: Uint8Array,
  marker: boolean,
  payloadType: number,
  sequence: number,
  timestamp: number,
  ssrc: number,
): void {
  packet[0] = 0x80;
  packet[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  packet[2] = (sequence >>> 8) & 0xff;
  packet[3] = sequence & 0xff;
  packet[4] = (timestamp >>> 24) & 0xff;
  packet[5] = (timestamp >>> 16) & 0xff;
  packet[6] = (timestamp >>> 8) & 0xff;
  packet[7] = timestamp & 0xff;
  packet[8] = (ssrc >>> 24) & 0xff;
  packet[9] = (ssrc >>> 16) & 0xff;
  packet[10] = (ssrc >>> 8) & 0xff;
  packet[11] = ssrc & 0xff;
}

/** RFC 4733 event codes 0-15, in order. */
export const DTMF_DIGITS = '0123456789*#ABCD';

/** The event code of a keypad digit, or -1 if it is not one. */
export function dtmfEventCode(digit: string): number {
  return digit.length === 1 ? DTMF_DIGITS.indexOf(digit.toUpperCase()) : -1;
}

export const DTMF_PAYLOAD_BYTES = 4;
/** -10 dBm0, a typical keypad level. */
const DTMF_VOLUME = 10;

/** Write a telephone-event payload at `at`: event, end bit, volume, duration (timestamp units). */
export function writeDtmfPayload(packet: Uint8Array, at: number, event: number, end: boolean, duration: number): void {
  packet[at] = event;
  packet[at + 1] = (end ? 0x80 : 0) | DTMF_VOLUME;
  packet[at + 2] = (duration >>> 8) & 0xff;
  packet[at + 3] = duration & 0xff;
}
