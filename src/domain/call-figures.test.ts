import { describe, expect, it } from 'vitest';
import { checkFigures, figuresBrief, handleSplit, outliers, summariseFigures, type CallFigures } from './call-figures.js';

const call = (o: Partial<CallFigures> = {}): CallFigures => ({
  analysedMs: 60_000, callerTalkMs: 20_000, dispatcherTalkMs: 20_000, silenceMs: 18_000, longestSilenceMs: 5_000, overtalkCount: 1,
  overtalkMs: 1_000, callerMonologueMs: 8_000, dispatcherMonologueMs: 8_000, pauseMs: 3_000, firstWordsMs: 600, ...o,
});

describe('call figures', () => {
  it('marks a silence over 20 s and overtalk over 10 % of the call, in words', () => {
    expect(outliers(call())).toEqual([]);
    expect(outliers(call({ longestSilenceMs: 20_000 }))).toEqual([]);
    expect(outliers(call({ longestSilenceMs: 20_001 }))).toEqual(['silent for 20 s']);
    expect(outliers(call({ overtalkMs: 6_001 }))).toEqual(['overtalk 10 % of the call']);
    expect(figuresBrief(call())).toBe('talk 0:40 · dispatcher 50 %');
    expect(figuresBrief(call({ callerTalkMs: 0, dispatcherTalkMs: 0 }))).toBe('talk 0:00, nobody spoke');
  });

  it('splits handle time into talk, silence and pause that add up; medians and means for a group', () => {
    expect(handleSplit(call())).toEqual({ talkMs: 39_000, silenceMs: 18_000, pauseMs: 3_000 });
    const s = summariseFigures([call(), call({ dispatcherTalkMs: 60_000, callerTalkMs: 0, silenceMs: 0, pauseMs: 0 }), call({ longestSilenceMs: 30_000 })]);
    expect(s).toMatchObject({ calls: 3, medianDispatcherShare: 0.5, medianSilenceMs: 18_000, avgHandleMs: 60_000, avgPauseMs: 2_000, marked: 1 });
    expect(summariseFigures([])).toMatchObject({ calls: 0, medianDispatcherShare: null, avgHandleMs: null });
  });

  it('refuses figures from outside in one line naming the figure and where', () => {
    expect(checkFigures(call(), 'x')).toEqual({ ok: true, figures: call() });
    expect(checkFigures({ ...call(), firstWordsMs: null })).toMatchObject({ ok: true });
    expect(checkFigures({ ...call(), talk: 1 }, 'step 3')).toEqual({ ok: false, reason: expect.stringMatching(/^step 3: "talk" is not a call figure; use analysedMs, /) });
    expect(checkFigures({ ...call(), silenceMs: -1 })).toEqual({ ok: false, reason: 'silenceMs must be a whole number of ms, 0 or more (got -1)' });
    expect(checkFigures({ ...call(), pauseMs: 61_000 })).toEqual({ ok: false, reason: 'pauseMs 61000 is longer than the call (analysedMs 60000)' });
    expect(checkFigures([1])).toEqual({ ok: false, reason: 'call figures must be an object' });
  });
});
