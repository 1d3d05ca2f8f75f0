/**
 * The shipped JSON Schemas are the contract (docs/menu.schema.json, docs/zones.schema.json,
 * docs/pos-order.schema.json, docs/pos-inbound.schema.json, docs/callbacks.schema.json — its
 * intake agreement is in src/callbacks/callbacks.test.ts), checked with ajv: every example and
 * fixture file conforms, what ringdesk sends conforms, and the importers agree with the schemas —
 * a file the schema refuses is refused by the importer and the other way round, case by case.
 * (What no JSON Schema can say — unique names, closed rings, known outlets — is listed in each
 * schema's description and tested beside its importer.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { schemaErrors, schemaOf } from '../test/helpers/json-schema.js';
import { checkMenuFile } from './orders/menu-file.js';
import { checkZonesFile } from './orders/zones-file.js';
import { receivePosMessage } from './pos/status-intake.js';
import { orderPayload } from './domain/pos-payload.js';
import { sendOrders, storeWithPos } from '../test/e2e/pos-fake.js';

const ROOT = path.resolve(__dirname, '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const filesIn = (dir: string, ext: RegExp) => fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' }).filter((f) => ext.test(f)).map((f) => path.join(dir, f));

/** The fenced ```json blocks of a doc page. */
function jsonBlocks(doc: string): unknown[] {
  return [...read(doc).matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
}

describe('every example and fixture file conforms to its schema', () => {
  it('the schemas themselves compile (ajv, JSON Schema 2020-12, strict)', () => {
    for (const name of ['menu', 'zones', 'pos-order', 'pos-inbound', 'callbacks'] as const) {
      expect(schemaOf(name).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schemaErrors(name, {})).not.toEqual([]); // compiled, and refuses an empty object
    }
  });

  it('menus: the demo menu, every menu among the fixtures, the example in docs/menu.md', () => {
    const menus = [...filesIn('fixtures', /\.json$/)].filter((f) => 'categories' in (JSON.parse(read(f)) as object));
    expect(menus).toContain(path.join('fixtures', 'data', 'menu-demo.json'));
    for (const f of menus) {
      expect(schemaErrors('menu', JSON.parse(read(f))), f).toEqual([]);
      expect(checkMenuFile(read(f)).ok, f).toBe(true);
    }
    const examples = jsonBlocks('docs/menu.md');
    expect(examples.length).toBeGreaterThan(0);
    for (const e of examples) expect(schemaErrors('menu', e)).toEqual([]);
  });

  it('zones: every GeoJSON among the fixtures', () => {
    const zones = filesIn('fixtures', /\.geojson$/);
    expect(zones).toContain(path.join('fixtures', 'data', 'zones-prague.geojson'));
    for (const f of zones) {
      expect(schemaErrors('zones', JSON.parse(read(f))), f).toEqual([]);
      expect(checkZonesFile(read(f), null).ok, f).toBe(true);
    }
  });

  it("what a POS sends in docs/pos-api.md's examples conforms to pos-inbound", () => {
    const lines = [...read('docs/pos-api.md').matchAll(/```\n([\s\S]*?)```/g)].flatMap((m) => m[1].split('\n'))
      .filter((l) => /^\{"(orderId|type)"/.test(l) && !/"type":"(order|ack|nack)"/.test(l)).map((l) => l.replace(/\}\s+[a-z ]+$/, '}'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const l of lines) expect(schemaErrors('pos-inbound', JSON.parse(l)), l).toEqual([]);
  });
});

// a menu and a zones file that both the schema and the importer accept; each case changes one thing
const menu = () => ({
  categories: [{
    name: 'Pizza',
    products: [{
      code: 'MARG-32', name: 'Margherita', price: 18900, sizes: [{ name: '32 cm', price: 18900 }, { name: '45 cm', price: 26900 }],
      modifierGroups: [{ name: 'Crust', min: 1, max: 1, modifiers: [{ name: 'Classic', price: 0 }, { name: 'Thin', price: 0 }] }],
    }],
  }],
});
const ring = [[14.40, 50.07], [14.45, 50.07], [14.45, 50.10], [14.40, 50.10], [14.40, 50.07]];
const zones = () => ({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { name: 'Centre', outlet: 'Bistro', fee: 4900, minOrder: 30000, minutes: 25, hours: '10:00-22:00' }, geometry: { type: 'Polygon', coordinates: [ring.map((p) => [...p])] } }],
});
type Doc = Record<string, any>;
const x = 'x';

