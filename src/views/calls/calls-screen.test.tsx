/** The calls screen driven through the desk at 80x24: its keys, state and call-backs are the desk's. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../store/index.js';
import { hourStart } from '../../domain/shift-summary.js';
import { callsStep, callsWhere, initialCallsUi, shownCalls, type CallsUi } from '../../desk/calls-screen.js';
import { screenCommand } from '../../desk/keymap.js';
import type { LoggedCall } from '../../domain/shift-summary.js';
import { tempStore } from '../../../test/helpers/temp-store.js';
import { deskConsole, KEY } from '../../../test/helpers/desk-console.js';

/** A key as the desk resolves it on the calls screen (the keymap, by tab), then the screen's step. */
const reduceCallsKey = (ui: CallsUi, key: string, rows: number) => callsStep(ui, screenCommand('calls', callsWhere(ui), key)?.id ?? null, key, rows);

let t: ReturnType<typeof tempStore>;
let store: Store;
let desk: Awaited<ReturnType<typeof deskConsole>> | null = null;
// one fixed clock (not the wall clock): the calls fall into known hours of the shift's chart
const now = Date.UTC(2026, 11, 7, 11, 30);
const since = hourStart(now - 3 * 3_600_000, 'Europe/Prague');
let n = 0;
function call(at: number, from: string, end: 'answered' | 'missed' | 'unanswered' | 'rejected', operatorId: number | null = null, on: Store = store) {
  const ref = `r${++n}`;
  on.calls.started({ callRef: ref, direction: 'incoming', remote: from, remoteKey: from ? `+420${from.replace(/\D/g, '')}` : null, operatorId, extension: '101', startedAt: at });
  if (end === 'answered') on.calls.markAnswered(ref, at + 4000);
  on.calls.markEnded(ref, at + 60_000, end);
  return ref;
}

beforeEach(() => {
  t = tempStore();
  store = t.store;
  const anna = store.operators.upsert({ name: 'Anna', extension: '101' }).id;
  store.customers.create({ name: 'Zdeněk Novák', phone: { key: '+420777123456', asTyped: '777123456' } });
  call(since + 10 * 60_000, '777 123 456', 'missed', anna);
  call(since + 70 * 60_000, '602 111 222', 'answered', anna);
  call(since + 80 * 60_000, '603 333 444', 'unanswered', anna);
  call(since + 90 * 60_000, '', 'missed');
  call(since + 95 * 60_000, '604 555 666', 'rejected', anna); // rejected: counted apart, never one to call back
});
afterEach(() => { desk?.close(); desk = null; t.cleanup(); });

/** The console at 80x24 (Prague, the shift since its midnight) on the calls screen; every frame waited for is held to the frame rules. */
async function callsScreen() {
  desk = await deskConsole(store, { now, timezone: 'Europe/Prague' });
  const d = desk;
  await d.until(() => d.runner.state.registration.state === 'registered', 'the phone registered');
  d.type('L');
  await d.until((f) => f.includes('Shift summary'), 'the calls screen');
  return d;
}

