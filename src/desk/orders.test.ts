/**
 * Order-taking keys on the desk (issue 7), through the real runner on a real SQLite file with
 * the demo's zones and menu: what each key writes, what it refuses and why.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeskRunner } from './runner.js';
import { reduce } from './reduce.js';
import { initialState } from './state.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { seed, demoNumbers } from '../demo/seed.js';
import type { Store } from '../store/index.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

let t: ReturnType<typeof tempStore>;
let store: Store;
let runner: DeskRunner;
const keys = async (...ks: string[]) => { for (const k of ks) runner.dispatch({ type: 'key', key: k }); await runner.settled(); };
const type = async (text: string) => { for (const ch of text) runner.dispatch({ type: 'key', key: ch }); await runner.settled(); };

beforeEach(async () => {
  t = tempStore();
  store = t.store;
  seed(store, { now: NOON });
  const op = store.operators.upsert({ name: 'eva', extension: '101' });
  runner = new DeskRunner({ store, phone: new ReplayPhone(), operator: { id: op.id, name: 'eva', extension: '101' }, now: () => NOON, timezone: 'Europe/Prague' });
  await runner.start();
});
afterEach(() => { runner.dispatch({ type: 'key', key: 'escape' }); runner.dispose(); t.cleanup(); });

/** A new order for Lucie (known customer, saved address Slezská 7) with two lasagne. */
async function lucieOrder() {
  const lucie = store.customers.withPhone('+420731000222')[0];
  runner.dispatch({ type: 'phone', event: { type: 'incoming', callId: 'c1', from: demoNumbers.knownCustomer, at: NOON }, lookup: store.lookupCaller(demoNumbers.knownCustomer) });
  await runner.settled();
  await keys('n');
  runner.dispatch({ type: 'phone', event: { type: 'answered', callId: 'c1', at: NOON } });
  await runner.settled();
  await keys('m'); await type('lasagne'); await keys('enter', '+');
  return lucie;
}

describe('order-taking keys', () => {
  it('prefills the saved address used last; v picks another; editing the order never changes a saved address', async () => {
    const lucie = await lucieOrder();
    store.addresses.remember(lucie.id, { ...store.addresses.forCustomer(lucie.id)[0], street: 'Korunní', house: '40', flat: '' }, NOON - 2 * 86_400_000);
    expect(runner.state.delivery!.address.street).toBe('Slezská');
    runner.dispatch({ type: 'delivery-opened', delivery: runner.state.delivery! }); // re-read the context: two saved addresses now
    await runner.settled();
    await keys('v');
    expect(runner.state.modal?.kind).toBe('pick');
    await keys('down', 'enter');
    const id = runner.state.delivery!.id;
    expect(store.deliveries.get(id)!.address.street).toBe('Korunní');
    await keys('enter'); // edit the street on this order only
    for (let n = 0; n < 7; n++) await keys('delete');
    await type('Italská'); await keys('enter');
    expect(store.deliveries.get(id)!.address.street).toBe('Italská');
    expect(store.addresses.forCustomer(lucie.id).map((a) => a.street).sort()).toEqual(['Korunní', 'Slezská']);
    await keys('s');
    expect(runner.state.screen).toBe('list');
    // sending remembers the address used as a new saved one, the last used first
    expect(store.addresses.forCustomer(lucie.id).map((a) => a.street)).toEqual(['Italská', 'Slezská', 'Korunní']);
  });

  it('payment, pays with and change, persons, courier comment, kitchen comment reach the store and the payload', async () => {
    await lucieOrder();
    const id = runner.state.delivery!.id;
    await keys('$'); await type('1000'); await keys('enter');
    await keys('u'); await keys('delete'); await type('3'); await keys('enter');
    await keys('K'); await type('gate 12'); await keys('enter');
    await keys('enter'); await type('no cheese'); await keys('enter'); // items pane: the line's kitchen comment
    const d = store.deliveries.get(id)!;
    expect([d.paymentKind, d.cashTendered, d.persons, d.items[0].kitchenComment]).toEqual(['cash', 100000, 3, 'no cheese']);
    expect(store.orderTerms.get(id)!.courierComment).toBe('gate 12');
    expect(runner.state.order.card?.quote.change).toBe(100000 - (43800 + 4900));
    await keys('u'); await keys('delete'); await type('x'); await keys('enter');
    expect(runner.state.message?.text).toContain('persons must be a whole number');
    await keys('escape');
    await keys('P');
    expect(store.deliveries.get(id)!).toMatchObject({ paymentKind: 'card', cashTendered: null });
    await keys('$');
    expect(runner.state.message?.text).toContain('only cash is paid with an amount');
    await keys('s');
    const payload = JSON.parse(store.outbox.list()[0].payload);
    expect(payload).toMatchObject({ persons: 3, courierComment: 'gate 12', payment: { kind: 'card' }, items: [{ comment: 'no cheese' }], totals: { deliveryFee: 4900 } });
  });

  it('busy +5/-5 moves the outlet\'s ASAP time; T switches to pickup (no fee); nothing changes once on the way', async () => {
    await lucieOrder();
    const asap = runner.state.order.card!.quote.promisedAt!;
    await keys('b', 'b');
    expect(store.outlets.byName('Pizzeria Vinohrady')!.busyMinutes).toBe(10);
    expect(runner.state.order.card!.quote.promisedAt).toBe(asap + 10 * 60_000);
    await keys('B');
    expect(store.outlets.byName('Pizzeria Vinohrady')!.busyMinutes).toBe(5);
    await keys('T');
    const id = runner.state.delivery!.id;
    expect(store.deliveries.get(id)!).toMatchObject({ kind: 'pickup', total: 43800 });
    expect(store.orderTerms.get(id)!.fee).toBe(0);
    const onWay = store.deliveries.save({ ...store.deliveries.get(id)!, status: 'on-the-way' }, NOON);
    if (!onWay.ok) throw new Error(onWay.reason);
    runner.dispatch({ type: 'delivery-reloaded', delivery: onWay.delivery });
    await runner.settled();
    for (const k of ['m', 'T', 'u', 'w', 'x']) {
      await keys(k);
      expect(runner.state.modal, k).toBeNull();
    }
    await keys('w');
    expect(runner.state.message?.text).toContain('the courier is on the way: nothing can change now');
  });
});

describe('the item chooser (pure reducer)', () => {
  it('a choose-one group swaps its choice; a group at its maximum refuses more', () => {
    const product = {
      id: 1, code: 'P1', name: 'Pizza', category: 'pizza', price: 100, active: true, stopped: false, sizes: [],
      groups: [{ id: 1, name: 'Crust', min: 1, max: 1, modifiers: [{ id: 11, name: 'Thin', price: 0 }, { id: 12, name: 'Thick', price: 0 }] },
        { id: 2, name: 'Extras', min: 0, max: 1, modifiers: [{ id: 21, name: 'Ham', price: 10 }] }],
    };
    let s = { ...initialState({ operator: 'eva', extension: '1', currency: 'CZK', region: 'CZ', now: 0 }), modal: { kind: 'item' as const, product, sizeId: null, chosen: [] as number[], index: 0 } };
    const press = (k: string) => { s = reduce(s, { type: 'key', key: k }).state as typeof s; };
    press(' ');
    press('down'); press(' ');
    expect(s.modal.chosen).toEqual([12]);
    press('down'); press(' ');
    expect(s.modal.chosen).toEqual([12, 21]);
    press(' ');
    expect(s.modal.chosen).toEqual([12]);
  });
});
