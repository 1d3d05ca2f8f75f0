/**
 * Delivery zones: polygons (bounding boxes in an R*Tree, shapes packed for the exact test)
 * and street/house ranges for addresses without coordinates.
 */
import type { Db } from './db.js';
import { StoreError } from './db.js';
import { packShape, unpackShape } from '../domain/geometry.js';
import { rangeCovers, streetKey, houseNumber, zoneContaining, type Zone, type ZoneWithShape, type StreetRange } from '../domain/zone-check.js';
import type { ZoneDefinition } from '../domain/zone-check.js';

interface ZoneRow {
  id: number; name: string; pos_id: number | null; outlet: string | null; fee: number; min_order: number; minutes: number;
  hours: string; priority: number; area: number;
}
interface ShapeRow extends ZoneRow { shape: Buffer | null; min_lon: number; min_lat: number; max_lon: number; max_lat: number }

const COLS = `z.id, z.name, z.pos_id, p.name AS outlet, z.fee, z.min_order, z.minutes, z.hours, z.priority, z.area`;

export interface ZoneListing extends Zone { polygons: number; streets: number }
export interface StreetRangeInput { city: string; street: string; from: number; to: number; parity: 'all' | 'odd' | 'even' }
export interface ZoneTermsInput { outlet: string; fee: number; minOrder: number; minutes: number; hours: string }

export class Zones {
  private candidates; private byNameStmt; private byIdStmt; private listStmt; private upsert; private box; private unbox; private anyStmt;
  private streetsByKey; private insertStreet; private posByName; private insertPos;

