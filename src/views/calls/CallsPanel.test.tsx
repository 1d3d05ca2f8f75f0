import React from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import type { Store } from '../../store/index.js';
import { storeCallLogSource } from '../../calls/call-log-source.js';
import { hourStart } from '../../domain/shift-summary.js';
import { CallsPanel } from './CallsPanel.js';
import { reduceCallsKey, initialCallsUi, shownCalls, type CallsUi } from './calls-state.js';
import type { LoggedCall } from '../../domain/shift-summary.js';
import { tempStore } from '../../../test/helpers/temp-store.js';
import { untilFrame as until } from '../../../test/helpers/frames.js';

const tick = () => new Promise((r) => setTimeout(r, 10));

let t: ReturnType<typeof tempStore>;
let store: Store;
// one fixed clock (not the wall clock): the top of an hour, so the calls fall into known hours of the chart
const now = Date.UTC(2026, 11, 7, 11, 30);
const clock = () => now;
const since = hourStart(now - 3 * 3_600_000, 'Europe/Prague');
let n = 0;
function call(at: number, from: string, end: 'answered' | 'missed' | 'unanswered' | 'rejected', operatorId: number | null = null) {
  const ref = `r${++n}`;
  store.calls.started({ callRef: ref, direction: 'incoming', remote: from, remoteKey: from ? `+420${from.replace(/\D/g, '')}` : null, operatorId, extension: '101', startedAt: at });
  if (end === 'answered') store.calls.markAnswered(ref, at + 4000);
  store.calls.markEnded(ref, at + 60_000, end);
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
afterEach(() => t.cleanup());

describe('calls screen over a real call log', () => {
  it('shows the shift summary with a bar per hour and per-operator lines', async () => {
    const { lastFrame, unmount } = render(<CallsPanel source={storeCallLogSource(store, 'Europe/Prague', clock)} since={since} region="CZ" width={80} height={20} onCallBack={() => null} />);
    await tick();
    const f = await until(lastFrame, (x) => x.includes('5 calls'));
    expect(f).toContain('1 answered');
    expect(f).toContain('1 rejected');
    expect(f).toContain('1 missed · 2 abandoned');
    expect(f).toMatch(/│░+ 1 \(1 lost\)\n.*│█+░+▒+ 4 \(2 lost\)/);
    expect(f).toContain('Anna');
    expect(f).toContain('3 Missed calls (3)');
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    unmount();
  });

  it('calls back a missed number with one key and marks it done; a withheld one says why not', async () => {
    const dialled: string[] = [];
    const { lastFrame, stdin, unmount } = render(<CallsPanel source={storeCallLogSource(store, 'Europe/Prague', clock)} since={since} region="CZ" width={90} height={20} onCallBack={(n) => { dialled.push(n); return null; }} />);
    await tick();
    stdin.write('3');
    let f = await until(lastFrame, (x) => x.includes('777 123 456') && x.includes('Zdeněk Novák'), 'missed list');
    expect(f.indexOf('withheld')).toBeLessThan(f.indexOf('603 333 444'));
    expect(f).not.toContain('604 555 666'); // rejected: not a caller lost
    stdin.write('c');
    await until(lastFrame, (x) => x.includes('a withheld number cannot be called back'));
    stdin.write('\u001B[B');
    await tick();
    stdin.write('c');
    f = await until(lastFrame, (x) => x.includes('calling back 603 333 444; marked done'), 'call-back');
    expect(dialled).toEqual(['603 333 444']);
    expect(f).toContain('Missed calls (2)');
    expect(store.callReport.missedCallers({ since }, now).map((m) => m.remote)).toEqual(['', '777 123 456']);
    unmount();
  });

  it('says why a call-back could not be placed, and keeps the number on the list', async () => {
    const { lastFrame, stdin, unmount } = render(<CallsPanel source={storeCallLogSource(store, 'Europe/Prague', clock)} since={since} region="CZ" width={90} height={20} onCallBack={() => 'not connected to the PBX (offline)'} />);
    await tick();
    stdin.write('3');
    await tick();
    stdin.write('\u001B[B');
    await tick();
    stdin.write('c');
    await until(lastFrame, (x) => x.includes('cannot call back 603 333 444: not connected to the PBX (offline)'));
    expect(store.callReport.missedCallers({ since }, now)).toHaveLength(3);
    unmount();
  });

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
