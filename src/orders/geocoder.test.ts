/**
 * The geocoder against a real Nominatim-style HTTP server on 127.0.0.1:18190, and the quote it
 * feeds (`ringdesk quote`'s path) on a real SQLite file with the demo's zones: a match places the
 * address by polygon; no match, a timeout, an HTTP 500 or bad JSON fall back to street ranges.
 */
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { geocode, geocodeInput, geocodeQuery, GeocodeCache } from './geocoder.js';
import { parseAddressLine } from './address-line.js';
import { quote, type QuoteInput } from './quote.js';
import { seed } from '../demo/seed.js';
import { startGeocoder, type GeocoderServer } from '../../test/helpers/geocoder-server.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

const settings = { timezone: 'Europe/Prague', currency: 'CZK' };
let server: GeocoderServer;

beforeAll(async () => {
  server = await startGeocoder(18190, [
    { contains: 'Pernerova', place: { lat: '50.0930000', lon: '14.4500000' } },
    { contains: 'Nowhere', noMatch: true },
    { contains: 'Korunní', noMatch: true },
    { contains: 'Slow', delayMs: 2000 },
    { contains: 'Slezská', delayMs: 2000 },
    { contains: 'Broken', status: 500 },
    { contains: 'Mánesova', status: 500 },
    { contains: 'Garbage', body: '<html>not json' },
    { contains: 'Odd', body: '[{"lat":"north","lon":"14.4"}]' },
  ]);
});
afterAll(() => server.close());

describe('geocode', () => {
  it('asks /search with format=jsonv2, limit=1, "street house, postcode city" and a ringdesk User-Agent; reads string lat/lon', async () => {
    const q = geocodeQuery(parseAddressLine('Pernerova 10, flat 3, Praha, 186 00'));
    expect(q).toBe('Pernerova 10, 186 00 Praha');
    const r = await geocode(server.url + '/', q, { cache: new GeocodeCache() });
    expect(r).toEqual({ ok: true, lat: 50.093, lon: 14.45 });
    const req = server.seen.at(-1)!;
    expect(req).toMatchObject({ path: '/search', q: 'Pernerova 10, 186 00 Praha', format: 'jsonv2', limit: '1', userAgent: 'ringdesk' });
  });

  it('refuses with a reason and a sentence, never throws: no match, timeout, HTTP 500, not JSON, no lat/lon, nobody listening', async () => {
    const cache = new GeocodeCache();
    expect(await geocode(server.url, 'Nowhere 1, Praha', { cache })).toEqual({ ok: false, reason: 'NoMatch', message: 'geocoder: no match for "Nowhere 1, Praha"' });
    const t0 = Date.now();
    const slow = await geocode(server.url, 'Slow 1', { cache, timeoutMs: 300 });
    expect(slow).toMatchObject({ ok: false, reason: 'Timeout', message: 'geocoder: no answer within 300 ms for "Slow 1"' });
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(await geocode(server.url, 'Broken 1', { cache })).toMatchObject({ ok: false, reason: 'HttpError', message: 'geocoder: HTTP 500 for "Broken 1"' });
    expect(await geocode(server.url, 'Garbage 1', { cache })).toMatchObject({ ok: false, reason: 'BadJson' });
    expect(await geocode(server.url, 'Odd 1', { cache })).toMatchObject({ ok: false, reason: 'BadJson' });
    expect(await geocode('http://127.0.0.1:18199', 'Pernerova 10', { cache })).toMatchObject({ ok: false, reason: 'Unreachable' });
  });

  it('keeps matches and no-matches per address text (one request), asks again after a transient failure', async () => {
    const cache = new GeocodeCache(2);
    const count = (q: string) => server.seen.filter((s) => s.q === q).length;
    const before = count('Pernerova 12');
    await Promise.all([geocode(server.url, 'Pernerova 12', { cache }), geocode(server.url, 'pernerova 12 ', { cache })]);
    await geocode(server.url, 'Pernerova 12', { cache });
    expect(count('Pernerova 12') - before).toBe(1);
    const broken = count('Broken 2');
    await geocode(server.url, 'Broken 2', { cache });
    await geocode(server.url, 'Broken 2', { cache });
    expect(count('Broken 2') - broken).toBe(2);
    // least recently used goes first once the cache is full
    await geocode(server.url, 'Nowhere 2', { cache });
    await geocode(server.url, 'Nowhere 3', { cache });
    await geocode(server.url, 'Pernerova 12', { cache });
    expect(count('Pernerova 12') - before).toBe(2);
  });
});

describe('the quote with a geocoder (ringdesk quote\'s path)', () => {
  let t: ReturnType<typeof tempStore>;
  beforeEach(() => { t = tempStore(); seed(t.store, { now: NOON }); });
  afterEach(() => t.cleanup());
  const input = (address: string): QuoteInput => ({
    kind: 'delivery', address: parseAddressLine(address), items: [{ spec: { product: 'Lasagne', size: null, modifiers: [], quantity: 3 } }],
    payment: { kind: 'card', cashTendered: null }, when: { kind: 'asap' }, now: NOON,
  });

  it('a match places the address in the zone whose polygon holds it', async () => {
    const i = input('Pernerova 10, Praha');
    expect((await quote(t.store.ports, i, settings)).zone).toBeNull(); // no street range for Pernerova
    const r = await geocodeInput(i, server.url);
    expect(r).toEqual({ ok: true, lat: 50.093, lon: 14.45 });
    const q = await quote(t.store.ports, i, settings);
    expect(q.zone?.name).toBe('Karlín');
    expect(q.zoneMatch).toBe('polygon');
  });

  it('no match, a timeout and an HTTP 500 fall back to street ranges, with the reason', async () => {
    for (const [address, reason] of [['Korunní 5, Praha', 'NoMatch'], ['Slezská 7, Praha', 'Timeout'], ['Mánesova 3, Praha', 'HttpError']] as const) {
      const i = input(address);
      const r = await geocodeInput(i, server.url, 300);
      expect(r).toMatchObject({ ok: false, reason });
      expect(i.address.lat).toBeNull();
      const q = await quote(t.store.ports, i, settings);
      expect(q.zone?.name).toBe('Vinohrady');
      expect(q.zoneMatch).toBe('street');
    }
  });

  it('asks nothing without a geocoder, with coordinates given, for a pickup or a zone chosen by hand', async () => {
    const n = server.seen.length;
    expect(await geocodeInput(input('Pernerova 10, Praha'), '')).toBeNull();
    expect(await geocodeInput({ ...input('Pernerova 10'), address: { ...parseAddressLine('Pernerova 10'), lat: 50, lon: 14 } }, server.url)).toBeNull();
    expect(await geocodeInput({ ...input('Pernerova 10'), kind: 'pickup' }, server.url)).toBeNull();
    expect(await geocodeInput({ ...input('Pernerova 10'), zone: 'Karlín' }, server.url)).toBeNull();
    expect(server.seen.length).toBe(n);
  });
});
