/**
 * A call's figures, measured from its audio as it flowed through the media worker
 * (src/telephony/media/call-analysis.ts) and stored with the call: who talked how long,
 * silence, talking over each other, the console's pause, time to first words. Only these
 * numbers are kept: no audio, no transcript.
 *
 * Words for a supervisor: "caller" is the far end, "dispatcher" the console's side (headset
 * or local audio); "silence" is both quiet while not paused; "overtalk" both speaking at once;
 * a "monologue" one side speaking without the other getting a word in; "pause" the console's
 * pause (the caller hears silence).
 */

export interface CallFigures {
  /** How long the audio was analysed: from answer to hang-up, ms. */
  analysedMs: number;
  callerTalkMs: number;
  dispatcherTalkMs: number;
  /** Both quiet, not paused: in total and the longest stretch. */
  silenceMs: number;
  longestSilenceMs: number;
  /** Both speaking at once: how many times and in total. */
  overtalkCount: number;
  overtalkMs: number;
  /** The longest stretch each side spoke without the other speaking. */
  callerMonologueMs: number;
  dispatcherMonologueMs: number;
  /** On pause (the caller heard silence). */
  pauseMs: number;
  /** From answer to the first words of either side; null when nobody spoke. */
  firstWordsMs: number | null;
}

/** Every figure, in the order `calls --csv` writes them. */
export const FIGURE_KEYS = [
  'analysedMs', 'callerTalkMs', 'dispatcherTalkMs', 'silenceMs', 'longestSilenceMs', 'overtalkCount', 'overtalkMs',
  'callerMonologueMs', 'dispatcherMonologueMs', 'pauseMs', 'firstWordsMs',
] as const satisfies readonly (keyof CallFigures)[];

/** A silence longer than this in one stretch is marked on the call. */
export const LONG_SILENCE_MS = 20_000;
/** Talking over each other for more than this share of the call is marked on it. */
export const OVERTALK_SHARE = 0.1;

/** The dispatcher's share of the talk (0–1); null when nobody spoke. */
export function dispatcherShare(f: CallFigures): number | null {
  const talk = f.callerTalkMs + f.dispatcherTalkMs;
  return talk > 0 ? f.dispatcherTalkMs / talk : null;
}

/** Share of the call spent talking over each other (0–1). */
export function overtalkShare(f: CallFigures): number {
  return f.analysedMs > 0 ? f.overtalkMs / f.analysedMs : 0;
}

/** The call's time split: talking (anyone), silence, pause; the three add up to `analysedMs`. */
export function handleSplit(f: CallFigures): { talkMs: number; silenceMs: number; pauseMs: number } {
  return { talkMs: Math.max(0, f.analysedMs - f.silenceMs - f.pauseMs), silenceMs: f.silenceMs, pauseMs: f.pauseMs };
}

/** "1:05" for 65 s, "0:07", "62:05" (whole seconds, cut down); the console's one way to write a call's length. */
export function clockDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

/** What a supervisor should look at on this call, in words; [] when nothing stands out. */
export function outliers(f: CallFigures): string[] {
  const out: string[] = [];
  if (f.longestSilenceMs > LONG_SILENCE_MS) out.push(`silent for ${Math.round(f.longestSilenceMs / 1000)} s`);
  if (overtalkShare(f) > OVERTALK_SHARE) out.push(`overtalk ${percent(overtalkShare(f))} of the call`);
  return out;
}

/** The key figures on one line: "talk 1:05, dispatcher 40 %, silence 0:12, overtalk 3 %, paused 0:10" (what stands out: `outliers`). */
export function figuresLine(f: CallFigures): string {
  const share = dispatcherShare(f);
  return [
    `talk ${clockDuration(f.callerTalkMs + f.dispatcherTalkMs)}`,
    share === null ? 'nobody spoke' : `dispatcher ${percent(share)}`,
    `silence ${clockDuration(f.silenceMs)}`,
    `overtalk ${percent(overtalkShare(f))}`,
    ...(f.pauseMs > 0 ? [`paused ${clockDuration(f.pauseMs)}`] : []),
  ].join(', ');
}

