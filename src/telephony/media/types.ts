/**
 * Media contract between SIP signalling (src/telephony/sip) and RTP (src/telephony/media).
 * RTP runs in a worker thread so Ink renders and SQLite queries never delay a packet.
 */
export type Codec = 'PCMU' | 'PCMA';

/** Where a call's audio comes from and goes to on this machine. */
export type AudioSpec =
  | { kind: 'none' } // send silence, discard what arrives
  | { kind: 'wav'; play?: string; record?: string } // 8 kHz mono 16-bit WAV in/out
  | { kind: 'command'; play?: string; record?: string }; // e.g. "sox -d -t raw -r 8000 -e signed -b 16 -c 1 -" (raw s16le 8 kHz)

export interface RtpEndpoint { address: string; port: number }

export interface RtpStats {
  packetsSent: number;
  packetsReceived: number;
  /** Packets sent while muted (pure silence payload). */
  silenceSent: number;
  lastReceivedAt: number | null;
  dtmfReceived: string;
  /** Datagrams on this port that were not usable RTP (garbage, RTCP, unknown payload type). */
  packetsIgnored?: number;
  /** Packets this leg sent that came from the leg it is bridged to (see bridge.ts). */
  packetsRelayed?: number;
  /** Why the audio source or recording stopped working, if it did; the call goes on. */
  audioProblem?: string;
}

export interface RtpStream {
  readonly localAddress: string;
  readonly localPort: number;
  /** Begin sending to `remote` every 20 ms with the negotiated codec. */
  start(remote: RtpEndpoint, codec: Codec, payloadType: number, dtmfPayloadType?: number): void;
  /** Muted: the peer keeps receiving packets, but only silence (0xFF PCMU / 0xD5 PCMA). */
  setMuted(muted: boolean): void;
  /** RFC 4733 telephone-event. */
  sendDtmf(digit: string): void;
  stats(): Promise<RtpStats>;
  /**
   * Put a consumer of this call's decoded frames (both directions) on, by its name in the
   * media worker's TAP_KINDS (tap-kinds.ts); rejects with a one-line reason (unknown kind,
   * already on, options wrong, stream closed). See tap.ts.
   */
  tap(kind: string, options?: unknown): Promise<void>;
  /** Take a consumer off and get its result (what its `finish` returned). */
  untap(kind: string): Promise<unknown>;
  /** After `close()`: the results of the taps that were still on, by kind ({} if none). */
  tapResults(): Promise<Record<string, unknown>>;
  /**
   * Play an 8 kHz mono WAV to the caller before anything else ("this call may be recorded"): the
   * dispatcher (local audio or the bridged headset leg) is connected when it ends, which is when
   * this resolves; rejects naming the file when it cannot be played (the dispatcher is then connected at once).
   */
  announce(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface RtpStreamOptions {
  localAddress: string;
  audio: AudioSpec;
  /** Port range to bind in; default 20000-29999. */
  portMin?: number;
  portMax?: number;
}
