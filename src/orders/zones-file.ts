/**
 * `ringdesk zones import` input: a GeoJSON FeatureCollection of Polygon / MultiPolygon features
 * whose properties are name, outlet, fee, minOrder, minutes, and optionally hours and priority
 * (docs/zones.md). The whole file is checked before anything is written; any problem rejects it
 * with the JSON path and the reason.
 */
import type { ZoneDefinition } from '../domain/zone-check.js';
import { isObject, parseJsonText, ProblemList, show, type Checked } from './file-problems.js';
import { parseHours } from '../domain/hours.js';
import { ringSide, shapeArea, shapeFromCoordinates, type Shape } from '../domain/geometry.js';

export const MAX_ZONE_FEATURES = 20_000;
export const MAX_RING_POINTS = 100_000;

/** Check a zones file. `outlets` are the point-of-sale names that exist (case-insensitive); null = any. */
export function checkZonesFile(text: string, outlets: string[] | null): Checked<ZoneDefinition[]> {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  const p = new ProblemList();
  if (!isObject(root) || root.type !== 'FeatureCollection') {
    p.add('$.type', `must be "FeatureCollection", got ${show(isObject(root) ? root.type : root)}`);
    return { ok: false, problems: p.problems };
  }
  const features = root.features;
  if (!Array.isArray(features) || features.length === 0) {
    p.add('$.features', `must be a non-empty list of zone features, got ${show(features)}`);
    return { ok: false, problems: p.problems };
  }
  if (features.length > MAX_ZONE_FEATURES) p.add('$.features', `has ${features.length} features; at most ${MAX_ZONE_FEATURES} are accepted`);
  const known = outlets ? new Map(outlets.map((o) => [o.toLowerCase(), o])) : null;
  const names = new Map<string, number>();
  const zones: ZoneDefinition[] = [];
  features.forEach((f, i) => {
    const at = `$.features[${i}]`;
    if (!isObject(f) || f.type !== 'Feature') { p.add(`${at}.type`, `must be "Feature", got ${show(isObject(f) ? f.type : f)}`); return; }
    const polygons = checkGeometry(f.geometry, `${at}.geometry`, p);
    const props = f.properties;
    if (!isObject(props)) { p.add(`${at}.properties`, `must be an object with name, outlet, fee, minOrder and minutes, got ${show(props)}`); return; }
    const pp = `${at}.properties`;
    const good = [
      p.text(props.name, `${pp}.name`),
      p.text(props.outlet, `${pp}.outlet`),
      p.minor(props.fee, `${pp}.fee`),
      p.minor(props.minOrder, `${pp}.minOrder`),
      p.count(props.minutes, `${pp}.minutes`, 1, 1440),
      p.count(props.priority, `${pp}.priority`, -1000, 1000, false),
    ].every(Boolean);
    let hours = '';
    if (props.hours !== undefined && props.hours !== null) {
      const h = typeof props.hours === 'string' ? parseHours(props.hours) : { ok: false as const, reason: `must be text like "10:00-22:00", got ${show(props.hours)}` };
      if (!h.ok) p.add(`${pp}.hours`, h.reason); else hours = (props.hours as string).trim();
    }
    if (typeof props.name === 'string' && props.name.trim()) {
      const key = props.name.trim().toLowerCase();
      const first = names.get(key);
      if (first !== undefined) p.add(`${pp}.name`, `"${props.name}" is already the name of $.features[${first}]; zone names must be unique`);
      else names.set(key, i);
    }
    let outlet = typeof props.outlet === 'string' ? props.outlet.trim() : '';
    if (known && outlet) {
      const found = known.get(outlet.toLowerCase());
      if (!found) p.add(`${pp}.outlet`, `no point of sale is named "${outlet}" (known: ${[...known.values()].join(', ') || 'none'}); add it first or import with --create-outlets`);
      else outlet = found;
    }
    if (!good || !polygons) return;
    const shape = shapeFromCoordinates(polygons);
    zones.push({
      name: (props.name as string).trim(), outlet, fee: props.fee as number, minOrder: props.minOrder as number,
      minutes: props.minutes as number, hours, priority: (props.priority as number | undefined) ?? 0, shape, area: shapeArea(shape),
    });
  });
  if (p.problems.length) return { ok: false, problems: p.problems };
  return { ok: true, value: zones };
}

function checkGeometry(g: unknown, at: string, p: ProblemList): number[][][][] | null {
  if (!isObject(g)) { p.add(at, `must be a Polygon or MultiPolygon geometry, got ${show(g)}`); return null; }
  if (g.type === 'Polygon') {
    const poly = checkPolygon(g.coordinates, `${at}.coordinates`, p);
    return poly ? [poly] : null;
  }
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) { p.add(`${at}.coordinates`, `must be a non-empty list of polygons, got ${show(g.coordinates)}`); return null; }
    const polys = g.coordinates.map((c, i) => checkPolygon(c, `${at}.coordinates[${i}]`, p));
    return polys.every(Boolean) ? (polys as number[][][][]) : null;
  }
  p.add(`${at}.type`, `must be "Polygon" or "MultiPolygon", got ${show(g.type)}`);
  return null;
}

function checkPolygon(c: unknown, at: string, p: ProblemList): number[][][] | null {
  if (!Array.isArray(c) || c.length === 0) { p.add(at, `must be a list of rings (outer ring first, then holes), got ${show(c)}`); return null; }
  const rings = c.map((r, i) => checkRing(r, `${at}[${i}]`, p));
  if (!rings.every(Boolean)) return null;
  const outer = shapeFromCoordinates([[rings[0]!]]).polygons[0][0];
  for (let h = 1; h < rings.length; h++) {
    const [lon, lat] = rings[h]![0];
    if (ringSide(outer, lon, lat) < 0) { p.add(`${at}[${h}]`, `this hole lies outside the outer ring ${at}[0]`); return null; }
  }
  return rings as number[][][];
}

function checkRing(r: unknown, at: string, p: ProblemList): number[][] | null {
  if (!Array.isArray(r) || r.length < 4) { p.add(at, `a ring needs at least 4 positions (3 corners and the first repeated), got ${Array.isArray(r) ? r.length : show(r)}`); return null; }
  if (r.length > MAX_RING_POINTS) { p.add(at, `has ${r.length} positions; at most ${MAX_RING_POINTS} are accepted`); return null; }
  for (let i = 0; i < r.length; i++) {
    const pos = r[i];
    if (!Array.isArray(pos) || pos.length < 2 || typeof pos[0] !== 'number' || typeof pos[1] !== 'number' || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
      p.add(`${at}[${i}]`, `must be a position [longitude, latitude], got ${show(pos)}`); return null;
    }
    if (pos[0] < -180 || pos[0] > 180 || pos[1] < -90 || pos[1] > 90) {
      p.add(`${at}[${i}]`, `[${pos[0]}, ${pos[1]}] is not [longitude, latitude] on Earth (longitude -180..180, latitude -90..90; GeoJSON puts longitude first)`); return null;
    }
  }
  const first = r[0] as number[], last = r[r.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) { p.add(`${at}[${r.length - 1}]`, `a ring must end where it starts (${show(first)}), got ${show(last)}`); return null; }
  const shape = shapeFromCoordinates([[r as number[][]]]);
  if (shapeArea(shape) === 0) { p.add(at, 'this ring encloses no area (all positions on one line)'); return null; }
  return r as number[][];
}
