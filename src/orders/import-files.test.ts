import { describe, expect, it } from 'vitest';
import { checkZonesFile } from './zones-file.js';
import { checkMenuFile } from './menu-file.js';
import { describeProblems } from './file-problems.js';

const ring = [[14.40, 50.07], [14.45, 50.07], [14.45, 50.10], [14.40, 50.10], [14.40, 50.07]];
const feature = (props: Record<string, unknown>, geometry: unknown = { type: 'Polygon', coordinates: [ring] }) =>
  ({ type: 'Feature', properties: { name: 'Centre', outlet: 'Bistro', fee: 4900, minOrder: 30000, minutes: 25, ...props }, geometry });
const fc = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('zones GeoJSON', () => {
  it('accepts Polygons and MultiPolygons with hours and matches outlets without case', () => {
    const r = checkZonesFile(fc(
      feature({ hours: '10:00-22:00', outlet: 'bistro' }),
      feature({ name: 'Two islands' }, { type: 'MultiPolygon', coordinates: [[ring], [ring.map(([x, y]) => [x + 1, y])]] }),
    ), ['Bistro']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((z) => [z.name, z.outlet, z.hours, z.shape.polygons.length])).toEqual([['Centre', 'Bistro', '10:00-22:00', 1], ['Two islands', 'Bistro', '', 2]]);
  });

  it('rejects the whole file with the JSON path and reason of every problem', () => {
    const r = checkZonesFile(fc(
      feature({}),
      feature({ name: 'centre', fee: 49.5, outlet: 'Nowhere' }),
      feature({ name: 'Open', minutes: 0 }, { type: 'Polygon', coordinates: [[[14.4, 50.07], [14.45, 50.07], [14.45, 50.1], [14.4, 50.2]]] }),
      feature({ name: 'Swapped', hours: '10-22' }, { type: 'Polygon', coordinates: [[[50.07, 140.4], [50.1, 14.4], [50.1, 14.5], [50.07, 140.4]]] }),
      { type: 'Feature', properties: { name: 'Point', outlet: 'Bistro', fee: 0, minOrder: 0, minutes: 10 }, geometry: { type: 'Point', coordinates: [14.4, 50] } },
    ), ['Bistro']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path)).toEqual([
      '$.features[1].properties.fee',
      '$.features[1].properties.name',
      '$.features[1].properties.outlet',
      '$.features[2].geometry.coordinates[0][3]',
      '$.features[2].properties.minutes',
      '$.features[3].geometry.coordinates[0][0]',
      '$.features[3].properties.hours',
      '$.features[4].geometry.type',
    ]);
    expect(r.problems[0].reason).toContain('minor units');
    expect(r.problems[2].reason).toContain('no point of sale is named "Nowhere" (known: Bistro)');
    expect(r.problems[3].reason).toContain('must end where it starts');
    expect(r.problems[5].reason).toContain('longitude first');
    expect(describeProblems('zones.geojson', r.problems).split('\n')[0]).toBe('zones.geojson rejected, nothing was imported (8 problems):');
  });

  it('rejects broken JSON with the line and column, and holes outside their polygon', () => {
    const bad = checkZonesFile('{\n  "type": "FeatureCollection",\n  "features": [,]\n}', null);
    expect(bad.ok === false && bad.problems[0].reason).toContain("not valid JSON at line 3, column 16");
    const hole = [[20, 20], [21, 20], [21, 21], [20, 20]];
    const r = checkZonesFile(fc(feature({}, { type: 'Polygon', coordinates: [ring, hole] })), null);
    expect(r.ok === false && r.problems[0]).toEqual({ path: '$.features[0].geometry.coordinates[1]', reason: 'this hole lies outside the outer ring $.features[0].geometry.coordinates[0]' });
    expect(checkZonesFile('{"type":"FeatureCollection","features":[]}', null).ok).toBe(false);
  });
});

