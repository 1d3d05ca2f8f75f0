import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { render as inkRender } from 'ink';
import { VirtualStdin, VirtualStdout, stripAnsi } from '../replay/virtual-terminal.js';
import { Screen } from './App.js';
import { App } from './App.js';
import { CallerCard } from './CallerCard.js';
import { DeliveryCard } from './DeliveryCard.js';
import { OrderList } from './OrderList.js';
import { ModalView } from './Modals.js';
import { HelpBar, helpBarRows } from './HelpBar.js';
import { frameProblems, frameBoxes, frameLines } from './frame-rules.js';
import { statusRow } from './StatusBar.js';
import { helpEntries } from '../desk/help.js';
import { wholeTexts } from './layout.js';
import { initialState, type DeskCall, type DeskState } from '../desk/state.js';
import { DeskRunner } from '../desk/runner.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { seed, demoNumbers } from '../demo/seed.js';
import { normalisePhone } from '../domain/phone-number.js';
import { emptyAddress } from '../domain/address.js';
import type { Customer } from '../domain/customer.js';
import type { Delivery } from '../domain/delivery.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { untilFrame as until } from '../../test/helpers/frames.js';

const tick = () => new Promise((r) => setTimeout(r, 10));
/** The frame Ink draws for `el` in a terminal of this size (ink-testing-library's is 100 columns wide). */
async function frameAt(el: React.ReactElement, columns: number, rows: number): Promise<string> {
  const out = new VirtualStdout(columns, rows);
  const ink = inkRender(el, { stdout: out as never, stdin: new VirtualStdin() as never, debug: true, patchConsole: false });
  const f = await until(() => stripAnsi(out.lastFrame()), (x) => x.length > 0);
  ink.unmount();
  return f;
}

const jana: Customer = { id: 1, name: 'Jana Nováková', company: 'Nováková Design s.r.o.', category: 'vip', note: 'Allergic to nuts', city: 'Praha', country: 'CZ', debt: 12000, phones: [] };
const call = (over: Partial<DeskCall> = {}): DeskCall => ({
  id: 'c1', direction: 'incoming', remote: '+420777123456', number: normalisePhone('+420777123456', 'CZ'), phase: 'ringing', muted: false,
  startedAt: Date.UTC(2026, 10, 23, 10, 0), answeredAt: null, hidden: false, answerMode: 'route', spam: false,
  lookup: { number: normalisePhone('+420777123456', 'CZ'), key: '+420777123456', customers: [jana], unfinished: [{ id: 9, number: 'D-009', status: 'cooking', customerName: 'Jana', phone: '', address: 'Vinohradská 12', promisedAt: null, total: 47600, driverName: 'Karel', updatedAt: 0 }] },
  ...over,
});
const state = (over: Partial<DeskState> = {}): DeskState => ({ ...initialState({ operator: 'alice', extension: '101', currency: 'CZK', region: 'CZ', now: Date.UTC(2026, 10, 23, 10, 0) }), registration: { state: 'registered' }, ...over });
const delivery: Delivery = {
  id: 9, number: 'D-009', customerId: 1, customerName: 'Jana Nováková', phone: '+420 777 123 456', phoneKey: '+420777123456', kind: 'delivery', status: 'draft',
  address: { ...emptyAddress, street: 'Vinohradská', house: '12' }, promisedAt: null, asap: true, posId: 1, posName: 'Pizzeria Vinohrady', driverId: null,
  driverName: '', driverMobile: '', paymentKind: 'cash', cashTendered: null, persons: 1, comment: '',
  items: [{ productId: 1, name: 'Margherita pizza', size: '', modifiers: [], quantity: 2, unitPrice: 18900, kitchenComment: '' }, { productId: 2, name: 'Tiramisu', size: '', modifiers: [{ name: 'extra cream', price: 1000 }], quantity: 1, unitPrice: 9900, kitchenComment: '' }],
  total: 48700, version: 1, createdAt: 0, updatedAt: 0,
};

