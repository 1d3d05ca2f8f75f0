import { afterEach, describe, expect, it } from 'vitest';
import { emptyAddress } from '../domain/address.js';
import { tempStore } from '../../test/helpers/temp-store.js';

describe('lookupCaller: where the caller is', () => {
  let cleanup: (() => void) | null = null;
  afterEach(() => { cleanup?.(); cleanup = null; });
  it('a card without a city is placed by the last-used address; a city on the card wins', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    const { store } = t;
    const a = store.customers.create({ name: 'No City', phone: { key: '+420603111222', asTyped: '603 111 222' } });
    store.addresses.remember(a, { ...emptyAddress, street: 'Masarykova', house: '1', city: 'Olomouc' }, 1);
    store.addresses.remember(a, { ...emptyAddress, street: 'Joštova', house: '2', city: 'Brno' }, 2);
    const b = store.customers.create({ name: 'Card City', city: 'Praha', phone: { key: '+420603111222', asTyped: '603 111 222' } });
    store.addresses.remember(b, { ...emptyAddress, street: 'Joštova', house: '2', city: 'Brno' }, 3);
    const none = store.customers.create({ name: 'Nowhere', phone: { key: '+420603111222', asTyped: '603 111 222' } });
    const found = store.lookupCaller('603 111 222').customers;
    expect(found.map((c) => [c.id, c.city])).toEqual([[a, 'Brno'], [b, 'Praha'], [none, '']]);
    expect(store.customers.get(a)!.city).toBe(''); // the card itself is not changed
  });
});
