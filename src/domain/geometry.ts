/**
 * Zone shapes and the exact point-in-zone test. A shape is a list of polygons (a GeoJSON
 * Polygon is one, a MultiPolygon several); each polygon is an outer ring and its holes; a
 * ring is a flat Float64Array [lon0, lat0, lon1, lat1, ...] without the closing repeat.
 *
 * Boundary rule: a point on any edge of a zone (its outer ring or the rim of a hole) is IN
 * the zone, within EDGE_TOLERANCE degrees (about 0.1 mm), so an address on a street that
 * forms the border is served rather than refused.
 */

export type Ring = Float64Array;
export type Polygon = Ring[];
export interface BBox { minLon: number; minLat: number; maxLon: number; maxLat: number }
export interface Shape { polygons: Polygon[]; bbox: BBox }

export const EDGE_TOLERANCE = 1e-9;

/** -1 outside, 0 on the ring's boundary, 1 inside (even-odd rule). */
export function ringSide(ring: Ring, lon: number, lat: number): -1 | 0 | 1 {
  const n = ring.length;
  let inside = false;
  let xj = ring[n - 2], yj = ring[n - 1];
  for (let k = 0; k < n; k += 2) {
    const xi = ring[k], yi = ring[k + 1];
    // on the segment (j -> i)? cheap bbox test first, then the distance to the line
    if (lat >= (yi < yj ? yi : yj) - EDGE_TOLERANCE && lat <= (yi > yj ? yi : yj) + EDGE_TOLERANCE &&
        lon >= (xi < xj ? xi : xj) - EDGE_TOLERANCE && lon <= (xi > xj ? xi : xj) + EDGE_TOLERANCE) {
      const dx = xj - xi, dy = yj - yi;
      const len = Math.sqrt(dx * dx + dy * dy);
      const cross = dx * (lat - yi) - dy * (lon - xi);
      if (len === 0 ? Math.abs(lon - xi) + Math.abs(lat - yi) <= EDGE_TOLERANCE : Math.abs(cross) <= EDGE_TOLERANCE * len) return 0;
    }
    if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    xj = xi; yj = yi;
  }
  return inside ? 1 : -1;
}

/** Whether a point is in a polygon with holes; edges (outer and holes) count as inside. */
export function polygonContains(p: Polygon, lon: number, lat: number): boolean {
  const outer = ringSide(p[0], lon, lat);
  if (outer < 0) return false;
  if (outer === 0) return true;
  for (let h = 1; h < p.length; h++) {
    const side = ringSide(p[h], lon, lat);
    if (side === 0) return true;
    if (side > 0) return false;
  }
  return true;
}

export function bboxContains(b: BBox, lon: number, lat: number): boolean {
  return lon >= b.minLon - EDGE_TOLERANCE && lon <= b.maxLon + EDGE_TOLERANCE && lat >= b.minLat - EDGE_TOLERANCE && lat <= b.maxLat + EDGE_TOLERANCE;
}

/** Exact test of a point against a whole zone shape (any of its polygons). */
export function shapeContains(s: Shape, lon: number, lat: number): boolean {
  if (!bboxContains(s.bbox, lon, lat)) return false;
  for (const p of s.polygons) if (polygonContains(p, lon, lat)) return true;
  return false;
}

/** Build a shape from GeoJSON-style coordinates (rings of [lon, lat], closing repeat optional). */
export function shapeFromCoordinates(polygons: number[][][][]): Shape {
  const bbox: BBox = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  const out: Polygon[] = polygons.map((rings) => rings.map((ring) => {
    let n = ring.length;
    if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n--;
    const flat = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const [lon, lat] = ring[i];
      flat[2 * i] = lon; flat[2 * i + 1] = lat;
      if (lon < bbox.minLon) bbox.minLon = lon;
      if (lon > bbox.maxLon) bbox.maxLon = lon;
      if (lat < bbox.minLat) bbox.minLat = lat;
      if (lat > bbox.maxLat) bbox.maxLat = lat;
    }
    return flat;
  }));
  return { polygons: out, bbox };
}

/** Signed planar area of a ring in square degrees (positive = counter-clockwise). */
export function ringArea(ring: Ring): number {
  let a = 0;
  const n = ring.length;
  for (let k = 0, j = n - 2; k < n; j = k, k += 2) a += ring[j] * ring[k + 1] - ring[k] * ring[j + 1];
  return a / 2;
}

/** Area of a shape (outer rings minus holes), in square degrees: used to prefer the smaller of overlapping zones. */
export function shapeArea(s: Shape): number {
  let a = 0;
  for (const p of s.polygons) p.forEach((r, i) => { a += (i === 0 ? 1 : -1) * Math.abs(ringArea(r)); });
  return a;
}

/**
 * Pack a shape into bytes for the store: Float64 [polygons, (rings, (points, coords...)...)...].
 * Unpacking makes views over the same memory, so a lookup parses nothing.
 */
export function packShape(s: Shape): Buffer {
  let len = 1;
  for (const p of s.polygons) { len += 1; for (const r of p) len += 1 + r.length; }
  const f = new Float64Array(len);
  let o = 0;
  f[o++] = s.polygons.length;
  for (const p of s.polygons) {
    f[o++] = p.length;
    for (const r of p) { f[o++] = r.length / 2; f.set(r, o); o += r.length; }
  }
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

export function unpackShape(bytes: Uint8Array, bbox: BBox): Shape {
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : Uint8Array.prototype.slice.call(bytes);
  const f = new Float64Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 8);
  let o = 0;
  const polygons: Polygon[] = [];
  const np = f[o++];
  for (let i = 0; i < np; i++) {
    const nr = f[o++];
    const rings: Ring[] = [];
    for (let j = 0; j < nr; j++) {
      const n = f[o++] * 2;
      rings.push(f.subarray(o, o + n));
      o += n;
    }
    polygons.push(rings);
  }
  return { polygons, bbox };
}
