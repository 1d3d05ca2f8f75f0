/**
 * A customer's saved addresses as order-taking uses them: the one used last comes first (it is
 * prefilled on a new order), and an address used on an order is remembered as a new row unless
 * the very same one is saved already. A saved address is never changed by an edit to one order.
 */
import type { Db } from './db.js';
import { emptyAddress, type Address } from '../domain/address.js';

export interface AddressRow {
  id: number; city: string; street: string; house: string; building: string; flat: string; entrance: string; floor: string;
  intercom: string; postcode: string; lat: number | null; lon: number | null; courier_note: string;
}
/** An address row as the card shows it (every engine). */
export const toAddress = (r: AddressRow): Address => ({
  ...emptyAddress, city: r.city, street: r.street, house: r.house, building: r.building, flat: r.flat, entrance: r.entrance,
  floor: r.floor, intercom: r.intercom, postcode: r.postcode, lat: r.lat, lon: r.lon, courierNote: r.courier_note,
});

export class SavedAddresses {
  private list; private same; private touch; private insert;

  constructor(private db: Db) {
    this.list = db.prepare<[number, number], AddressRow>('SELECT * FROM addresses WHERE customer_id = ? ORDER BY last_used_at DESC, id DESC LIMIT ?');
    this.same = db.prepare<Record<string, unknown>, { id: number }>(
      `SELECT id FROM addresses WHERE customer_id = @customerId AND city = @city AND street = @street AND house = @house
         AND building = @building AND flat = @flat AND entrance = @entrance AND floor = @floor AND intercom = @intercom
         AND postcode = @postcode AND lat IS @lat AND lon IS @lon AND courier_note = @courierNote LIMIT 1`);
    this.touch = db.prepare('UPDATE addresses SET last_used_at = ? WHERE id = ?');
    this.insert = db.prepare(
      `INSERT INTO addresses (customer_id, city, street, house, building, flat, entrance, floor, intercom, postcode, lat, lon, courier_note, last_used_at)
       VALUES (@customerId, @city, @street, @house, @building, @flat, @entrance, @floor, @intercom, @postcode, @lat, @lon, @courierNote, @now)`);
  }

  /** The customer's addresses, the one used last first. */
  forCustomer(customerId: number, limit = 20): Address[] {
    return this.list.all(customerId, limit).map(toAddress);
  }

  /** The id of a saved address equal to `a` in every field, if the customer has one. */
  sameAs(customerId: number, a: Address): number | null {
    return this.same.get({ customerId, ...a })?.id ?? null;
  }

  /** Save an address as it is (an import): `lastUsed` orders it among the customer's others. */
  add(customerId: number, a: Address, lastUsed: number): void {
    this.insert.run({ customerId, ...a, now: lastUsed });
  }

  /** The address was used on an order now: bump the same saved one, or save it as a new one. */
  remember(customerId: number, a: Address, now = Date.now()): void {
    if (!a.street.trim() && a.lat === null) return;
    const row = { customerId, ...a };
    this.db.transaction(() => {
      const hit = this.same.get(row);
      if (hit) this.touch.run(now, hit.id);
      else this.insert.run({ ...row, now });
    }).immediate();
  }
}