describe('CallerCard', () => {
  it('shows every S4 field for a known caller', () => {
    const { lastFrame } = render(<CallerCard call={call()} operator={{ name: 'alice', extension: '101' }} currency="CZK" region="CZ" width={76} timeZone="UTC" />);
    const f = lastFrame()!;
    for (const t of ['JN', 'Nováková Design s.r.o.', 'Jana Nováková', 'INCOMING', 'Mon 23 Nov 2026 10:00', 'From 777 123 456', 'VIP', 'Praha, Czechia', 'owes 120.00 CZK', '⚠ Allergic to nuts', 'D-009 cooking', 'Karel', '→ ext 101 alice']) {
      expect(f, t).toContain(t);
    }
  });
  it('a new caller shows only the number', () => {
    const c = call({ lookup: { number: normalisePhone('720999888', 'CZ'), key: '+420720999888', customers: [], unfinished: [] }, number: normalisePhone('720999888', 'CZ') });
    const f = render(<CallerCard call={c} operator={{ name: 'alice', extension: '101' }} currency="CZK" region="CZ" width={76} />).lastFrame()!;
    expect(f).toContain('New caller');
    expect(f).toContain('From 720 999 888');
    expect(f).not.toContain('+420');
    expect(f).not.toContain('VIP');
  });
  it('long names are cut to the width, not wrapped into chaos', () => {
    const long = { ...jana, company: 'A'.repeat(200) };
    const c = call({ lookup: { ...call().lookup!, customers: [long] } });
    const f = render(<CallerCard call={c} operator={{ name: 'alice', extension: '101' }} currency="CZK" region="CZ" width={40} />).lastFrame()!;
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(40);
    expect(f).toContain('…');
  });
});

