import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Screen } from './App.js';
import { App } from './App.js';
import { CallerCard } from './CallerCard.js';
import { DeliveryCard } from './DeliveryCard.js';
import { HelpBar } from './HelpBar.js';
import { initialState, type DeskCall, type DeskState } from '../desk/state.js';
import { DeskRunner } from '../desk/runner.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { seed, demoNumbers } from '../store/seed.js';
import { normalisePhone } from '../domain/phone-number.js';
import { emptyAddress, type Customer, type Delivery } from '../store/types.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

const tick = () => new Promise((r) => setTimeout(r, 10));
/** Wait until the frame satisfies `ok` (never a fixed sleep), at most 2 s. */
async function until(frame: () => string | undefined, ok: (f: string) => boolean): Promise<string> {
  const end = Date.now() + 2000;
  let f = frame() ?? '';
  while (!ok(f) && Date.now() < end) { await tick(); f = frame() ?? ''; }
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
    const { lastFrame } = render(<CallerCard call={call()} operator={{ name: 'alice', extension: '101' }} currency="CZK" width={76} timeZone="UTC" />);
    const f = lastFrame()!;
    for (const t of ['JN', 'Nováková Design s.r.o.', 'Jana Nováková', 'INCOMING', '23/11/2026, 10:00', '+420 777 123 456', 'VIP', 'Praha, Czechia', 'owes 120.00 CZK', 'Allergic to nuts', 'D-009 cooking', 'Karel', 'to ext 101 alice']) {
      expect(f, t).toContain(t);
    }
  });
  it('a new caller shows only the number', () => {
    const c = call({ lookup: { number: normalisePhone('720999888', 'CZ'), key: '+420720999888', customers: [], unfinished: [] }, number: normalisePhone('720999888', 'CZ') });
    const f = render(<CallerCard call={c} operator={{ name: 'alice', extension: '101' }} currency="CZK" width={76} />).lastFrame()!;
    expect(f).toContain('New caller');
    expect(f).toContain('+420 720 999 888');
    expect(f).not.toContain('VIP');
  });
  it('long names are cut to the width, not wrapped into chaos', () => {
    const long = { ...jana, company: 'A'.repeat(200) };
    const c = call({ lookup: { ...call().lookup!, customers: [long] } });
    const f = render(<CallerCard call={c} operator={{ name: 'alice', extension: '101' }} currency="CZK" width={40} />).lastFrame()!;
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(40);
    expect(f).toContain('…');
  });
});

describe('DeliveryCard', () => {
  it('shows the address, the items and the recalculated total at 80 columns', () => {
    const f = render(<DeliveryCard delivery={delivery} pane="items" addressIndex={0} itemIndex={1} width={80} height={16} currency="CZK" />).lastFrame()!;
    for (const t of ['Order D-009', 'Vinohradská', ' 2× Margherita pizza', '378.00 CZK', 'Tiramisu', '109.00 CZK', 'Total 487.00 CZK', 'POS Pizzeria Vinohrady']) expect(f, t).toContain(t);
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('Screen layout', () => {
  it('fits 80x24: one row shorter than the terminal, banner and help bar included', () => {
    const s = state({ size: { columns: 80, rows: 24 }, calls: [call()], screen: 'delivery', delivery });
    const f = render(<Screen state={s} />).lastFrame()!;
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    expect(f).toContain('INCOMING CALL');
    expect(f).toContain('a answer');
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
  it('degrades below 60x16', () => {
    const f = render(<Screen state={state({ size: { columns: 40, rows: 10 }, calls: [call()] })} />).lastFrame()!;
    expect(f).toContain('need 60x16');
    expect(f).toContain('a:answer');
  });
  it('the help bar comes from the keymap and dims what cannot act', () => {
    const f = render(<HelpBar state={state({ registration: { state: 'offline' } })} />).lastFrame()!;
    expect(f).toContain('N new order');
    expect(f).toContain('c call customer');
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
