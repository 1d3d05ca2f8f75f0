/**
 * The call analysis: a consumer of the call audio tap (tap.ts, kind 'analysis') that runs in
 * the media worker. Each direction's frames go through a voice detector as they arrive
 * (voice-activity.ts); only the stretches of talk and of pause are kept, and when the tap
 * comes off (the call ends) they become the call's figures (src/domain/call-figures.ts).
 * 'in' is the caller, 'out' the dispatcher as the caller hears them.
 */
import type { CallFigures } from '../../domain/call-figures.js';
import type { FrameConsumer, TapDirection } from './tap.js';
import { RunTracker, VoiceDetector, type Run } from './voice-activity.js';

/** Silence longer than this ends a monologue (a new turn starts after it). */
const MONOLOGUE_BREAK_MS = 2000;
/** Paused 'out' frames closer than this are one pause (a relayed stream has gaps). */
const PAUSE_JOIN_MS = 120;

export function startAnalysis(_options: unknown, at: number): FrameConsumer {
  const voice = { in: new VoiceDetector(), out: new VoiceDetector() };
  const talk = { in: new RunTracker(), out: new RunTracker() };
  const pause = new RunTracker(PAUSE_JOIN_MS, 0);
  return {
    frame(direction: TapDirection, pcm: Int16Array, samples: number, frameAt: number, paused: boolean) {
      if (direction === 'out' && paused) pause.on(frameAt, samples);
      if (voice[direction].isSpeech(pcm, samples)) talk[direction].on(frameAt, samples);
    },
    finish(endAt: number): CallFigures {
      return figuresFromRuns(talk.in.finish(), talk.out.finish(), pause.finish(), at, endAt);
    },
  };
}

function clip(runs: Run[], from: number, to: number): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const start = Math.max(r.start, from);
    const end = Math.min(r.end, to);
    if (end > start) out.push({ start, end });
  }
  return out;
}

const total = (runs: Run[]) => runs.reduce((sum, r) => sum + (r.end - r.start), 0);

/** Whether any of `runs` (sorted) overlaps (from, to). */
function spokeBetween(runs: Run[], from: number, to: number): boolean {
  for (const r of runs) {
    if (r.start >= to) return false;
    if (r.end > from) return true;
  }
  return false;
}

/** The longest stretch of `mine` not interrupted by `theirs` speaking in a gap, nor by a long silence. */
function longestMonologue(mine: Run[], theirs: Run[]): number {
  let longest = 0;
  let start = -1;
  let end = -1;
  for (const r of mine) {
    if (start < 0 || r.start - end > MONOLOGUE_BREAK_MS || spokeBetween(theirs, end, r.start)) {
      if (start >= 0) longest = Math.max(longest, end - start);
      start = r.start;
    }
    end = r.end;
  }
  if (start >= 0) longest = Math.max(longest, end - start);
  return longest;
}

/**
 * The figures from the stretches of talk of each side and of pause, over [from, to) (answer to
 * hang-up, ms on one clock). Exported for tests of the arithmetic with hand-made stretches.
 */
export function figuresFromRuns(callerRuns: Run[], dispatcherRuns: Run[], pauseRuns: Run[], from: number, to: number): CallFigures {
  const caller = clip(callerRuns, from, to);
  const dispatcher = clip(dispatcherRuns, from, to);
  const pause = clip(pauseRuns, from, to);
  const points = new Set<number>([from, to]);
  for (const list of [caller, dispatcher, pause]) for (const r of list) { points.add(r.start); points.add(r.end); }
  const cuts = [...points].sort((a, b) => a - b);
  const on = (runs: Run[], t: number) => runs.some((r) => r.start <= t && t < r.end);
  let silenceMs = 0, longestSilenceMs = 0, silenceRun = 0;
  let overtalkMs = 0, overtalkCount = 0, inOvertalk = false;
  let pauseMs = 0;
  // a pointer per list would be faster; calls have a few hundred stretches, and this runs once per call
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i], b = cuts[i + 1], len = b - a;
    const p = on(pause, a), c = on(caller, a), d = on(dispatcher, a);
    const silent = !p && !c && !d;
    const both = !p && c && d;
    if (p) pauseMs += len;
    if (silent) { silenceMs += len; silenceRun += len; if (silenceRun > longestSilenceMs) longestSilenceMs = silenceRun; }
    else silenceRun = 0;
    if (both) { overtalkMs += len; if (!inOvertalk) overtalkCount++; }
    inOvertalk = both;
  }
  const firsts = [caller[0]?.start, dispatcher[0]?.start].filter((x): x is number => x !== undefined);
  const ms = (x: number) => Math.round(x);
  return {
    analysedMs: ms(to - from),
    callerTalkMs: ms(total(caller)),
    dispatcherTalkMs: ms(total(dispatcher)),
    silenceMs: ms(silenceMs),
    longestSilenceMs: ms(longestSilenceMs),
    overtalkCount,
    overtalkMs: ms(overtalkMs),
    callerMonologueMs: ms(longestMonologue(caller, dispatcher)),
    dispatcherMonologueMs: ms(longestMonologue(dispatcher, caller)),
    pauseMs: ms(pauseMs),
    firstWordsMs: firsts.length ? ms(Math.min(...firsts) - from) : null,
  };
}
