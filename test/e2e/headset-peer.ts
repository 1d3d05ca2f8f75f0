/**
 * Headset-leg tests (issue 8): a UDP socket on a fixed loopback port standing in for the
 * media of a sipp caller or a sipp headset device (sipp cannot prove RTP arrived). It
 * records what the console sends and sends known payloads and RFC 4733 digits back to
 * the port the console sends from (symmetric RTP). Ports 23600-23699.
 */
import { createSocket, type Socket } from 'node:dgram';
import { dtmfPayload, rtpPacket } from './media-peer.js';

export interface Heard { at: number; pt: number; seq: number; ssrc: number; payload: Buffer; fromPort: number }

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** 160 bytes, different for every `i` and `salt`, never a G.711 silence byte. */
export function knownPayload(i: number, salt: number): Buffer {
  return Buffer.from(Array.from({ length: 160 }, (_, j) => {
    const b = (i * 7 + j * 3 + salt * 31) & 0xff;
    return b === 0xff || b === 0xd5 || b === 0x7f || b === 0x55 ? 0x10 : b;
  }));
}

export class MediaPeer {
  readonly heard: Heard[] = [];
  private seq = 1000;
  private ts = 0;
  private constructor(private readonly socket: Socket, readonly port: number, private readonly ssrc: number) {
    socket.on('message', (m, r) => {
      if (m.length < 12 || m[0] >> 6 !== 2) return;
      this.heard.push({ at: Date.now(), pt: m[1] & 0x7f, seq: m.readUInt16BE(2), ssrc: m.readUInt32BE(8), payload: Buffer.from(m.subarray(12)), fromPort: r.port });
    });
  }

  static async bind(port: number): Promise<MediaPeer> {
    const s = createSocket('udp4');
    await new Promise<void>((resolve, reject) => { s.once('error', reject); s.bind(port, '127.0.0.1', () => resolve()); });
    return new MediaPeer(s, port, 0x4000 + port);
  }

  /** The port the console's leg sends from, once it does (the latest one seen). */
  latestSource(): number | null {
    return this.heard.length ? this.heard[this.heard.length - 1].fromPort : null;
  }

  /** Send `payloads` as RTP with payload type `pt`, one every 20 ms, to `port`. */
  async sendAudio(port: number, pt: number, payloads: Buffer[]): Promise<void> {
    for (let i = 0; i < payloads.length; i++) {
      const p = rtpPacket({ payloadType: pt, sequence: this.seq++, timestamp: (this.ts += 160), ssrc: this.ssrc, marker: i === 0, payload: payloads[i] });
      await new Promise<void>((r) => this.socket.send(p, port, '127.0.0.1', () => r()));
      await sleep(20);
    }
  }

  /** One keypad digit as RFC 4733 events (3 tone packets, 3 end packets) with payload type `pt`. */
  async sendDigit(port: number, pt: number, event: number): Promise<void> {
    const ts = (this.ts += 160);
    for (let k = 0; k < 6; k++) {
      const p = rtpPacket({ payloadType: pt, sequence: this.seq++, timestamp: ts, ssrc: this.ssrc, marker: k === 0, payload: dtmfPayload(event, k >= 3, (Math.min(k, 2) + 1) * 160) });
      await new Promise<void>((r) => this.socket.send(p, port, '127.0.0.1', () => r()));
      await sleep(20);
    }
  }

  close(): Promise<void> {
    return new Promise((r) => this.socket.close(() => r()));
  }
}
