/**
 * Issue 12 from outside, as a dispatcher's shell sees it: `ringdesk` run as a child process on
 * real SQLite files. Outside text never reaches the terminal raw (intake and the output
 * boundary), and bad files, databases and settings give one clear line and a non-zero exit.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = `${ROOT}bin/ringdesk.js`;
const home = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-home-`);
const dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-hostile-`);
const env = { ...process.env, HOME: home, RINGDESK_CONFIG: '', NO_COLOR: '1' };
const HOSTILE = '\x1b]0;pwned\x07\x1b[2J\x9b5m';
/** Anything a terminal would act on, rather than print (line breaks aside). */
const drives = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

beforeAll(() => {
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  expect(fs.existsSync(`${ROOT}dist/cli.js`)).toBe(true);
}, 180_000);
afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

function ringdesk(args: string[], extraEnv: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('outside text cannot drive the terminal', () => {
  it('a CSV-imported name is stripped at intake; lookup shows it plain', () => {
    const db = `${dir}/import.db`;
    fs.writeFileSync(`${dir}/hostile.csv`, `name,phone,note\n"Eva${HOSTILE} Malá",777 100 200,"nut${HOSTILE} allergy"\n`);
    expect(ringdesk(['db', 'import', `${dir}/hostile.csv`, '--db', db])).toMatchObject({ code: 0 });
    const r = ringdesk(['lookup', '777 100 200', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Customer:  Eva Malá');
    expect(r.out).not.toMatch(drives);
  });

  it('what an older version stored raw is stripped again in lookup, zones list, db export and their JSON', () => {
    const db = `${dir}/old.db`;
    const store = Store.open(db, { region: 'CZ', currency: 'CZK' });
    store.customers.create({ name: `Old${HOSTILE} Name`, note: `note${HOSTILE}`, phone: { key: '+420777100300', asTyped: `777 100 300${HOSTILE}` } });
    store.zones.addStreet(`Zone${HOSTILE}`, { city: '', street: `Street${HOSTILE}`, from: 1, to: 9, parity: 'all' }, { outlet: `Kitchen${HOSTILE}`, fee: 0, minOrder: 0, minutes: 30, hours: '' }, true);
    store.close();
    for (const args of [['lookup', '777100300'], ['lookup', '777100300', '--json'], ['zones', 'list'], ['zones', 'list', '--json'], ['db', 'export'], ['pos', 'list']]) {
      const r = ringdesk([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out.replace(/\r\n/g, '\n'), args.join(' ')).not.toMatch(drives);
      expect(r.out.length, args.join(' ')).toBeGreaterThan(10);
    }
  });

  it('zones and menu files nested 100,000 deep: one clear line, exit 1, no stack trace', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    fs.writeFileSync(`${dir}/deep.geojson`, `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":${deep}}}]}`);
    fs.writeFileSync(`${dir}/deep-menu.json`, `{"categories":[{"name":"x","products":[{"name":"p","price":1,"sizes":${deep}}]}]}`);
    for (const [cmd, file] of [['zones', 'deep.geojson'], ['menu', 'deep-menu.json']]) {
      const r = ringdesk([cmd, 'import', `${dir}/${file}`, '--db', `${dir}/deep.db`]);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`ringdesk: ${dir}/${file} rejected, nothing was imported: nests deeper than 64 levels; not a file ringdesk reads\n`);
    }
  });
});