describe('DeliveryCard', () => {
  it('shows the address, the items and the recalculated total at 80 columns', () => {
    const f = render(<DeliveryCard delivery={delivery} pane="items" addressIndex={0} itemIndex={1} width={80} height={16} currency="CZK" />).lastFrame()!;
    for (const t of ['Order D-009', 'Vinohradská', ' 2× Margherita pizza', '378.00', '1× Tiramisu +extra cream', '109.00', 'Total 487.00 CZK', 'POS Pizzeria Vinohrady']) expect(f, t).toContain(t);
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('Screen layout', () => {
  const sizes = [[60, 16], [80, 24], [100, 30], [120, 40], [200, 50]] as const;
  const failure = 'REGISTER to wss://pbx.example.com:8089/ws refused: 403 Forbidden, the password for extension 101 is wrong or the account is locked after five failed attempts';
  const onCall = (over: Partial<DeskState> = {}) => state({
    registration: { state: 'failed', reason: failure }, screen: 'delivery', delivery,
    calls: [call({ id: 'a', phase: 'answered', answeredAt: Date.UTC(2026, 10, 23, 9, 58) }), call({ id: 'b' }), ...['602555111', '720999888', 'anonymous', '731000222'].map((n, i) => call({ id: `w${i}`, remote: n, number: normalisePhone(n, 'CZ'), lookup: null }))],
    ...over,
  });

  it('fits 80x24: one row shorter than the terminal, banner and help bar included', () => {
    const s = state({ size: { columns: 80, rows: 24 }, calls: [call()], screen: 'delivery', delivery });
    const f = render(<Screen state={s} />).lastFrame()!;
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    expect(f).toContain('INCOMING CALL');
    expect(f).toContain('a answer');
    expect(frameProblems(f, { columns: 80, rows: 24, whole: wholeTexts(s) })).toEqual([]);
  });
  it('the status bar is one row at every size, a long PBX failure cut with "…", the clock at its end', async () => {
    for (const [columns, rows] of sizes) {
      const s = onCall({ size: { columns, rows } });
      const f = await frameAt(<Screen state={s} />, columns, rows);
      expect(frameProblems(f, { columns, rows, whole: wholeTexts(s) }), `${columns}x${rows}`).toEqual([]);
      const top = f.split('\n')[0];
      expect(top, `${columns}x${rows}`).toMatch(/^ringdesk .*● fail.*… .*10:00$/);
    }
  });
  it('the help bar takes at most 2 rows at 80x24 and 1 at 60x16: the keys that act now first, ? help last', () => {
    const wide = helpBarRows(onCall({ size: { columns: 80, rows: 24 } })).map((r) => r.map((x) => x.text).join(''));
    expect(wide.length).toBeLessThanOrEqual(2);
    expect(wide[0]).toMatch(/^r reject {2}i ignore {2}p pause\/resume mic {2}e end call/);
    expect(wide[wide.length - 1]).toMatch(/\? help$/);
    expect(wide.join(' ')).not.toContain('a answer'); // disabled on a call: it gives way to keys that act
    const small = helpBarRows(onCall({ size: { columns: 60, rows: 16 } })).map((r) => r.map((x) => x.text).join(''));
    expect(small).toHaveLength(1);
    expect(small[0]).toMatch(/^r reject .*\? help$/);
  });
  it('an order header longer than the width stays one row, cut with "…", never merged with its neighbours', () => {
    const long = { ...delivery, customerName: 'Maximilián Alexandr Bartoloměj Horváth-Kolowrat', posName: 'Pizzeria Vinohrady a Žižkov u Hlavního nádraží', driverName: 'Ondřej Kolovrátek' };
    const f = render(<DeliveryCard delivery={long} pane="address" addressIndex={0} itemIndex={0} width={80} height={16} currency="CZK" />).lastFrame()!;
    const header = f.split('\n')[0];
    expect(header).toMatch(/^Order D-009 · draft · Maximilián Alexandr Bartoloměj Horváth-Kolowrat · POS Piz…$/);
    expect(f.split('\n')[1]).toMatch(/^╭/);
  });
  it('each item shows its size, modifiers and the whole kitchen comment, on further rows when needed', () => {
    const comment = 'No basil at all, the child is allergic; cut into twelve small pieces';
    const d = { ...delivery, items: [{ ...delivery.items[0], size: '32 cm', modifiers: [{ name: 'Thin', price: 0 }, { name: 'Olives', price: 2500 }], kitchenComment: comment }] };
    const f = render(<DeliveryCard delivery={d} pane="items" addressIndex={0} itemIndex={0} width={80} height={16} currency="CZK" />).lastFrame()!;
    const items = f.split('\n').map((l) => l.slice(l.lastIndexOf('││') + 2).replace(/[│╮╯─]/g, ' ')).join(' ').replace(/\s+/g, ' ');
    expect(items).toContain(`2× Margherita pizza 32 cm 428.00 +Thin +Olives «${comment}»`);
    expect(frameProblems(f, { columns: 80, rows: 16, part: true })).toEqual([]);
  });
  it("the caller's warning is on the order card while on the call, whole, at every size", async () => {
    const note = 'Allergic to nuts, sesame and shellfish: always ask the kitchen to prepare on a clean board; the intercom is broken, call the mobile on arrival';
    const j = { ...jana, note };
    for (const [columns, rows] of sizes) {
      const s = state({ size: { columns, rows }, screen: 'delivery', delivery, calls: [call({ phase: 'answered', answeredAt: 0, lookup: { ...call().lookup!, customers: [j] } })] });
      const f = await frameAt(<Screen state={s} />, columns, rows);
      expect(wholeTexts(s)).toContain(note);
      expect(frameProblems(f, { columns, rows, whole: wholeTexts(s) }), `${columns}x${rows}`).toEqual([]);
    }
  });
  it('degrades below 60x16', () => {
    const f = render(<Screen state={state({ size: { columns: 40, rows: 10 }, calls: [call()] })} />).lastFrame()!;
    expect(f).toContain('need 60x16');
    expect(f).toContain('☎ 777 123 456 a:answer');
  });
  it('the help bar comes from the keymap and dims what cannot act', () => {
    const f = render(<HelpBar state={state({ registration: { state: 'offline' } })} />).lastFrame()!;
    expect(f).toContain('N new order');
    expect(f).toContain('c call customer');
  });
});

describe('keys as terminal users expect (issue 11)', () => {
  it('with NO_COLOR (no inverse video either) the selected row stays visible: "›" marks it in every list', () => {
    const orders = ['D-001', 'D-002', 'D-003'].map((number, i) => ({ id: i + 1, number, status: 'sent' as const, customerName: `C${i}`, phone: '', address: 'Korunní 1', promisedAt: null, total: 0, driverName: '', updatedAt: 0 }));
    const list = stripAnsi(render(<OrderList orders={orders} selected={1} height={6} width={80} currency="CZK" region="CZ" now={0} />).lastFrame()!).split('\n');
    expect(list.filter((l) => l.startsWith('› '))).toEqual([expect.stringMatching(/^› D-002 /)]);
    expect(list.filter((l) => /^ {2}D-00[13] /.test(l))).toHaveLength(2);
    const category = stripAnsi(render(<ModalView modal={{ kind: 'category', customerId: 1, customerName: 'Jana', current: 'vip', index: 2 }} width={60} height={12} currency="CZK" region="CZ" />).lastFrame()!);
    expect(category).toMatch(/│ › 3 PROBLEM/);
    expect(category).toMatch(/│ {3}2 VIP \(now\)/);
  });
  it('with NO_COLOR the order card marks the selected row only in the pane that has the keys (Tab moves it)', () => {
    const rowsMarked = (pane: 'address' | 'items') => stripAnsi(render(<DeliveryCard delivery={delivery} pane={pane} addressIndex={1} itemIndex={1} width={80} height={16} currency="CZK" />).lastFrame()!)
      .split('\n').flatMap((l) => [...l.matchAll(/│ › ([^│]*)/g)].map((m) => m[1].trim()));
    expect(rowsMarked('address')).toEqual([expect.stringMatching(/^House/)]);
    expect(rowsMarked('items')).toEqual([expect.stringMatching(/^1× Tiramisu/)]);
  });
  it('an operator without an extension reads "operator root (no extension)" on the status bar too', () => {
    const text = (s: DeskState) => statusRow(s).map((x) => x.text).join('');
    expect(text(state({ operator: { name: 'root', extension: '' } }))).toMatch(/^ringdesk operator root \(no extension\) ● registered /);
    expect(text(state())).toMatch(/^ringdesk alice · ext 101 ● registered /);
  });
  it('the ? overlay at 60x16 fills the screen between the bars, scrolls to its last key and keeps its border whole', async () => {
    const entries = helpEntries(state({ size: { columns: 60, rows: 16 } })).length;
    for (const index of [0, Math.floor(entries / 2), entries - 1]) {
      const s = state({ size: { columns: 60, rows: 16 }, modal: { kind: 'help', index } });
      const f = await frameAt(<Screen state={s} />, 60, 16);
      expect(frameProblems(f, { columns: 60, rows: 16, marked: true }), f).toEqual([]);
      const lines = frameLines(f);
      const { boxes } = frameBoxes(lines.map((l) => [...l]));
      // one box, the whole width, from under the status bar to the message line above the help bar
      expect(boxes, f).toEqual([{ top: 1, left: 0, right: 59, bottom: lines.length - 3 }]);
      expect(f).toContain(index === 0 ? 'Keys — j/k' : `of ${entries}`);
    }
    const last = await frameAt(<Screen state={state({ size: { columns: 60, rows: 16 }, modal: { kind: 'help', index: entries - 1 } })} />, 60, 16);
    expect(last).toMatch(/║ › +G bottom +║/);
  });
  it('quitting leaves nothing of the console drawn (the quit dialog least of all)', () => {
    const asking = render(<Screen state={state({ modal: { kind: 'confirm-quit' } })} />).lastFrame()!;
    expect(asking).toContain('Quit ringdesk?');
    expect(render(<Screen state={state({ modal: null, quitting: true })} />).lastFrame()).toBe('');
  });
});

describe('App key routing (real store, replay phone)', () => {
  let cleanup: (() => void) | null = null;
  afterEach(() => { cleanup?.(); cleanup = null; });
  it('answers a ringing call with a, routes it and shows the order', async () => {
    const t = tempStore();
    seed(t.store, { now: NOON });
    const phone = new ReplayPhone({ now: () => NOON });
    const runner = new DeskRunner({ store: t.store, phone, operator: { id: null, name: 'alice', extension: '101' }, columns: 100, rows: 30, now: () => NOON });
    runner.start();
    await phone.start();
    const ui = render(<App runner={runner} />);
    cleanup = () => { ui.unmount(); runner.dispose(); void phone.stop(); t.cleanup(); };
    await tick();
    phone.ring(demoNumbers.openOrder, 'c1');
    expect(await until(ui.lastFrame, (f) => f.includes('INCOMING CALL'))).toContain('Allergic to nuts');
    ui.stdin.write('a');
    const f = await until(ui.lastFrame, (x) => x.includes('Order D-001'));
    expect(f).toContain('Order D-001');
    expect(f).not.toContain('INCOMING CALL');
    expect(phone.actions).toEqual(['answer c1']);
    ui.stdin.write('p');
    expect(await until(ui.lastFrame, (x) => x.includes('PAUSED'))).toContain('PAUSED');
  });
});
