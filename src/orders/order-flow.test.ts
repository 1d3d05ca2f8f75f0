/**
 * The order-taking fixtures on a real SQLite file: an out-of-zone refusal and its override
 * recorded with the operator, a stop-listed item, repeat last order, a scheduled order with
 * its confirmation call, a cancel with a reason (and one refused after pickup), pickup switch.
 */
import fs from 'node:fs';
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import type { Delivery } from '../domain/delivery.js';
import { seedOrders } from '../demo/seed-data.js';
import { quote, type QuoteInput } from './quote.js';
import { parseItemSpec } from '../domain/pricing.js';
import { parseAddressLine } from './address-line.js';
import { repeatLines } from './repeat.js';
import { checkCancel } from '../domain/lifecycle.js';
import { confirmationDueAt } from './promised-time.js';
import { checkMenuFile } from './menu-file.js';

const settings = { timezone: 'Europe/Prague', currency: 'CZK' };
const NOW = Date.parse('2025-06-02T10:00:00Z');
const spec = (t: string) => { const s = parseItemSpec(t); if (!s.ok) throw new Error(s.message); return { spec: s.spec }; };

let dir: string;
let store: Store;
beforeEach(() => {
  dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-flow-`);
  store = Store.open(`${dir}/d.db`, { region: 'CZ', currency: 'CZK' });
  seedOrders(store, undefined, NOW);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A draft saved with the quote's lines and terms, as the console does it. */
async function takeOrder(input: Omit<QuoteInput, 'now' | 'payment' | 'when' | 'kind'> & Partial<QuoteInput>, opts: { override?: boolean; operatorId?: number | null } = {}) {
  const q = await quote(store.ports, { kind: 'delivery', payment: { kind: 'cash', cashTendered: null }, when: { kind: 'asap' }, now: NOW, ...input }, settings);
  // the short number is given once, when the order is made: the outlet's when it is known then
  const draft = store.deliveries.createDraft({ customerId: null, phone: '+420777000111', phoneKey: '+420777000111', address: input.address, posId: q.outlet?.id ?? null, timezone: settings.timezone }, NOW);
  const saved = store.deliveries.save({ ...draft, items: q.lines, posId: q.outlet?.id ?? null } as Delivery, NOW);
  if (!saved.ok) throw new Error(saved.reason);
  const timing = q.outlet ? { preparationMinutes: q.outlet.preparationMinutes, busyMinutes: q.outlet.busyMinutes, zoneMinutes: q.zone?.minutes ?? 0 } : null;
  const applied = store.orderTerms.applyQuote(saved.delivery.id, saved.delivery.version, {
    zoneId: q.zone?.id ?? null, posId: q.outlet?.id ?? null, fee: q.fee, minutes: q.minutes, promisedAt: q.promisedAt, asap: q.asap,
    confirmDueAt: !q.asap && q.promisedAt && timing ? confirmationDueAt(q.promisedAt, timing) : null,
  }, NOW);
  if (!applied.ok) throw new Error(applied.reason);
  let terms = applied.terms;
  if (opts.override && q.overridden.length) {
    const o = store.orderTerms.recordOverride(terms.id, terms.version, q.overridden.map((r) => r.code), opts.operatorId ?? null, 'regular customer', NOW);
    if (!o.ok) throw new Error(o.reason);
    terms = o.terms;
  }
  return { q, id: terms.id };
}

describe('order-taking fixtures', () => {
  it('out of zone: refused with OutOfZone; overridden with a zone chosen by hand, recorded with the operator', async () => {
    const eva = store.operators.upsert({ name: 'eva' });
    const far = { ...parseAddressLine('Husova 3, Beroun'), lat: 49.96, lon: 14.07 };
    const refused = await quote(store.ports, { kind: 'delivery', address: far, items: [spec('Lasagne:2')], payment: { kind: 'card', cashTendered: null }, when: { kind: 'asap' }, now: NOW }, settings);
    expect(refused.refusals.map((r) => r.code)).toEqual(['OutOfZone']);
    const { q, id } = await takeOrder({ address: far, items: [spec('Lasagne')], zone: 'Karlín', override: true }, { override: true, operatorId: eva.id });
    expect(q.ok).toBe(true);
    const t = store.orderTerms.get(id)!;
    expect([t.zoneName, t.fee, t.zoneRefusal, t.overrideOperator, t.overrideAt, t.overrideNote]).toEqual(['Karlín', 5900, 'BelowMinimum', 'eva', NOW, 'regular customer']);
    expect(t.number).toBe('K-001');
    const d = store.deliveries.get(id)!;
    expect(d.total).toBe(21900 + 5900); // subtotal + fee
    const edited = store.deliveries.save({ ...d, comment: 'ring twice' }, NOW); // a later desk save keeps the fee
    expect(edited.ok && edited.delivery.total).toBe(21900 + 5900);
  });

  it('numbers each outlet per day: V-001, V-002, K-001', async () => {
    const a = await takeOrder({ address: parseAddressLine('Slezská 7'), items: [spec('Lasagne:2')] });
    const b = await takeOrder({ address: parseAddressLine('Korunní 40'), items: [spec('Lasagne:2')] });
    const c = await takeOrder({ address: { ...parseAddressLine('Sokolovská 10') }, items: [spec('Lasagne:2')] });
    expect([a.id, b.id, c.id].map((id) => store.orderTerms.get(id)!.number)).toEqual(['V-001', 'V-002', 'K-001']);
  });

  it('repeat last order: today\'s prices, stopped products flagged and kept, removed ones left out', async () => {
    const { id } = await takeOrder({ address: parseAddressLine('Slezská 7'), items: [spec('Margherita pizza/45 cm+Thin+Olives:2'), spec('Tiramisu'), spec('Chips+Ketchup')] });
    // the menu changes: Margherita costs more, Tiramisu sold out, Chips gone from the menu
    const text = fs.readFileSync(new URL('../../fixtures/data/menu-demo.json', import.meta.url), 'utf8');
    const menu = JSON.parse(text);
    menu.categories[0].products[0].sizes[1].price = 29900;
    menu.categories = menu.categories.map((c: { name: string; products: { name: string }[] }) => ({ ...c, products: c.products.filter((p) => p.name !== 'Chips') }));
    fs.writeFileSync(`${dir}/menu.json`, JSON.stringify(menu));
    const checked = checkMenuFile(fs.readFileSync(`${dir}/menu.json`, 'utf8'));
    if (!checked.ok) throw new Error('menu');
    store.menu.importMenu(checked.value);
    const tiramisu = store.menu.find('Tiramisu');
    if (tiramisu.kind !== 'one') throw new Error('tiramisu');
    store.menu.stop(tiramisu.product.id, null, NOW);

    const again = repeatLines(store.orderTerms.pastLines(id), (pid) => store.menu.product(pid, null));
    expect(again.lines.map((l) => [l.name, l.size, l.unitPrice, l.modifiers.map((m) => m.name).join('+'), l.quantity])).toEqual([
      ['Margherita pizza', '45 cm', 29900, 'Thin+Olives', 2],
      ['Tiramisu', '', 9900, '', 1],
    ]);
    expect(again.flags.map((f) => [f.name, f.code])).toEqual([['Tiramisu', 'ItemStopped'], ['Chips', 'ItemRemoved']]);
    expect(again.stopped).toEqual([1]);
  });

  it('a scheduled order is listed apart, its confirmation call due before the kitchen starts', async () => {
    const at = NOW + 6 * 3_600_000; // 18:00 local
    const { id, q } = await takeOrder({ address: parseAddressLine('Slezská 7'), items: [spec('Lasagne:2')], when: { kind: 'at', instant: at } });
    expect([q.asap, q.promisedAt]).toEqual([false, at]);
    const due = at - (20 + 25 + 15) * 60_000;
    expect(store.orderTerms.get(id)!.confirmDueAt).toBe(due);
    expect(store.orderTerms.scheduled(due - 1).find((s) => s.id === id)?.due).toBe(false);
    expect(store.orderTerms.scheduled(due).find((s) => s.id === id)?.due).toBe(true);
    store.orderTerms.markConfirmed(id, due + 60_000);
    expect(store.orderTerms.scheduled(due + 120_000).find((s) => s.id === id)).toMatchObject({ due: false, confirmedAt: due + 60_000 });
  });

  it('cancels with a reason; refuses after pickup; switches delivery to pickup', async () => {
    const { id } = await takeOrder({ address: parseAddressLine('Slezská 7'), items: [spec('Lasagne:2')] });
    let t = store.orderTerms.get(id)!;
    const pick = store.orderTerms.switchKind(id, t.version, 'pickup', NOW);
    expect(pick.ok && [pick.terms.kind, pick.terms.zoneId, pick.terms.fee]).toEqual(['pickup', null, 0]);
    expect(store.deliveries.get(id)!.total).toBe(43800);
    t = store.orderTerms.get(id)!;
    const stale = store.orderTerms.cancel(id, t.version - 1, 'duplicate', '', NOW);
    expect(stale.ok === false && stale.reason).toContain('changed by someone else');
    const check = checkCancel(t.status, 'other', 'called twice');
    expect(check.ok).toBe(true);
    const done = store.orderTerms.cancel(id, t.version, 'other', 'called twice', NOW);
    expect(done.ok && [done.terms.status, done.terms.cancelReason, done.terms.cancelNote]).toEqual(['cancelled', 'other', 'called twice']);

    const second = await takeOrder({ address: parseAddressLine('Slezská 7'), items: [spec('Lasagne:2')] });
    const d = store.deliveries.get(second.id)!;
    const onWay = store.deliveries.save({ ...d, status: 'on-the-way' }, NOW);
    if (!onWay.ok) throw new Error(onWay.reason);
    expect(checkCancel('on-the-way', 'customer-cancelled').ok).toBe(false);
    const late = store.orderTerms.cancel(second.id, onWay.delivery.version, 'customer-cancelled', '', NOW);
    expect(late.ok === false && late.reason).toMatch(/is on-the-way: it can no longer change/);
    expect(store.orderTerms.get(second.id)!.status).toBe('on-the-way');
  });
});

describe('the card quote', () => {
  it('quotes the open delivery through the same quote() and prints one terms line', async () => {
    const { quoteDelivery, cardTerms } = await import('./card-quote.js');
    const { id } = await takeOrder({ address: parseAddressLine('Slezská 7, Praha'), items: [spec('Margherita pizza/45 cm+Cheese-filled:2')] });
    const d = { ...store.deliveries.get(id)!, paymentKind: 'cash' as const, cashTendered: 100_000 };
    const q = await quoteDelivery(store.ports, d, settings, { now: NOW });
    expect(q.subtotal).toBe((28900 + 4900) * 2);
    expect(cardTerms(q, settings).terms).toBe('Zone Vinohrady · fee 49.00 CZK · min 300.00 CZK · 25 min · ASAP 12:45 · change 275.00 CZK');
    const far = await quoteDelivery(store.ports, { ...d, address: { ...d.address, street: 'Husova', lat: 49.96, lon: 14.07 } }, settings, { now: NOW });
    expect(cardTerms(far, settings).refusals[0]).toMatch(/^This address is in no delivery zone.*\(can be overridden\)$/);
  });
});