/** [what the case is, the change]; the verdicts of schema and importer are compared. */
const menuCases: [string, (m: Doc) => void][] = [
  ['as it is', () => {}],
  ['no categories', (m) => { delete m.categories; }],
  ['an empty list of categories', (m) => { m.categories = []; }],
  ['a category without products', (m) => { m.categories[0].products = []; }],
  ['a category without a name', (m) => { delete m.categories[0].name; }],
  ['a blank category name', (m) => { m.categories[0].name = '   '; }],
  ['a category name of 100 characters', (m) => { m.categories[0].name = x.repeat(100); }],
  ['a category name of 101 characters', (m) => { m.categories[0].name = x.repeat(101); }],
  ['a product name of 200 characters', (m) => { m.categories[0].products[0].name = x.repeat(200); }],
  ['a product name of 201 characters', (m) => { m.categories[0].products[0].name = x.repeat(201); }],
  ['a product without a price', (m) => { delete m.categories[0].products[0].price; }],
  ['a price in major units (189.5)', (m) => { m.categories[0].products[0].price = 189.5; }],
  ['a negative price', (m) => { m.categories[0].products[0].price = -1; }],
  ['a price as text', (m) => { m.categories[0].products[0].price = '189'; }],
  ['a code of 101 characters', (m) => { m.categories[0].products[0].code = x.repeat(101); }],
  ['sizes not a list', (m) => { m.categories[0].products[0].sizes = { name: '32 cm' }; }],
  ['a size without a price', (m) => { delete m.categories[0].products[0].sizes[1].price; }],
  ['a group with min above 50', (m) => { m.categories[0].products[0].modifierGroups[0].min = 51; }],
  ['a group with max 0', (m) => { m.categories[0].products[0].modifierGroups[0].max = 0; }],
  ['a group without modifiers', (m) => { m.categories[0].products[0].modifierGroups[0].modifiers = []; }],
  ['a group without max', (m) => { delete m.categories[0].products[0].modifierGroups[0].max; }],
  ['a modifier with a fractional price', (m) => { m.categories[0].products[0].modifierGroups[0].modifiers[0].price = 0.5; }],
  ['the root a list', (m) => { Object.assign(m, { categories: [[]] }); }],
];

const zoneCases: [string, (z: Doc) => void][] = [
  ['as it is', () => {}],
  ['a MultiPolygon', (z) => { z.features[0].geometry = { type: 'MultiPolygon', coordinates: [[ring.map((p) => [...p])], [ring.map(([lon, lat]) => [lon + 1, lat])]] }; }],
  ['not a FeatureCollection', (z) => { z.type = 'GeometryCollection'; }],
  ['no features', (z) => { z.features = []; }],
  ['a feature of another type', (z) => { z.features[0].type = 'Zone'; }],
  ['no properties', (z) => { delete z.features[0].properties; }],
  ['no geometry', (z) => { delete z.features[0].geometry; }],
  ['a Point', (z) => { z.features[0].geometry = { type: 'Point', coordinates: [14.4, 50.07] }; }],
  ['a ring of 3 positions', (z) => { z.features[0].geometry.coordinates = [ring.slice(0, 3)]; }],
  ['latitude first (off Earth)', (z) => { z.features[0].geometry.coordinates = [ring.map(([lon, lat]) => [lat * 3, lon])]; }],
  ['a position of text', (z) => { z.features[0].geometry.coordinates[0][1] = ['14.45', '50.07']; }],
  ['a position of one number', (z) => { z.features[0].geometry.coordinates[0][1] = [14.45]; }],
  ['a fee in major units', (z) => { z.features[0].properties.fee = 49.5; }],
  ['a negative minimum order', (z) => { z.features[0].properties.minOrder = -100; }],
  ['no minutes', (z) => { delete z.features[0].properties.minutes; }],
  ['0 minutes', (z) => { z.features[0].properties.minutes = 0; }],
  ['1441 minutes', (z) => { z.features[0].properties.minutes = 1441; }],
  ['a blank name', (z) => { z.features[0].properties.name = ' '; }],
  ['a name of 101 characters', (z) => { z.features[0].properties.name = x.repeat(101); }],
  ['no outlet', (z) => { delete z.features[0].properties.outlet; }],
  ['two ranges of hours', (z) => { z.features[0].properties.hours = '11:00-14:00, 17:00-23:00'; }],
  ['hours null (always)', (z) => { z.features[0].properties.hours = null; }],
  ['hours "10-22"', (z) => { z.features[0].properties.hours = '10-22'; }],
  ['hours as a number', (z) => { z.features[0].properties.hours = 10; }],
  ['priority 5', (z) => { z.features[0].properties.priority = 5; }],
  ['priority 1001', (z) => { z.features[0].properties.priority = 1001; }],
  ['a colour from a map editor', (z) => { z.features[0].properties.fill = '#ff0000'; }],
];

