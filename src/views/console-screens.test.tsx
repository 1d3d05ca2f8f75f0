import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { render as inkRender } from 'ink';
import { VirtualStdin, VirtualStdout, stripAnsi } from '../replay/virtual-terminal.js';
import { App, Screen } from './App.js';
import { CallerCard } from './CallerCard.js';
import { frameProblems } from './frame-rules.js';
import { DeskRunner } from '../desk/runner.js';
import { initialState, type DeskCall, type DeskState } from '../desk/state.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { seed, demoNumbers } from '../demo/seed.js';
import { normalisePhone } from '../domain/phone-number.js';
import type { Customer } from '../domain/customer.js';
import type { DeliverySummary } from '../domain/delivery.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { untilFrame } from '../../test/helpers/frames.js';

const tick = () => new Promise((r) => setTimeout(r, 10));
const until = (frame: () => string | undefined, ok: (f: string) => boolean, what = 'frame') => untilFrame(frame, ok, what, 3000);
const settle = () => new Promise((r) => setTimeout(r, 30));
const KEY = { escape: '\u001B', enter: '\r', tab: '\t' };

const operator = { name: 'alice', extension: '101' };
const marek: Customer = { id: 7, name: 'Marek Horváth', company: '', category: 'problem', note: 'Pays only by card', city: 'Bratislava', country: '', debt: 0, phones: [] };
const open = (over: Partial<DeliverySummary> = {}): DeliverySummary => ({
  id: 3, number: 'V-003', status: 'on-the-way', customerName: 'Marek', phone: '', address: 'Obchodná 1', promisedAt: null, total: 52500,
  driverName: 'Ondřej Kolo', updatedAt: 0, unpaid: 52500, ...over,
});
const callFrom = (raw: string, customers: Customer[], unfinished: DeliverySummary[], over: Partial<DeskCall> = {}): DeskCall => {
  const number = normalisePhone(raw, 'CZ');
  return {
    id: 'c1', direction: 'incoming', remote: raw, number, phase: 'ringing', muted: false, startedAt: Date.UTC(2026, 10, 23, 9, 30), answeredAt: null,
    hidden: false, answerMode: 'route', spam: false, lookup: { number, key: number.kind === 'valid' ? number.e164 : null, customers, unfinished }, ...over,
  };
};

describe('CallerCard (S4 fields)', () => {
  it('category by word, note highlighted, each open order with stage, driver and what is unpaid; country from the number', () => {
    const c = callFrom('+421 905 123 456', [marek], [open(), open({ id: 4, number: 'V-004', status: 'confirmed', driverName: '', unpaid: 0 })]);
    const f = render(<CallerCard call={c} operator={operator} currency="CZK" region="CZ" width={76} timeZone="UTC" />).lastFrame()!;
    for (const t of ['MH', 'Marek Horváth', 'INCOMING', 'Mon 23 Nov 2026 09:30', 'From +421 905 123 456', 'PROBLEM', 'Bratislava, Slovakia', '⚠ Pays only by card',
      'V-003 on the way', 'Ondřej Kolo', 'unpaid 525.00 CZK', 'V-004 confirmed', 'no driver · paid', '→ ext 101 alice']) {
      expect(f, t).toContain(t);
    }
  });
  it('an outgoing call says OUTGOING and To', () => {
    const f = render(<CallerCard call={callFrom('+421 905 123 456', [marek], [], { direction: 'outgoing' })} operator={operator} currency="CZK" region="CZ" width={60} />).lastFrame()!;
    expect(f).toContain('OUTGOING');
    expect(f).toContain('To +421 905 123 456');
  });
  it('an unknown caller shows only the number: no category, place or orders', () => {
    const f = render(<CallerCard call={callFrom('+421 905 999 000', [], [])} operator={operator} currency="CZK" region="CZ" width={76} />).lastFrame()!;
    expect(f).toContain('New caller');
    expect(f).toContain('+421 905 999 000');
    for (const t of ['Slovakia', 'regular', 'unpaid', '⚠']) expect(f, t).not.toContain(t);
  });
  it('long names and company at 80 columns are cut, the note is wrapped whole; nothing wraps past the edge or breaks a border', () => {
    const long: Customer = { ...marek, name: 'Maximilián Alexandr Bartoloměj Horváth-Kolowrat '.repeat(4), company: 'Obchodní společnost '.repeat(10), note: 'Velmi dlouhá poznámka '.repeat(12) };
    const c = callFrom('+421 905 123 456', [long], [open({ driverName: 'Řidič s velmi dlouhým jménem '.repeat(4) })]);
    const s: DeskState = { ...initialState({ operator: 'alice', extension: '101', currency: 'CZK', region: 'CZ', now: 0, columns: 80, rows: 24 }), calls: [c] };
    const f = render(<Screen state={s} />).lastFrame()!;
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    expect(frameProblems(f, { columns: 80, rows: 24, whole: [long.note] })).toEqual([]);
    for (const t of ['INCOMING CALL', 'Obchodní společnost', '⚠ Velmi dlouhá', '…', 'a answer']) expect(f, t).toContain(t);
  });
});

