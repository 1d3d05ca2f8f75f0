/**
 * The order-taking parts of the card (issue 7) at 80x24: the quote on the delivery card, the
 * sizes-and-modifiers chooser, the pick list and the scheduled orders. Quotes come from the real
 * quote() over a real SQLite file with the demo's zones and menu.
 */
import React from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Screen } from './App.js';
import { frameProblems } from './frame-rules.js';
import { wholeTexts } from './layout.js';
import { DeliveryCard } from './DeliveryCard.js';
import { ItemChoices } from './ItemChoices.js';
import { PickList } from './PickList.js';
import { ScheduledList } from './ScheduledList.js';
import { initialState, type DeskCall, type DeskState } from '../desk/state.js';
import { seed } from '../demo/seed.js';
import { recordQuote, noChoice, type CardQuote } from '../orders/apply-quote.js';
import type { Delivery } from '../domain/delivery.js';
import type { Store } from '../store/index.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

const TZ = 'Europe/Prague';
const settings = { timezone: TZ, currency: 'CZK' };
const fits = (f: string, columns: number) => { for (const line of f.split('\n')) expect(line.length, line).toBeLessThanOrEqual(columns); };

let t: ReturnType<typeof tempStore>;
let store: Store;
beforeEach(() => { t = tempStore(); store = t.store; seed(store, { now: NOON }); });
afterEach(() => t.cleanup());

/** A draft at `street house` with lines by product name, quoted (and recorded) as the console does. */
async function draft(street: string, house: string, lines: [string, number][], over: Partial<Delivery> = {}): Promise<{ d: Delivery; card: CardQuote }> {
  const d0 = store.deliveries.createDraft({ customerId: null, phone: '+420 720 999 888', phoneKey: '+420720999888' }, NOON);
  const items = lines.map(([name, quantity]) => {
    const found = store.menu.find(name);
    if (found.kind !== 'one') throw new Error(name);
    const p = store.menu.product(found.product.id)!;
    const size = p.sizes[0];
    const crust = p.groups.find((g) => g.min > 0)?.modifiers[0];
    return {
      productId: p.id, name: p.name, size: size?.name ?? '', sizeId: size?.id ?? null, quantity, unitPrice: size?.price ?? p.price, kitchenComment: '',
      modifiers: crust ? [{ name: crust.name, price: crust.price, modifierId: crust.id, groupId: p.groups.find((g) => g.min > 0)!.id }] : [],
    };
  });
  const saved = store.deliveries.save({ ...d0, address: { ...d0.address, street, house }, items, ...over }, NOON);
  if (!saved.ok) throw new Error(saved.reason);
  const r = await recordQuote(store.ports, saved.delivery, noChoice, settings, { now: NOON, operatorId: null, record: true });
  const { delivery, ...card } = r;
  return { d: delivery, card };
}

describe('the delivery card with its quote (80x24)', () => {
  it('shows zone, outlet, fee, minimum, minutes, promised time, subtotal + fee, payment and change, persons; total includes the fee', async () => {
    const { d, card } = await draft('Korunní', '15', [['Margherita pizza', 2]], { paymentKind: 'cash', cashTendered: 100000, persons: 3 });
    const f = render(<DeliveryCard delivery={d} card={card} pane="items" addressIndex={0} itemIndex={0} width={80} height={20} currency="CZK" timeZone={TZ} />).lastFrame()!;
    for (const s of ['Order D-005', 'Zone Vinohrady · fee 49.00 CZK · min 300.00 CZK · 25 min · ASAP 12:45', '378.00 + fee 49.00 = 427.00 CZK',
      'cash 1,000.00 → change 573.00', '3 persons', '2× Margherita pizza 3', 'Total 427.00 CZK']) expect(f, s).toContain(s);
    fits(f, 80);
  });
  it('an address in no zone: the refusal as a whole sentence (no internal code) and the keys that override it', async () => {
    const { d, card } = await draft('Husova', '3', [['Lasagne', 1]]);
    const f = render(<DeliveryCard delivery={d} card={card} pane="address" addressIndex={0} itemIndex={0} width={80} height={20} currency="CZK" timeZone={TZ} />).lastFrame()!;
    expect(f).toContain('No zone');
    expect(f.replace(/\s+/g, ' ')).toContain('This address is in no delivery zone: offer pickup, or override with a zone chosen by hand. x overrides, z picks the zone by hand.');
    expect(f).not.toContain('OutOfZone');
    fits(f, 80);
  });
  it('a sold-out line is red and says SOLD OUT instead of its price', async () => {
    const { d } = await draft('Korunní', '15', [['Lasagne', 2], ['Tiramisu', 1]]);
    const tiramisu = store.menu.find('Tiramisu');
    if (tiramisu.kind !== 'one') throw new Error('tiramisu');
    store.menu.stop(tiramisu.product.id, null, NOON);
    const { delivery, ...card } = await recordQuote(store.ports, d, noChoice, settings, { now: NOON, operatorId: null, record: false });
    expect(card.stoppedLines).toEqual([1]);
    const f = render(<DeliveryCard delivery={delivery} card={card} pane="items" addressIndex={0} itemIndex={1} width={80} height={20} currency="CZK" timeZone={TZ} />).lastFrame()!;
    expect(f).toContain('SOLD OUT: Tiramisu — remove it before sending (Tab, then Del).');
    expect(f).toMatch(/1× Tiramisu\s+SOLD OUT/);
  });
  it('the whole screen at 80x24 with the quote: one row shorter than the terminal, nothing wider', async () => {
    const { d, card } = await draft('Korunní', '15', [['Lasagne', 2]]);
    const s: DeskState = {
      ...initialState({ operator: 'alice', extension: '101', currency: 'CZK', region: 'CZ', now: NOON, columns: 80, rows: 24 }),
      registration: { state: 'registered' }, screen: 'delivery', delivery: d, order: { deliveryId: d.id, choice: noChoice, card, addresses: [], past: [] },
    };
    const f = render(<Screen state={s} timeZone={TZ} />).lastFrame()!;
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    expect(f).toContain('Zone Vinohrady');
    expect(frameProblems(f, { columns: 80, rows: 24, whole: wholeTexts(s) })).toEqual([]);
  });
});

