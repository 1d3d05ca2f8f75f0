/**
 * `ringdesk quote --address ...` as a real child process on a real SQLite file with the demo's
 * zones, RINGDESK_GEOCODER pointing at a real Nominatim-style server on 127.0.0.1:18192: a match
 * places the address by polygon; no match and an HTTP 500 fall back to street ranges with the
 * reason printed; --lat/--lon given asks nothing.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { seed } from '../../src/demo/seed.js';
import { startGeocoder, type GeocoderServer } from '../helpers/geocoder-server.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = `${ROOT}bin/ringdesk.js`;
const home = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-home-`);
const dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-quote-geo-`);
const NOW = ['--now', '2026-11-23T11:00:00Z'];
let server: GeocoderServer;

beforeAll(async () => {
  // the bundle the CLI runs; once more if a file being saved in the shared tree broke the first try
  let built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
  const store = Store.open(`${dir}/d.db`, { region: 'CZ', currency: 'CZK' });
  seed(store, { now: Date.parse('2026-11-23T11:00:00Z') });
  store.close();
  server = await startGeocoder(18192, [
    { contains: 'Pernerova', place: { lat: '50.093', lon: '14.45' } },
    { contains: 'Korunní', noMatch: true },
    { contains: 'Mánesova', status: 500 },
  ]);
}, 240_000);
afterAll(async () => {
  await server?.close();
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The CLI as a child process; asynchronous, so this process's geocoder can answer it. */
function ringdesk(geocoder: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = { ...process.env, HOME: home, RINGDESK_CONFIG: '', RINGDESK_TIMEZONE: 'Europe/Prague', RINGDESK_CURRENCY: 'CZK', RINGDESK_GEOCODER: geocoder, NO_COLOR: '1' };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'quote', ...args, ...NOW, '--db', `${dir}/d.db`], { env, encoding: 'utf8', timeout: 30_000 }, (err, out, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, out, err: stderr });
    });
  });
}

describe('ringdesk quote with a geocoder', () => {
  it('a match: the zone whose polygon holds the geocoded point', async () => {
    const r = await ringdesk(server.url, '--address', 'Pernerova 10, Praha', '--item', 'Lasagne:3', '--pay', 'card', '--json');
    expect(r.err).toBe('');
    const q = JSON.parse(r.out);
    expect(q.zone).toMatchObject({ name: 'Karlín', matchedBy: 'polygon' });
    expect(q.geocoder).toEqual({ lat: 50.093, lon: 14.45 });
    expect(server.seen.at(-1)).toMatchObject({ path: '/search', q: 'Pernerova 10, Praha', format: 'jsonv2', limit: '1', userAgent: 'ringdesk' });
  });

  it('no match and an HTTP 500: street ranges, with the reason on the output', async () => {
    const none = await ringdesk(server.url, '--address', 'Korunní 5, Praha', '--item', 'Lasagne:3', '--pay', 'card');
    expect(none.code).toBe(0);
    expect(none.out).toContain('geocoder: no match for "Korunní 5, Praha" — zone by street ranges');
    expect(none.out).toContain('zone Vinohrady (street)');
    const failed = await ringdesk(server.url, '--address', 'Mánesova 3, Praha', '--item', 'Lasagne:3', '--pay', 'card', '--json');
    const q = JSON.parse(failed.out);
    expect(q.zone).toMatchObject({ name: 'Vinohrady', matchedBy: 'street' });
    expect(q.geocoder).toMatchObject({ reason: 'HttpError' });
  });

  it('asks nothing with --lat/--lon or without a geocoder; out of every zone is still refused', async () => {
    const n = server.seen.length;
    const given = await ringdesk(server.url, '--address', 'Pernerova 10, Praha', '--lat', '50.0785', '--lon', '14.4335', '--item', 'Lasagne:3', '--json');
    expect(JSON.parse(given.out).zone).toMatchObject({ name: 'Vinohrady', matchedBy: 'polygon' });
    const none = await ringdesk('', '--address', 'Pernerova 10, Praha', '--item', 'Lasagne:3');
    expect(none.code).toBe(3);
    expect(none.out).toContain('REFUSED OutOfZone');
    expect(none.out).not.toContain('geocoder');
    expect(server.seen.length).toBe(n);
  });
});
