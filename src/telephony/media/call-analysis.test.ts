/**
 * The call analysis arithmetic and the voice detector on made-up audio (the real audio, over
 * RTP through the worker, is test/e2e/media-analysis.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { figuresFromRuns, startAnalysis } from './call-analysis.js';
import { VoiceDetector } from './voice-activity.js';
import type { CallFigures } from '../../domain/call-figures.js';

const F = 160;
/** A deterministic pseudo-random source (no Math.random in tests). */
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}
const frameOf = (fn: (i: number) => number, start: number) => Int16Array.from({ length: F }, (_, i) => Math.round(fn(start + i)));
const sine = (hz: number, amp: number) => (i: number) => amp * Math.sin((2 * Math.PI * hz * i) / 8000);
/** A vowel-like sound: a 150 Hz buzz with harmonics, its loudness moving at 4 Hz like syllables. */
const speechLike = (amp: number) => (i: number) =>
  amp * (0.6 + 0.4 * Math.sin((2 * Math.PI * 4 * i) / 8000)) * (Math.sin((2 * Math.PI * 150 * i) / 8000) + 0.5 * Math.sin((2 * Math.PI * 450 * i) / 8000) + 0.3 * Math.sin((2 * Math.PI * 900 * i) / 8000));

/** Feed `seconds` of `fn` per direction (null = digital silence) into an analysis; 20 ms frames on one clock. */
function analyse(parts: { seconds: number; caller: ((i: number) => number) | null; dispatcher: ((i: number) => number) | null; paused?: boolean }[]): CallFigures {
  const a = startAnalysis(undefined, 0);
  let t = 0, n = 0;
  for (const p of parts) {
    for (let k = 0; k < Math.round(p.seconds * 50); k++) {
      t += 20;
      const caller = p.caller ? frameOf(p.caller, n) : new Int16Array(F);
      const disp = p.dispatcher && !p.paused ? frameOf(p.dispatcher, n) : new Int16Array(F);
      a.frame('in', caller, F, t, !!p.paused);
      a.frame('out', disp, F, t, !!p.paused);
      n += F;
    }
  }
  return a.finish(t) as CallFigures;
}

describe('voice detector', () => {
  it('hears speech-like sound and not digital silence', () => {
    const v = new VoiceDetector();
    for (let k = 0; k < 25; k++) expect(v.isSpeech(new Int16Array(F), F)).toBe(false);
    let speech = 0;
    for (let k = 0; k < 50; k++) if (v.isSpeech(frameOf(speechLike(6000), k * F), F)) speech++;
    expect(speech).toBeGreaterThanOrEqual(48);
  });

  it('steady noise stops counting as talk within about 2 s, and speech over it still counts', () => {
    const v = new VoiceDetector();
    const rnd = lcg(7);
    const noise = () => Int16Array.from({ length: F }, () => Math.round(rnd() * 1500));
    const late: boolean[] = [];
    for (let k = 0; k < 250; k++) { const s = v.isSpeech(noise(), F); if (k >= 125) late.push(s); }
    expect(late.filter(Boolean).length).toBe(0);
    let speech = 0;
    for (let k = 0; k < 50; k++) {
      const n = noise(), s = frameOf(speechLike(8000), k * F);
      if (v.isSpeech(Int16Array.from(s, (x, i) => x + n[i]), F)) speech++;
    }
    expect(speech).toBeGreaterThanOrEqual(45);
  });
});

describe('call figures from the audio', () => {
  it('a silent call: no talk, all silence, nobody spoke', () => {
    const f = analyse([{ seconds: 5, caller: null, dispatcher: null }]);
    expect(f).toEqual({ analysedMs: 5000, callerTalkMs: 0, dispatcherTalkMs: 0, silenceMs: 5000, longestSilenceMs: 5000, overtalkCount: 0,
      overtalkMs: 0, callerMonologueMs: 0, dispatcherMonologueMs: 0, pauseMs: 0, firstWordsMs: null });
  });

  it('turns, a silence, an overlap and a pause, measured within a frame or two', () => {
    const f = analyse([
      { seconds: 0.6, caller: null, dispatcher: null },
      { seconds: 2, caller: null, dispatcher: speechLike(7000) },
      { seconds: 1, caller: null, dispatcher: null },
      { seconds: 3, caller: speechLike(5000), dispatcher: null },
      { seconds: 1, caller: speechLike(5000), dispatcher: speechLike(7000) },
      { seconds: 1, caller: null, dispatcher: speechLike(7000) },
      { seconds: 4, caller: null, dispatcher: speechLike(7000), paused: true },
      { seconds: 1.4, caller: null, dispatcher: null },
    ]);
    const near = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(60);
    near(f.callerTalkMs, 4000);
    near(f.dispatcherTalkMs, 4000);
    near(f.overtalkMs, 1000);
    expect(f.overtalkCount).toBe(1);
    near(f.pauseMs, 4000);
    near(f.silenceMs, 600 + 1000 + 1400);
    near(f.longestSilenceMs, 1400);
    near(f.firstWordsMs!, 600);
    near(f.callerMonologueMs, 4000); // the dispatcher's words came in over the caller's, not in a gap
    near(f.dispatcherMonologueMs, 2000);
    expect(f.analysedMs).toBe(14000);
  });

  it('a steady tone counts at most its first 2 s as talk; tone bursts count their on-time', () => {
    const steady = analyse([{ seconds: 10, caller: sine(1000, 8000), dispatcher: null }]);
    expect(steady.callerTalkMs).toBeLessThanOrEqual(2600);
    const beeps = analyse(Array.from({ length: 6 }, () => [
      { seconds: 0.5, caller: sine(440, 8000), dispatcher: null },
      { seconds: 0.5, caller: null, dispatcher: null },
    ]).flat());
    expect(Math.abs(beeps.callerTalkMs - 3000)).toBeLessThanOrEqual(150);
  });
});

describe('figuresFromRuns', () => {
  it('counts two separate overtalks and cuts runs to the call', () => {
    const f = figuresFromRuns([{ start: -500, end: 1000 }, { start: 3000, end: 4000 }], [{ start: 500, end: 3500 }], [], 0, 5000);
    expect(f.callerTalkMs).toBe(2000);
    expect(f.overtalkCount).toBe(2);
    expect(f.overtalkMs).toBe(1000);
    expect(f.silenceMs).toBe(1000);
    expect(f.firstWordsMs).toBe(0);
  });
});