describe('a call ringing over an open order', () => {
  it('at 80x24 the banner leaves the order header, the zone line, the refusal and the help bar whole (seen: "…1 personK · 25 min")', async () => {
    const { d, card } = await draft('Korunní', '15', [['Chips', 1]]);
    const jana = store.lookupCaller('777 123 456');
    const ringing: DeskCall = {
      id: 'c2', direction: 'incoming', remote: '777 123 456', number: jana.number, phase: 'ringing', muted: false, startedAt: NOON, answeredAt: null,
      lookup: jana, hidden: false, answerMode: 'route', spam: false,
    };
    const s: DeskState = {
      ...initialState({ operator: 'alice', extension: '101', currency: 'CZK', region: 'CZ', now: NOON, columns: 80, rows: 24 }),
      registration: { state: 'registered' }, screen: 'delivery', delivery: d, order: { deliveryId: d.id, choice: noChoice, card, addresses: [], past: [] }, calls: [ringing],
    };
    const f = render(<Screen state={s} timeZone={TZ} />).lastFrame()!;
    expect(wholeTexts(s)).toEqual(['Allergic to nuts — always ask', "Below the zone's minimum of 300.00 CZK by 241.00 CZK: zone Vinohrady, the order is 59.00 CZK. x overrides, z picks the zone by hand."]);
    expect(frameProblems(f, { columns: 80, rows: 24, whole: wholeTexts(s) })).toEqual([]);
    const lines = f.split('\n');
    expect(lines.find((l) => l.startsWith('Order '))).toMatch(/^Order [A-Z]-\d{3} · draft · no customer · POS Pizzeria Vinohrady · driver -$/);
    expect(lines).toContain('Zone Vinohrady · fee 49.00 CZK · min 300.00 CZK · 25 min · ASAP 12:45');
    expect(lines[lines.length - 1]).toMatch(/\? help$/);
  });
});

describe('sizes and modifiers (80 columns)', () => {
  it('lists the sizes and groups with their rules; a required group is named until chosen, then the line price shows', async () => {
    const found = store.menu.find('Margherita pizza');
    if (found.kind !== 'one') throw new Error('margherita');
    const p = store.menu.product(found.product.id)!;
    const before = render(<ItemChoices product={p} sizeId={p.sizes[0].id} chosen={[]} index={2} width={80} height={20} currency="CZK" />).lastFrame()!;
    for (const s of ['Margherita pizza: choose the size and the extras', '(•) 32 cm', '( ) 45 cm', 'Crust (exactly 1)', 'Extras (up to 5)', '[ ] Cheese-filled', '+49.00 CZK', 'choose exactly 1 from "Crust"']) expect(before, s).toContain(s);
    fits(before, 80);
    const thin = p.groups[0].modifiers[1].id, olives = p.groups[1].modifiers[2].id;
    const after = render(<ItemChoices product={p} sizeId={p.sizes[1].id} chosen={[thin, olives]} index={0} width={80} height={20} currency="CZK" />).lastFrame()!;
    expect(after).toContain('[x] Thin');
    expect(after).toContain('(•) 45 cm');
    expect(after).toContain('Line 314.00 CZK'); // 289 + 0 + 25
  });
});

describe('pick list and scheduled orders (80 columns)', () => {
  it('pick list: title, options, the chosen row', async () => {
    const f = render(<PickList title="Zone for this order" options={[{ label: 'By the address', value: '' }, { label: 'Karlín · Pizzeria Karlín', value: 'Karlín' }]} index={1} width={80} height={10} />).lastFrame()!;
    expect(f).toContain('Zone for this order');
    expect(f).toContain('Karlín · Pizzeria Karlín');
    expect(f).toContain('Enter take it');
    fits(f, 80);
  });
  it('scheduled orders: the one whose confirmation call is due stands out; a confirmed one says so', async () => {
    const at = NOON + 3 * 3_600_000;
    const orders = [
      { id: 1, number: 'V-001', phone: '+420 604 111 222', customerName: 'Olga Malá', promisedAt: at, confirmDueAt: NOON - 60_000, confirmedAt: null, due: true },
      { id: 2, number: 'K-004', phone: '+420 731 000 222', customerName: 'Lucie Černá', promisedAt: at + 3_600_000, confirmDueAt: at, confirmedAt: null, due: false },
      { id: 3, number: 'V-002', phone: '+420 777 123 456', customerName: 'Jana Nováková', promisedAt: at, confirmDueAt: NOON - 60_000, confirmedAt: NOON, due: false },
    ];
    const f = render(<ScheduledList orders={orders} selected={0} height={10} width={80} timeZone={TZ} region="CZ" now={NOON} />).lastFrame()!;
    expect(f).toContain('Scheduled orders (3) · 1 to confirm by phone now');
    expect(f).toMatch(/› V-001 +Mon 23 Nov 15:00 +CALL TO CONFIRM +Olga Malá · 604 111 222/);
    expect(f).toMatch(/K-004 .*call at 15:00/);
    expect(f).toMatch(/V-002 .*confirmed/);
    fits(f, 80);
  });
});