describe('the importers agree with the schemas', () => {
  it.each(menuCases)('menu: %s', (_what, change) => {
    const m = menu();
    change(m);
    const schema = schemaErrors('menu', m);
    const importer = checkMenuFile(JSON.stringify(m));
    expect({ schema: schema.length === 0, importer: importer.ok }, schema.join('; ') || (importer.ok ? '' : importer.problems.map((p) => `${p.path}: ${p.reason}`).join('; ')))
      .toEqual({ schema: importer.ok, importer: importer.ok });
  });

  it.each(zoneCases)('zones: %s', (_what, change) => {
    const z = zones();
    change(z);
    const schema = schemaErrors('zones', z);
    const importer = checkZonesFile(JSON.stringify(z), null);
    expect({ schema: schema.length === 0, importer: importer.ok }, schema.join('; ') || (importer.ok ? '' : importer.problems.map((p) => `${p.path}: ${p.reason}`).join('; ')))
      .toEqual({ schema: importer.ok, importer: importer.ok });
  });

  it('the cases cover both verdicts', () => {
    const verdicts = (cases: [string, (d: Doc) => void][], base: () => Doc, check: (t: string) => boolean) =>
      new Set(cases.map(([, change]) => { const d = base(); change(d); return check(JSON.stringify(d)); }));
    expect(verdicts(menuCases, menu, (t) => checkMenuFile(t).ok)).toEqual(new Set([true, false]));
    expect(verdicts(zoneCases, zones, (t) => checkZonesFile(t, null).ok)).toEqual(new Set([true, false]));
  });
});

describe('the POS contract', () => {
  const { store, posId, dir } = storeWithPos('http://127.0.0.1:9/orders', 'contract-token-0001');
  afterAll(() => { store.close(); fs.rmSync(dir, { recursive: true, force: true }); });
  const [sent] = sendOrders(store, posId, 1);
  const orderId = `ringdesk-delivery-${sent.id}`;

  it('the order ringdesk sends conforms to pos-order', () => {
    expect(schemaErrors('pos-order', orderPayload(store.deliveries.get(sent.id)!, 'CZK'))).toEqual([]);
  });

  // status reports: refused by the schema = answered 400 by the intake, and the other way round
  const reports: [string, unknown][] = [
    ['accepted', { orderId, status: 'accepted' }],
    ['"On the way" with a driver', { orderId, status: 'On the way', driver: { name: 'Karel', phone: '+420 731 222 333' } }],
    ['on_the_way', { orderId, status: 'on_the_way' }],
    ['" cooking " with spaces', { orderId, status: ' cooking ' }],
    ['canceled with a reason', { orderId, status: 'canceled', reason: 'customer called' }],
    ['type status, an event id', { type: 'status', eventId: 'e-1', orderId, status: 'delivered' }],
    ['an unknown status', { orderId, status: 'eaten' }],
    ['on--the-way', { orderId, status: 'on--the-way' }],
    ['no status', { orderId }],
    ['no orderId', { status: 'cooking' }],
    ['an orderId of another form', { orderId: `order-${sent.id}`, status: 'cooking' }],
    ['an orderId as a number', { orderId: sent.id, status: 'cooking' }],
    ['a driver without a name', { orderId, status: 'on-the-way', driver: { phone: '+420731222333' } }],
    ['a driver with a blank name', { orderId, status: 'on-the-way', driver: { name: '  ' } }],
    ['a driver phone as a number', { orderId, status: 'on-the-way', driver: { name: 'Karel', phone: 731222333 } }],
    ['a driver null', { orderId, status: 'cooking', driver: null }],
    ['a reason as a number', { orderId, status: 'cancelled', reason: 42 }],
    ['an unknown type', { type: 'hello', orderId, status: 'cooking' }],
    ['a list', [orderId, 'cooking']],
    ['a stop-list update', { type: 'stop-list', product: 'Margherita', stopped: true }],
    ['a stop-list update without stopped', { type: 'stop-list', product: 'Margherita' }],
    ['a stop-list update with a blank product', { type: 'stop-list', product: '', stopped: true }],
  ];
  it.each(reports)('a status report: %s', async (_what, message) => {
    const schema = schemaErrors('pos-inbound', message);
    const reply = await receivePosMessage(store.ports, posId, message);
    expect({ schema: schema.length === 0, intake: reply.code !== 400 }, `${schema.join('; ')} / ${JSON.stringify(reply.body)}`).toEqual({ schema: reply.code !== 400, intake: reply.code !== 400 });
  });
});
