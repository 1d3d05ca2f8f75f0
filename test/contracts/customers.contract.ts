/** The contract of CustomerRepository, CustomerSearchRepository and SavedAddressRepository, for any engine. */
import { describe, expect, it } from 'vitest';
import { freshDatabases, type PortsEngine } from './engine.js';
import { NOON } from '../helpers/clock.js';
import { emptyAddress } from '../../src/domain/address.js';

export function customersContract(engine: PortsEngine): void {
  describe(`customers on ${engine.name}`, () => {
    const fresh = freshDatabases(engine);
    const open = fresh.open;

    it('creates a card with its number, finds it by the E.164 key, attaches a second number, updates the name', async () => {
      const ports = await open();
      const id = await ports.customers.create({ name: 'Jana Nováková', city: 'Brno', phone: { key: '+420777123456', asTyped: '777 123 456' } }, NOON);
      expect(await ports.customers.get(id)).toMatchObject({ id, name: 'Jana Nováková', city: 'Brno' });
      expect((await ports.customers.withPhone('+420777123456')).map((c) => c.id)).toEqual([id]);
      await ports.customers.attachPhone(id, '+420602111222', '602 111 222', NOON);
      expect((await ports.customers.withPhone('+420602111222')).map((c) => c.id)).toEqual([id]);
      const card = (await ports.customers.get(id))!;
      await ports.customers.update({ ...card, name: 'Jana Dvořáková' }, NOON + 1000);
      expect((await ports.customers.get(id))!.name).toBe('Jana Dvořáková');
      expect(await ports.customers.get(id + 1000)).toBeNull();
      expect(await ports.customers.withPhone('+420000000000')).toEqual([]);
    });

    it('search finds a customer by name or number as typed; saved addresses come back the last used first', async () => {
      const ports = await open();
      const id = await ports.customers.create({ name: 'Petr Svoboda', phone: { key: '+420731000222', asTyped: '731 000 222' } }, NOON);
      await ports.customers.create({ name: 'Eva Malá', phone: { key: '+420739444555', asTyped: '739 444 555' } }, NOON);
      expect((await ports.customerSearch.search('svoboda')).map((c) => c.id)).toEqual([id]);
      expect((await ports.customerSearch.search('731 000')).map((c) => c.id)).toEqual([id]);
      const home = { ...emptyAddress, city: 'Brno', street: 'Masarykova', house: '12' };
      const work = { ...home, street: 'Údolní', house: '5' };
      await ports.addresses.add(id, home, NOON);
      await ports.addresses.add(id, work, NOON + 60_000);
      expect((await ports.addresses.forCustomer(id)).map((a) => a.street)).toEqual(['Údolní', 'Masarykova']);
      expect(await ports.addresses.sameAs(id, { ...home })).not.toBeNull();
    });

    it('lookupCaller finds the card, its unfinished orders and no driver for a customer\'s number; nothing for an unknown one', async () => {
      const ports = await open();
      const id = await ports.customers.create({ name: 'Jana', phone: { key: '+420777123456', asTyped: '777 123 456' } }, NOON);
      await ports.deliveries.createDraft({ customerId: id, phone: '777 123 456', phoneKey: '+420777123456' }, NOON);
      const found = await ports.lookupCaller('+420 777 123 456');
      expect(found.key).toBe('+420777123456');
      expect(found.customers.map((c) => c.id)).toEqual([id]);
      expect(found.unfinished).toHaveLength(1);
      expect(found.driver).toBeNull();
      const unknown = await ports.lookupCaller('602 999 888');
      expect(unknown).toMatchObject({ key: '+420602999888', customers: [], unfinished: [] });
    });
  });
}
