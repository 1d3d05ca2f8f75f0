import { describe, expect, it } from 'vitest';
import { lineAvailability, parseItemSpec, priceLine, requestFromSpec, type MenuProduct } from './pricing.js';
import { changeDue, parsePayment } from './payment.js';
import { lineTotal } from './delivery.js';

const pizza: MenuProduct = {
  id: 7, code: 'PZ1', name: 'Margherita', category: 'Pizza', price: 16900, active: true, stopped: false,
  sizes: [{ id: 1, name: '32 cm', price: 16900 }, { id: 2, name: '45 cm', price: 25900 }],
  groups: [
    { id: 10, name: 'Crust', min: 1, max: 1, modifiers: [{ id: 100, name: 'Thin', price: 0 }, { id: 101, name: 'Cheese-filled', price: 4900 }] },
    { id: 11, name: 'Extras', min: 0, max: 2, modifiers: [{ id: 110, name: 'Olives', price: 2500 }, { id: 111, name: 'Ham', price: 3900 }, { id: 112, name: 'Egg', price: 1500 }] },
  ],
};

describe('pricing a line', () => {
  it('adds the size price and the chosen modifiers, times the quantity', () => {
    const r = priceLine(pizza, { sizeId: 2, modifierIds: [111, 101], quantity: 2, kitchenComment: 'well done' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.line.unitPrice).toBe(25900);
    expect(r.line.size).toBe('45 cm');
    expect(r.line.modifiers.map((m) => m.name)).toEqual(['Cheese-filled', 'Ham']); // menu order on the ticket
    expect(lineTotal(r.line)).toBe((25900 + 4900 + 3900) * 2);
    expect(r.line.kitchenComment).toBe('well done');
  });

  it('takes the first size when none is named, the base price when there are none', () => {
    const r = priceLine(pizza, { modifierIds: [100], quantity: 1 });
    expect(r.ok && r.line.unitPrice).toBe(16900);
    const cola: MenuProduct = { ...pizza, name: 'Cola', price: 4500, sizes: [], groups: [] };
    const c = priceLine(cola, { quantity: 3 });
    expect(c.ok && lineTotal(c.line)).toBe(13500);
  });

  it('enforces required groups and maxima with a clear message', () => {
    const none = priceLine(pizza, { quantity: 1 });
    expect(none).toEqual({ ok: false, code: 'ChoiceMissing', message: 'Margherita: choose exactly 1 from "Crust" (Thin, Cheese-filled)' });
    const many = priceLine(pizza, { modifierIds: [100, 110, 111, 112], quantity: 1 });
    expect(many.ok === false && many.code).toBe('TooManyChoices');
    expect(priceLine(pizza, { modifierIds: [100, 101], quantity: 1 }).ok).toBe(false);
    expect(priceLine(pizza, { modifierIds: [100, 999], quantity: 1 }).ok).toBe(false);
    expect(priceLine(pizza, { modifierIds: [100], quantity: 0 }).ok).toBe(false);
  });

  it('reads item specs with size, modifiers and quantity by name', () => {
    const s = parseItemSpec('Margherita/45 cm+thin+Olives:3');
    expect(s).toEqual({ ok: true, spec: { product: 'Margherita', size: '45 cm', modifiers: ['thin', 'Olives'], quantity: 3 } });
    if (!s.ok) return;
    const req = requestFromSpec(pizza, s.spec);
    expect(req).toEqual({ ok: true, req: { sizeId: 2, modifierIds: [100, 110], quantity: 3 } });
    expect(requestFromSpec(pizza, { ...s.spec, size: '60 cm' }).ok).toBe(false);
    expect(parseItemSpec('Cola:two').ok).toBe(false);
  });

  it('flags stopped and removed products', () => {
    expect(lineAvailability({ ...pizza, stopped: true }, 'Margherita')?.code).toBe('ItemStopped');
    expect(lineAvailability(null, 'Calzone')?.code).toBe('ItemRemoved');
    expect(lineAvailability({ ...pizza, active: false }, 'Margherita')?.code).toBe('ItemRemoved');
    expect(lineAvailability(pizza, 'Margherita')).toBeNull();
  });
});

describe('payment and change', () => {
  it('computes the change the courier carries', () => {
    const p = parsePayment('cash:1000');
    expect(p).toEqual({ ok: true, payment: { kind: 'cash', cashTendered: 100000 } });
    if (!p.ok) return;
    expect(changeDue(74900, p.payment, 'CZK')).toEqual({ ok: true, change: 25100 });
    expect(changeDue(74900, { kind: 'cash', cashTendered: 74900 }, 'CZK')).toEqual({ ok: true, change: 0 });
    const short = changeDue(74900, { kind: 'cash', cashTendered: 50000 }, 'CZK');
    expect(short.ok === false && short.message).toBe('Pays with 500.00 CZK but the total is 749.00 CZK: ask for a larger note.');
    expect(changeDue(74900, { kind: 'card', cashTendered: null }, 'CZK')).toEqual({ ok: true, change: null });
  });

  it('reads payment kinds and refuses nonsense', () => {
    expect(parsePayment('card')).toEqual({ ok: true, payment: { kind: 'card', cashTendered: null } });
    expect(parsePayment('prepaid').ok).toBe(true);
    expect(parsePayment('cash:999.50')).toEqual({ ok: true, payment: { kind: 'cash', cashTendered: 99950 } });
    expect(parsePayment('card:100').ok).toBe(false);
    expect(parsePayment('bitcoin').ok).toBe(false);
    expect(parsePayment('cash:lots').ok).toBe(false);
  });
});
