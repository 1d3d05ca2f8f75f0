/**
 * Issue 19, one relay per box: the relay service (`ringdesk relay`, a real child process) holds
 * the box's lease and sends the orders; a console (here its standby, src/pos/relay-standby.ts,
 * on its own connection) runs no relay while the service lives. The service is killed with
 * kill -9 mid-shift, with orders on the wire: the console takes over, resends what was in
 * flight with the same keys, sends what comes next; no order is lost and the POS creates each
 * once. A service that starts again takes the box back.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { startRelay } from '../../src/pos/relay.js';
import { relayWhenNoneAlive, type RelayStandby } from '../../src/pos/relay-standby.js';
import { FakeHttpPos, sendOrders, storeWithPos, waitFor } from './pos-fake.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = `${ROOT}bin/ringdesk.js`;
const TOKEN = 'kitchen-takeover-token-77aa';
const home = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-home-`);
const env = { ...process.env, HOME: home, RINGDESK_CONFIG: '', NO_COLOR: '1' };

beforeAll(() => {
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  expect(fs.existsSync(`${ROOT}dist/commands/relay.js`)).toBe(true);
}, 180_000);

let cleanup: (() => Promise<void> | void)[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  // only the processes this test started, by their PID
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function relayService(file: string): { child: ChildProcess; out: string[]; exited: Promise<unknown> } {
  const child = spawn(process.execPath, [BIN, 'relay', '--db', file, '--timeout-ms', '1500', '--lease-ms', '2500', '--base-delay-ms', '50', '--alive-ms', '300'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const out: string[] = [];
  child.stdout!.on('data', (c) => out.push(String(c)));
  child.stderr!.on('data', (c) => out.push(String(c)));
  return { child, out, exited: new Promise((r) => child.on('exit', r)) };
}

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

    const service = relayService(file);
    await waitFor('the service holds the box', () => store.relayLease.holder(Date.now())?.kind === 'service', 20_000);
    standby = relayWhenNoneAlive({
      store: console, owner: 'console-alice', everyMs: 300,
      start: () => { started.push('console'); return startRelay({ store: console, owner: 'console-alice', timeoutMs: 1500, leaseMs: 2500, baseDelayMs: 50, wakeOnCommits: true }); },
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
    const again = relayService(file);
    await waitFor('the console handed back', () => !standby!.running, 10_000);
    expect(store.relayLease.holder(Date.now())?.kind).toBe('service');
    const evening = sendOrders(console, posId, 2);
    await waitFor('the evening acknowledged', () => store.outbox.counts().acknowledged === 12, 20_000);
    for (const d of evening) expect(pos.arrivalsOf(keyOf(d))).toBe(1);
    again.child.kill('SIGTERM');
    await again.exited;
    expect([...service.out, ...again.out].join('')).not.toContain(TOKEN);
  }, 90_000);
});
