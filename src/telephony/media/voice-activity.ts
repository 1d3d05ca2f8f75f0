/**
 * Voice activity on one direction of a call, frame by frame as the audio flows (in the media
 * worker): energy and zero-crossing rate against an adaptive noise floor, and the speech
 * turned into stretches ("runs") of talk. Nothing of the audio is kept: only the runs' times.
 *
 * - Energy of a frame in dB below full scale; the noise floor is the quietest frame of the last
 *   ~2 s (minimum statistics over four 0.5 s blocks), so a steady hum, hiss or tone stops
 *   counting as talk within about 2 s, and speech over it still does. Before 2 s are heard the
 *   floor is taken as a quiet line's (-60 dBFS), so words at once after the answer count.
 * - A frame is speech when it is 10 dB over the floor, or 6 dB over it and voiced (few zero
 *   crossings: vowels and voiced consonants), and never below -50 dBFS (line noise).
 * - Speech frames closer than 300 ms join one run (the gaps between words); a run shorter than
 *   60 ms is a click, not talk.
 */

const BLOCK_FRAMES = 25; // 0.5 s of 20 ms frames
const BLOCKS = 4;
const OVER_FLOOR_DB = 10;
const VOICED_OVER_FLOOR_DB = 6;
const VOICED_ZCR = 0.25;
const MIN_SPEECH_DB = -50;
/** The floor assumed before 2 s of the call are heard: a quiet line, so the first words count. */
const START_FLOOR_DB = -60;
/** Speech frames this close (ms) belong to one run. */
export const JOIN_GAP_MS = 300;
/** Runs shorter than this (ms) are dropped. */
export const MIN_RUN_MS = 60;
const SAMPLE_RATE = 8000;

/** Energy of `pcm[0..n)` in dB relative to full scale (-90 for digital silence). */
export function frameDb(pcm: Int16Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += pcm[i] * pcm[i];
  const meanSquare = n > 0 ? sum / n : 0;
  return meanSquare < 1 ? -90.3 : 10 * Math.log10(meanSquare / (32768 * 32768));
}

/** Zero crossings per sample of `pcm[0..n)` (0–1). */
export function zeroCrossingRate(pcm: Int16Array, n: number): number {
  let crossings = 0;
  for (let i = 1; i < n; i++) if ((pcm[i - 1] >= 0) !== (pcm[i] >= 0)) crossings++;
  return n > 1 ? crossings / (n - 1) : 0;
}

/** Says whether each frame is speech, following the noise floor. */
export class VoiceDetector {
  private readonly blockMins = new Float64Array(BLOCKS).fill(START_FLOOR_DB);
  private block = 0;
  private blockMin = Infinity;
  private framesInBlock = 0;

  /** The noise floor now, dB. */
  get floorDb(): number {
    let floor = this.blockMin;
    for (let i = 0; i < BLOCKS; i++) if (this.blockMins[i] < floor) floor = this.blockMins[i];
    return floor;
  }

  isSpeech(pcm: Int16Array, n: number): boolean {
    const db = frameDb(pcm, n);
    if (db < this.blockMin) this.blockMin = db;
    if (++this.framesInBlock === BLOCK_FRAMES) {
      this.blockMins[this.block] = this.blockMin;
      this.block = (this.block + 1) % BLOCKS;
      this.blockMin = Infinity;
      this.framesInBlock = 0;
    }
    const floor = this.floorDb;
    if (db < MIN_SPEECH_DB) return false;
    if (db >= floor + OVER_FLOOR_DB) return true;
    return db >= floor + VOICED_OVER_FLOOR_DB && zeroCrossingRate(pcm, n) < VOICED_ZCR;
  }
}

/** A stretch [start, end) in ms on the worker's clock. */
export interface Run { start: number; end: number }

/** Joins frames that are "on" (speech, or paused) into runs as they come. */
export class RunTracker {
  readonly runs: Run[] = [];
  private current: Run | null = null;

  constructor(private readonly joinGapMs = JOIN_GAP_MS, private readonly minRunMs = MIN_RUN_MS) {}

  /** A frame that is on, covering [at - samples/8 ms, at). */
  on(at: number, samples: number): void {
    const start = at - (samples * 1000) / SAMPLE_RATE;
    const c = this.current;
    if (c && start - c.end <= this.joinGapMs) {
      if (at > c.end) c.end = at;
      return;
    }
    this.close();
    this.current = { start, end: at };
  }

  private close(): void {
    const c = this.current;
    if (c && c.end - c.start >= this.minRunMs) this.runs.push(c);
    this.current = null;
  }

  /** The runs, the last one closed. */
  finish(): Run[] {
    this.close();
    return this.runs;
  }
}
