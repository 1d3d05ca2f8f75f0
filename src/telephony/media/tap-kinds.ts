/**
 * The consumers a call's audio tap (tap.ts) can carry, by the name the main thread asks for
 * with `stream.tap(kind, options)`. Each runs in the media worker on every frame of the call.
 * Add a kind with one line here.
 */
import { startAnalysis } from './call-analysis.js';
import type { FrameConsumer, FrameConsumerFactory, TapDirection } from './tap.js';
import { recordingTap } from './stereo-recording.js';

/** Frames, samples, paused frames and peak level per direction: a probe for tests and checks. */
export interface MeterResult {
  in: { frames: number; samples: number; peak: number };
  out: { frames: number; samples: number; peak: number; pausedFrames: number };
}

function meter(): FrameConsumer {
  const result: MeterResult = {
    in: { frames: 0, samples: 0, peak: 0 },
    out: { frames: 0, samples: 0, peak: 0, pausedFrames: 0 },
  };
  return {
    frame(direction: TapDirection, pcm: Int16Array, samples: number, _at: number, paused: boolean) {
      const side = result[direction];
      side.frames++;
      side.samples += samples;
      let peak = side.peak;
      for (let i = 0; i < samples; i++) {
        const v = pcm[i] < 0 ? -pcm[i] : pcm[i];
        if (v > peak) peak = v;
      }
      side.peak = peak;
      if (paused && direction === 'out') result.out.pausedFrames++;
    },
    finish: () => result,
  };
}

export const TAP_KINDS: Readonly<Record<string, FrameConsumerFactory>> = {
  /** The call's figures (talk, silence, overtalk, pause): call-analysis.ts; its result is a CallFigures. */
  analysis: startAnalysis,
  meter,
  record: recordingTap, // a stereo WAV of the call (issue 18, stereo-recording.ts)
};
