/**
 * A real Nominatim-style geocoder on 127.0.0.1 for tests: GET /search?q=... answers by the first
 * rule whose text the query contains (the list is read per request, so a test may change it) — a place ({lat, lon} as strings, like Nominatim), no match
 * ([]), a slow answer, an HTTP error, or a body that is not JSON. Every request is recorded.
 */
import http from 'node:http';

export type GeocoderRule =
  | { contains: string; place: { lat: string; lon: string } }
  | { contains: string; noMatch: true }
  | { contains: string; delayMs: number }
  | { contains: string; status: number }
  | { contains: string; body: string };

export interface SeenRequest { path: string; q: string; format: string | null; limit: string | null; userAgent: string | undefined }

export interface GeocoderServer { url: string; seen: SeenRequest[]; close: () => Promise<void> }

export function startGeocoder(port: number, rules: GeocoderRule[]): Promise<GeocoderServer> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const q = u.searchParams.get('q') ?? '';
    seen.push({ path: u.pathname, q, format: u.searchParams.get('format'), limit: u.searchParams.get('limit'), userAgent: req.headers['user-agent'] });
    const rule = u.pathname === '/search' ? rules.find((r) => q.includes(r.contains)) : undefined;
    const json = (v: unknown) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify(v)); };
    if (!rule || 'noMatch' in rule) return json([]);
    if ('place' in rule) return json([{ place_id: 1, licence: 'test', osm_type: 'way', lat: rule.place.lat, lon: rule.place.lon, display_name: q, category: 'building', type: 'yes' }]);
    if ('delayMs' in rule) { const t = setTimeout(() => json([]), rule.delayMs); res.on('close', () => clearTimeout(t)); return; }
    if ('status' in rule) { res.writeHead(rule.status, { 'content-type': 'text/plain' }); return res.end('geocoder failed'); }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(rule.body);
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // port 0: the system picks a free one (no clash with a colleague's run)
    server.listen(port, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`, seen,
      close: () => new Promise<void>((done) => { for (const s of sockets) s.destroy(); server.close(() => done()); }),
    }));
  });
}
