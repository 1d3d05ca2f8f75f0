/**
 * A call's recording as it flows (issue 18): one stereo WAV, 8 kHz 16-bit PCM — left the caller
 * (what the call receives), right the dispatcher (what the caller hears) — fed 20 ms frames of
 * each direction by the media worker's per-call audio tap.
 *
 * Memory stays bounded: the two directions are paired frame by frame (a side that falls more
 * than MAX_LAG_FRAMES behind is written as silence), interleaved samples collect in a 32 KB
 * chunk written when full. After each chunk the header is rewritten with the sizes so far, so a
 * call cut by kill -9 leaves a readable file missing at most its last second; `close()` writes
 * the rest and the final sizes.
 */
import fs from 'node:fs';
import { dirname } from 'node:path';
import { prepareRecordingFolder } from '../../files/recordings.js';
import { createPrivateWav, SAMPLE_RATE, wavLayout, WavStream, type WavFile } from './wav.js';
import type { FrameConsumer, TapDirection } from './tap.js';

/** A direction this many 20 ms frames ahead of the other is written against silence (a side that sends nothing). */
const MAX_LAG_FRAMES = 10;

export const LEFT_CALLER = 0;
export const RIGHT_DISPATCHER = 1;
export type RecordingChannel = typeof LEFT_CALLER | typeof RIGHT_DISPATCHER;

export class StereoRecording {
  private readonly waiting: [Int16Array[], Int16Array[]] = [[], []];

  private constructor(private readonly stream: WavStream, readonly path: string) {}

  /** Create the file now (private, its folder made when missing), so a bad folder is said when the call opens. */
  static create(path: string): StereoRecording {
    let file: WavFile;
    try {
      prepareRecordingFolder(dirname(path));
      file = createPrivateWav(path, 2);
    } catch (err) {
      throw new Error(`cannot write the call's recording ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    return new StereoRecording(new WavStream(file, 2, `the call's recording ${path}`), path);
  }

  /** The first write error, if any (recording then stops; the call goes on). */
  get problem(): string | null {
    return this.stream.problem;
  }

  /** Seconds written so far. */
  get seconds(): number {
    return this.stream.bytes / (SAMPLE_RATE * 4);
  }

  /** One frame of one direction: `pcm[0..samples)` (copied: the tap reuses its buffer). */
  frame(channel: RecordingChannel, pcm: Int16Array, samples = pcm.length): void {
    if (this.stream.problem) return;
    const mine = this.waiting[channel];
    const other = this.waiting[1 - channel];
    mine.push(pcm.slice(0, samples));
    while (mine.length && other.length) this.pair(channel === LEFT_CALLER ? mine.shift()! : other.shift()!, channel === LEFT_CALLER ? other.shift()! : mine.shift()!);
    if (mine.length > MAX_LAG_FRAMES) {
      const ahead = mine.shift()!;
      if (channel === LEFT_CALLER) this.pair(ahead, null);
      else this.pair(null, ahead);
    }
  }

  private pair(left: Int16Array | null, right: Int16Array | null): void {
    const n = Math.max(left?.length ?? 0, right?.length ?? 0);
    for (let i = 0; i < n; i++) {
      this.stream.sample(left?.[i] ?? 0);
      this.stream.sample(right?.[i] ?? 0);
    }
  }

  /** Write what is left (the shorter direction padded with silence) and the final sizes; safe to call twice. */
  async close(): Promise<void> {
    const [left, right] = this.waiting;
    while (left.length || right.length) this.pair(left.shift() ?? null, right.shift() ?? null);
    await this.stream.close();
  }
}

/** What the 'record' tap hands back when it comes off (the leg closes): the file, its length, a problem. */
export interface RecordingResult { path: string; seconds: number; problem?: string }

/**
 * The media worker's 'record' tap (tap-kinds.ts): options `{ path }`; what the caller says goes
 * left, what the caller hears (the announcement, the dispatcher) right.
 */
export function recordingTap(options: unknown): FrameConsumer {
  const file = (options as { path?: unknown } | null)?.path;
  if (typeof file !== 'string' || !file.endsWith('.wav')) throw new Error('the record tap needs { path: "<file>.wav" }');
  const recording = StereoRecording.create(file);
  return {
    frame: (direction: TapDirection, pcm: Int16Array, samples: number) => recording.frame(direction === 'in' ? LEFT_CALLER : RIGHT_DISPATCHER, pcm, samples),
    finish: async (): Promise<RecordingResult> => {
      await recording.close();
      return { path: file, seconds: recording.seconds, ...(recording.problem ? { problem: recording.problem } : {}) };
    },
  };
}

/** A recording read back: its two directions as sample arrays (for `calls play` and tests). */
export interface RecordingAudio { rate: number; caller: Int16Array; dispatcher: Int16Array; seconds: number }

/** Read a ringdesk recording (stereo 8 kHz 16-bit); the message names the file. */
export function readRecording(path: string): RecordingAudio {
  const data = fs.readFileSync(path);
  const f = wavLayout(data, path);
  if (f.tag !== 1 || f.channels !== 2 || f.bits !== 16) {
    throw new Error(`${path} is not a ringdesk call recording (${f.rate} Hz, ${f.channels} channel(s), ${f.bits}-bit)`);
  }
  const frames = Math.floor(f.dataBytes / 4);
  const caller = new Int16Array(frames);
  const dispatcher = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    caller[i] = data.readInt16LE(f.dataAt + i * 4);
    dispatcher[i] = data.readInt16LE(f.dataAt + i * 4 + 2);
  }
  return { rate: f.rate, caller, dispatcher, seconds: frames / f.rate };
}

/** Both directions mixed into one voice (for an earpiece): each side at half, so two at once never clip. */
export function mixRecording(audio: RecordingAudio): Int16Array {
  const out = new Int16Array(audio.caller.length);
  for (let i = 0; i < out.length; i++) out[i] = (audio.caller[i] + audio.dispatcher[i]) >> 1;
  return out;
}
