import { describe, expect, it } from 'vitest';
import { packShape, ringSide, shapeArea, shapeContains, shapeFromCoordinates, unpackShape } from './geometry.js';
import { zoneContaining, type ZoneWithShape } from './zone-check.js';

const square = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];

describe('point in zone', () => {
  const withHole = shapeFromCoordinates([[square(0, 0, 10, 10), square(4, 4, 6, 6)]]);

  it('is inside, outside, and inside again across a hole', () => {
    expect(shapeContains(withHole, 1, 1)).toBe(true);
    expect(shapeContains(withHole, 5, 5)).toBe(false); // in the hole
    expect(shapeContains(withHole, 11, 5)).toBe(false);
    expect(shapeContains(withHole, 5, 3.9)).toBe(true);
  });

  it('counts points on edges and corners as in the zone, outer ring and hole rim alike', () => {
    expect(shapeContains(withHole, 0, 5)).toBe(true); // left edge
    expect(shapeContains(withHole, 10, 10)).toBe(true); // corner
    expect(shapeContains(withHole, 5, 0)).toBe(true); // bottom edge
    expect(shapeContains(withHole, 4, 5)).toBe(true); // rim of the hole
    expect(shapeContains(withHole, 6, 6)).toBe(true); // corner of the hole
    expect(shapeContains(withHole, 10 + 1e-6, 5)).toBe(false); // just beyond the edge
    expect(shapeContains(withHole, 4 + 1e-6, 5)).toBe(false); // just inside the hole
  });

  it('handles slanted edges exactly and concave shapes', () => {
    const tri = shapeFromCoordinates([[[[0, 0], [10, 0], [0, 10], [0, 0]]]]);
    expect(shapeContains(tri, 5, 5)).toBe(true); // on the hypotenuse
    expect(shapeContains(tri, 5.0001, 5)).toBe(false);
    const u = shapeFromCoordinates([[[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]]]);
    expect(shapeContains(u, 1.5, 2)).toBe(false); // in the notch of the U
    expect(shapeContains(u, 0.5, 2)).toBe(true);
    expect(shapeContains(u, 1.5, 1)).toBe(true); // bottom of the notch is an edge
  });

  it('tests every polygon of a MultiPolygon', () => {
    const multi = shapeFromCoordinates([[square(0, 0, 1, 1)], [square(5, 5, 6, 6), square(5.4, 5.4, 5.6, 5.6)]]);
    expect(shapeContains(multi, 0.5, 0.5)).toBe(true);
    expect(shapeContains(multi, 5.2, 5.2)).toBe(true);
    expect(shapeContains(multi, 5.5, 5.5)).toBe(false); // hole of the second polygon
    expect(shapeContains(multi, 3, 3)).toBe(false); // between them, inside the overall bbox
  });

  it('survives packing into bytes for the store', () => {
    const bytes = packShape(withHole);
    const odd = Buffer.alloc(bytes.length + 3);
    bytes.copy(odd, 3);
    const back = unpackShape(odd.subarray(3), withHole.bbox); // unaligned, as a pooled Buffer may be
    expect(shapeContains(back, 5, 5)).toBe(false);
    expect(shapeContains(back, 1, 1)).toBe(true);
    expect(ringSide(back.polygons[0][0], 10, 5)).toBe(0);
  });

  it('prefers the higher priority, then the smaller of overlapping zones', () => {
    const mk = (id: number, shape: ReturnType<typeof shapeFromCoordinates>, priority = 0): ZoneWithShape => ({
      id, name: `z${id}`, posId: 1, outlet: 'A', fee: 0, minOrder: 0, minutes: 30, hours: '', priority, area: shapeArea(shape), shape,
    });
    const big = mk(1, shapeFromCoordinates([[square(0, 0, 10, 10)]]));
    const small = mk(2, shapeFromCoordinates([[square(2, 2, 4, 4)]]));
    expect(zoneContaining([big, small], 3, 3)?.id).toBe(2);
    expect(zoneContaining([big, small], 8, 8)?.id).toBe(1);
    expect(zoneContaining([{ ...big, priority: 5 }, small], 3, 3)?.id).toBe(1);
    expect(shapeArea(withHole)).toBe(96);
  });
});
