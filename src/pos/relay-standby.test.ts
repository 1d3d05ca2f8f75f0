/**
 * A relay service killed with kill -9 leaves the box's lease behind for up to three renewals
 * (~30 s, plus the consoles' 10 s look). Meanwhile nobody sent the box's orders and nobody looked
 * for vanished consoles. A console that sees the holder's process gone on this box takes over at
 * its next look. Real SQLite file, a real process that really ended.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { relayWhenNoneAlive } from './relay-standby.js';
import { ownerGone } from './wake.js';
import type { Relay } from './relay.js';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** The pid of a process that has ended (a real one, started and waited for). */
function endedPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  expect(r.status).toBe(0);
  return r.pid!;
}

const idleRelay = (): Relay => ({ wake: () => undefined, stop: async () => undefined }) as unknown as Relay;

/** Until the standby's first look has told whether a service is alive. */
async function firstLook(seen: boolean[]): Promise<void> {
  for (let i = 0; i < 400 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
}

describe('a relay service killed on this box', () => {
  it('ownerGone: only an owner on this box whose process has ended', () => {
    const host = os.hostname();
    expect(ownerGone(`${host}:${endedPid()}:relay:abc123`)).toBe(true);
    expect(ownerGone(`${host}:${process.pid}:relay:abc123`)).toBe(false);
    expect(ownerGone(`${host}:1:relay:abc123`)).toBe(false); // init lives (or may not be signalled)
    expect(ownerGone(`another-box:${endedPid()}:relay:abc123`)).toBe(false);
    expect(ownerGone('service-1')).toBe(false);
  });

  it('its lease, not yet run out, is given up at the console\'s first look: the console sends the orders and looks for vanished colleagues', async () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    const dead = `${os.hostname()}:${endedPid()}:relay:abc123`;
    expect(t.store.relayLease.take(dead, 'service', NOON, 30_000)).toBe(true);
    const seen: boolean[] = [];
    const started: string[] = [];
    const lines: string[] = [];
    const standby = relayWhenNoneAlive({
      store: t.store.ports, owner: `${os.hostname()}:${process.pid}:console-alice:def456`, now: () => NOON + 1_000,
      onService: (alive) => seen.push(alive), log: (line) => lines.push(line),
      start: () => { started.push('console'); return idleRelay(); },
    });
    cleanups.push(() => standby.stop());
    for (let i = 0; i < 400 && started.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual([false]);
    expect(started).toEqual(['console']);
    expect(standby.running).toBe(true);
    expect(t.store.relayLease.holder(NOON + 1_000)).toMatchObject({ kind: 'console' });
    expect(lines.join('\n')).toContain('is gone (its process ended)');
  });

  it('a live service keeps the box: the console neither takes its lease nor looks for colleagues', async () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    const live = `${os.hostname()}:${process.pid}:relay:abc123`;
    expect(t.store.relayLease.take(live, 'service', NOON, 30_000)).toBe(true);
    const seen: boolean[] = [];
    const standby = relayWhenNoneAlive({
      store: t.store.ports, owner: 'console-alice', now: () => NOON + 1_000,
      onService: (alive) => seen.push(alive), start: () => idleRelay(),
    });
    cleanups.push(() => standby.stop());
    await firstLook(seen);
    expect(seen).toEqual([true]);
    expect(standby.running).toBe(false);
    expect(t.store.relayLease.holder(NOON + 1_000)?.owner).toBe(live);
  });
});
