import fs from 'node:fs';
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { quote, quoteJson, type QuoteInput } from './quote.js';
import { seedOrders } from '../demo/seed-data.js';
import { parseAddressLine } from './address-line.js';
import { parseItemSpec } from '../domain/pricing.js';
import { checkMenuFile } from './menu-file.js';
import { emptyAddress } from '../domain/address.js';

const settings = { timezone: 'Europe/Prague', currency: 'CZK' };
const NOON = Date.parse('2025-06-02T10:00:00Z'); // 12:00 in Prague, a Monday
const spec = (t: string) => { const s = parseItemSpec(t); if (!s.ok) throw new Error(s.message); return { spec: s.spec }; };

let dir: string;
let store: Store;
beforeEach(() => {
  dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-orders-`);
  store = Store.open(`${dir}/d.db`, { region: 'CZ', currency: 'CZK' });
  seedOrders(store, undefined, NOON);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const input = (o: Partial<QuoteInput>): QuoteInput => ({
  kind: 'delivery', address: { ...emptyAddress }, items: [], payment: { kind: 'cash', cashTendered: null }, when: { kind: 'asap' }, now: NOON, ...o,
});

describe('quote on a seeded SQLite file', () => {
  it('finds the zone by coordinates and prices sizes and modifiers, with change', async () => {
    const q = await quote(store.ports, input({
      address: { ...parseAddressLine('Vinohradská 12, Praha'), lat: 50.0785, lon: 14.4335 },
      items: [spec('Margherita pizza/45 cm+Thin+Olives:2'), spec('P14')],
      payment: { kind: 'cash', cashTendered: 100_000 },
    }), settings);
    expect(q.refusals).toEqual([]);
    expect(q.ok).toBe(true);
    expect([q.zone?.name, q.zoneMatch, q.outlet?.name]).toEqual(['Vinohrady', 'polygon', 'Pizzeria Vinohrady']);
    expect(q.subtotal).toBe((28900 + 2500) * 2 + 4900);
    expect(q.fee).toBe(4900);
    expect(q.total).toBe(q.subtotal + 4900);
    expect(q.change).toBe(100_000 - q.total);
    const json = quoteJson(q, settings.timezone, settings.currency);
    expect(json.promisedAt).toBe('2025-06-02T12:45:00+02:00'); // 20 prep + 25 zone
    expect(json.lines[0]).toMatchObject({ name: 'Margherita pizza', size: '45 cm', quantity: 2, lineTotal: 62800 });
  });

  it('falls back to street ranges for an address without coordinates', async () => {
    const q = await quote(store.ports, input({ address: parseAddressLine('Korunní 40, Praha'), items: [spec('Lasagne:2')] }), settings);
    expect([q.zone?.name, q.zoneMatch, q.ok]).toEqual(['Vinohrady', 'street', true]);
  });

  it('refuses out of zone with the code; the override needs a zone chosen by hand and is recorded as overridden', async () => {
    const far = { ...parseAddressLine('Náměstí 1, Beroun'), lat: 49.96, lon: 14.07 };
    const q = await quote(store.ports, input({ address: far, items: [spec('Lasagne:2')] }), settings);
    expect(q.ok).toBe(false);
    expect(q.refusals.map((r) => r.code)).toEqual(['OutOfZone']);
    expect(q.promisedAt).toBeNull();
    const manual = await quote(store.ports, input({ address: far, items: [spec('Lasagne')], zone: 'Karlín', override: true }), settings);
    expect(manual.ok).toBe(true);
    expect([manual.zoneMatch, manual.outlet?.name]).toEqual(['manual', 'Pizzeria Karlín']);
    expect(manual.overridden.map((r) => r.code)).toEqual(['BelowMinimum']);
  });

  it('refuses below the minimum and outside the hours, each with a sentence', async () => {
    const addr = { ...emptyAddress, lat: 50.093, lon: 14.45 }; // Karlín, 11:00-22:00, min 350 CZK
    const small = await quote(store.ports, input({ address: addr, items: [spec('Chips')] }), settings);
    expect(small.refusals).toEqual([{ code: 'BelowMinimum', overridable: true, message: "Below the zone's minimum of 350.00 CZK by 291.00 CZK: zone Karlín, the order is 59.00 CZK." }]);
    const late = await quote(store.ports, input({ address: addr, items: [spec('Lasagne:2')], now: Date.parse('2025-06-02T19:50:00Z') }), settings); // 21:50 + 55 min
    expect(late.refusals.map((r) => r.code)).toEqual(['OutsideHours']);
    expect(late.refusals[0].message).toContain('22:45');
  });

  it('picks the more specific zone where zones overlap, and respects holes', async () => {
    const inGreater = await quote(store.ports, input({ address: { ...emptyAddress, lat: 50.05, lon: 14.40 }, items: [spec('Lasagne:3')] }), settings);
    expect(inGreater.zone?.name).toBe('Greater Prague');
    const inHole = await quote(store.ports, input({ address: { ...emptyAddress, lat: 50.086, lon: 14.42 }, items: [spec('Lasagne:3')] }), settings);
    expect(inHole.refusals.map((r) => r.code)).toEqual(['OutOfZone']);
    const inBoth = await quote(store.ports, input({ address: { ...emptyAddress, lat: 50.075, lon: 14.45 }, items: [spec('Lasagne:3')] }), settings);
    expect(inBoth.zone?.name).toBe('Vinohrady');
    const multi = await quote(store.ports, input({ address: { ...emptyAddress, lat: 50.10, lon: 14.415 }, items: [spec('Lasagne:3')] }), settings);
    expect(multi.zone?.name).toBe('Holešovice and Letná');
  });

  it('refuses stop-listed products, everywhere or at one outlet only', async () => {
    const addr = parseAddressLine('Slezská 7, Praha');
    const truffle = await quote(store.ports, input({ address: addr, items: [spec('Truffle pizza+Thin')] }), settings);
    expect(truffle.refusals[0]).toEqual({ code: 'ItemStopped', overridable: false, message: 'Truffle pizza is on the stop-list (sold out).' });
    const karlin = store.outlets.byName('Pizzeria Karlín')!;
    const tiramisu = store.menu.find('Tiramisu');
    if (tiramisu.kind !== 'one') throw new Error('no tiramisu');
    store.menu.stop(tiramisu.product.id, karlin.id);
    expect((await quote(store.ports, input({ address: addr, items: [spec('Tiramisu:4')] }), settings)).ok).toBe(true); // Vinohrady still has it
    const atKarlin = await quote(store.ports, input({ address: { ...emptyAddress, lat: 50.093, lon: 14.45 }, items: [spec('Tiramisu:4')] }), settings);
    expect(atKarlin.refusals.map((r) => r.code)).toEqual(['ItemStopped']);
    expect(store.menu.unstop(tiramisu.product.id, karlin.id)).toBe(true);
  });

  it('enforces required modifier groups, and names unknown products', async () => {
    const addr = parseAddressLine('Slezská 7, Praha');
    const q = await quote(store.ports, input({ address: addr, items: [spec('Diavola pizza:2'), spec('Calzone')] }), settings);
    expect(q.refusals.map((r) => r.code)).toEqual(['ChoiceMissing', 'UnknownItem']);
    expect(q.refusals[0].message).toBe('Diavola pizza: choose exactly 1 from "Crust" (Classic, Thin, Cheese-filled).');
  });

  it('adds the busy delay, takes scheduled orders, refuses too early', async () => {
    const v = store.outlets.byName('Pizzeria Vinohrady')!;
    store.outlets.setBusy(v.id, 15);
    const addr = parseAddressLine('Slezská 7, Praha');
    const busy = await quote(store.ports, input({ address: addr, items: [spec('Lasagne:2')] }), settings);
    expect(quoteJson(busy, settings.timezone, 'CZK').promisedAt).toBe('2025-06-02T13:00:00+02:00');
    const early = await quote(store.ports, input({ address: addr, items: [spec('Lasagne:2')], when: { kind: 'at', instant: NOON + 30 * 60_000 } }), settings);
    expect(early.refusals.map((r) => r.code)).toEqual(['TooEarly']);
    const later = await quote(store.ports, input({ address: addr, items: [spec('Lasagne:2')], when: { kind: 'at', instant: NOON + 5 * 3_600_000 } }), settings);
    expect([later.ok, later.asap, later.promisedAt]).toEqual([true, false, NOON + 5 * 3_600_000]);
  });

  it('quotes pickup without address or zone, and without a fee', async () => {
    const q = await quote(store.ports, input({ kind: 'pickup', outlet: 'pizzeria karlín', items: [spec('Chips')], payment: { kind: 'cash', cashTendered: 5000 } }), settings);
    expect(q.refusals.map((r) => r.code)).toEqual(['CashShort']);
    const ok = await quote(store.ports, input({ kind: 'pickup', outlet: 'Pizzeria Karlín', items: [spec('Chips')] }), settings);
    expect([ok.ok, ok.zone, ok.fee, ok.minutes]).toEqual([true, null, 0, 25]);
    expect((await quote(store.ports, input({ kind: 'pickup', items: [spec('Chips')] }), settings)).refusals.map((r) => r.code)).toEqual(['NoOutlet']);
  });

  it('re-imports the menu keeping product, size and modifier ids; retires what is gone', async () => {
    const before = store.menu.find('Margherita pizza');
    if (before.kind !== 'one') throw new Error('no margherita');
    const p1 = store.menu.product(before.product.id)!;
    const text = fs.readFileSync(new URL('../../fixtures/data/menu-demo.json', import.meta.url), 'utf8').replace('"Lasagne"', '"Lasagne al forno"');
    const menu = JSON.parse(text);
    menu.categories = menu.categories.filter((c: { name: string }) => c.name !== 'dessert');
    const checked = checkMenuFile(JSON.stringify(menu));
    if (!checked.ok) throw new Error('menu');
    expect(store.menu.importMenu(checked.value)).toEqual({ added: 0, updated: 15, retired: 1 });
    const p2 = store.menu.product(before.product.id)!;
    expect(p2.sizes).toEqual(p1.sizes);
    expect(p2.groups).toEqual(p1.groups);
    expect(store.menu.find('Lasagne al forno').kind).toBe('one');
    const gone = await quote(store.ports, input({ address: parseAddressLine('Slezská 7'), items: [spec('Tiramisu')] }), settings);
    expect(gone.refusals[0].code).toBe('ItemRemoved');
  });

  it('numbers orders per outlet and day', async () => {
    const v = store.outlets.byName('Pizzeria Vinohrady')!;
    expect([store.outlets.nextNumber(v.id, '2025-06-02'), store.outlets.nextNumber(v.id, '2025-06-02'), store.outlets.nextNumber(v.id, '2025-06-03')]).toEqual([1, 2, 1]);
  });

  it('seeds idempotently', async () => {
    seedOrders(store, undefined, NOON);
    expect(store.zones.list().map((z) => [z.name, z.streets])).toEqual([
      ['Greater Prague', 0], ['Holešovice and Letná', 0], ['Karlín', 2], ['Vinohrady', 12],
    ]);
  });
});