describe('calls screen through the desk (80x24, real call log)', () => {
  it('shows the shift summary with a bar per hour and per-operator lines', async () => {
    const d = await callsScreen();
    const f = await d.until((x) => x.includes('5 calls'));
    expect(f).toContain('1 answered');
    expect(f).toContain('1 rejected');
    expect(f).toContain('1 missed · 2 abandoned');
    expect(f).toMatch(/│░+ 1 \(1 lost\)\n.*│█+░+▒+ 4 \(2 lost\)/);
    expect(f).toContain('Anna');
    expect(f).toContain('3 Missed calls (3)');
  });

  it('shows each analysed call\'s figures in words: a mark on a long silence, the selected call in full, the shift and operator medians', async () => {
    // the answered call of 10:10 local time: a 24 s silence; another one talked over for 15 % of it
    const answered = store.callReport.calls({ since: 0, until: now }).find((c) => c.remote === '602 111 222')!.callRef;
    store.calls.setFigures(answered, { analysedMs: 56_000, callerTalkMs: 20_000, dispatcherTalkMs: 10_000, silenceMs: 26_000, longestSilenceMs: 24_000,
      overtalkCount: 1, overtalkMs: 1_000, callerMonologueMs: 12_000, dispatcherMonologueMs: 6_000, pauseMs: 0, firstWordsMs: 800 });
    const anna = store.operators.byName('Anna')!.id;
    const talkedOver = call(since + 100 * 60_000, '605 777 888', 'answered', anna);
    store.calls.setFigures(talkedOver, { analysedMs: 40_000, callerTalkMs: 20_000, dispatcherTalkMs: 20_000, silenceMs: 4_000, longestSilenceMs: 2_000,
      overtalkCount: 4, overtalkMs: 6_000, callerMonologueMs: 8_000, dispatcherMonologueMs: 9_000, pauseMs: 2_000, firstWordsMs: 500 });
    const d = await callsScreen();
    let f = await d.until((x) => x.includes('Talk (median of 2 analysed)'), 'the shift\'s figures');
    expect(f).toContain('Talk (median of 2 analysed): dispatcher 42 % · silence 0:15 · overtalk 8 %');
    expect(f).toContain('Handle 0:48 on average = talk 0:32 + silence 0:15 + pause 0:01 · 2 marked');
    expect(f).toMatch(/Anna +5 calls.*\n {15}dispatcher 42 % · silence 0:15 · overtalk 8 % · 2 marked\n/);
    d.type('1');
    f = await d.until((x) => x.includes('605 777 888'), 'the log');
    expect(f).toMatch(/602 111 222 +answered +Anna +⚠ silent for 24 s/);
    expect(f).toMatch(/605 777 888 +answered +Anna +⚠ overtalk 15 % of the call/);
    // the newest call is selected: its figures in full on the last row of the log
    expect(f).toContain('Selected: talk 0:40, dispatcher 50 %, silence 0:04, overtalk 15 %, paused 0:02');
    d.type(KEY.down);
    f = await d.until((x) => x.includes('Selected: not analysed'), 'the next call');
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('a call answered on the desk phone says "no figures: desk phone" in the log and the selected line, not blank, not zeros', async () => {
    const d = await callsScreen();
    d.phone.ring('+420 606 123 987', 'on-desk-phone');
    await d.until(() => d.runner.state.calls.some((c) => c.id === 'on-desk-phone'), 'the ringing call');
    d.phone.pickedUpOnDeskPhone('on-desk-phone'); // the console's audio path never carries this call
    await d.until(() => d.runner.state.calls.some((c) => c.id === 'on-desk-phone' && c.onDeskPhone), 'answered on the desk phone');
    d.phone.callerHangsUp('on-desk-phone');
    await d.until(() => !d.runner.state.calls.length, 'the call ended');
    d.runner.flushWrites();
    const row = store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).find((c) => c.callRef === 'on-desk-phone')!;
    expect(row).toMatchObject({ outcome: 'answered', noFigures: 'desk phone' });
    expect(row.figures).toBeUndefined();
    d.type('L');
    d.type('1');
    const f = await d.until((x) => x.includes('606 123 987'), 'the log with the call');
    expect(f).toMatch(/606 123 987 +answered .*no figures: desk phone/);
    expect(f).toContain('Selected: no figures: desk phone');
    // a call answered at the console but not analysed stays "not analysed"
    d.type(KEY.down);
    await d.until((x) => x.includes('Selected: not analysed'), 'the next call');
  });

  it('calls back a missed number with one key and marks it done; a withheld one says why not; the log pages with the search', async () => {
    const d = await callsScreen();
    d.type('3');
    let f = await d.until((x) => x.includes('777 123 456') && x.includes('Zdeněk Novák'), 'missed list');
    expect(f.indexOf('withheld')).toBeLessThan(f.indexOf('603 333 444'));
    expect(f).not.toContain('604 555 666'); // rejected: not a caller lost
    d.type('c');
    await d.until((x) => x.includes('a withheld number cannot be called back'));
    d.type(KEY.down);
    await d.until(() => d.runner.state.callsScreen?.ui.cursor === 1, 'the cursor on the next');
    d.type('c');
    f = await d.until((x) => x.includes('calling back 603 333 444; marked done'), 'call-back');
    expect(d.phone.actions).toEqual(['dial 603 333 444']);
    f = await d.until((x) => x.includes('Missed calls (2)'), 'the list read again');
    expect(store.callReport.missedCallers({ since }, now).map((m) => m.remote)).toEqual(['', '777 123 456']);
    // the log: / narrows it as it is typed, Esc clears, Esc leaves
    d.type('1');
    await d.until((x) => x.includes('602 111 222') && x.includes('604 555 666'), 'the log');
    d.type('/604');
    f = await d.until((x) => x.includes('604 555 666') && !x.includes('602 111 222'), 'the log narrowed');
    d.type(KEY.escape);
    await d.until((x) => x.includes('602 111 222'), 'the search cleared');
    d.type(KEY.escape);
    await d.until(() => d.runner.state.screen === 'list', 'back on the list');
    expect(d.runner.state.callsScreen).toBeNull();
  });

  it('says why a call-back could not be placed, and keeps the number on the list', async () => {
    const d = await callsScreen();
    d.phone.setRegistration('offline');
    await d.until(() => d.runner.state.registration.state === 'offline', 'offline');
    d.type('3');
    await d.until((x) => x.includes('603 333 444'), 'missed list');
    d.type(KEY.down);
    await d.until(() => d.runner.state.callsScreen?.ui.cursor === 1, 'the cursor on the next');
    d.type('c');
    await d.until((x) => x.includes('cannot call back 603 333 444: not connected'));
    expect(store.callReport.missedCallers({ since }, now)).toHaveLength(3);
    expect(d.phone.actions).toEqual([]);
  });

  it('a colleague\'s call, logged on their console, shows here through the desk\'s one commit watch', async () => {
    const other = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
    try {
      const d = await callsScreen();
      d.type('3');
      await d.until((x) => x.includes('Missed calls (3)'), 'missed list');
      call(since + 100 * 60_000, '605 777 888', 'missed', null, other);
      await d.until((x) => x.includes('605 777 888') && x.includes('Missed calls (4)'), 'the colleague\'s missed call');
    } finally {
      other.close();
    }
  });
});

describe('calls screen keys', () => {
  it('switches tabs with 1/2/3 and the arrows', () => {
    expect(reduceCallsKey(initialCallsUi, '1', 0).ui.tab).toBe('log');
    expect(reduceCallsKey(initialCallsUi, 'right', 0).ui.tab).toBe('missed');
    expect(reduceCallsKey(initialCallsUi, 'left', 0).ui.tab).toBe('log');
    expect(reduceCallsKey({ tab: 'log', cursor: 0, search: null }, 'c', 3).intents).toEqual([]);
  });

  it('/ narrows the log and the missed calls as it is typed; j/k move; Esc clears the search, then leaves', () => {
    const log: CallsUi = { ...initialCallsUi, tab: 'log' };
    let ui = log;
    for (const k of ['/', '6', '0', '3']) ui = reduceCallsKey(ui, k, 5).ui;
    expect(ui.search).toEqual({ query: '603', typing: true });
    const calls = [{ remote: '603333444', customerName: '', operator: 'alice' }, { remote: '+420 777 123 456', customerName: 'Jana', operator: 'bob' }] as LoggedCall[];
    expect(shownCalls(calls, ui).map((c) => c.remote)).toEqual(['603333444']);
    expect(shownCalls(calls, { ...log, search: { query: 'jana', typing: false } }).map((c) => c.customerName)).toEqual(['Jana']);
    ui = reduceCallsKey(ui, 'enter', 5).ui;
    expect(ui.search).toEqual({ query: '603', typing: false });
    expect(reduceCallsKey(reduceCallsKey(ui, 'j', 5).ui, 'j', 5).ui.cursor).toBe(2);
    ui = reduceCallsKey(ui, 'escape', 5).ui;
    expect(ui.search).toBeNull();
    expect(reduceCallsKey(ui, 'escape', 5).intents).toEqual([{ type: 'close' }]);
  });
  it('says so when a key meets a full search, and keeps what is typed', () => {
    const ui: CallsUi = { ...initialCallsUi, tab: 'log', search: { query: '7'.repeat(200), typing: true } };
    const r = reduceCallsKey(ui, '8', 5);
    expect(r.ui.search?.query).toHaveLength(200);
    expect(r.intents).toEqual([{ type: 'refused', reason: expect.stringMatching(/is full: at most 200 characters/) }]);
  });
});
