/**
 * `ringdesk calls --csv` and `--json` carry every figure of a call (issue 18), read through the
 * real command from a real SQLite file: the header names, a figure of zero written as 0 and a
 * figure not measured (no first words) left empty, a call not analysed with every figure cell
 * empty, and a call answered on the desk phone saying why it has none. The period is given as
 * dates, so the machine's clock does not decide which calls are listed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CsvReader } from '../customers/csv.js';
import { callsCommand } from './calls.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { FIGURE_KEYS, type CallFigures } from '../domain/call-figures.js';

const NOON_UTC = Date.UTC(2026, 11, 7, 11, 0); // 12:00 in Prague
let t: ReturnType<typeof tempStore>;
beforeEach(() => {
  t = tempStore();
  const call = (ref: string, minute: number, o: { figures?: CallFigures; deskPhone?: boolean } = {}) => {
    const at = NOON_UTC + minute * 60_000;
    t.store.calls.started({ callRef: ref, direction: 'incoming', remote: '+420777123456', remoteKey: '+420777123456', operatorId: null, extension: '101', startedAt: at });
    t.store.calls.markAnswered(ref, at + 3000, { operatorId: null, extension: '101', deskPhone: o.deskPhone });
    t.store.calls.markEnded(ref, at + 63_000, 'answered');
    if (o.figures) t.store.calls.setFigures(ref, o.figures);
  };
  // analysed: no overtalk and no pause (zeros), the caller never spoke first (first words null)
  call('quiet-one', 0, { figures: { analysedMs: 60_000, callerTalkMs: 0, dispatcherTalkMs: 20_000, silenceMs: 40_000, longestSilenceMs: 25_000,
    overtalkCount: 0, overtalkMs: 0, callerMonologueMs: 0, dispatcherMonologueMs: 9_000, pauseMs: 0, firstWordsMs: null } });
  call('not-analysed', 2);
  call('desk-phone', 4, { deskPhone: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  t.cleanup();
});

async function run(flag: '--csv' | '--json'): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out += String(chunk); return true; });
  await callsCommand.handler!({ db: t.file, since: '2026-12-07', until: '2026-12-08', json: flag === '--json', csv: flag === '--csv', summary: false, missed: false, _: ['calls'], $0: 'ringdesk' } as never);
  vi.restoreAllMocks();
  return out;
}

describe('ringdesk calls: the figure columns', () => {
  it('--csv: a column per figure by its name; 0 stays 0, a figure not measured and a call not analysed stay empty; the desk phone says why', async () => {
    const reader = new CsvReader(','); // the project's own reader, as `customers import` reads a file
    const rows = [...reader.push(await run('--csv')), ...reader.end()].map((r) => r.fields);
    const header = rows[0];
    expect(header).toEqual(['started', 'direction', 'number', 'customer', 'operator', 'outcome', 'wait', 'talk', 'figures',
      'analysedMs', 'callerTalkMs', 'dispatcherTalkMs', 'silenceMs', 'longestSilenceMs', 'overtalkCount', 'overtalkMs',
      'callerMonologueMs', 'dispatcherMonologueMs', 'pauseMs', 'firstWordsMs', 'dispatcherSharePercent', 'overtalkPercent', 'marked']);
    const byCell = (r: string[]) => Object.fromEntries(header.map((h, i) => [h, r[i]]));
    const [deskPhone, notAnalysed, quiet] = rows.slice(1).map(byCell); // newest first
    expect(rows).toHaveLength(4);
    expect(quiet).toMatchObject({ analysedMs: '60000', callerTalkMs: '0', dispatcherTalkMs: '20000', silenceMs: '40000', longestSilenceMs: '25000',
      overtalkCount: '0', overtalkMs: '0', callerMonologueMs: '0', dispatcherMonologueMs: '9000', pauseMs: '0', firstWordsMs: '',
      dispatcherSharePercent: '100', overtalkPercent: '0', marked: 'silent for 25 s' });
    expect(quiet.figures).toContain('silent for 25 s');
    for (const k of [...FIGURE_KEYS, 'dispatcherSharePercent', 'overtalkPercent', 'marked']) {
      expect(notAnalysed[k], k).toBe('');
      expect(deskPhone[k], k).toBe('');
    }
    expect(notAnalysed.figures).toBe('');
    expect(deskPhone.figures).toBe('no figures: desk phone');
  });

  it('--json: every figure under "figures" as numbers (null for first words not heard); no "figures" when not analysed; "noFigures" for the desk phone', async () => {
    const calls = JSON.parse(await run('--json')) as { callRef: string; figures?: Record<string, number | null>; noFigures?: string }[];
    expect(calls.map((c) => c.callRef)).toEqual(['desk-phone', 'not-analysed', 'quiet-one']); // newest first
    calls.reverse();
    expect(Object.keys(calls[0].figures!).sort()).toEqual([...FIGURE_KEYS].sort());
    expect(calls[0].figures).toMatchObject({ callerTalkMs: 0, overtalkMs: 0, pauseMs: 0, firstWordsMs: null, analysedMs: 60_000 });
    expect(calls[0].noFigures).toBeUndefined();
    expect(calls[1]).not.toHaveProperty('figures');
    expect(calls[1]).not.toHaveProperty('noFigures');
    expect(calls[2]).not.toHaveProperty('figures');
    expect(calls[2].noFigures).toBe('desk phone');
  });
});