  constructor(private db: Db) {
    this.candidates = db.prepare<[number, number, number, number], ShapeRow>(
      `SELECT ${COLS}, z.shape, z.min_lon, z.min_lat, z.max_lon, z.max_lat
       FROM zone_boxes b JOIN zones z ON z.id = b.id LEFT JOIN points_of_sale p ON p.id = z.pos_id
       WHERE b.min_lon <= ? AND b.max_lon >= ? AND b.min_lat <= ? AND b.max_lat >= ?`);
    this.byNameStmt = db.prepare<[string], ZoneRow>(`SELECT ${COLS} FROM zones z LEFT JOIN points_of_sale p ON p.id = z.pos_id WHERE z.name = ? COLLATE NOCASE`);
    this.anyStmt = db.prepare('SELECT 1 FROM zones LIMIT 1');
    this.byIdStmt = db.prepare<[number], ZoneRow>(`SELECT ${COLS} FROM zones z LEFT JOIN points_of_sale p ON p.id = z.pos_id WHERE z.id = ?`);
    this.listStmt = db.prepare<[], ZoneRow & { has_shape: number; streets: number }>(
      `SELECT ${COLS}, z.shape IS NOT NULL AS has_shape, (SELECT count(*) FROM zone_streets s WHERE s.zone_id = z.id) AS streets
       FROM zones z LEFT JOIN points_of_sale p ON p.id = z.pos_id ORDER BY z.name`);
    this.upsert = db.prepare<Record<string, unknown>, { id: number }>(
      `INSERT INTO zones (name, pos_id, fee, min_order, minutes, hours, priority, area, geometry, shape, min_lat, min_lon, max_lat, max_lon)
       VALUES (@name, @posId, @fee, @minOrder, @minutes, @hours, @priority, @area, @geometry, @shape, @minLat, @minLon, @maxLat, @maxLon)
       ON CONFLICT(name) DO UPDATE SET pos_id=excluded.pos_id, fee=excluded.fee, min_order=excluded.min_order,
         minutes=excluded.minutes, hours=excluded.hours, priority=excluded.priority,
         area=CASE WHEN excluded.shape IS NULL THEN zones.area ELSE excluded.area END,
         geometry=CASE WHEN excluded.shape IS NULL THEN zones.geometry ELSE excluded.geometry END,
         shape=COALESCE(excluded.shape, zones.shape),
         min_lat=COALESCE(excluded.min_lat, zones.min_lat), min_lon=COALESCE(excluded.min_lon, zones.min_lon),
         max_lat=COALESCE(excluded.max_lat, zones.max_lat), max_lon=COALESCE(excluded.max_lon, zones.max_lon)
       RETURNING id`);
    this.box = db.prepare('INSERT OR REPLACE INTO zone_boxes (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)');
    this.unbox = db.prepare('DELETE FROM zone_boxes WHERE id = ?');
    this.streetsByKey = db.prepare<[string], { zone_id: number; city_key: string; house_from: number; house_to: number; parity: 'all' | 'odd' | 'even' }>(
      'SELECT zone_id, city_key, house_from, house_to, parity FROM zone_streets WHERE street_key = ? ORDER BY id');
    this.insertStreet = db.prepare(
      `INSERT INTO zone_streets (zone_id, city, street, house_from, house_to, parity, city_key, street_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.posByName = db.prepare<[string], { id: number; name: string }>('SELECT id, name FROM points_of_sale WHERE name = ? COLLATE NOCASE');
    this.insertPos = db.prepare<[string], { id: number }>('INSERT INTO points_of_sale (name) VALUES (?) RETURNING id');
  }

  /** The zone whose polygon holds the point (bounding boxes from the R*Tree, then the exact test). */
  atPoint(lat: number, lon: number): Zone | null {
    const rows = this.candidates.all(lon, lon, lat, lat);
    if (rows.length === 0) return null;
    const withShapes: ZoneWithShape[] = [];
    for (const r of rows) {
      if (!r.shape) continue;
      withShapes.push({ ...toZone(r), shape: unpackShape(r.shape, { minLon: r.min_lon, minLat: r.min_lat, maxLon: r.max_lon, maxLat: r.max_lat }) });
    }
    const z = zoneContaining(withShapes, lon, lat);
    if (!z) return null;
    const { shape: _shape, ...zone } = z;
    return zone;
  }

  /** The zone whose street ranges cover the address (first defined wins). */
  forStreet(city: string, street: string, house: string): Zone | null {
    const key = streetKey(street);
    if (!key) return null;
    const cityKey = streetKey(city);
    const n = houseNumber(house);
    for (const r of this.streetsByKey.all(key)) {
      const range: StreetRange = { zoneId: r.zone_id, cityKey: r.city_key, from: r.house_from, to: r.house_to, parity: r.parity };
      if (rangeCovers(range, cityKey, n)) return this.byId(r.zone_id);
    }
    return null;
  }

  /** Whether any zone is defined (a desk without zones takes orders without zone checks). */
  any(): boolean {
    return this.anyStmt.get() !== undefined;
  }

  byName(name: string): Zone | null {
    const r = this.byNameStmt.get(name.trim());
    return r ? toZone(r) : null;
  }

  byId(id: number): Zone | null {
    const r = this.byIdStmt.get(id);
    return r ? toZone(r) : null;
  }

  list(): ZoneListing[] {
    return this.listStmt.all().map((r) => ({ ...toZone(r), polygons: r.has_shape, streets: r.streets }));
  }

  /**
   * Write checked zone definitions in one transaction: zones are matched by name and updated,
   * new ones added. Outlets must exist unless `createOutlets`.
   */
  importZones(defs: ZoneDefinition[], opts: { createOutlets: boolean }): { added: number; updated: number; outletsCreated: string[] } {
    return this.db.transaction(() => {
      let added = 0, updated = 0;
      const outletsCreated: string[] = [];
      for (const d of defs) {
        const posId = this.outletId(d.outlet, opts.createOutlets, outletsCreated);
        const existed = this.byNameStmt.get(d.name) !== undefined;
        const b = d.shape.bbox;
        const geometry = JSON.stringify({ type: 'MultiPolygon', coordinates: d.shape.polygons.map((p) => p.map((r) => ringCoordinates(r))) });
        const { id } = this.upsert.get({
          name: d.name, posId, fee: d.fee, minOrder: d.minOrder, minutes: d.minutes, hours: d.hours, priority: d.priority,
          area: d.area, geometry, shape: packShape(d.shape), minLat: b.minLat, minLon: b.minLon, maxLat: b.maxLat, maxLon: b.maxLon,
        })!;
        this.unbox.run(id);
        this.box.run(id, b.minLon, b.maxLon, b.minLat, b.maxLat);
        if (existed) updated++; else added++;
      }
      return { added, updated, outletsCreated };
    }).immediate();
  }

  /**
   * Add a street/house range to a zone. A zone that does not exist yet is created from `terms`
   * (street-only zone); without terms that is an error naming what to give.
   */
  addStreet(zoneName: string, range: StreetRangeInput, terms: ZoneTermsInput | null, createOutlets = false): Zone {
    return this.db.transaction(() => {
      let zone = this.byName(zoneName);
      if (!zone) {
        if (!terms) throw new StoreError(`there is no zone "${zoneName}"; to create it give --outlet, --fee, --min-order and --minutes`);
        const posId = this.outletId(terms.outlet, createOutlets, []);
        const { id } = this.upsert.get({
          name: zoneName.trim(), posId, fee: terms.fee, minOrder: terms.minOrder, minutes: terms.minutes, hours: terms.hours, priority: 0,
          area: 0, geometry: '', shape: null, minLat: null, minLon: null, maxLat: null, maxLon: null,
        })!;
        zone = this.byId(id)!;
      }
      this.insertStreet.run(zone.id, range.city.trim(), range.street.trim(), range.from, range.to, range.parity, streetKey(range.city), streetKey(range.street));
      return zone;
    }).immediate();
  }

  private outletId(name: string, create: boolean, created: string[]): number {
    const found = this.posByName.get(name.trim());
    if (found) return found.id;
    if (!create) throw new StoreError(`no point of sale is named "${name}"`);
    created.push(name.trim());
    return this.insertPos.get(name.trim())!.id;
  }
}

function ringCoordinates(r: Float64Array): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < r.length; i += 2) out.push([r[i], r[i + 1]]);
  if (out.length) out.push(out[0]);
  return out;
}

function toZone(r: ZoneRow): Zone {
  return {
    id: r.id, name: r.name, posId: r.pos_id, outlet: r.outlet ?? '', fee: r.fee, minOrder: r.min_order, minutes: r.minutes,
    hours: r.hours, priority: r.priority, area: r.area,
  };
}
