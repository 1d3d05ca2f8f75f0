import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { orderPayload } from './payload.js';
import { emptyAddress, type Delivery } from '../store/types.js';
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
  it('every field of the schema is described in docs/pos-api.md', () => {
    const doc = fs.readFileSync(new URL('../../docs/pos-api.md', import.meta.url), 'utf8');
    for (const field of Object.keys(schema.properties)) expect(doc, field).toMatch(new RegExp(`\`${field}(\\[\\])?\``));
  });
});
