/**
 * `openRtpStream`: a call's RTP audio, run in the media worker (see worker.ts). The
 * returned `RtpStream` is the handle the SIP layer keeps per call; see types.ts.
 */
import { isIP } from 'node:net';
import { mediaEngine, type MediaEngine } from './engine.js';
import { dtmfEventCode } from './rtp-packet.js';
import type { AudioSpec, Codec, RtpEndpoint, RtpStats, RtpStream, RtpStreamOptions } from './types.js';

const DEFAULT_PORT_MIN = 20000;
const DEFAULT_PORT_MAX = 29999;

/** How bridge.ts reaches the worker-side leg behind a stream. */
export interface StreamLink {
  engine: MediaEngine;
  streamId: number;
  closed: () => boolean;
}
const links = new WeakMap<RtpStream, StreamLink>();

/** The worker link of a stream opened by `openRtpStream`, or null for any other object. */
export function linkOf(stream: RtpStream): StreamLink | null {
  return links.get(stream) ?? null;
}

function checkAudio(audio: AudioSpec): void {
  const kinds = ['none', 'wav', 'command'];
  if (!audio || !kinds.includes(audio.kind)) {
    throw new Error(`call audio ${JSON.stringify(audio?.kind)} is not known; use none, wav or command`);
  }
  if (audio.kind !== 'none') {
    for (const key of ['play', 'record'] as const) {
      const value = audio[key];
      if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
        throw new Error(`call audio ${audio.kind} ${key} must be a ${audio.kind === 'wav' ? 'file path' : 'command'}`);
      }
    }
  }
}

/**
 * Bind a UDP port in the range on `localAddress` and prepare the audio source/recording.
 * Nothing is sent until `start()`; what arrives before is already counted and recorded.
 * Rejects with a message naming the file, command or port range at fault.
 */
export async function openRtpStream(opts: RtpStreamOptions): Promise<RtpStream> {
  if (!isIP(opts.localAddress)) {
    throw new Error(`RTP local address "${opts.localAddress}" is not an IP address`);
  }
  checkAudio(opts.audio);
  const engine = mediaEngine();
  const streamId = engine.reserveStream();
  try {
    const reply = await engine.request({
      op: 'open',
      streamId,
      localAddress: opts.localAddress,
      portMin: opts.portMin ?? DEFAULT_PORT_MIN,
      portMax: opts.portMax ?? DEFAULT_PORT_MAX,
      audio: opts.audio,
    });
    return new WorkerRtpStream(engine, streamId, opts.localAddress, reply.port!);
  } catch (err) {
    await engine.releaseStream();
    throw err;
  }
}

class WorkerRtpStream implements RtpStream {
  private closing: Promise<void> | null = null;
  private finalStats: RtpStats | null = null;
  private finalTaps: Record<string, unknown> = {};

  constructor(
    private readonly engine: MediaEngine,
    private readonly streamId: number,
    readonly localAddress: string,
    readonly localPort: number,
  ) {
    links.set(this, { engine, streamId, closed: () => this.closing !== null });
  }

  start(remote: RtpEndpoint, codec: Codec, payloadType: number, dtmfPayloadType?: number): void {
    if (!isIP(remote?.address) || !Number.isInteger(remote.port) || remote.port < 1 || remote.port > 65535) {
      throw new Error(`RTP remote ${remote?.address}:${remote?.port} is not an IP address and port`);
    }
    if (codec !== 'PCMU' && codec !== 'PCMA') throw new Error(`codec ${String(codec)} is not supported; use PCMU or PCMA`);
    for (const pt of [payloadType, dtmfPayloadType]) {
      if (pt !== undefined && !(Number.isInteger(pt) && pt >= 0 && pt <= 127)) {
        throw new Error(`RTP payload type ${pt} is not between 0 and 127`);
      }
    }
    if (this.closing) return;
    this.engine.notify({ op: 'start', streamId: this.streamId, remote: { ...remote }, codec, payloadType, dtmfPayloadType });
  }

  setMuted(muted: boolean): void {
    if (!this.closing) this.engine.notify({ op: 'mute', streamId: this.streamId, muted: Boolean(muted) });
  }

  /** One or more keypad digits (0-9 * # A-D), sent one after another; dropped if the peer offered no telephone-event. */
  sendDtmf(digit: string): void {
    for (const d of digit) {
      if (dtmfEventCode(d) < 0) throw new Error(`"${d}" is not a keypad digit (0-9, *, #, A-D)`);
    }
    if (!this.closing) this.engine.notify({ op: 'dtmf', streamId: this.streamId, digits: digit });
  }

  /** Counters from the worker; after close, the last counters taken before the port was freed. */
  async stats(): Promise<RtpStats> {
    if (this.closing) {
      await this.closing;
      if (this.finalStats) return { ...this.finalStats };
      throw new Error('this call audio stream is closed');
    }
    const reply = await this.engine.request({ op: 'stats', streamId: this.streamId });
    return reply.stats!;
  }

  async tap(kind: string, options?: unknown): Promise<void> {
    if (this.closing) throw new Error('this call audio stream is closed');
    await this.engine.request({ op: 'tap', streamId: this.streamId, kind, options });
  }

  async untap(kind: string): Promise<unknown> {
    if (this.closing) throw new Error('this call audio stream is closed');
    return (await this.engine.request({ op: 'untap', streamId: this.streamId, kind })).result;
  }

  async announce(path: string): Promise<void> {
    if (this.closing) throw new Error('this call audio stream is closed');
    await this.engine.request({ op: 'announce', streamId: this.streamId, path });
  }

  async tapResults(): Promise<Record<string, unknown>> {
    if (!this.closing) throw new Error('tap results come when the call audio stream closes');
    await this.closing;
    return { ...this.finalTaps };
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    try {
      this.finalStats = (await this.engine.request({ op: 'stats', streamId: this.streamId })).stats ?? null;
      this.finalTaps = (await this.engine.request({ op: 'close', streamId: this.streamId })).taps ?? {};
    } catch {
      // the worker is gone, and with it the port
    } finally {
      await this.engine.releaseStream();
    }
  }
}
