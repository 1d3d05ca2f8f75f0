/**
 * The console's geocoder (config `geocoder`): when the open delivery's address has a street but
 * no coordinates, ask in the background and never hold up a keystroke. A match is written into
 * the delivery's address (lat/lon) and comes back as `delivery-saved`, so the card re-quotes by
 * polygon; a refusal comes back as one short `info` line per address text and the quote stays
 * on street ranges (or the zone chosen by hand).
 */
import type { StorePorts } from '../store/ports.js';
import type { Delivery } from '../domain/delivery.js';
import type { DeskEvent } from './events.js';
import { geocode, geocodeQuery, GeocodeCache, type Geocoded } from '../orders/geocoder.js';

export class AddressGeocoder {
  private cache = new GeocodeCache();
  /** Address texts whose refusal the dispatcher has already been told about. */
  private told = new Set<string>();

  constructor(readonly baseUrl: string, private timeoutMs?: number) {}

  /**
   * Look the delivery's address up if it needs coordinates. Returns the pending answer (tests
   * wait on it), or null when there is nothing to ask.
   */
  consider(store: StorePorts, d: Delivery, now: () => number, dispatch: (e: DeskEvent) => void): Promise<Geocoded> | null {
    if (d.kind !== 'delivery' || d.address.lat !== null || d.address.lon !== null) return null;
    const text = geocodeQuery(d.address);
    if (!text) return null;
    const pending = geocode(this.baseUrl, text, { timeoutMs: this.timeoutMs, cache: this.cache });
    void pending.then((r) => this.settle(store, d.id, text, r, now, dispatch)).catch((err: unknown) => {
      dispatch({ type: 'error', text: `geocoder: ${(err as Error).message}` });
    });
    return pending;
  }

  private async settle(store: StorePorts, id: number, text: string, r: Geocoded, now: () => number, dispatch: (e: DeskEvent) => void): Promise<void> {
    const cur = await store.deliveries.get(id);
    // the address changed (or got coordinates) while we asked: that text gets its own answer
    if (!cur || cur.address.lat !== null || geocodeQuery(cur.address) !== text) return;
    if (!r.ok) {
      if (this.told.has(text)) return;
      this.told.add(text);
      return dispatch({ type: 'info', text: `${r.message} — zone by street ranges or by hand (z)` });
    }
    const saved = await store.deliveries.save({ ...cur, address: { ...cur.address, lat: r.lat, lon: r.lon } }, now());
    if (saved.ok) dispatch({ type: 'delivery-saved', delivery: saved.delivery });
  }
}