/** Figures for a group of calls (an operator's, or the shift's). */
export interface FiguresSummary {
  /** Calls with figures. */
  calls: number;
  /** Median of the dispatcher's share of the talk (0–1); null when no call had talk. */
  medianDispatcherShare: number | null;
  /** Median silence per call, ms. */
  medianSilenceMs: number | null;
  /** Median share of a call spent talking over each other (0–1). */
  medianOvertalkShare: number | null;
  /** Average handle time and its split, ms. */
  avgHandleMs: number | null;
  avgTalkMs: number | null;
  avgSilenceMs: number | null;
  avgPauseMs: number | null;
  /** Calls with something marked (see `outliers`). */
  marked: number;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

export function summariseFigures(all: readonly CallFigures[]): FiguresSummary {
  const splits = all.map(handleSplit);
  return {
    calls: all.length,
    medianDispatcherShare: median(all.map(dispatcherShare).filter((x): x is number => x !== null)),
    medianSilenceMs: median(all.map((f) => f.silenceMs)),
    medianOvertalkShare: median(all.map(overtalkShare)),
    avgHandleMs: mean(all.map((f) => f.analysedMs)),
    avgTalkMs: mean(splits.map((s) => s.talkMs)),
    avgSilenceMs: mean(splits.map((s) => s.silenceMs)),
    avgPauseMs: mean(splits.map((s) => s.pauseMs)),
    marked: all.filter((f) => outliers(f).length > 0).length,
  };
}

/**
 * A call's figures in a few words — or, for a call without them whose reason is known, that reason
 * ("no figures: desk phone": its audio never passed the console), so a supervisor never reads a
 * blank as "nothing was said". '' when the call simply was not analysed.
 */
export function callFiguresBrief(c: { figures?: CallFigures; noFigures?: string }): string {
  if (c.figures) return figuresBrief(c.figures);
  return c.noFigures ? `no figures: ${c.noFigures}` : '';
}

/** A call in a few words for a list row: what stands out, else its talk and the dispatcher's share. */
export function figuresBrief(f: CallFigures): string {
  const marks = outliers(f);
  if (marks.length) return `⚠ ${marks.join(', ')}`;
  const share = dispatcherShare(f);
  return `talk ${clockDuration(f.callerTalkMs + f.dispatcherTalkMs)}${share === null ? ', nobody spoke' : ` · dispatcher ${percent(share)}`}`;
}

/** The shift's (or an operator's) figures in two lines a supervisor reads. */
export function summaryLines(s: FiguresSummary): [string, string] {
  if (s.calls === 0) return ['No call was analysed', ''];
  const share = s.medianDispatcherShare === null ? 'nobody spoke' : `dispatcher ${percent(s.medianDispatcherShare)}`;
  return [
    `Talk (median of ${s.calls} analysed): ${share} · silence ${clockDuration(s.medianSilenceMs ?? 0)} · overtalk ${percent(s.medianOvertalkShare ?? 0)}`,
    `Handle ${clockDuration(s.avgHandleMs ?? 0)} on average = talk ${clockDuration(s.avgTalkMs ?? 0)} + silence ${clockDuration(s.avgSilenceMs ?? 0)} + pause ${clockDuration(s.avgPauseMs ?? 0)}` +
      (s.marked ? ` · ${s.marked} marked` : ''),
  ];
}

/** One operator's medians on one line: "dispatcher 45 % · silence 0:20 · overtalk 2 % · 1 marked" (the handle split: `summaryLines`). */
export function summaryShort(s: FiguresSummary): string {
  if (s.calls === 0) return 'no analysed call';
  const share = s.medianDispatcherShare === null ? 'nobody spoke' : `dispatcher ${percent(s.medianDispatcherShare)}`;
  return `${share} · silence ${clockDuration(s.medianSilenceMs ?? 0)} · overtalk ${percent(s.medianOvertalkShare ?? 0)}` + (s.marked ? ` · ${s.marked} marked` : '');
}

/**
 * Figures from outside (a fixture, the media worker's reply): every key a whole number of ms
 * ≥ 0 (firstWordsMs may be null), parts not longer than the call. Errors name the key, after `where: ` when given.
 */
export function checkFigures(raw: unknown, where = ''): { ok: true; figures: CallFigures } | { ok: false; reason: string } {
  const at = where ? `${where}: ` : '';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: `${at}call figures must be an object` };
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !(FIGURE_KEYS as readonly string[]).includes(k));
  if (unknown.length) return { ok: false, reason: `${at}"${unknown[0]}" is not a call figure; use ${FIGURE_KEYS.join(', ')}` };
  const f: Record<string, number | null> = {};
  for (const key of FIGURE_KEYS) {
    const v = o[key];
    if (key === 'firstWordsMs' && (v === null || v === undefined)) { f[key] = null; continue; }
    if (v === undefined && key !== 'analysedMs') { f[key] = 0; continue; }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return { ok: false, reason: `${at}${key} must be a whole number of ms, 0 or more (got ${JSON.stringify(v)})` };
    f[key] = v;
  }
  const figures = f as unknown as CallFigures;
  for (const key of ['callerTalkMs', 'dispatcherTalkMs', 'silenceMs', 'longestSilenceMs', 'overtalkMs', 'pauseMs', 'callerMonologueMs', 'dispatcherMonologueMs'] as const) {
    if (figures[key] > figures.analysedMs) return { ok: false, reason: `${at}${key} ${figures[key]} is longer than the call (analysedMs ${figures.analysedMs})` };
  }
  return { ok: true, figures };
}
