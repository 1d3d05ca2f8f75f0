/**
 * Call audio over plain RTP (PCMU/PCMA, RFC 4733 digits), run in a worker thread so Ink
 * renders and SQLite queries never delay a packet.
 *
 * - `openRtpStream` — one call leg: a UDP port, 20 ms pacing, audio from/to none, a WAV
 *   file or a program, mute (silence on the wire), digits both ways. Contract in types.ts.
 * - `bridgeStreams` — relay a customer call into the dispatcher's headset leg (issue 8).
 * - g711 tables and WAV helpers for tests, tools and benchmarks.
 */
export type { AudioSpec, Codec, RtpEndpoint, RtpStats, RtpStream, RtpStreamOptions } from './types.js';
export { openRtpStream } from './rtp.js';
export { mediaWorkerCpuMicros } from './engine.js';
export { bridgeStreams, type BridgeOptions, type RtpBridge } from './bridge.js';
export {
  ALAW_TO_ULAW,
  decodeSample,
  encodeSample,
  SILENCE_BYTE,
  STATIC_PAYLOAD_TYPE,
  ULAW_TO_ALAW,
} from './g711.js';
export { parseWav, readWavSamples, wavHeader } from './wav.js';
