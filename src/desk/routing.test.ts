import { describe, expect, it } from 'vitest';
import { route } from './routing.js';

const phone = '+420777123456';
describe('S2 routing', () => {
  it('opens the only unfinished delivery', () => {
    expect(route({ phone, unfinished: [{ id: 7, promisedAt: 1000 }], customers: [{ id: 1 }] })).toEqual({ kind: 'open-delivery', deliveryId: 7 });
  });
  it('opens the earliest by delivery time among several', () => {
    const r = route({ phone, unfinished: [{ id: 3, promisedAt: 5000 }, { id: 9, promisedAt: 2000 }, { id: 4, promisedAt: 9000 }], customers: [] });
    expect(r).toEqual({ kind: 'open-delivery', deliveryId: 9 });
  });
  it('puts deliveries without a promised time after timed ones, then by id', () => {
    expect(route({ phone, unfinished: [{ id: 2, promisedAt: null }, { id: 8, promisedAt: 100 }], customers: [] })).toEqual({ kind: 'open-delivery', deliveryId: 8 });
    expect(route({ phone, unfinished: [{ id: 5, promisedAt: null }, { id: 2, promisedAt: null }], customers: [] })).toEqual({ kind: 'open-delivery', deliveryId: 2 });
    expect(route({ phone, unfinished: [{ id: 5, promisedAt: 100 }, { id: 2, promisedAt: 100 }], customers: [] })).toEqual({ kind: 'open-delivery', deliveryId: 2 });
  });
  it('unfinished deliveries win over customers', () => {
    expect(route({ phone, unfinished: [{ id: 1, promisedAt: null }], customers: [{ id: 1 }, { id: 2 }] }).kind).toBe('open-delivery');
  });
  it('no delivery, no customer: new delivery with the number', () => {
    expect(route({ phone, unfinished: [], customers: [] })).toEqual({ kind: 'new-delivery', customerId: null, phone });
  });
  it('no delivery, one customer: new delivery for them with the calling number', () => {
    expect(route({ phone, unfinished: [], customers: [{ id: 42 }] })).toEqual({ kind: 'new-delivery', customerId: 42, phone });
  });
  it('no delivery, several customers: chooser listing all of them', () => {
    expect(route({ phone, unfinished: [], customers: [{ id: 4 }, { id: 2 }] })).toEqual({ kind: 'choose-customer', customerIds: [4, 2], phone });
  });
  it('withheld number: new delivery with an empty phone field', () => {
    expect(route({ phone: '', unfinished: [], customers: [] })).toEqual({ kind: 'new-delivery', customerId: null, phone: '' });
  });
  it('into a new order skips unfinished deliveries (S1)', () => {
    expect(route({ phone, unfinished: [{ id: 1, promisedAt: 1 }], customers: [{ id: 3 }] }, true)).toEqual({ kind: 'new-delivery', customerId: 3, phone });
    expect(route({ phone, unfinished: [{ id: 1, promisedAt: 1 }], customers: [{ id: 3 }, { id: 4 }] }, true).kind).toBe('choose-customer');
  });
  it('a transferred call opens the order the colleague had open, before the earliest unfinished one; else a new order for their card', () => {
    const unfinished = [{ id: 1, promisedAt: 1 }, { id: 9, promisedAt: 50 }];
    expect(route({ phone, unfinished, customers: [{ id: 3 }, { id: 4 }], transferred: { deliveryId: 9, customerId: 4 } })).toEqual({ kind: 'open-delivery', deliveryId: 9 });
    expect(route({ phone, unfinished: [], customers: [{ id: 3 }, { id: 4 }], transferred: { deliveryId: null, customerId: 4 } })).toEqual({ kind: 'new-delivery', customerId: 4, phone });
    expect(route({ phone, unfinished, customers: [], transferred: { deliveryId: null, customerId: null } })).toEqual({ kind: 'open-delivery', deliveryId: 1 });
  });
});
