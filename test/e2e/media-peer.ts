/**
 * A plain UDP socket standing in for the far end of a call in the media tests: it records
 * every datagram with its RTP header fields and sends hand-built RTP packets.
 * Ports 22500-22999 on 127.0.0.1 (the streams under test bind in 22000-22499).
 */
import { createSocket, type Socket } from 'node:dgram';
import { until } from '../helpers/until.js';
import { afterEach } from 'vitest';
import { openRtpStream, type Codec, type RtpStream } from '../../src/telephony/media/index.js';

export const LOCAL = '127.0.0.1';
export const STREAM_PORTS = { portMin: 22000, portMax: 22499 };

export interface HeardPacket {
  at: number;
  version: number;
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
  /** The whole datagram (for non-RTP traffic such as SIP). */
  raw: Buffer;
}

export interface BuildPacket {
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  marker?: boolean;
  payload: Uint8Array;
}

export function rtpPacket(p: BuildPacket): Buffer {
  const out = Buffer.alloc(12 + p.payload.length);
  out[0] = 0x80;
  out[1] = (p.marker ? 0x80 : 0) | p.payloadType;
  out.writeUInt16BE(p.sequence & 0xffff, 2);
  out.writeUInt32BE(p.timestamp >>> 0, 4);
  out.writeUInt32BE(p.ssrc >>> 0, 8);
  out.set(p.payload, 12);
  return out;
}

/** An RFC 4733 event payload. */
export function dtmfPayload(event: number, end: boolean, duration: number): Buffer {
  return Buffer.from([event, (end ? 0x80 : 0) | 10, (duration >> 8) & 0xff, duration & 0xff]);
}

export class UdpPeer {
  readonly heard: HeardPacket[] = [];
  private constructor(readonly socket: Socket, readonly port: number) {
    socket.on('message', (msg) => {
      this.heard.push({
        at: performance.now(),
        version: msg[0] >> 6,
        marker: (msg[1] & 0x80) !== 0,
        payloadType: msg[1] & 0x7f,
        sequence: msg.length >= 4 ? msg.readUInt16BE(2) : -1,
        timestamp: msg.length >= 8 ? msg.readUInt32BE(4) : -1,
        ssrc: msg.length >= 12 ? msg.readUInt32BE(8) : -1,
        payload: msg.subarray(12),
        raw: msg,
      });
    });
  }

  /** Bind the first free port from a random start in 22500-22999. */
  static async open(): Promise<UdpPeer> {
    const start = 22500 + Math.floor(Math.random() * 500);
    for (let i = 0; i < 500; i++) {
      const port = 22500 + ((start - 22500 + i) % 500);
      const socket = createSocket('udp4');
      const ok = await new Promise<boolean>((resolve) => {
        socket.once('error', () => resolve(false));
        socket.bind(port, LOCAL, () => resolve(true));
      });
      if (ok) return new UdpPeer(socket, port);
      socket.close();
    }
    throw new Error('no free test port in 22500-22999');
  }

  get endpoint(): { address: string; port: number } {
    return { address: LOCAL, port: this.port };
  }

  send(packet: Uint8Array, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(packet, port, LOCAL, (err) => (err ? reject(err) : resolve())));
  }

  /** Packets heard since index `from` with the given payload type. */
  heardOfType(payloadType: number, from = 0): HeardPacket[] {
    return this.heard.slice(from).filter((p) => p.payloadType === payloadType);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** The one wait (test/helpers/until.ts) with the media suites' patience: 5 s unless told, looked at every 10 ms. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  await until(what, check, timeoutMs);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Send `count` packets from `peer` to `port`, one every `intervalMs`, built by `make(i)`. */
export async function sendPaced(peer: UdpPeer, port: number, count: number, intervalMs: number, make: (i: number) => Buffer): Promise<void> {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const due = t0 + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    await peer.send(make(i), port);
  }
}

/** Streams and peers a test file opens, closed after each test (register once per file, at its top level). */
export function closedAfterEach(): { open: RtpStream[]; peers: UdpPeer[] } {
  const open: RtpStream[] = [];
  const peers: UdpPeer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await Promise.all(peers.splice(0).map((p) => p.close()));
  });
  return { open, peers };
}

/**
 * A caller leg and a headset leg in `ports`, each started towards its own far-end peer (the
 * phone; the dispatcher's device), in the codecs given (DTMF types 101 and 96); all four are
 * put in `kept` (from closedAfterEach) to be closed after the test. Not bridged yet.
 */
export async function callerAndHeadset(
  kept: { open: RtpStream[]; peers: UdpPeer[] },
  ports: { portMin: number; portMax: number },
  codecs: { caller: Codec; headset: Codec } = { caller: 'PCMU', headset: 'PCMA' },
): Promise<{ caller: RtpStream; headset: RtpStream; phone: UdpPeer; device: UdpPeer }> {
  const caller = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...ports });
  const headset = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...ports });
  kept.open.push(caller, headset);
  const phone = await UdpPeer.open();
  const device = await UdpPeer.open();
  kept.peers.push(phone, device);
  const pt = (codec: Codec) => (codec === 'PCMU' ? 0 : 8);
  caller.start(phone.endpoint, codecs.caller, pt(codecs.caller), 101);
  headset.start(device.endpoint, codecs.headset, pt(codecs.headset), 96);
  return { caller, headset, phone, device };
}
