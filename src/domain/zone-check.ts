/**
 * Which zone serves an address, and whether the zone takes this order: the reason codes a
 * dispatcher sees (OutOfZone, BelowMinimum, OutsideHours), each with a sentence.
 */
import { formatMoney } from './money.js';
import { shapeContains, type Shape } from './geometry.js';
import { parseHours, withinHours } from './hours.js';
import { formatClock, minuteOfDay } from './local-time.js';

/** A zone as the store keeps it (minor units, minutes). */
export interface ZoneDefinition {
  name: string;
  outlet: string;
  fee: number;
  minOrder: number;
  minutes: number;
  hours: string;
  priority: number;
  shape: Shape;
  area: number;
}

/** A zone's delivery terms as the card shows them: the stored definition without its shape, with its ids. */
export interface Zone extends Omit<ZoneDefinition, 'shape'> {
  id: number;
  posId: number | null;
}

export interface ZoneWithShape extends Zone { shape: Shape }

/** How the zone was found. */
export type ZoneMatch = 'polygon' | 'street' | 'manual';

export type ZoneRefusalCode = 'OutOfZone' | 'BelowMinimum' | 'OutsideHours';
export interface ZoneRefusal { code: ZoneRefusalCode; message: string }

/**
 * The zone containing a point among bounding-box candidates: exact test, then the highest
 * priority, then the smallest area (the more specific zone), then the lowest id.
 */
export function zoneContaining<T extends ZoneWithShape>(candidates: T[], lon: number, lat: number): T | null {
  let best: T | null = null;
  for (const z of candidates) {
    if (!shapeContains(z.shape, lon, lat)) continue;
    if (!best || z.priority > best.priority || (z.priority === best.priority && (z.area < best.area || (z.area === best.area && z.id < best.id)))) best = z;
  }
  return best;
}

/** Street names compared without case, accents, dots or the words "street"/"ulice". */
export function streetKey(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[.,'’"-]/g, ' ').replace(/\b(ulice|ul|street|st|trida)\b/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The house number that street ranges use: "12", "12a" -> 12; Czech "1234/56" -> 56 (the
 * number on the street side, číslo orientační). Null when there is none.
 */
export function houseNumber(text: string): number | null {
  const t = text.trim();
  const slash = t.match(/^\d+\s*\/\s*(\d+)/);
  if (slash) return Number(slash[1]);
  const m = t.match(/^(\d+)/);
  return m ? Number(m[1]) : null;
}

export interface StreetRange { zoneId: number; cityKey: string; from: number; to: number; parity: 'all' | 'odd' | 'even' }

/** Whether a street range (already matched by street key) covers this city and house. */
export function rangeCovers(r: StreetRange, cityKey: string, house: number | null): boolean {
  if (r.cityKey && cityKey && r.cityKey !== cityKey) return false;
  if (house === null) return r.from <= 0 && r.parity === 'all';
  if (house < r.from || house > r.to) return false;
  return r.parity === 'all' || (r.parity === 'odd') === (house % 2 === 1);
}

/** Refusals for an order in a zone (none = accepted). `promisedAt` is checked against the hours. */
export function zoneRefusals(zone: Zone | null, subtotal: number, promisedAt: number | null, tz: string, currency: string): ZoneRefusal[] {
  if (!zone) return [{ code: 'OutOfZone', message: 'This address is in no delivery zone: offer pickup, or override with a zone chosen by hand.' }];
  const out: ZoneRefusal[] = [];
  if (subtotal < zone.minOrder) {
    out.push({
      code: 'BelowMinimum',
      message: `Below the zone's minimum of ${formatMoney(zone.minOrder, currency)} by ${formatMoney(zone.minOrder - subtotal, currency)}: zone ${zone.name}, the order is ${formatMoney(subtotal, currency)}.`,
    });
  }
  if (promisedAt !== null && zone.hours) {
    const h = parseHours(zone.hours);
    if (h.ok && !withinHours(h.hours, minuteOfDay(promisedAt, tz))) {
      out.push({ code: 'OutsideHours', message: `Zone ${zone.name} delivers ${zone.hours}; ${formatClock(promisedAt, tz)} is outside those hours: schedule the order for a time within them.` });
    }
  }
  return out;
}