describe('the console with its full screens (real store, replay phone, ink)', () => {
  let cleanup: (() => void) | null = null;
  afterEach(() => { cleanup?.(); cleanup = null; });

  async function consoleOn(columns = 110, rows = 32) {
    const t = tempStore();
    seed(t.store, { now: NOON });
    const phone = new ReplayPhone({ remoteAnswerMs: -1, now: () => NOON });
    const runner = new DeskRunner({ store: t.store, phone, operator: { id: null, name: 'alice', extension: '101' }, columns, rows, now: () => NOON, timezone: 'UTC' });
    runner.start();
    await phone.start();
    const ui = render(<App runner={runner} />);
    cleanup = () => { ui.unmount(); runner.dispose(); void phone.stop(); t.cleanup(); };
    await tick();
    return { ...t, phone, runner, ui };
  }

  it('C opens the three panes: find as you type on the left, history in the centre, data on the right; Esc comes back', async () => {
    const { ui, runner } = await consoleOn();
    ui.stdin.write('C');
    await until(ui.lastFrame, (f) => f.includes('Deliveries and calls'), 'customers screen');
    ui.stdin.write('Nováková');
    const f = await until(ui.lastFrame, (x) => x.includes('Allergic to nuts'), 'Jana with her data');
    for (const t of ['Nováková', 'Jana Nováková', 'Deliveries and calls', 'D-001', 'VIP']) expect(f, t).toContain(t);
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(110);
    // desk keys stand aside: "q" is typed into the search, it does not ask to quit
    ui.stdin.write('q');
    await until(ui.lastFrame, (x) => x.includes('Novákováq'), 'q typed');
    expect(runner.state.modal).toBeNull();
    ui.stdin.write(KEY.escape); // clears the search
    await until(ui.lastFrame, (x) => !x.includes('Novákováq'), 'search cleared');
    await settle();
    expect(runner.state.screen).toBe('customers');
    ui.stdin.write(KEY.escape); // closes the screen
    await until(() => runner.state.screen, (x) => x === 'list', 'back on the list');
    expect(ui.lastFrame()).not.toContain('Deliveries and calls');
  });

  it('keys that arrive in one chunk with C or L (paste, SSH batching) go to the screen they open', async () => {
    const { ui, runner, phone } = await consoleOn();
    // a frame drawn just before the chunk (here: the phone registers) must not lose the keys typed ahead
    phone.setRegistration('registered');
    ui.stdin.write('CNováková');
    const f = await until(ui.lastFrame, (x) => x.includes('Allergic to nuts'), 'the search typed ahead');
    expect(f).toContain('Find Nováková');
    ui.stdin.write(KEY.escape);
    await until(ui.lastFrame, (x) => !x.includes('Find Nováková'), 'search cleared');
    await settle();
    ui.stdin.write(KEY.escape);
    await until(() => runner.state.screen, (x) => x === 'list', 'back on the list');
    await settle();
    phone.setRegistration('registered');
    ui.stdin.write('L3');
    await until(ui.lastFrame, (x) => x.includes('Nobody to call back'), 'the missed tab typed ahead');
    ui.stdin.write(KEY.escape);
    await until(() => runner.state.screen, (x) => x === 'list', 'back on the list');
    await settle();
    ui.stdin.write('C'); // opened again: nothing typed ahead is played twice
    const again = await until(ui.lastFrame, (x) => x.includes('Deliveries and calls'), 'customers again');
    expect(again).toContain('Find ');
    expect(again).not.toContain('Find Nováková');
    expect(again).not.toContain('Find N');
  });

  it('keys typed right after C, before the screen has drawn, are not lost', async () => {
    const { ui, runner } = await consoleOn();
    ui.stdin.write('C');
    ui.stdin.write('Nov');
    ui.stdin.write('áková');
    const f = await until(ui.lastFrame, (x) => x.includes('Allergic to nuts'), 'the search typed at once');
    expect(f).toContain('Find Nováková');
    expect(runner.state.screen).toBe('customers');
  });

  it('a call rings over the customers screen: the banner pops and a answers into the order', async () => {
    const { ui, runner, phone } = await consoleOn();
    ui.stdin.write('C');
    await until(ui.lastFrame, (f) => f.includes('Deliveries and calls'));
    phone.ring(demoNumbers.openOrder, 'c1');
    const f = await until(ui.lastFrame, (x) => x.includes('INCOMING CALL'), 'banner over the customers screen');
    expect(f).toContain('Deliveries and calls');
    ui.stdin.write('a');
    await until(ui.lastFrame, (x) => x.includes('Order D-001'), 'the order after answering');
    expect(phone.actions).toEqual(['answer c1']);
    expect(runner.state.screen).toBe('delivery');
  });

  it('L opens the calls screen; a missed caller is called back with c through the desk', async () => {
    const { ui, runner, phone, store } = await consoleOn();
    phone.ring('+420 602 999 111', 'm1');
    await until(ui.lastFrame, (f) => f.includes('INCOMING CALL'));
    phone.callerHangsUp('m1');
    await until(ui.lastFrame, (f) => !f.includes('INCOMING CALL'));
    ui.stdin.write('L');
    await until(ui.lastFrame, (f) => f.includes('Shift summary'), 'calls screen');
    await settle();
    ui.stdin.write('3');
    await until(ui.lastFrame, (f) => !f.includes('1 calls ·'), 'missed list instead of the summary');
    await settle();
    ui.stdin.write('c');
    await until(ui.lastFrame, (f) => f.includes('calling back 602 999 111'), 'call-back');
    expect(phone.actions).toEqual(['dial +420 602 999 111']);
    expect(runner.state.calls.map((c) => [c.direction, c.target])).toEqual([['outgoing', 'customer']]);
    expect(store.callReport.missedCallers({ since: 0 }, NOON)).toEqual([]);
    ui.stdin.write(KEY.escape);
    await until(() => runner.state.screen, (x) => x === 'list', 'back on the list');
    expect(await until(ui.lastFrame, (f) => f.includes('☎ calling'), 'the call on the status line')).toContain('☎ calling 602 999 111');
  });

  it('the side caller card sits beside the delivery card from 110 columns, not below', async () => {
    const { ui, phone, runner } = await consoleOn();
    phone.ring(demoNumbers.debtor, 'c1');
    await until(ui.lastFrame, (f) => f.includes('INCOMING CALL'));
    ui.stdin.write('a');
    await until(ui.lastFrame, (x) => x.includes('Order'), 'the order');
    // the test terminal is 100 columns wide: draw the same state in 110- and 109-column terminals
    const frame = async (columns: number) => {
      const out = new VirtualStdout(columns, 32);
      const ink = inkRender(<Screen state={{ ...runner.state, size: { columns, rows: 32 } }} />, { stdout: out as never, stdin: new VirtualStdin() as never, debug: true, patchConsole: false });
      const f = await until(() => stripAnsi(out.lastFrame()), (x) => x.includes('Order'), `frame at ${columns} columns`);
      ink.unmount();
      return f;
    };
    const wide = await frame(110);
    for (const t of ['Order', 'Veselý Autoservis', 'PROBLEM · Praha, Czechia', 'owes 450.00 CZK', '⚠ Disputed', 'From 739 444 555']) expect(wide, t).toContain(t);
    for (const line of wide.split('\n')) expect(line.length).toBeLessThanOrEqual(110);
    expect(await frame(109)).not.toContain('owes 450.00 CZK');
  });
});
