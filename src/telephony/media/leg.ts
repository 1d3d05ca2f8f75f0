/**
 * One call leg inside the media worker: its UDP socket, its outgoing timeline (SSRC,
 * sequence, timestamp, one slot every 20 ms), its audio source and recording, RFC 4733
 * digits both ways, and — when bridged — the relay of the other leg's packets.
 *
 * Per-packet work writes into preallocated buffers; the only allocations are Node's own.
 */
import type { Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import type { AudioSink, AudioSource } from './audio.js';
import type { CallTap } from './tap.js';
import { ENCODE, SILENCE_BYTE, transcodeTable } from './g711.js';
import {
  DTMF_DIGITS,
  DTMF_PAYLOAD_BYTES,
  emptyHeader,
  PACKET_INTERVAL_MS,
  readRtpHeader,
  RTP_HEADER_BYTES,
  SAMPLES_PER_PACKET,
  writeDtmfPayload,
  writeRtpHeader,
  type RtpHeader,
} from './rtp-packet.js';
import type { Codec, RtpEndpoint, RtpStats } from './types.js';

/** A bridged leg with nothing to relay for this long sends silence so the far end keeps the call. */
const RELAY_FILL_AFTER_MS = 100;
/** A worker stalled longer than this skips the missed slots instead of bursting them. */
const MAX_CATCH_UP_MS = 200;
/** RFC 4733 digit: 5 packets of tone (100 ms), the end packet three times, then 2 slots of audio. */
const DTMF_TONE_PACKETS = 5;
const DTMF_END_PACKETS = 3;
const DTMF_GAP_SLOTS = 2;
const MAX_DIGITS_KEPT = 256;
const OUT_BUFFERS = 8; // a queued send keeps its buffer; eight in turn is plenty
const MAX_PACKET_BYTES = 1500;

export class MediaLeg {
  remote: RtpEndpoint | null = null;
  codec: Codec = 'PCMU';
  payloadType = 0;
  dtmfPayloadType = -1;
  muted = false;
  /** Set once bridged: the leg's own source stays off and it sends silence between calls. */
  quiet = false;
  peer: MediaLeg | null = null;
  /** Monotonic time (ms) the next paced slot is due; Infinity until started. */
  nextDue = Infinity;
  /** Consumers of this call's decoded frames (tap.ts); null when nobody listens: then nothing is decoded. */
  tap: CallTap | null = null;
  /**
   * An announcement the caller hears before the dispatcher is connected (issue 18: "this call may
   * be recorded"): while it plays, the leg sends it (silence until its samples are read) and
   * neither relays the bridged leg nor hands the caller to the local audio; `done` when it ends.
   */
  private announcement: { samples: Int16Array | null; at: number; done: () => void } | null = null;

  private readonly ssrc = randomInt(0, 2 ** 32 - 1);
  private sequence = randomInt(0, 65536);
  private readonly timestampZero = randomInt(0, 2 ** 32 - 1);
  private startedAt = 0;
  private slot = 0;
  private sentFirst = false;

  private relaySsrc = -1;
  private relayOffset = 0;
  private relayNeedsResync = true;
  private lastRelayAt = -Infinity;

  private readonly digitQueue: number[] = [];
  private digitEvent = -1;
  private digitTimestamp = 0;
  private digitPacket = 0;
  private digitGap = 0;

  private heardEventTimestamp = -1;
  private heardEventSsrc = -1;

  private readonly buffers: Buffer[] = Array.from({ length: OUT_BUFFERS }, () => Buffer.alloc(MAX_PACKET_BYTES));
  private bufferIndex = 0;
  private readonly pcm = new Int16Array(SAMPLES_PER_PACKET);
  private readonly unheard = new Int16Array(SAMPLES_PER_PACKET);
  private readonly header: RtpHeader = emptyHeader();

  private packetsSent = 0;
  private packetsReceived = 0;
  private silenceSent = 0;
  private packetsIgnored = 0;
  private packetsRelayed = 0;
  private lastReceivedAt: number | null = null;
  private dtmfReceived = '';
  private socketProblem: string | null = null;

  constructor(
    readonly socket: Socket,
    readonly localPort: number,
    private readonly source: AudioSource | null,
    private readonly sink: AudioSink | null,
  ) {
    socket.on('message', (packet: Buffer) => {
      try {
        this.receive(packet, performance.now());
      } catch (err) {
        this.packetsIgnored++;
        this.socketProblem ??= `a packet could not be handled: ${(err as Error).message}`;
      }
    });
    socket.on('error', (err) => {
      this.socketProblem = `RTP socket on port ${localPort}: ${err.message}`;
    });
  }

  /** Begin (or redirect) sending; the timeline of an already started leg continues. */
  start(remote: RtpEndpoint, codec: Codec, payloadType: number, dtmfPayloadType: number | undefined, now: number): void {
    this.remote = { address: remote.address, port: remote.port };
    this.codec = codec;
    this.payloadType = payloadType;
    this.dtmfPayloadType = dtmfPayloadType ?? -1;
    if (this.nextDue === Infinity) {
      this.startedAt = now;
      this.slot = 0;
      this.nextDue = now;
    }
    this.relayNeedsResync = true;
  }

  /** Queue keypad digits; without a negotiated telephone-event type they are dropped. */
  queueDigits(digits: string): void {
    if (this.dtmfPayloadType < 0) return;
    for (const digit of digits.toUpperCase()) {
      const code = DTMF_DIGITS.indexOf(digit);
      if (code >= 0) this.digitQueue.push(code);
    }
  }

  /** From now on the caller hears the announcement instead of the dispatcher (samples given by `playAnnouncement`). */
  holdForAnnouncement(): void {
    this.announcement ??= { samples: null, at: 0, done: () => undefined };
  }

  /** Play `samples` to the caller; resolves when the last one is sent (or the leg closes). */
  playAnnouncement(samples: Int16Array): Promise<void> {
    return new Promise((resolve) => {
      this.announcement = { samples, at: 0, done: resolve };
    });
  }

  /** Connect the dispatcher now (the announcement ended, or could not be played). */
  endAnnouncement(): void {
    const a = this.announcement;
    this.announcement = null;
    this.relayNeedsResync = true;
    a?.done();
  }

  get announcing(): boolean {
    return this.announcement !== null;
  }

  bridgeTo(peer: MediaLeg | null): void {
    this.peer = peer;
    if (peer) this.quiet = true;
    this.relayNeedsResync = true;
  }

  /** Send the slot(s) that are due at `now`. */
  tick(now: number): void {
    if (now - this.nextDue > MAX_CATCH_UP_MS) this.slot = Math.floor((now - this.startedAt) / PACKET_INTERVAL_MS);
    try {
      this.sendSlot(now);
    } catch (err) {
      this.socketProblem ??= `a packet could not be sent: ${(err as Error).message}`; // one leg's fault never stops the others
    }
    this.slot++;
    this.nextDue = this.startedAt + this.slot * PACKET_INTERVAL_MS;
  }

  private sendSlot(now: number): void {
    if (!this.remote) return;
    const timestamp = (this.timestampZero + this.slot * SAMPLES_PER_PACKET) >>> 0;
    if (this.digitEvent < 0 && this.digitGap > 0) this.digitGap--;
    else if (this.digitEvent >= 0 || this.digitQueue.length > 0) return this.sendDigitSlot(timestamp);
    if (this.announcement) return this.sendAnnouncementSlot(timestamp, now);
    if (this.peer) {
      if (now - this.lastRelayAt < RELAY_FILL_AFTER_MS) return;
      this.relayNeedsResync = true; // a fill packet breaks the relayed timeline
    }
    const packet = this.nextBuffer();
    const payload = RTP_HEADER_BYTES;
    let sound = false;
    if (this.muted || this.quiet || this.peer || !this.source || !this.source.read(this.pcm)) {
      packet.fill(SILENCE_BYTE[this.codec], payload, payload + SAMPLES_PER_PACKET);
      if (this.muted) this.silenceSent++;
    } else {
      const table = ENCODE[this.codec];
      const pcm = this.pcm;
      for (let i = 0; i < SAMPLES_PER_PACKET; i++) packet[payload + i] = table[pcm[i] & 0xffff];
      sound = true;
    }
    this.emit(packet, !this.sentFirst, this.payloadType, timestamp, SAMPLES_PER_PACKET);
    if (this.tap) {
      if (sound) this.tap.pcmFrame('out', this.pcm, SAMPLES_PER_PACKET, now, this.muted);
      else this.tap.silentFrame('out', SAMPLES_PER_PACKET, now, this.muted);
    }
  }

  private sendAnnouncementSlot(timestamp: number, now: number): void {
    const a = this.announcement!;
    // the microphone keeps its pace meanwhile: its words are dropped, not heard two seconds late
    if (!this.peer && !this.quiet) this.source?.read(this.unheard);
    const pcm = this.pcm;
    if (a.samples) {
      const n = Math.min(SAMPLES_PER_PACKET, a.samples.length - a.at);
      pcm.set(a.samples.subarray(a.at, a.at + n));
      pcm.fill(0, n);
      a.at += n;
    } else {
      pcm.fill(0);
    }
    const packet = this.nextBuffer();
    const table = ENCODE[this.codec];
    for (let i = 0; i < SAMPLES_PER_PACKET; i++) packet[RTP_HEADER_BYTES + i] = table[pcm[i] & 0xffff];
    this.emit(packet, !this.sentFirst, this.payloadType, timestamp, SAMPLES_PER_PACKET);
    this.tap?.pcmFrame('out', pcm, SAMPLES_PER_PACKET, now, false);
    if (a.samples && a.at >= a.samples.length) this.endAnnouncement();
  }

  private sendDigitSlot(timestamp: number): void {
    if (this.digitEvent < 0) {
      this.digitEvent = this.digitQueue.shift()!;
      this.digitTimestamp = timestamp;
      this.digitPacket = 0;
    }
    const tone = this.digitPacket < DTMF_TONE_PACKETS;
    const duration = Math.min(this.digitPacket + 1, DTMF_TONE_PACKETS) * SAMPLES_PER_PACKET;
    const packet = this.nextBuffer();
    writeDtmfPayload(packet, RTP_HEADER_BYTES, this.digitEvent, !tone, duration);
    this.emit(packet, this.digitPacket === 0, this.dtmfPayloadType, this.digitTimestamp, DTMF_PAYLOAD_BYTES);
    if (++this.digitPacket === DTMF_TONE_PACKETS + DTMF_END_PACKETS) {
      this.digitEvent = -1;
      this.digitGap = DTMF_GAP_SLOTS;
      this.relayNeedsResync = true;
    }
  }

  private nextBuffer(): Buffer {
    const buffer = this.buffers[this.bufferIndex];
    this.bufferIndex = (this.bufferIndex + 1) % OUT_BUFFERS;
    return buffer;
  }

  private emit(packet: Buffer, marker: boolean, payloadType: number, timestamp: number, payloadBytes: number): void {
    writeRtpHeader(packet, marker, payloadType, this.sequence, timestamp, this.ssrc);
    this.sequence = (this.sequence + 1) & 0xffff;
    this.sentFirst = true;
    this.packetsSent++;
    this.socket.send(packet, 0, RTP_HEADER_BYTES + payloadBytes, this.remote!.port, this.remote!.address);
  }

  /** One datagram arrived on this leg's port. */
  receive(packet: Buffer, now: number): void {
    const h = this.header;
    if (!readRtpHeader(packet, packet.length, h)) {
      this.packetsIgnored++;
      return;
    }
    const pt = h.payloadType;
    if (pt === this.dtmfPayloadType) {
      this.packetsReceived++;
      this.lastReceivedAt = Date.now();
      if (h.payloadLength >= DTMF_PAYLOAD_BYTES) this.hearDigit(packet[h.payloadOffset], h);
      this.peer?.relay(packet, h, null, now);
      return;
    }
    const codec: Codec | null = pt === this.payloadType ? this.codec : pt === 0 ? 'PCMU' : pt === 8 ? 'PCMA' : null;
    if (!codec) {
      this.packetsIgnored++;
      return;
    }
    this.packetsReceived++;
    this.lastReceivedAt = Date.now();
    if (!this.announcement) {
      this.sink?.write(codec, packet, h.payloadOffset, h.payloadLength);
      this.peer?.relay(packet, h, codec, now);
    }
    this.tap?.codecFrame('in', codec, packet, h.payloadOffset, h.payloadLength, now, this.muted);
  }

  private hearDigit(event: number, h: RtpHeader): void {
    if (event >= DTMF_DIGITS.length) return;
    if (h.timestamp === this.heardEventTimestamp && h.ssrc === this.heardEventSsrc) return; // same key press
    this.heardEventTimestamp = h.timestamp;
    this.heardEventSsrc = h.ssrc;
    this.dtmfReceived = (this.dtmfReceived + DTMF_DIGITS[event]).slice(-MAX_DIGITS_KEPT);
  }

  /**
   * Send a packet the bridged leg received, re-stamped on this leg's timeline: same codec
   * copied, other codec transcoded, digits with this leg's event type; silence when muted.
   * `codec` is null for a telephone-event packet.
   */
  private relay(packet: Buffer, h: RtpHeader, codec: Codec | null, now: number): void {
    if (!this.remote || this.digitEvent >= 0 || this.announcement) return; // our own digit, or the announcement, owns the slot
    if (codec === null && (this.muted || this.dtmfPayloadType < 0)) return;
    if (h.payloadLength > MAX_PACKET_BYTES - RTP_HEADER_BYTES) return;
    let marker = h.marker;
    if (this.relayNeedsResync || h.ssrc !== this.relaySsrc) {
      const slotNow = Math.round((now - this.startedAt) / PACKET_INTERVAL_MS);
      this.relayOffset = (this.timestampZero + slotNow * SAMPLES_PER_PACKET - h.timestamp) >>> 0;
      this.relaySsrc = h.ssrc;
      this.relayNeedsResync = false;
      marker = true;
    }
    const out = this.nextBuffer();
    const from = h.payloadOffset;
    const length = h.payloadLength;
    let payloadType = this.payloadType;
    if (codec === null) {
      packet.copy(out, RTP_HEADER_BYTES, from, from + length);
      payloadType = this.dtmfPayloadType;
    } else if (this.muted) {
      out.fill(SILENCE_BYTE[this.codec], RTP_HEADER_BYTES, RTP_HEADER_BYTES + length);
      this.silenceSent++;
    } else {
      const table = transcodeTable(codec, this.codec);
      if (table) for (let i = 0; i < length; i++) out[RTP_HEADER_BYTES + i] = table[packet[from + i]];
      else packet.copy(out, RTP_HEADER_BYTES, from, from + length);
    }
    this.lastRelayAt = now;
    this.packetsRelayed++;
    this.emit(out, marker, payloadType, (h.timestamp + this.relayOffset) >>> 0, length);
    if (this.tap && codec !== null) {
      if (this.muted) this.tap.silentFrame('out', length, now, true);
      else this.tap.codecFrame('out', codec, packet, from, length, now, false);
    }
  }

  stats(): RtpStats {
    const problem = this.socketProblem ?? this.source?.problem ?? this.sink?.problem ?? undefined;
    return {
      packetsSent: this.packetsSent,
      packetsReceived: this.packetsReceived,
      silenceSent: this.silenceSent,
      lastReceivedAt: this.lastReceivedAt,
      dtmfReceived: this.dtmfReceived,
      packetsIgnored: this.packetsIgnored,
      packetsRelayed: this.packetsRelayed,
      ...(problem ? { audioProblem: problem } : {}),
    };
  }

  /** Stop sending, free the port, finish the recording; the results of the taps still on, by kind. */
  async close(): Promise<Record<string, unknown>> {
    this.nextDue = Infinity;
    const tap = this.tap;
    this.tap = null;
    const results = tap ? await tap.removeAll(performance.now()) : {};
    this.endAnnouncement();
    this.remote = null;
    if (this.peer) {
      this.peer.bridgeTo(null);
      this.peer = null;
    }
    this.socket.removeAllListeners('message');
    await new Promise<void>((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve(); // already closed
      }
    });
    this.source?.close();
    await this.sink?.close();
    return results;
  }
}
