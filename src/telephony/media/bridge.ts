/**
 * Bridging a customer call into the dispatcher's always-open headset leg (issue 8).
 *
 * The relay runs inside the media worker as packets arrive: the same codec is copied,
 * PCMU <-> PCMA transcoded, RFC 4733 digits passed both ways with each leg's own
 * payload type, and every packet re-stamped on the receiving leg's own SSRC, sequence
 * and timestamp so each device sees one steady stream across calls.
 *
 * Typical use by the SIP layer:
 *   const headset = await openRtpStream({ localAddress, audio: { kind: 'none' } }); // at shift start
 *   const caller = await openRtpStream({ localAddress, audio: { kind: 'none' } });  // on answer
 *   const bridge = await bridgeStreams(caller, headset);
 *   bridge.setPaused(true);  // caller hears silence, the dispatcher still hears the caller
 *   await bridge.unbridge(); await caller.close();  // at call end; the headset leg stays up
 *
 * A bridged leg never plays its own audio source again: between calls both legs send
 * silence (keep-alive). A bridged leg with nothing to relay for 100 ms sends silence too.
 * Pause is the caller stream's mute: `bridge.setPaused(p)` equals `caller.setMuted(p)`.
 * Closing either stream ends the bridge; the other stays open and quiet.
 */
import { linkOf } from './rtp.js';
import type { RtpStream } from './types.js';

export interface RtpBridge {
  /** Leg A: the customer's call. */
  readonly caller: RtpStream;
  /** Leg B: the dispatcher's headset call. */
  readonly headset: RtpStream;
  readonly paused: boolean;
  /** Paused: the caller receives only silence (and no digits); the headset still hears the caller. */
  setPaused(paused: boolean): void;
  /** Stop relaying; both legs stay open and send silence. Safe to call twice. */
  unbridge(): Promise<void>;
}

export interface BridgeOptions {
  /** Start paused (the caller hears silence until `setPaused(false)`). */
  paused?: boolean;
}

/**
 * Relay audio and digits between a caller leg and a headset leg, both opened by
 * `openRtpStream` and still open. Rejects if either is closed or already bridged.
 */
export async function bridgeStreams(caller: RtpStream, headset: RtpStream, opts: BridgeOptions = {}): Promise<RtpBridge> {
  const a = linkOf(caller);
  const b = linkOf(headset);
  if (!a || !b) throw new Error('only streams opened by openRtpStream can be bridged');
  if (a.closed() || b.closed()) throw new Error('a closed call cannot be bridged');
  if (a.engine !== b.engine) throw new Error('these streams belong to different media workers and cannot be bridged');
  if (opts.paused !== undefined) caller.setMuted(opts.paused);
  await a.engine.request({ op: 'bridge', a: a.streamId, b: b.streamId });
  let paused = opts.paused ?? false;
  let ended: Promise<void> | null = null;
  return {
    caller,
    headset,
    get paused() {
      return paused;
    },
    setPaused(next: boolean) {
      paused = Boolean(next);
      caller.setMuted(paused);
    },
    unbridge() {
      ended ??= a.engine.alive
        ? a.engine.request({ op: 'unbridge', a: a.streamId, b: b.streamId }).then(() => undefined)
        : Promise.resolve();
      return ended;
    },
  };
}
