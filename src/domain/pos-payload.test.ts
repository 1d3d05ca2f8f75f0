import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { orderPayload } from './pos-payload.js';
import { emptyAddress } from '../domain/address.js';
import type { Delivery } from '../domain/delivery.js';
import { schema, schemaError } from '../../test/e2e/pos-fake.js';

const delivery: Delivery = {
  id: 12, number: 'D-007', customerId: 3, customerName: 'Jana Nováková', phone: '777 123 456', phoneKey: '+420777123456',
  kind: 'delivery', status: 'sent', address: { ...emptyAddress, street: 'Vinohradská', house: '12', city: 'Praha', lat: 50.07, lon: 14.44 },
  promisedAt: Date.UTC(2026, 0, 5, 18, 30), asap: false, posId: 1, posName: 'Kitchen One', driverId: null, driverName: '', driverMobile: '',
  paymentKind: 'cash', cashTendered: 100000, persons: 2, comment: 'ring twice',
  items: [{ productId: 7, name: 'Margherita', size: '32 cm', modifiers: [{ name: 'extra cheese', price: 3000 }], quantity: 2, unitPrice: 18900, kitchenComment: 'well done' }],
  total: 43800, version: 4, createdAt: Date.UTC(2026, 0, 5, 17, 50), updatedAt: Date.UTC(2026, 0, 5, 17, 55),
};

describe('order payload', () => {
  it('matches docs/pos-order.schema.json', () => {
    const p = orderPayload(delivery, 'CZK');
    expect(schemaError(p)).toBeNull();
    expect(p).toMatchObject({ id: 'ringdesk-delivery-12', displayNumber: 'D-007', revision: 4, promisedAt: '2026-01-05T18:30:00.000Z' });
    expect(p.items[0].lineTotal).toBe(43800);
    expect(p.payment.changeToReturn).toBe(100000 - 43800);
    expect(schemaError({ ...p, revision: 0 })).toMatch(/revision/);
    expect(schemaError({ ...p, extra: 1 })).toMatch(/extra/);
  });
  it('carries the order terms: zone, fee in the total, override, courier comment, ids of size and modifiers, cancel reason', () => {
    const terms = { zoneName: 'Vinohrady', fee: 4900, deliveryMinutes: 45, courierComment: 'gate code 1234', cancelReason: '', cancelNote: '', zoneRefusal: 'BelowMinimum', overrideOperator: 'eva' };
    const lines = [{ ...delivery.items[0], sizeId: 3, modifiers: [{ name: 'Thin', price: 0, groupId: 5, modifierId: 17 }] }];
    const p = orderPayload({ ...delivery, items: lines }, 'CZK', terms);
    expect(schemaError(p)).toBeNull();
    expect(p.totals).toEqual({ subtotal: 37800, deliveryFee: 4900, total: 42700, currency: 'CZK' });
    expect(p.payment.changeToReturn).toBe(100000 - 42700);
    expect(p.zone).toEqual({ name: 'Vinohrady', deliveryMinutes: 45 });
    expect(p.override).toEqual({ codes: ['BelowMinimum'], operator: 'eva' });
    expect(p.courierComment).toBe('gate code 1234');
    expect(p.items[0]).toMatchObject({ sizeId: 3, modifiers: [{ name: 'Thin', price: 0, groupId: 5, modifierId: 17 }] });
    expect(p.cancel).toBeNull();
    const pickup = orderPayload({ ...delivery, kind: 'pickup' }, 'CZK', terms);
    expect([pickup.totals.deliveryFee, pickup.zone]).toEqual([0, null]);
    const cancelled = orderPayload({ ...delivery, status: 'cancelled' }, 'CZK', { ...terms, cancelReason: 'other', cancelNote: 'called twice' });
    expect(schemaError(cancelled)).toBeNull();
    expect(cancelled.cancel).toEqual({ reason: 'other', note: 'called twice' });
  });
  it('every field of the schema is described in docs/pos-api.md', () => {
    const doc = fs.readFileSync(new URL('../../docs/pos-api.md', import.meta.url), 'utf8');
    for (const field of Object.keys(schema.properties)) expect(doc, field).toMatch(new RegExp(`\`${field}(\\[\\])?\``));
  });
});
