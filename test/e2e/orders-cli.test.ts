/**
 * The order-taking commands as real child processes on a real SQLite file: zones and menu
 * imports (bad files rejected whole, with paths), stop-list, busy delay, and `quote` end to end.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = `${ROOT}bin/ringdesk.js`;
const home = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-home-`);
const dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-orders-cli-`);
const env = { ...process.env, HOME: home, RINGDESK_CONFIG: '', RINGDESK_TIMEZONE: 'Europe/Prague', RINGDESK_CURRENCY: 'CZK', NO_COLOR: '1' };
const db = ['--db', `${dir}/d.db`];
const NOW = ['--now', '2025-06-02T10:00:00Z'];

beforeAll(() => {
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  expect(fs.existsSync(`${ROOT}dist/commands/quote.js`)).toBe(true);
}, 180_000);
afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

function ringdesk(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('ringdesk zones / menu / busy / quote', () => {
  it('rejects a bad zones file whole, naming the path and the reason; nothing is imported', () => {
    const good = JSON.parse(fs.readFileSync(`${ROOT}fixtures/data/zones-prague.geojson`, 'utf8'));
    good.features[2].properties.fee = '69';
    fs.writeFileSync(`${dir}/bad.geojson`, JSON.stringify(good));
    const r = ringdesk('zones', 'import', `${dir}/bad.geojson`, '--create-outlets', ...db);
    expect(r.code).toBe(1);
    expect(r.err).toContain('rejected, nothing was imported (1 problem)');
    expect(r.err).toContain('$.features[2].properties.fee: must be a whole, non-negative amount in minor units');
    expect(ringdesk('zones', 'list', '--json', ...db).out.trim()).toBe('[]');
    const unknownOutlet = ringdesk('zones', 'import', `${ROOT}fixtures/data/zones-prague.geojson`, ...db);
    expect(unknownOutlet.code).toBe(1);
    expect(unknownOutlet.err).toContain('$.features[0].properties.outlet: no point of sale is named "Pizzeria Vinohrady"');
  });

  it('imports zones (creating outlets), street ranges and the menu', () => {
    const z = ringdesk('zones', 'import', `${ROOT}fixtures/data/zones-prague.geojson`, '--create-outlets', ...db);
    expect(z).toMatchObject({ code: 0 });
    expect(z.out).toContain('4 zone(s) added, 0 updated; points of sale added: Pizzeria Vinohrady, Pizzeria Karlín');
    expect(ringdesk('zones', 'add-street', 'Vinohrady', '--street', 'Slezská', '--city', 'Praha', '--from', '1', '--to', '99', '--parity', 'odd', ...db).code).toBe(0);
    const missing = ringdesk('zones', 'add-street', 'Smíchov', '--street', 'Nádražní', ...db);
    expect(missing.err).toContain('there is no zone "Smíchov"; to create it give --outlet, --fee, --min-order and --minutes');
    expect(ringdesk('zones', 'add-street', 'Smíchov', '--street', 'Nádražní', '--outlet', 'Pizzeria Karlín', '--fee', '79', '--min-order', '400', '--minutes', '40', ...db).code).toBe(0);
    const list = ringdesk('zones', 'list', ...db).out;
    expect(list).toMatch(/Smíchov\s+Pizzeria Karlín\s+fee 79.00 CZK\s+min 400.00 CZK\s+40 min\s+always\s+1 street range/);

    const badMenu = ringdesk('menu', 'import', `${dir}/nope.json`, ...db);
    expect(badMenu.err).toContain('cannot read');
    fs.writeFileSync(`${dir}/menu-bad.json`, '{"categories":[{"name":"pizza","products":[{"name":"X","price":100,"modifierGroups":[{"name":"G","min":1,"max":1,"modifiers":[]}]}]}]}');
    const bad = ringdesk('menu', 'import', `${dir}/menu-bad.json`, ...db);
    expect(bad.err).toContain('$.categories[0].products[0].modifierGroups[0].modifiers: a modifier group needs at least one modifier');
    const m = ringdesk('menu', 'import', `${ROOT}fixtures/data/menu-demo.json`, ...db);
    expect(m.out).toContain('16 product(s) added, 0 updated, 0 retired');
  });

  it('stops and unstops products, everywhere or per outlet', () => {
    expect(ringdesk('menu', 'stop', 'truffle', ...db).out).toContain('Truffle pizza is now on the stop-list everywhere');
    expect(ringdesk('menu', 'stop', 'Tiramisu', '--outlet', 'pizzeria karlín', ...db).out).toContain('at Pizzeria Karlín');
    expect(ringdesk('menu', 'stop', 'pizza', ...db).err).toContain('could be');
    const list = ringdesk('menu', 'stop-list', '--json', ...db);
    expect(JSON.parse(list.out).map((s: { product: string; outlet: string }) => `${s.product}@${s.outlet}`)).toEqual(['Tiramisu@Pizzeria Karlín', 'Truffle pizza@']);
    expect(ringdesk('menu', 'unstop', 'Tiramisu', ...db).err).toContain('was not on the stop-list for every outlet');
    // sold out at one outlet is sold out there only: not in another outlet's menu, named in the whole menu
    const line = (out: string, name: string) => out.split('\n').find((l) => l.includes(name)) ?? '';
    expect(line(ringdesk('menu', 'list', '--outlet', 'Pizzeria Vinohrady', ...db).out, 'Tiramisu')).toMatch(/^ {5}Tiramisu/);
    expect(line(ringdesk('menu', 'list', '--outlet', 'Pizzeria Karlín', ...db).out, 'Tiramisu')).toMatch(/^STOP Tiramisu/);
    const whole = ringdesk('menu', 'list', ...db).out;
    expect(line(whole, 'Tiramisu')).toMatch(/^ {5}Tiramisu.*\(sold out at Pizzeria Karlín\)$/);
    expect(line(whole, 'Truffle pizza')).toMatch(/^STOP Truffle pizza/);
    // never "back on sale" where it is still sold out
    expect(ringdesk('menu', 'stop', 'Truffle pizza', '--outlet', 'Pizzeria Karlín', ...db).out).toContain('on the stop-list at Pizzeria Karlín (it is sold out everywhere too)');
    expect(ringdesk('menu', 'unstop', 'Truffle pizza', '--outlet', 'Pizzeria Karlín', ...db).out).toContain('no longer stopped at Pizzeria Karlín, but it is still sold out everywhere');
    expect(ringdesk('menu', 'stop', 'Tiramisu', ...db).code).toBe(0);
    expect(ringdesk('menu', 'unstop', 'Tiramisu', ...db).out).toContain('Tiramisu is back on sale everywhere except Pizzeria Karlín');
    expect(JSON.parse(ringdesk('menu', 'unstop', 'Tiramisu', '--outlet', 'Pizzeria Karlín', '--json', ...db).out)).toMatchObject({ stoppedEverywhere: false, stoppedAt: [] });
  });

  it('quotes an order end to end: zone, outlet, subtotal, fee, total, change, promised time', () => {
    const r = ringdesk('quote', '--address', 'Vinohradská 12, Praha', '--lat', '50.0785', '--lon', '14.4335',
      '--item', 'Margherita pizza/45 cm+Thin+Olives:2', '--item', 'P14', '--pay', 'cash:1000', '--json', ...NOW, ...db);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const q = JSON.parse(r.out);
    expect(q).toMatchObject({
      ok: true, zone: { name: 'Vinohrady', matchedBy: 'polygon', fee: 4900 }, outlet: { name: 'Pizzeria Vinohrady' },
      subtotal: 67700, fee: 4900, total: 72600, payment: { kind: 'cash', cashTendered: 100000, change: 27400 },
      asap: true, promisedAt: '2025-06-02T12:45:00+02:00', refusals: [],
    });
    const text = ringdesk('quote', '--address', 'Slezská 7, Praha', '--item', 'Lasagne:2', '--pay', 'card', ...NOW, ...db);
    expect(text.out).toContain('zone Vinohrady (street), outlet Pizzeria Vinohrady');
    expect(text.out).toContain('total 487.00 CZK');
  });

  it('moves the busy delay and the quote follows', () => {
    expect(ringdesk('busy', 'Pizzeria Vinohrady', '+15', ...db).out).toContain('busy +15 min (was +0)');
    expect(ringdesk('busy', 'Pizzeria Vinohrady', '-5', ...db).out).toContain('busy +10 min');
    const q = JSON.parse(ringdesk('quote', '--address', 'Slezská 7', '--item', 'Lasagne:2', '--json', ...NOW, ...db).out);
    expect(q.promisedAt).toBe('2025-06-02T12:55:00+02:00');
    expect(ringdesk('busy', 'Pizzeria Vinohrady', '0', ...db).out).toContain('busy +0 min');
    expect(ringdesk('busy', 'Pizzeria Vinohrady', 'soon', ...db).err).toContain('is not a change of minutes');
    expect(ringdesk('busy', 'Nowhere', '+5', ...db).err).toContain('there is no point of sale "Nowhere"');
  });

  it('prints refusals with their codes and exits 3; bad arguments exit 1 with a message', () => {
    const out = ringdesk('quote', '--address', 'Náměstí 1, Beroun', '--lat', '49.96', '--lon', '14.07', '--item', 'Lasagne', ...NOW, ...db);
    expect(out.code).toBe(3);
    expect(out.out).toContain('REFUSED OutOfZone: This address is in no delivery zone');
    const stopped = ringdesk('quote', '--address', 'Slezská 7', '--item', 'Truffle pizza+Thin', '--json', ...NOW, ...db);
    expect(JSON.parse(stopped.out).refusals[0].code).toBe('ItemStopped');
    const override = ringdesk('quote', '--address', 'Náměstí 1, Beroun', '--lat', '49.96', '--lon', '14.07', '--item', 'Lasagne:2', '--zone', 'Karlín', '--override', ...NOW, ...db);
    expect(override.code).toBe(0);
    const scheduled = JSON.parse(ringdesk('quote', '--address', 'Slezská 7', '--item', 'Lasagne:2', '--at', '2025-06-03 19:30', '--json', ...NOW, ...db).out);
    expect([scheduled.asap, scheduled.promisedAt]).toEqual([false, '2025-06-03T19:30:00+02:00']);
    expect(ringdesk('quote', '--address', 'Slezská 7', '--item', 'Lasagne', '--pay', 'bitcoin', ...db)).toMatchObject({ code: 1 });
    expect(ringdesk('quote', '--address', 'Slezská 7', '--item', 'Lasagne', '--at', '2025-03-30 02:30', ...db).err).toContain('clocks jump forward to 03:00');
    expect(ringdesk('quote', '--lat', '50', '--item', 'Lasagne', ...db).err).toContain('give both --lat and --lon');
  });
});
