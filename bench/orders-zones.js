#!/usr/bin/env node
/**
 * Zone lookup and full-quote benchmark: 1,000 generated delivery zones around Prague (realistic
 * irregular outlines of 50-500 vertices, overlapping neighbours, some with holes, some
 * MultiPolygons; same seed, same shapes) imported through `zones import`'s checks into a real
 * SQLite file, then random points looked up (R*Tree bounding boxes + exact point-in-polygon) and
 * full quotes (zone + lines with sizes/modifiers + promised time + change) timed one by one.
 * Targets: lookup p99 <= 0.2 ms, quote p99 <= 1 ms. Prints JSON.
 *
 *   npx tsc -p tsconfig.json && node bench/orders-zones.js [--zones 1000] [--lookups 20000] [--customers 0]
 */
import fs from 'node:fs';
import os from 'node:os';
import { Store } from '../dist/store/index.js';
import { seed, prng } from '../dist/demo/seed.js';
import { checkZonesFile } from '../dist/orders/zones-file.js';
import { quote } from '../dist/orders/quote.js';
import { parseItemSpec } from '../dist/domain/pricing.js';
import { emptyAddress } from '../dist/domain/address.js';
import { numberArg } from './lib.js';

const ZONES = numberArg('zones', 1000);
const LOOKUPS = numberArg('lookups', 20000);
const CUSTOMERS = numberArg('customers', 0);
const REGION = { minLon: 13.8, maxLon: 15.2, minLat: 49.6, maxLat: 50.5 };

/** A star-shaped (hence simple) wobbly ring: radius is a sum of a few random harmonics. */
function ring(rnd, cx, cy, rx, ry, n) {
  const harmonics = Array.from({ length: 4 }, (_, k) => ({ k: 2 + Math.floor(rnd() * 9), amp: (0.18 / (k + 1)) * rnd(), phase: rnd() * 6.283 }));
  const pts = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const r = 1 + harmonics.reduce((s, h) => s + h.amp * Math.sin(h.k * a + h.phase), 0) + 0.01 * (rnd() - 0.5);
    pts.push([+(cx + rx * r * Math.cos(a)).toFixed(6), +(cy + ry * r * Math.sin(a)).toFixed(6)]);
  }
  pts.push(pts[0]);
  return pts;
}

function generateZones(count, rnd, outlets) {
  const cols = Math.ceil(Math.sqrt(count * 1.6)), rows = Math.ceil(count / cols);
  const w = (REGION.maxLon - REGION.minLon) / cols, h = (REGION.maxLat - REGION.minLat) / rows;
  const features = [];
  let vertices = 0;
  for (let i = 0; i < count; i++) {
    const cx = REGION.minLon + (i % cols + 0.5) * w, cy = REGION.minLat + (Math.floor(i / cols) + 0.5) * h;
    const n = 50 + Math.floor(rnd() * 451);
    const outer = ring(rnd, cx, cy, w * 0.62, h * 0.62, n);
    const polygon = [outer];
    if (i % 10 === 3) polygon.push(ring(rnd, cx, cy, w * 0.12, h * 0.12, 24).reverse()); // a park, a river island
    vertices += n + (polygon[1] ? 24 : 0);
    const geometry = i % 25 === 7
      ? { type: 'MultiPolygon', coordinates: [polygon, [ring(rnd, cx + w * 0.45, cy + h * 0.45, w * 0.1, h * 0.1, 50)]] }
      : { type: 'Polygon', coordinates: polygon };
    features.push({
      type: 'Feature', geometry,
      properties: {
        name: `Zone ${String(i + 1).padStart(4, '0')}`, outlet: outlets[i % outlets.length], fee: 2900 + 1000 * (i % 5),
        minOrder: 20000 + 5000 * (i % 4), minutes: 20 + (i % 30), ...(i % 3 === 0 ? { hours: '00:00-24:00' } : {}),
      },
    });
  }
  return { text: JSON.stringify({ type: 'FeatureCollection', features }), vertices };
}

