import { describe, expect, it } from 'vitest';
import { cancelReasons, checkCancel, editableFields, orderNumber, outletCode, switchKindCheck, whyNotEditable } from './lifecycle.js';
import { parseAddressLine } from '../orders/address-line.js';
import { houseNumber, rangeCovers, streetKey } from './zone-check.js';

describe('lifecycle rules', () => {
  it('lists the cancel reasons in the chooser order', () => {
    expect(cancelReasons.map((r) => r.code)).toEqual(['customer-cancelled', 'duplicate', 'out-of-zone', 'item-unavailable', 'hoax', 'other']);
  });

  it('allows everything before cooking, the courier fields while cooking, nothing once on the way', () => {
    expect(editableFields('sent')).toContain('items');
    expect(whyNotEditable('cooking', 'items')).toContain('only the address');
    expect(whyNotEditable('cooking', 'address')).toBeNull();
    expect(editableFields('on-the-way')).toEqual([]);
    expect(whyNotEditable('on-the-way', 'comment')).toContain('courier is on the way');
  });

  it('refuses to cancel after pickup, and needs text for "other"', () => {
    expect(checkCancel('cooking', 'duplicate')).toEqual({ ok: true, reason: 'duplicate', note: '' });
    const late = checkCancel('on-the-way', 'customer-cancelled');
    expect(late.ok === false && late.message).toContain('already picked the order up');
    expect(checkCancel('draft', 'other').ok).toBe(false);
    expect(checkCancel('draft', 'other', ' wrong city ')).toEqual({ ok: true, reason: 'other', note: 'wrong city' });
    expect(checkCancel('cancelled', 'hoax').ok).toBe(false);
    expect(checkCancel('draft', 'whatever' as never).ok).toBe(false);
  });

  it('switches delivery and pickup only while the kind is editable', () => {
    expect(switchKindCheck('confirmed', 'pickup')).toBeNull();
    expect(switchKindCheck('cooking', 'pickup')).toContain('cannot switch to pickup');
  });

  it('numbers orders per outlet: B-042', () => {
    expect(orderNumber(outletCode('', 'Bistro Vinohrady'), 42)).toBe('B-042');
    expect(orderNumber(outletCode('kar', 'Karlín'), 7)).toBe('KAR-007');
    expect(outletCode('', 'Žižkov')).toBe('Z');
  });
});

describe('addresses and street ranges', () => {
  it('splits a typed address line into fields', () => {
    const a = parseAddressLine('Vinohradská 1234/56, flat 12, Praha 2, 120 00, ring twice');
    expect([a.street, a.house, a.flat, a.city, a.postcode, a.courierNote]).toEqual(['Vinohradská', '1234/56', '12', 'Praha 2', '120 00', 'ring twice']);
    expect(parseAddressLine('Na Příkopě 5').street).toBe('Na Příkopě');
  });

  it('compares streets without accents or "ulice", and reads Czech house numbers', () => {
    expect(streetKey('Vinohradská ulice')).toBe(streetKey('vinohradska'));
    expect(houseNumber('1234/56')).toBe(56);
    expect(houseNumber('12a')).toBe(12);
    expect(houseNumber('')).toBeNull();
    const odd = { zoneId: 1, cityKey: 'praha', from: 1, to: 99, parity: 'odd' as const };
    expect(rangeCovers(odd, 'praha', 13)).toBe(true);
    expect(rangeCovers(odd, 'praha', 14)).toBe(false);
    expect(rangeCovers(odd, 'brno', 13)).toBe(false);
    expect(rangeCovers(odd, '', 101)).toBe(false);
  });
});
