/**
 * The demo's order-taking data: the two outlets' preparation minutes, delivery zones around
 * Prague (fixtures/data/zones-prague.geojson: polygons, a MultiPolygon, a zone with a hole),
 * street ranges for the seeded addresses that have no coordinates, the menu with sizes and
 * modifier groups (fixtures/data/menu-demo.json, same codes as the seeded products) and one
 * stop-listed product. Goes through the same checks as `zones import` / `menu import`.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Store } from '../store/index.js';
import { checkZonesFile } from '../orders/zones-file.js';
import { checkMenuFile } from '../orders/menu-file.js';
import { describeProblems } from '../orders/file-problems.js';

/** fixtures/data, from src/orders or dist/orders alike. */
export const demoDataDir = fileURLToPath(new URL('../../fixtures/data/', import.meta.url));
export const demoZonesFile = `${demoDataDir}zones-prague.geojson`;
export const demoMenuFile = `${demoDataDir}menu-demo.json`;

export const demoOutlets = [
  { name: 'Pizzeria Vinohrady', code: 'V', preparationMinutes: 20 },
  { name: 'Pizzeria Karlín', code: 'K', preparationMinutes: 25 },
] as const;

/** Streets of the seeded addresses (no coordinates) and the zone that serves them. */
export const demoStreets: { zone: string; street: string; from?: number; to?: number; parity?: 'all' | 'odd' | 'even' }[] = [
  ...['Vinohradská', 'Korunní', 'Slezská', 'Mánesova', 'Belgická', 'Francouzská', 'Italská', 'Londýnská', 'Jugoslávská', 'Budečská', 'Polská', 'Římská']
    .map((street) => ({ zone: 'Vinohrady', street })),
  { zone: 'Karlín', street: 'Sokolovská', from: 1, to: 200 },
  { zone: 'Karlín', street: 'Křižíkova' },
];

export const demoStopped = 'Truffle pizza';

/**
 * Install the demo's zones, menu, outlets' minutes and stop-list into `store`. Idempotent: zones
 * and products are matched by name/code, street ranges are added once. `_rng` keeps the seed's
 * calling convention; this data is fixed so that fixtures stay stable.
 */
export function seedOrders(store: Store, _rng?: () => number, now = Date.now()): { zones: number; products: number } {
  for (const o of demoOutlets) {
    const res = store.pointsOfSale.byName(o.name)
      ? store.pointsOfSale.set(o.name, { code: o.code, preparationMinutes: o.preparationMinutes })
      : store.pointsOfSale.add(o.name, { code: o.code, preparationMinutes: o.preparationMinutes });
    if (!res.ok) throw new Error(`demo outlet ${o.name}: ${res.reason}`);
  }
  const zones = checkZonesFile(fs.readFileSync(demoZonesFile, 'utf8'), null);
  if (!zones.ok) throw new Error(describeProblems(demoZonesFile, zones.problems));
  store.zones.importZones(zones.value, { createOutlets: false });
  const withStreets = new Set(store.zones.list().filter((z) => z.streets > 0).map((z) => z.name));
  for (const s of demoStreets) {
    if (withStreets.has(s.zone)) continue;
    store.zones.addStreet(s.zone, { city: 'Praha', street: s.street, from: s.from ?? 0, to: s.to ?? 1_000_000, parity: s.parity ?? 'all' }, null);
  }
  const menu = checkMenuFile(fs.readFileSync(demoMenuFile, 'utf8'));
  if (!menu.ok) throw new Error(describeProblems(demoMenuFile, menu.problems));
  store.menu.importMenu(menu.value);
  const stopped = store.menu.find(demoStopped);
  if (stopped.kind === 'one') store.menu.stop(stopped.product.id, null, now);
  return { zones: zones.value.length, products: menu.value.length };
}
