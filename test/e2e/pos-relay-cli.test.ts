/**
 * `ringdesk pos …` and `ringdesk relay` as real child processes: settings with masked tokens,
 * kill -9 of the relay between send and acknowledgement, the authenticated status callback,
 * a clean stop on SIGTERM/SIGINT, and one relay per box (issue 19): the relay service killed
 * with kill -9 mid-shift, a console (its standby, src/pos/relay-standby.ts, on its own
 * connection) takes over and hands back when the service returns; each order created once.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { startRelay } from '../../src/pos/relay.js';
import { relayWhenNoneAlive, type RelayStandby } from '../../src/pos/relay-standby.js';
import { FakeHttpPos, sendOrders, storeWithPos, waitFor } from './pos-fake.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = `${ROOT}bin/ringdesk.js`;
const TOKEN = 'kitchen-cli-token-5c2d';
const home = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-home-`);
const env = { ...process.env, HOME: home, RINGDESK_CONFIG: '', NO_COLOR: '1' };

beforeAll(() => {
  // errors in files being written by others do not stop tsc from emitting ours
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  expect(fs.existsSync(`${ROOT}dist/commands/relay.js`)).toBe(true);
}, 180_000);
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function ringdesk(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

interface Running { child: ChildProcess; out: string[]; exited: Promise<{ code: number | null; signal: string | null }> }
const running: Running[] = [];
function startRelayProcess(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, 'relay', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  child.stdout!.on('data', (c) => out.push(...String(c).split('\n').filter(Boolean)));
  child.stderr!.on('data', (c) => out.push(...String(c).split('\n').filter(Boolean)));
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const p = { child, out, exited };
  running.push(p);
  return p;
}
let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) { p.child.kill('SIGKILL'); await p.exited; }
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('ringdesk pos', () => {
  it('adds, lists, changes points of sale; the token never shows in full', () => {
    const dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-cli-`);
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const db = ['--db', `${dir}/d.db`];
    const add = ringdesk(['pos', 'add', 'Kitchen One', '--endpoint', 'http://127.0.0.1:18095/orders', '--token', TOKEN, ...db]);
    expect(add).toMatchObject({ code: 0 });
    expect(add.out).toContain('token ****5c2d');
    const stdin = spawnSync(process.execPath, [BIN, 'pos', 'add', 'Grill', '--transport', 'ws', '--endpoint', 'ws://127.0.0.1:18096/', '--token-stdin', ...db],
      { env, input: 'grill-token-from-stdin-9999\n', encoding: 'utf8' });
    expect(stdin.status).toBe(0);
    const list = ringdesk(['pos', 'list', '--json', ...db]);
    const all = JSON.parse(list.out);
    expect(all.map((p: { name: string; token: string }) => [p.name, p.token])).toEqual([['Grill', '****9999'], ['Kitchen One', '****5c2d']]);
    expect(list.out + ringdesk(['pos', 'list', ...db]).out).not.toMatch(/cli-token|from-stdin/);
    const bad = ringdesk(['pos', 'set', 'Grill', '--endpoint', 'http://127.0.0.1:1/', ...db]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('must start with ws:// or wss:// for the ws transport');
    expect(ringdesk(['pos', 'set', 'Nobody', '--code', 'x', ...db]).err).toContain('no point of sale named "Nobody"');
    expect(ringdesk(['pos', 'set', 'Grill', '--rename', 'Grill Bar', ...db]).out).toContain('changed Grill Bar');
    expect(ringdesk(['pos', ...db]).err).toContain('say what to do');
    for (const f of fs.readdirSync(dir)) if (!f.endsWith('.secret-key')) expect(fs.readFileSync(`${dir}/${f}`).includes(TOKEN)).toBe(false);
  });
});

describe('ringdesk relay', () => {
  it('kill -9 between send and acknowledgement: the next relay resends the same keys, the POS has each order once', async () => {
    const pos = new FakeHttpPos(18090, TOKEN);
    pos.behaviour = (_k, n) => (n === 1 ? 'timeout' : 'ok'); // takes the order, answers only the resend
    await pos.start();
    const { store, file, posId, dir } = storeWithPos(pos.url, TOKEN);
    cleanup.push(() => pos.stop(), () => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
    const deliveries = sendOrders(store, posId, 5);
    const first = startRelayProcess(['--db', file, '--timeout-ms', '8000', '--lease-ms', '9000']);
    await waitFor('five orders at the POS', () => pos.arrivals.length === 5, 20_000);
    await waitFor('rows written, not acknowledged', () => store.outbox.list().every((r) => r.state === 'sent'));
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(store.outbox.counts().sent).toBe(5);
    const second = startRelayProcess(['--db', file, '--timeout-ms', '1000', '--lease-ms', '2000', '--base-delay-ms', '50']);
    await waitFor('all acknowledged', () => store.outbox.counts().acknowledged === 5, 20_000);
    expect(pos.created.size).toBe(5);
    expect(pos.invalid).toEqual([]);
    for (const d of deliveries) {
      const key = `ringdesk-${d.id}-v${d.version}`;
      expect(pos.arrivalsOf(key)).toBe(2);
      expect(store.outbox.ofDelivery(d.id)).toMatchObject([{ state: 'acknowledged', attempts: 2, idempotencyKey: key }]);
      expect(store.deliveries.get(d.id)!.status).toBe('sent');
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.out.join('\n')).toMatch(/SIGTERM: stopping[\s\S]*relay stopped/);
    expect([...first.out, ...second.out].join('\n')).not.toContain(TOKEN);
  });

  it('serves the authenticated status callback; an unknown delivery gets a clear 404, is logged, and nothing crashes', async () => {
    const pos = new FakeHttpPos(18091, TOKEN);
    await pos.start();
    const { store, file, posId, dir } = storeWithPos(pos.url, TOKEN);
    cleanup.push(() => pos.stop(), () => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
    const [d] = sendOrders(store, posId, 1);
    const relay = startRelayProcess(['--db', file, '--listen', '127.0.0.1:18092']);
    await waitFor('listening', () => relay.out.some((l) => l.includes('statuses to http://127.0.0.1:18092/pos/status')), 20_000);
    await waitFor('acknowledged', () => store.outbox.counts().acknowledged === 1);
    const post = async (body: unknown, token: string | null = TOKEN) => {
      const res = await fetch('http://127.0.0.1:18092/pos/status', {
        method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      return { status: res.status, body: await res.json() as Record<string, unknown> };
    };
    const orderId = `ringdesk-delivery-${d.id}`;
    expect(await post({ orderId, status: 'accepted' }, null)).toMatchObject({ status: 401 });
    expect(await post({ orderId, status: 'accepted' }, 'not-the-token-000')).toMatchObject({ status: 401 });
    expect(await post({ orderId: 'ringdesk-delivery-424242', status: 'cooking' })).toEqual({ status: 404, body: { error: 'unknown delivery ringdesk-delivery-424242' } });
    expect(await post('{not json')).toMatchObject({ status: 400 });
    expect(await post({ orderId: 12, status: 'cooking' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('orderId must be') } });
    expect(await post({ orderId, status: 'accepted' })).toEqual({ status: 200, body: { applied: true, status: 'confirmed' } });
    expect(await post({ orderId, status: 'On the way', driver: { name: 'Karel', phone: '+420 731 222 333' } })).toMatchObject({ status: 200, body: { applied: true } });
    expect(await post({ orderId, status: 'cooking' })).toMatchObject({ status: 200, body: { applied: false, status: 'on-the-way' } });
    const health = await fetch('http://127.0.0.1:18092/health');
    expect(health.status).toBe(200);
    const now = Store.open(file, { region: 'CZ', currency: 'CZK' });
    cleanup.push(() => now.close());
    expect(now.deliveries.get(d.id)).toMatchObject({ status: 'on-the-way', driverName: 'Karel', driverMobile: '+420731222333' });
    expect(relay.out.join('\n')).toMatch(/unknown delivery ringdesk-delivery-424242/);
    relay.child.kill('SIGINT');
    expect(await relay.exited).toEqual({ code: 0, signal: null });
    expect(relay.out.join('\n')).not.toContain(TOKEN);
  });

  it('serves the status callback over HTTPS with --tls-cert/--tls-key (no proxy); plain HTTP gets no answer there', async () => {
    const pos = new FakeHttpPos(0, TOKEN);
    await pos.start();
    const { store, file, posId, dir } = storeWithPos(pos.url, TOKEN);
    cleanup.push(() => pos.stop(), () => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
    // a self-signed certificate for 127.0.0.1, as an operator's CA would issue one
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const [d] = sendOrders(store, posId, 1);
    // a free port (0): the relay says which one it took
    const relay = startRelayProcess(['--db', file, '--listen', '127.0.0.1:0', '--tls-cert', `${dir}/cert.pem`, '--tls-key', `${dir}/key.pem`]);
    let port = 0;
    await waitFor('listening', () => relay.out.some((l) => { const m = /statuses to https:\/\/127\.0\.0\.1:(\d+)\/pos\/status/.exec(l); if (m) port = Number(m[1]); return port > 0; }), 20_000);
    await waitFor('acknowledged', () => store.outbox.counts().acknowledged === 1);
    const ca = fs.readFileSync(`${dir}/cert.pem`);
    const post = (body: unknown) => new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const text = JSON.stringify(body);
      const req = https.request(`https://127.0.0.1:${port}/pos/status`, { method: 'POST', ca, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
        let got = '';
        res.on('data', (c) => { got += String(c); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(got) }));
      });
      req.on('error', reject);
      req.end(text);
    });
    expect(await post({ orderId: `ringdesk-delivery-${d.id}`, status: 'accepted' })).toEqual({ status: 200, body: { applied: true, status: 'confirmed' } });
    // the token never crosses in clear: plain HTTP to the TLS port is not answered as HTTP
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    relay.child.kill('SIGTERM');
    expect(await relay.exited).toEqual({ code: 0, signal: null });
    // only one of the pair, a missing file, or TLS without --listen: one line, exit 1
    expect(ringdesk(['relay', '--db', file, '--listen', '127.0.0.1:0', '--tls-cert', `${dir}/cert.pem`])).toMatchObject({ code: 1, err: expect.stringContaining('--tls-cert and --tls-key go together') });
    expect(ringdesk(['relay', '--db', file, '--listen', '127.0.0.1:0', '--tls-cert', `${dir}/nope.pem`, '--tls-key', `${dir}/key.pem`])).toMatchObject({ code: 1, err: expect.stringContaining(`--tls-cert ${dir}/nope.pem: cannot read it (ENOENT)`) });
    expect(ringdesk(['relay', '--db', file, '--tls-cert', `${dir}/cert.pem`, '--tls-key', `${dir}/key.pem`])).toMatchObject({ code: 1, err: expect.stringContaining('add --listen HOST:PORT') });
    const swapped = ringdesk(['relay', '--db', file, '--listen', '127.0.0.1:0', '--tls-cert', `${dir}/key.pem`, '--tls-key', `${dir}/cert.pem`]);
    expect(swapped.code).toBe(1);
    expect(swapped.err).toMatch(/^ringdesk: cannot listen on 127\.0\.0\.1:0: .+\n$/);
  }, 60_000);

  it('refuses a bad --listen or a lease shorter than the timeout with a clear message', () => {
    const r = ringdesk(['relay', '--db', `${home}/x.db`, '--listen', 'nowhere']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--listen "nowhere" must be HOST:PORT');
    const lease = ringdesk(['relay', '--db', `${home}/x.db`, '--timeout-ms', '5000', '--lease-ms', '4000']);
    expect(lease.code).toBe(1);
    expect(lease.err).toContain('--lease-ms (4000) must be longer than --timeout-ms (5000)');
    // issue 12: no failure by attempt count, no back-off past 30 s, a deadline it can read
    const attempts = ringdesk(['relay', '--db', `${home}/x.db`, '--max-attempts', '8']);
    expect(attempts.code).toBe(1);
    expect(attempts.err).toContain('--max-attempts is gone: a POS outage never fails an order by attempt count');
    const cap = ringdesk(['relay', '--db', `${home}/x.db`, '--max-delay-ms', '120000']);
    expect(cap.code).toBe(1);
    expect(cap.err).toContain('--max-delay-ms (120000) must be at most 30000');
    const giveUp = ringdesk(['relay', '--db', `${home}/x.db`, '--give-up', 'never']);
    expect(giveUp.code).toBe(1);
    expect(giveUp.err).toContain('--give-up: give-up "never" must be "promised"');
    const env = spawnSync(process.execPath, [BIN, 'relay', '--db', `${home}/x.db`], { env: { ...process.env, HOME: home, RINGDESK_CONFIG: '', RINGDESK_POS_GIVE_UP: '8 attempts' }, encoding: 'utf8' });
    expect(env.status).toBe(1);
    expect(env.stderr).toContain('environment RINGDESK_POS_GIVE_UP: give-up "8 attempts" must be');
    expect(fs.existsSync(`${home}/x.db`)).toBe(false);
  });
});

describe('one relay per box', () => {
  it('the relay service killed with kill -9 mid-shift: a console takes over; no order sent twice as a new order, none lost', async () => {
    const pos = new FakeHttpPos(18097, TOKEN);
    await pos.start();
    const { store, file, posId, dir } = storeWithPos(pos.url, TOKEN);
    cleanup.push(() => pos.stop(), () => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
    // the console's own connection, as a console has
    const console = Store.open(file, { region: 'CZ', currency: 'CZK' });
    const started: string[] = [];
    let standby: RelayStandby | null = null;
    cleanup.push(async () => { await standby?.stop(); console.close(); });
    const takeoverArgs = ['--timeout-ms', '1500', '--lease-ms', '2500', '--base-delay-ms', '50', '--alive-ms', '300'];

    const service = startRelayProcess(['--db', file, ...takeoverArgs]);
    await waitFor('the service holds the box', () => store.relayLease.holder(Date.now())?.kind === 'service', 20_000);
    // whether the console must look for vanished colleagues itself (the service does it for the box)
    const serviceSeen: boolean[] = [];
    standby = relayWhenNoneAlive({
      store: console.ports, owner: 'console-alice', everyMs: 300, onService: (alive) => serviceSeen.push(alive),
      start: () => { started.push('console'); return startRelay({ store: console.ports, owner: 'console-alice', timeoutMs: 1500, leaseMs: 2500, baseDelayMs: 50, wakeOnCommits: true }); },
    });
    expect(standby.running).toBe(false);

    // the morning: the service sends, the console does not
    const morning = sendOrders(store, posId, 4);
    await waitFor('the morning acknowledged', () => store.outbox.counts().acknowledged === 4);
    expect(standby.running).toBe(false);
    expect(started).toEqual([]);

    // mid-shift: the POS takes the next orders and has not answered when the service dies
    const keyOf = (d: { id: number; version: number }) => `ringdesk-${d.id}-v${d.version}`;
    let phase: 'midday' | 'after' = 'midday';
    pos.behaviour = (_k, n) => (n === 1 && phase === 'midday' ? 'timeout' : 'ok');
    const midday = sendOrders(store, posId, 3);
    await waitFor('the midday orders on the wire', () => midday.every((d) => pos.arrivalsOf(keyOf(d)) === 1));
    service.child.kill('SIGKILL');
    await service.exited;
    phase = 'after';

    await waitFor('a console took over', () => standby!.running, 10_000);
    expect(store.relayLease.holder(Date.now())).toMatchObject({ owner: 'console-alice', kind: 'console' });
    expect(serviceSeen).toEqual([true, false]);
    const afternoon = sendOrders(console, posId, 3);
    await waitFor('every order acknowledged', () => store.outbox.counts().acknowledged === 10, 20_000);

    // exactly once: each order created once at the POS; only the ones on the wire went again, with their key
    expect(pos.created.size).toBe(10);
    expect(pos.invalid).toEqual([]);
    for (const d of morning) expect(pos.arrivalsOf(keyOf(d))).toBe(1);
    for (const d of midday) expect(pos.arrivalsOf(keyOf(d))).toBe(2);
    for (const d of afternoon) expect(pos.arrivalsOf(keyOf(d))).toBe(1);
    expect(store.outbox.counts().failed ?? 0).toBe(0);
    expect(started).toEqual(['console']);

    // the service is back: it takes the box, the console stops sending
    const again = startRelayProcess(['--db', file, ...takeoverArgs]);
    await waitFor('the console handed back', () => !standby!.running, 10_000);
    expect(store.relayLease.holder(Date.now())?.kind).toBe('service');
    expect(serviceSeen).toEqual([true, false, true]);
    const evening = sendOrders(console, posId, 2);
    await waitFor('the evening acknowledged', () => store.outbox.counts().acknowledged === 12, 20_000);
    for (const d of evening) expect(pos.arrivalsOf(keyOf(d))).toBe(1);
    again.child.kill('SIGTERM');
    await again.exited;
    expect([...service.out, ...again.out].join('')).not.toContain(TOKEN);
  }, 90_000);
});
