import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from './index.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.forEach((c) => c()); cleanups = []; });

describe("the box's relay lease", () => {
  it('a console takes it only when no relay is alive; a service takes it from a console; a stop gives it back', () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    const lease = t.store.relayLease;
    expect(lease.holder(NOON)).toBeNull();
    expect(lease.take('service-1', 'service', NOON, 15_000)).toBe(true);
    // a live service: a console does not take it
    expect(lease.take('console-alice', 'console', NOON + 5_000, 15_000)).toBe(false);
    expect(lease.holder(NOON + 5_000)).toMatchObject({ owner: 'service-1', kind: 'service' });
    // the service went silent past its lease: a console takes over, another console does not
    expect(lease.holder(NOON + 15_001)).toBeNull();
    expect(lease.take('console-alice', 'console', NOON + 15_001, 15_000)).toBe(true);
    expect(lease.take('console-bob', 'console', NOON + 16_000, 15_000)).toBe(false);
    // a service that starts again takes the box back at once
    expect(lease.take('service-2', 'service', NOON + 17_000, 15_000)).toBe(true);
    expect(lease.holder(NOON + 17_000)).toMatchObject({ owner: 'service-2', kind: 'service' });
    // a clean stop gives it back: a console may take over without waiting
    lease.release('console-alice'); // not the holder: nothing happens
    expect(lease.holder(NOON + 17_000)?.owner).toBe('service-2');
    lease.release('service-2');
    expect(lease.holder(NOON + 17_000)).toBeNull();
  });
});

describe('the lease wakes no console (issue 19)', () => {
  it('is kept in its own file beside the database: taking and renewing it is no commit in the shared database', () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    // a console's connection to the same database: data_version moves whenever another connection commits to it
    const desk = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
    cleanups.unshift(() => desk.close());
    const before = desk.dataVersion();
    const wal = fs.statSync(`${t.file}-wal`).size;
    expect(t.store.relayLease.take('service-1', 'service', NOON, 30_000)).toBe(true);
    for (let i = 1; i <= 5; i++) expect(t.store.relayLease.take('service-1', 'service', NOON + i * 10_000, 30_000)).toBe(true);
    expect(desk.dataVersion()).toBe(before);
    expect(fs.statSync(`${t.file}-wal`).size).toBe(wal);
    // every connection sees the same holder, from the file beside the database
    expect(desk.relayLease.holder(NOON + 50_000)).toMatchObject({ owner: 'service-1', kind: 'service' });
    expect(fs.existsSync(`${t.file}-lease`)).toBe(true);
  });
});
