/**
 * An order keeps its identity (issue 12): the short number read to the caller never changes
 * once shown; editing a field unrelated to the address never moves a sent order to another point
 * of sale or re-prices it; a new address that would do so is proposed and applied only on yes.
 * Real SQLite file, the demo's zones and menu, the quote the console records.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seed } from '../demo/seed.js';
import type { Delivery } from '../domain/delivery.js';
import type { Store } from '../store/index.js';
import { recordQuote, noChoice } from './apply-quote.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

const settings = { timezone: 'Europe/Prague', currency: 'CZK' };
let t: ReturnType<typeof tempStore>;
let store: Store;
beforeEach(() => { t = tempStore(); store = t.store; seed(store, { now: NOON }); });
afterEach(() => t.cleanup());

const record = (d: Delivery, at = NOON, accept = false) => recordQuote(store.ports, d, noChoice, settings, { now: at, operatorId: null, record: true, accept });
const posName = (id: number | null) => store.outlets.byId(id!)!.name;

/** A new order the way the desk takes it: made with no outlet, the address typed, a lasagne, quoted at each save. */
async function takeOrder(street: string, house: string): Promise<Delivery> {
  const d0 = store.deliveries.createDraft({ customerId: null, phone: '+420 720 999 888', phoneKey: '+420720999888', timezone: settings.timezone }, NOON);
  const found = store.menu.find('Lasagne');
  if (found.kind !== 'one') throw new Error('Lasagne');
  const p = store.menu.product(found.product.id, null)!;
  const size = p.sizes[0];
  const saved = store.deliveries.save({ ...d0, address: { ...d0.address, street, house, city: 'Praha' },
    items: [{ productId: p.id, name: p.name, size: size?.name ?? '', sizeId: size?.id ?? null, modifiers: [], quantity: 2, unitPrice: size?.price ?? p.price, kitchenComment: '' }] }, NOON);
  if (!saved.ok) throw new Error(saved.reason);
  return (await record(saved.delivery)).delivery;
}

async function send(d: Delivery): Promise<Delivery> {
  const q = await recordQuote(store.ports, d, noChoice, settings, { now: NOON, operatorId: null, record: true, force: true });
  const sent = store.sendToPointOfSale(q.delivery, NOON);
  if (!sent.ok) throw new Error(sent.reason);
  return sent.delivery;
}

describe('an order keeps its identity', () => {
  it('the number shown when the order was made stays when the address resolves a zone and an outlet', async () => {
    const d = await takeOrder('Korunní', '15');
    expect(posName(d.posId)).toBe('Pizzeria Vinohrady');
    expect(d.number).toBe('D-005'); // the earlier desk renumbered it V-001 here
    const sent = await send(d);
    expect(sent.number).toBe('D-005');
    expect(JSON.parse(store.outbox.list(1)[0].payload).displayNumber).toBe('D-005');
  });

  it('editing the flat of a sent order neither moves it nor re-prices it, even after the zone\'s fee and the outlet\'s busy delay changed', async () => {
    const sent = await send(await takeOrder('Korunní', '15'));
    const before = store.orderTerms.get(sent.id)!;
    expect([posName(sent.posId), before.fee]).toEqual(['Pizzeria Vinohrady', 4900]);
    store.db.prepare("UPDATE zones SET fee = 6900 WHERE name = 'Vinohrady'").run();
    store.outlets.setBusy(sent.posId!, 30, NOON);
    const later = NOON + 10 * 60_000;
    const edited = store.deliveries.save({ ...store.deliveries.get(sent.id)!, address: { ...sent.address, flat: '4' } }, later);
    if (!edited.ok) throw new Error(edited.reason);
    const r = await record(edited.delivery, later);
    const after = store.deliveries.get(sent.id)!;
    const terms = store.orderTerms.get(sent.id)!;
    expect([posName(after.posId), terms.fee, after.total, after.promisedAt, terms.deliveryMinutes]).toEqual(
      [posName(sent.posId), 4900, sent.total, sent.promisedAt, before.deliveryMinutes]);
    expect(after.address.flat).toBe('4');
    expect(r.requote).toBeNull();
  });

  it('a new address in another zone is proposed, not applied; yes moves the order and re-prices it, keeping its number and promised time', async () => {
    const sent = await send(await takeOrder('Korunní', '15'));
    const moved = store.deliveries.save({ ...store.deliveries.get(sent.id)!, address: { ...sent.address, street: 'Sokolovská', house: '10' } }, NOON);
    if (!moved.ok) throw new Error(moved.reason);
    const asked = await record(moved.delivery);
    expect(asked.requote).toMatchObject({ number: 'D-005', zoneName: 'Karlín', fromPos: 'Pizzeria Vinohrady', toPos: 'Pizzeria Karlín', fromFee: 4900, toFee: 5900 });
    // nothing changed yet: the kitchen and the caller were told Vinohrady and the old price
    expect(posName(store.deliveries.get(sent.id)!.posId)).toBe('Pizzeria Vinohrady');
    expect(store.orderTerms.get(sent.id)!.fee).toBe(4900);
    // asked again on the next save, with the same key (so a "no" is remembered by the desk)
    expect((await record(store.deliveries.get(sent.id)!)).requote!.key).toBe(asked.requote!.key);

    const yes = await record(store.deliveries.get(sent.id)!, NOON, true);
    expect(yes.requote).toBeNull();
    const after = store.deliveries.get(sent.id)!;
    expect([posName(after.posId), store.orderTerms.get(sent.id)!.fee, store.orderTerms.get(sent.id)!.zoneName, after.number, after.promisedAt])
      .toEqual(['Pizzeria Karlín', 5900, 'Karlín', 'D-005', sent.promisedAt]);
  });

  it('a draft still follows its address: the outlet moves with the zone, the number does not', async () => {
    const d = await takeOrder('Korunní', '15');
    const moved = store.deliveries.save({ ...d, address: { ...d.address, street: 'Sokolovská', house: '10' } }, NOON);
    if (!moved.ok) throw new Error(moved.reason);
    const r = await record(moved.delivery);
    expect([posName(r.delivery.posId), r.delivery.number, r.terms!.fee]).toEqual(['Pizzeria Karlín', 'D-005', 5900]);
    expect(r.requote).toBeNull();
  });
});