describe('menu JSON', () => {
  const menu = (products: unknown[]) => JSON.stringify({ categories: [{ name: 'Pizza', products }] });
  const margherita = {
    code: 'PZ1', name: 'Margherita', price: 16900, sizes: [{ name: '32 cm', price: 16900 }, { name: '45 cm', price: 25900 }],
    modifierGroups: [{ name: 'Crust', min: 1, max: 1, modifiers: [{ name: 'Thin', price: 0 }] }],
  };

  it('accepts categories, products, sizes and modifier groups', () => {
    const r = checkMenuFile(menu([margherita, { name: 'Cola', price: 4500 }]));
    expect(r.ok && r.value.map((p) => [p.name, p.category, p.sizes.length, p.groups.length])).toEqual([['Margherita', 'Pizza', 2, 1], ['Cola', 'Pizza', 0, 0]]);
  });

  it('rejects the whole file with paths: prices, min/max, duplicates', () => {
    const r = checkMenuFile(menu([
      margherita,
      { ...margherita, code: 'PZ2', name: 'margherita' },
      { name: 'Calzone', price: -1, modifierGroups: [{ name: 'Crust', min: 2, max: 1, modifiers: [{ name: 'Thin', price: 0 }] }] },
      { name: 'Quattro', price: 100, modifierGroups: [{ name: 'Cheese', min: 3, max: 4, modifiers: [{ name: 'Brie', price: 0 }, { name: 'Brie', price: 10 }] }] },
      { name: 'Diavola', price: 100, sizes: [{ name: 'XL', price: '200' }] },
    ]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { path: '$.categories[0].products[1].name', reason: '"margherita" is already the name of $.categories[0].products[0]; product names must be unique' },
      { path: '$.categories[0].products[2].price', reason: 'must be a whole, non-negative amount in minor units (4900 for 49.00), got -1' },
      { path: '$.categories[0].products[2].modifierGroups[0].min', reason: 'min (2) is more than max (1)' },
      { path: '$.categories[0].products[3].modifierGroups[0].modifiers[1].name', reason: 'modifier "Brie" appears twice' },
      { path: '$.categories[0].products[4].sizes[0].price', reason: 'must be a whole, non-negative amount in minor units (4900 for 49.00), got "200"' },
    ]);
    expect(checkMenuFile('[]').ok).toBe(false);
  });
});

describe('text from zone and menu files (issue 12: outside text cannot drive the terminal)', () => {
  const hostile = '\x1b]0;pwned\x07\x1b[2J\x9b5m';
  it('every name arrives stripped of escape sequences and control characters; a NUL is refused with its path', () => {
    const zones = checkZonesFile(fc(feature({ name: `Centre${hostile}`, outlet: `Bistro${hostile}`, hours: `10:00-22:00${hostile}` })), ['Bistro']);
    expect(zones.ok && zones.value.map((z) => [z.name, z.outlet, z.hours])).toEqual([['Centre', 'Bistro', '10:00-22:00']]);
    const menu = checkMenuFile(JSON.stringify({ categories: [{ name: `Pizza${hostile}`, products: [
      { name: `Margherita${hostile}`, price: 16900, sizes: [{ name: `32 cm${hostile}`, price: 16900 }], modifierGroups: [{ name: `Crust${hostile}`, min: 0, max: 1, modifiers: [{ name: `Thin${hostile}`, price: 0 }] }] },
    ] }] }));
    expect(menu.ok).toBe(true);
    if (!menu.ok) return;
    const p = menu.value[0];
    expect([p.category, p.name, p.sizes[0].name, p.groups[0].name, p.groups[0].modifiers[0].name]).toEqual(['Pizza', 'Margherita', '32 cm', 'Crust', 'Thin']);
    const nul = checkMenuFile(JSON.stringify({ categories: [{ name: 'Pizza', products: [{ name: 'Marg\0herita', price: 1 }] }] }));
    expect(nul.ok).toBe(false);
    if (!nul.ok) expect(nul.problems.map((x) => x.path)).toEqual(['$.categories[0].products[0].name']);
  });
});
