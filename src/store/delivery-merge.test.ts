import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { Store } from './index.js';
import type { Delivery } from '../domain/delivery.js';
import { mergeDelivery } from './delivery-merge.js';
import { emptyAddress } from '../domain/address.js';
import { tempDir } from '../../test/helpers/temp-store.js';

/** Two consoles on one database file: two Store connections, as two processes would have. */
function twoConsoles() {
  const t = tempDir();
  const file = path.join(t.dir, 'shared.db');
  const a = Store.open(file, { region: 'CZ', currency: 'CZK' });
  const b = Store.open(file, { region: 'CZ', currency: 'CZK' });
  const d = a.deliveries.createDraft({ customerId: null, phone: '+420 720 999 888', phoneKey: '+420720999888', address: { ...emptyAddress, street: 'Korunní', house: '40', lat: 50.07, lon: 14.44 } });
  return { a, b, id: d.id, close: () => { a.close(); b.close(); t.cleanup(); } };
}
const line = (name: string, quantity = 1) => ({ productId: null, name, size: '', modifiers: [], quantity, unitPrice: 10000, kitchenComment: '' });

describe('two dispatchers on one order (two connections, one file)', () => {
  let close: (() => void) | null = null;
  afterEach(() => { close?.(); close = null; });

  it('changes to different fields are both kept, whoever saves second', () => {
    const t = twoConsoles();
    close = t.close;
    const mine = t.a.deliveries.get(t.id)!;
    const theirs = t.b.deliveries.get(t.id)!;
    expect(t.b.deliveries.save({ ...theirs, address: { ...theirs.address, flat: '12' }, paymentKind: 'card' }).ok).toBe(true);
    const r = t.a.deliveries.save({ ...mine, items: [line('Lasagne', 2)], comment: 'ring twice' });
    expect(r).toMatchObject({ ok: true, merged: ['Flat', 'Payment'] });
    const now = t.b.deliveries.get(t.id)!;
    expect(now).toMatchObject({ comment: 'ring twice', paymentKind: 'card', total: 20000, version: mine.version + 2 });
    expect(now.address).toMatchObject({ street: 'Korunní', house: '40', flat: '12', lat: 50.07, lon: 14.44 });
    expect(now.items.map((i) => [i.name, i.quantity])).toEqual([['Lasagne', 2]]);
  });

  it('the same field changed both ways is refused with the newer value; the same value is no conflict', () => {
    const t = twoConsoles();
    close = t.close;
    const mine = t.a.deliveries.get(t.id)!;
    const theirs = t.b.deliveries.get(t.id)!;
    t.b.deliveries.save({ ...theirs, address: { ...theirs.address, flat: '7', intercom: 'NOVAK' } });
    const r = t.a.deliveries.save({ ...mine, address: { ...mine.address, flat: '8', intercom: 'NOVAK' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.conflicts).toEqual([{ field: 'address.flat', label: 'Flat', theirs: '7' }]);
    expect(r.reason).toContain('Flat of delivery D-001 was changed by someone else to "7"');
    expect(r.current?.address.flat).toBe('7');
    expect(t.a.deliveries.get(t.id)!.address.flat).toBe('7');
    // typing the same flat as the colleague is no conflict
    expect(t.a.deliveries.save({ ...mine, address: { ...mine.address, flat: '7' } }).ok).toBe(true);
  });

  it('lines are one field: two dispatchers adding items conflict; the total always follows the lines', () => {
    const t = twoConsoles();
    close = t.close;
    const mine = t.a.deliveries.get(t.id)!;
    const theirs = t.b.deliveries.get(t.id)!;
    t.b.deliveries.save({ ...theirs, items: [line('Tiramisu')] });
    const r = t.a.deliveries.save({ ...mine, items: [line('Lasagne')] });
    expect(r).toMatchObject({ ok: false, conflicts: [{ field: 'items', theirs: '1× Tiramisu' }] });
    expect(t.a.deliveries.get(t.id)!.total).toBe(10000);
  });

  it('a colleague moving the place wins the coordinates; both moving it clears them to be located again', () => {
    const t = twoConsoles();
    close = t.close;
    const mine = t.a.deliveries.get(t.id)!;
    const theirs = t.b.deliveries.get(t.id)!;
    t.b.deliveries.save({ ...theirs, address: { ...theirs.address, house: '41', lat: null, lon: null } });
    t.a.deliveries.save({ ...mine, address: { ...mine.address, intercom: 'X' } });
    expect(t.a.deliveries.get(t.id)!.address).toMatchObject({ house: '41', intercom: 'X', lat: null, lon: null });

    const base = t.a.deliveries.get(t.id)!;
    const other = t.b.deliveries.get(t.id)!;
    t.b.deliveries.save({ ...other, address: { ...other.address, street: 'Italská', lat: 50.08, lon: 14.43 } });
    t.a.deliveries.save({ ...base, address: { ...base.address, house: '5', lat: 50.01, lon: 14.01 } });
    expect(t.a.deliveries.get(t.id)!.address).toMatchObject({ street: 'Italská', house: '5', lat: null, lon: null });
  });

  it('a field the new status no longer allows is refused with why; one it allows is merged', () => {
    const t = twoConsoles();
    close = t.close;
    const mine = t.a.deliveries.get(t.id)!;
    const theirs = t.b.deliveries.get(t.id)!;
    t.b.deliveries.save({ ...theirs, status: 'cooking' });
    const items = t.a.deliveries.save({ ...mine, items: [line('Lasagne')] });
    expect(items).toMatchObject({ ok: false, reason: expect.stringContaining('Items of delivery D-001 cannot change now: the kitchen is cooking') });
    expect(t.a.deliveries.save({ ...mine, address: { ...mine.address, floor: '3' } })).toMatchObject({ ok: true, merged: ['Status'] });
    expect(t.a.deliveries.get(t.id)).toMatchObject({ status: 'cooking', address: { floor: '3' } });
  });

  it('a version this connection never read is refused as before (no base to merge from)', () => {
    const t = twoConsoles();
    close = t.close;
    const theirs = t.b.deliveries.get(t.id)!;
    t.b.deliveries.save({ ...theirs, comment: 'x' });
    const guessed: Delivery = { ...theirs, version: theirs.version, address: { ...theirs.address, flat: '1' } };
    const c = Store.open(t.a.file, { region: 'CZ', currency: 'CZK' });
    try {
      expect(c.deliveries.save(guessed)).toMatchObject({ ok: false, reason: expect.stringContaining('was changed by someone else (version') });
    } finally {
      c.close();
    }
  });

  it('the courier comment is written over a colleague\'s other change, refused over their comment', () => {
    const t = twoConsoles();
    close = t.close;
    const mine = t.a.deliveries.get(t.id)!;
    const theirs = t.b.deliveries.get(t.id)!;
    t.b.deliveries.save({ ...theirs, address: { ...theirs.address, flat: '9' } });
    expect(t.a.orderTerms.setCourierComment(t.id, mine.version, 'gate code 1234', 1, '').ok).toBe(true);
    const now = t.b.deliveries.get(t.id)!;
    t.b.orderTerms.setCourierComment(t.id, now.version, 'use the back door', 2, 'gate code 1234');
    expect(t.a.orderTerms.setCourierComment(t.id, now.version, 'ring', 3, 'gate code 1234'))
      .toEqual({ ok: false, reason: 'the courier comment of delivery D-001 was changed by someone else to "use the back door"' });
  });
});

describe('mergeDelivery (pure)', () => {
  const base = { id: 1, number: 'D-1', customerId: null, customerName: '', phone: '', phoneKey: null, kind: 'delivery', status: 'draft', address: emptyAddress, promisedAt: null, asap: true, posId: null, posName: '', driverId: null, driverName: '', driverMobile: '', paymentKind: 'cash', cashTendered: null, persons: 1, comment: '', items: [], total: 0, version: 1, createdAt: 0, updatedAt: 0 } as Delivery;
  it('payment kind and its cash amount are one field', () => {
    const mine = { ...base, paymentKind: 'card' as const };
    const theirs = { ...base, cashTendered: 100000, version: 2 };
    expect(mergeDelivery(base, mine, theirs)).toMatchObject({ ok: false, conflicts: [{ field: 'payment', theirs: 'cash (pays with 1,000.00)' }] });
  });
  it('nothing changed on my side writes what is there now', () => {
    const theirs = { ...base, persons: 4, version: 3 };
    expect(mergeDelivery(base, base, theirs)).toEqual({ ok: true, delivery: theirs, theirs: ['Persons'], changes: false });
  });
});
