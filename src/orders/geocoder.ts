/**
 * Coordinates for an address typed without them, from a Nominatim-compatible geocoder
 * (config `geocoder`, e.g. https://nominatim.openstreetmap.org): GET
 * `<base>/search?format=jsonv2&limit=1&q=<street house, postcode city>`. Never throws: a
 * timeout, an HTTP error, bad JSON or no match is a refusal with a sentence for the card, and
 * the desk falls back to street ranges and a zone chosen by hand. Answers are kept per address
 * text in a small in-memory LRU, so a re-render or a re-quote does not ask again.
 */
import type { Address } from '../domain/address.js';
import type { QuoteInput } from './quote.js';

export type GeocodeReason = 'NoMatch' | 'Timeout' | 'BadJson' | 'HttpError' | 'Unreachable';

export type Geocoded =
  | { ok: true; lat: number; lon: number }
  | { ok: false; reason: GeocodeReason; message: string };

export interface GeocodeOptions {
  /** How long to wait for the geocoder (default 3000 ms). */
  timeoutMs?: number;
  /** The fetch to use (default the global one). */
  fetch?: typeof fetch;
  /** The answers kept between calls (default one shared cache per process). */
  cache?: GeocodeCache;
}

export const DEFAULT_GEOCODE_TIMEOUT_MS = 3000;

/** What the geocoder is asked for an address: "street house, postcode city" ('' = nothing to ask). */
export function geocodeQuery(a: Address): string {
  const street = [a.street, a.house].map((s) => s.trim()).filter(Boolean).join(' ');
  if (!street) return '';
  const place = [a.postcode, a.city].map((s) => s.trim()).filter(Boolean).join(' ');
  return place ? `${street}, ${place}` : street;
}

/** A small least-recently-used cache of answers (matches and no-matches; never transient failures). */
export class GeocodeCache {
  private map = new Map<string, Promise<Geocoded>>();
  constructor(readonly size = 200) {}

  get(key: string): Promise<Geocoded> | undefined {
    const v = this.map.get(key);
    if (v) { this.map.delete(key); this.map.set(key, v); }
    return v;
  }

  set(key: string, v: Promise<Geocoded>): void {
    this.map.delete(key);
    this.map.set(key, v);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value as string);
  }

  delete(key: string): void { this.map.delete(key); }
}

const shared = new GeocodeCache();

/** Look `address` (the text of geocodeQuery) up at `baseUrl`. Concurrent asks for one text share one request. */
export function geocode(baseUrl: string, address: string, o: GeocodeOptions = {}): Promise<Geocoded> {
  const cache = o.cache ?? shared;
  const key = `${baseUrl}\n${address.trim().toLowerCase()}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const p = ask(baseUrl, address.trim(), o).then((r) => {
    // a timeout or an outage may pass: ask again next time
    if (!r.ok && r.reason !== 'NoMatch') cache.delete(key);
    return r;
  });
  cache.set(key, p);
  return p;
}

async function ask(baseUrl: string, address: string, o: GeocodeOptions): Promise<Geocoded> {
  if (!address) return { ok: false, reason: 'NoMatch', message: 'geocoder: no street to look up' };
  const timeoutMs = o.timeoutMs ?? DEFAULT_GEOCODE_TIMEOUT_MS;
  const url = `${baseUrl.replace(/\/+$/, '')}/search?format=jsonv2&limit=1&q=${encodeURIComponent(address)}`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await (o.fetch ?? fetch)(url, { headers: { 'User-Agent': 'ringdesk', Accept: 'application/json' }, signal: abort.signal });
    const body = await res.text();
    if (!res.ok) return { ok: false, reason: 'HttpError', message: `geocoder: HTTP ${res.status} for "${address}"` };
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      return { ok: false, reason: 'BadJson', message: `geocoder: the answer for "${address}" is not JSON` };
    }
    return readPlace(data, address);
  } catch (e) {
    if (abort.signal.aborted) return { ok: false, reason: 'Timeout', message: `geocoder: no answer within ${timeoutMs} ms for "${address}"` };
    return { ok: false, reason: 'Unreachable', message: `geocoder: cannot reach ${baseUrl} (${(e as Error).message})` };
  } finally {
    clearTimeout(timer);
  }
}

/** The first place of a jsonv2/json answer: an array of { lat: "50.07", lon: "14.43", ... }. */
function readPlace(data: unknown, address: string): Geocoded {
  if (!Array.isArray(data)) return { ok: false, reason: 'BadJson', message: `geocoder: the answer for "${address}" is not a list of places` };
  if (data.length === 0) return { ok: false, reason: 'NoMatch', message: `geocoder: no match for "${address}"` };
  const first = data[0] as { lat?: unknown; lon?: unknown } | null;
  const lat = Number(first?.lat), lon = Number(first?.lon);
  if (first?.lat === undefined || first?.lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return { ok: false, reason: 'BadJson', message: `geocoder: the place found for "${address}" has no usable lat/lon` };
  }
  return { ok: true, lat, lon };
}

/**
 * Coordinates from the configured geocoder for a delivery address given without --lat/--lon
 * (none configured, a pickup or a zone by hand: nothing is asked). Fills `input.address` on a
 * match; a refusal leaves it to street ranges. Returns the answer, or null when nothing was asked.
 */
export async function geocodeInput(input: QuoteInput, geocoder: string, timeoutMs?: number): Promise<Geocoded | null> {
  const a = input.address;
  if (!geocoder || input.kind !== 'delivery' || input.zone || a.lat !== null) return null;
  const text = geocodeQuery(a);
  if (!text) return null;
  const r = await geocode(geocoder, text, { timeoutMs });
  if (r.ok) { a.lat = r.lat; a.lon = r.lon; }
  return r;
}
