/**
 * Messages between the main thread (rtp.ts, bridge.ts) and the media worker (worker.ts).
 * Requests with an `rid` get exactly one reply; the others are fire-and-forget.
 */
import type { AudioSpec, Codec, RtpEndpoint, RtpStats } from './types.js';

export type MediaRequest =
  | { op: 'open'; rid: number; streamId: number; localAddress: string; portMin: number; portMax: number; audio: AudioSpec }
  | { op: 'start'; streamId: number; remote: RtpEndpoint; codec: Codec; payloadType: number; dtmfPayloadType?: number }
  | { op: 'mute'; streamId: number; muted: boolean }
  | { op: 'dtmf'; streamId: number; digits: string }
  | { op: 'stats'; rid: number; streamId: number }
  | { op: 'close'; rid: number; streamId: number }
  | { op: 'tap'; rid: number; streamId: number; kind: string; options?: unknown }
  | { op: 'untap'; rid: number; streamId: number; kind: string }
  | { op: 'announce'; rid: number; streamId: number; path: string }
  | { op: 'bridge'; rid: number; a: number; b: number }
  | { op: 'unbridge'; rid: number; a: number; b: number }
  | { op: 'cpu'; rid: number };

export type MediaReply =
  | { rid: number; ok: true; port?: number; stats?: RtpStats; result?: unknown; taps?: Record<string, unknown>; cpuMicros?: number | null }
  | { rid: number; ok: false; message: string };