function stats(samples) {
  const s = Float64Array.from(samples).sort();
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  const ms = (ns) => +(ns / 1e6).toFixed(4);
  return { n: s.length, p50Ms: ms(at(0.5)), p90Ms: ms(at(0.9)), p99Ms: ms(at(0.99)), maxMs: ms(s[s.length - 1]), meanMs: ms(s.reduce((a, b) => a + b, 0) / s.length) };
}

const dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-bench-zones-`);
const store = Store.open(`${dir}/bench.db`, { region: 'CZ', currency: 'CZK' });
try {
  const rnd = prng(7);
  let t = process.hrtime.bigint();
  seed(store, { customers: CUSTOMERS, seed: 7 }); // demo outlets, menu with modifiers, demo zones
  const seedMs = Number(process.hrtime.bigint() - t) / 1e6;
  const outlets = store.pointsOfSale.list().map((p) => p.name);

  const { text, vertices } = generateZones(ZONES, rnd, outlets);
  t = process.hrtime.bigint();
  const checked = checkZonesFile(text, outlets);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems.slice(0, 3)));
  const checkMs = Number(process.hrtime.bigint() - t) / 1e6;
  t = process.hrtime.bigint();
  store.zones.importZones(checked.value, { createOutlets: false });
  const importMs = Number(process.hrtime.bigint() - t) / 1e6;

  const points = Array.from({ length: LOOKUPS }, () => [
    REGION.minLat - 0.05 + rnd() * (REGION.maxLat - REGION.minLat + 0.1),
    REGION.minLon - 0.05 + rnd() * (REGION.maxLon - REGION.minLon + 0.1),
  ]);
  for (let i = 0; i < 2000; i++) store.zones.atPoint(...points[i % points.length]); // warm-up
  const lookup = [];
  let found = 0;
  for (const [lat, lon] of points) {
    const s = process.hrtime.bigint();
    const z = store.zones.atPoint(lat, lon);
    lookup.push(Number(process.hrtime.bigint() - s));
    if (z) found++;
  }

  const items = ['Margherita pizza/45 cm+Thin+Olives+Ham:2', 'Coca-Cola 0.5 l:2', 'Chips+Garlic mayo'].map((s) => ({ spec: parseItemSpec(s).spec }));
  const settings = { timezone: 'Europe/Prague', currency: 'CZK' };
  // through the store's ports, as the console's card and `ringdesk quote` ask (one settled Promise per read on SQLite)
  const quoteOne = (lat, lon) => quote(store.ports, {
    kind: 'delivery', address: { ...emptyAddress, street: 'Bench', house: '1', lat, lon }, items,
    payment: { kind: 'cash', cashTendered: 200000 }, when: { kind: 'asap' }, now: Date.now(),
  }, settings);
  const inZone = points.filter(([lat, lon]) => lat > REGION.minLat && lat < REGION.maxLat && lon > REGION.minLon && lon < REGION.maxLon).slice(0, 5000);
  for (let i = 0; i < 500; i++) await quoteOne(...inZone[i % inZone.length]);
  const quotes = [];
  let accepted = 0;
  for (const [lat, lon] of inZone) {
    const s = process.hrtime.bigint();
    const q = await quoteOne(lat, lon);
    quotes.push(Number(process.hrtime.bigint() - s));
    if (q.zone) accepted++;
  }

  const lookupStats = stats(lookup), quoteStats = stats(quotes);
  console.log(JSON.stringify({
    bench: 'orders-zones',
    zones: store.zones.list().length,
    generatedZones: ZONES,
    vertices,
    customers: CUSTOMERS,
    seedMs: Math.round(seedMs),
    checkFileMs: Math.round(checkMs),
    importMs: Math.round(importMs),
    lookup: { ...lookupStats, inAZone: found, targetP99Ms: 0.2, pass: lookupStats.p99Ms <= 0.2 },
    quote: { ...quoteStats, withZone: accepted, targetP99Ms: 1, pass: quoteStats.p99Ms <= 1 },
    node: process.version,
  }, null, 2));
} finally {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
