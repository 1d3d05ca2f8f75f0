/**
 * The per-call audio tap, inside the media worker: each call leg can hand the decoded audio
 * of both directions to consumers that live in the worker (the call analysis, a recording).
 *
 * - direction 'in':  what the caller sends to the console (decoded from each RTP packet as it
 *   arrives, after the packet was relayed on).
 * - direction 'out': what the caller hears from the console (the leg's own source, the
 *   dispatcher's headset relayed, or silence while paused), decoded as it is sent.
 *
 * A frame is normally 160 samples (20 ms at 8 kHz, one packet); a far end with another
 * packet time gives other sizes. The samples live in a buffer reused for the next frame:
 * a consumer that keeps audio copies it. A leg with no tap does no decoding at all; a tap
 * runs after the packet is on the wire, so it adds no delay to the relay.
 *
 * Consumers are made by name from TAP_KINDS (tap-kinds.ts): the main thread asks for one
 * with `stream.tap(kind, options)` and gets its result back from `stream.untap(kind)`
 * (or, for a tap still on when the stream closes, from `stream.tapResults()`).
 */
import { DECODE } from './g711.js';
import type { Codec } from './types.js';

export type TapDirection = 'in' | 'out';

/** One consumer of a call's frames, living in the media worker. */
export interface FrameConsumer {
  /**
   * One frame: `pcm[0..samples)` 16-bit linear at 8 kHz; `at` is the worker's monotonic time
   * in ms (performance.now) at the end of the frame; `paused` is true while the caller hears
   * silence because the console paused the call (then an 'out' frame is silence).
   */
  frame(direction: TapDirection, pcm: Int16Array, samples: number, at: number, paused: boolean): void;
  /** The tap comes off (untap or the leg closes): what goes back to the main thread (structured-clonable). */
  finish(at: number): unknown | Promise<unknown>;
}

/** Makes a consumer from the options the main thread sent; throws a one-line reason when they are wrong. */
export type FrameConsumerFactory = (options: unknown, at: number) => FrameConsumer | Promise<FrameConsumer>;

const MAX_FRAME_SAMPLES = 1500;

/** The consumers on one leg, and the buffers frames are decoded into (one per direction). */
export class CallTap {
  private readonly consumers = new Map<string, FrameConsumer>();
  private readonly inPcm = new Int16Array(MAX_FRAME_SAMPLES);
  private readonly outPcm = new Int16Array(MAX_FRAME_SAMPLES);

  get empty(): boolean {
    return this.consumers.size === 0;
  }

  has(kind: string): boolean {
    return this.consumers.has(kind);
  }

  add(kind: string, consumer: FrameConsumer): void {
    this.consumers.set(kind, consumer);
  }

  /** Take one consumer off; its result, or undefined when it was not on. */
  async remove(kind: string, at: number): Promise<unknown> {
    const consumer = this.consumers.get(kind);
    if (!consumer) return undefined;
    this.consumers.delete(kind);
    return consumer.finish(at);
  }

  /** Take every consumer off (the leg closes); results by kind; a failing one gives `{ problem }`. */
  async removeAll(at: number): Promise<Record<string, unknown>> {
    const results: Record<string, unknown> = {};
    for (const kind of [...this.consumers.keys()]) {
      try {
        results[kind] = await this.remove(kind, at);
      } catch (err) {
        results[kind] = { problem: (err as Error).message };
      }
    }
    return results;
  }

  /** Codec bytes `bytes[offset..offset+length)` in direction `direction`. */
  codecFrame(direction: TapDirection, codec: Codec, bytes: Uint8Array, offset: number, length: number, at: number, paused: boolean): void {
    const pcm = direction === 'in' ? this.inPcm : this.outPcm;
    const n = Math.min(length, MAX_FRAME_SAMPLES);
    const table = DECODE[codec];
    for (let i = 0; i < n; i++) pcm[i] = table[bytes[offset + i]];
    this.hand(direction, pcm, n, at, paused);
  }

  /** Linear samples already at hand (the leg's own source). */
  pcmFrame(direction: TapDirection, pcm: Int16Array, samples: number, at: number, paused: boolean): void {
    this.hand(direction, pcm, samples, at, paused);
  }

  /** `samples` of silence in direction `direction`. */
  silentFrame(direction: TapDirection, samples: number, at: number, paused: boolean): void {
    const pcm = direction === 'in' ? this.inPcm : this.outPcm;
    const n = Math.min(samples, MAX_FRAME_SAMPLES);
    pcm.fill(0, 0, n);
    this.hand(direction, pcm, n, at, paused);
  }

  private hand(direction: TapDirection, pcm: Int16Array, samples: number, at: number, paused: boolean): void {
    for (const consumer of this.consumers.values()) {
      try {
        consumer.frame(direction, pcm, samples, at, paused);
      } catch {
        // one consumer's fault never stops the call's audio nor the other consumers
      }
    }
  }
}
