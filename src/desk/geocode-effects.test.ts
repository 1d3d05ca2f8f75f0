/**
 * The console's geocoder through the real runner, a real SQLite file with the demo's zones and a
 * real Nominatim-style server on 127.0.0.1 (a free port): the card is quoted at once by street ranges,
 * a match comes back as coordinates on the delivery and the card re-quotes by polygon; no match,
 * a timeout or an HTTP 500 leave the street-range quote with a short message, and nothing crashes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeskRunner } from './runner.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { seed, demoNumbers } from '../demo/seed.js';
import type { Store } from '../store/index.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { startGeocoder, type GeocoderServer, type GeocoderRule } from '../../test/helpers/geocoder-server.js';
import { until } from '../../test/helpers/until.js';

let server: GeocoderServer;
const rules: GeocoderRule[] = [];
const answer = (r: GeocoderRule) => rules.splice(0, rules.length, r);
let t: ReturnType<typeof tempStore>;
let store: Store;
let runner: DeskRunner;

beforeAll(async () => {
  // the answer for Lucie's saved address (Slezská 7) is chosen by each test
  server = await startGeocoder(0, rules);
});
afterAll(() => server.close());
afterEach(() => { runner?.dispose(); t?.cleanup(); });

/** A loaded machine may take longer than 300 ms to answer: only the timeout case waits that little. */
async function open(geocoder: string, timeoutMs = 5000) {
  t = tempStore();
  store = t.store;
  seed(store, { now: NOON });
  const op = store.operators.upsert({ name: 'eva', extension: '101' });
  runner = new DeskRunner({
    store, phone: new ReplayPhone(), operator: { id: op.id, name: 'eva', extension: '101' }, now: () => NOON,
    timezone: 'Europe/Prague', geocoder, geocodeTimeoutMs: timeoutMs,
  });
  await runner.start();
  runner.dispatch({ type: 'phone', event: { type: 'incoming', callId: 'c1', from: demoNumbers.knownCustomer, at: NOON }, lookup: store.lookupCaller(demoNumbers.knownCustomer) });
  runner.dispatch({ type: 'key', key: 'n' });
  runner.dispatch({ type: 'phone', event: { type: 'answered', callId: 'c1', at: NOON } });
  await runner.settled();
  expect(runner.state.delivery?.address.street).toBe('Slezská');
}

describe('console geocoder', () => {
  it('a match fills lat/lon on the delivery and the card re-quotes by polygon; the key never waits', async () => {
    answer({ contains: 'Slezská', place: { lat: '50.0785', lon: '14.4335' } });
    await open(server.url);
    // quoted at once, before the geocoder answers
    expect(runner.state.order.card?.quote.zoneMatch).toBe('street');
    await until(() => runner.state.order.card?.quote.zoneMatch === 'polygon');
    expect(runner.state.order.card?.quote.zone?.name).toBe('Vinohrady');
    expect(runner.state.order.card?.quote.zoneMatch).toBe('polygon');
    const d = store.deliveries.get(runner.state.delivery!.id)!;
    expect([d.address.lat, d.address.lon]).toEqual([50.0785, 14.4335]);
    expect(server.seen.at(-1)).toMatchObject({ q: 'Slezská 7, 120 00 Praha', userAgent: 'ringdesk', format: 'jsonv2' });
  });

  for (const [name, r, text] of [
    ['no match', { contains: 'Slezská', noMatch: true }, 'geocoder: no match for "Slezská 7, 120 00 Praha"'],
    ['a timeout', { contains: 'Slezská', delayMs: 2000 }, 'geocoder: no answer within 300 ms'],
    ['an HTTP 500', { contains: 'Slezská', status: 500 }, 'geocoder: HTTP 500'],
  ] as const) {
    it(`${name}: the card stays on street ranges and says why`, async () => {
      answer(r as GeocoderRule);
      await open(server.url, 'delayMs' in r ? 300 : undefined);
      await until(() => (runner.state.message?.text ?? '').startsWith('geocoder:'));
      expect(runner.state.message?.text).toContain(text);
      expect(runner.state.message?.text).toContain('zone by street ranges');
      expect(runner.state.order.card?.quote.zone?.name).toBe('Vinohrady');
      expect(runner.state.order.card?.quote.zoneMatch).toBe('street');
      expect(store.deliveries.get(runner.state.delivery!.id)!.address.lat).toBeNull();
    });
  }

  it('no geocoder configured: nothing is asked, street ranges as before', async () => {
    const n = server.seen.length;
    await open('');
    await new Promise((r) => setTimeout(r, 100));
    expect(server.seen.length).toBe(n);
    expect(runner.state.order.card?.quote.zoneMatch).toBe('street');
  });
});
