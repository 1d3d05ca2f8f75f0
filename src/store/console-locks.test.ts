import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Store } from './index.js';
import { ConsoleLocks, lockFolder } from './console-locks.js';
import { watchedBy } from './consoles.js';
import { ConsoleRun } from '../desk/console-run.js';
import { tempDir } from '../../test/helpers/temp-store.js';

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.reverse().forEach((c) => c()); cleanups = []; });

function twoStores() {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'desk.db');
  const a = Store.open(file, { region: 'CZ', currency: 'CZK' });
  const b = Store.open(file, { region: 'CZ', currency: 'CZK' });
  cleanups.push(() => { a.close(); b.close(); cleanup(); });
  return { a, b, file };
}

describe('console locks', () => {
  it('a held lock reads alive to anyone; released, the run is unknown (no file); a file nobody holds is gone', () => {
    const { a, b, file } = twoStores();
    expect(a.consoleLocks.hold('desk-a')).toBe(true);
    expect(b.consoleLocks.check('desk-a')).toBe('alive');
    expect(b.consoleLocks.check('desk-nobody')).toBe('unknown');
    a.consoleLocks.release();
    // let go: free to whoever watched it; no file for anyone who looks afresh
    expect(b.consoleLocks.check('desk-a')).toBe('gone');
    expect(new ConsoleLocks(file).check('desk-a')).toBe('unknown');
    // what a killed process leaves: the file, and no lock on it
    fs.writeFileSync(path.join(lockFolder(file), 'desk-dead.lock'), '');
    expect(b.consoleLocks.check('desk-dead')).toBe('gone');
    expect(new ConsoleLocks(':memory:').hold('x')).toBe(false);
  });

  it('a clean stop closes what the run left ringing at once (idle consoles write no heartbeat that would close it later)', () => {
    const { a, b } = twoStores();
    a.consoleLocks.hold('desk-a');
    a.consoles.begin('desk-a', 'nina', 1000);
    a.calls.started({ callRef: 'c1', direction: 'incoming', remote: '+420777000111', remoteKey: '+420777000111', operatorId: null, extension: '101', startedAt: 2000, customerId: null, console: 'desk-a', group: '' });
    new ConsoleRun({ store: a, id: 'desk-a', operator: { id: null, name: 'nina', extension: '101' }, now: () => 5000 }).stop();
    expect(b.callReport.calls({ since: 0, until: 10_000 }, 10_000).map((c) => [c.callRef, c.outcome, c.endedAt])).toEqual([['c1', 'unanswered', 5000]]);
  });

  it('each console watches the next live runs round the ring, so every run is watched and nobody checks all', () => {
    const live = ['a', 'b', 'c', 'd', 'e'];
    expect(watchedBy('b', live, 2)).toEqual(['c', 'd']);
    expect(watchedBy('e', live, 2)).toEqual(['a', 'b']);
    expect(watchedBy('a', ['a', 'b'], 2)).toEqual(['b']);
    const watchers = new Map(live.map((id) => [id, live.filter((w) => watchedBy(w, live, 2).includes(id)).length]));
    expect([...watchers.values()]).toEqual([2, 2, 2, 2, 2]);
  });

  it('a sweep marks a run whose lock is free gone in one transaction: stopped, its operator offline, its items given back; a live one is left alone', () => {
    const { a, b, file } = twoStores();
    const given: string[] = [];
    b.consoles.onGone((run) => given.push(run.id));
    a.consoleLocks.hold('desk-a');
    a.consoles.begin('desk-a', 'nina', 1000);
    a.presence.set('nina', { status: 'break', until: null, since: 1000 }, 'desk-a');
    b.consoleLocks.hold('desk-b');
    b.consoles.begin('desk-b', 'olga', 1000);
    const sweep = () => b.consoles.sweep(b.consoleLocks, 'desk-b', 'olga', 5000, { staleMs: 30_000, silentMs: 660_000 });
    expect(sweep()).toEqual([]);
    expect(b.presence.of('nina')?.status).toBe('break');
    // the process ends without quitting: its lock goes, its file stays
    (a.consoleLocks as unknown as { held: { close(): void } }).held.close();
    expect(fs.existsSync(path.join(lockFolder(file), 'desk-a.lock'))).toBe(true);
    const before = b.presence.version();
    expect(sweep()).toEqual([{ id: 'desk-a', operator: 'nina' }]);
    expect(b.presence.of('nina')).toEqual({ status: 'offline', until: null, since: 5000 });
    expect(b.presence.version()).toBe(before + 1);
    expect(given).toEqual(['desk-a']);
    expect(b.consoles.live().map((r) => r.id)).toEqual(['desk-b']);
    expect(fs.existsSync(path.join(lockFolder(file), 'desk-a.lock'))).toBe(false);
    // found once: the next sweep has nothing to do
    expect(sweep()).toEqual([]);
  });

  it('a newer run of the same operator keeps its status when an older run of theirs is found gone; a clean stop is offline too', () => {
    const { a, b } = twoStores();
    a.consoleLocks.hold('desk-old');
    a.consoles.begin('desk-old', 'nina', 1000);
    a.presence.set('nina', { status: 'available', until: null, since: 1000 }, 'desk-old');
    (a.consoleLocks as unknown as { held: { close(): void } }).held.close();
    b.consoleLocks.hold('desk-new');
    b.consoles.begin('desk-new', 'nina', 2000);
    b.presence.set('nina', { status: 'available', until: null, since: 2000 }, 'desk-new');
    expect(b.consoles.sweep(b.consoleLocks, 'desk-new', 'nina', 3000, { all: true, staleMs: 30_000, silentMs: 660_000 })).toHaveLength(1);
    expect(b.presence.of('nina')?.status).toBe('available');
    b.consoles.stop('desk-new', 4000);
    expect(b.presence.of('nina')).toEqual({ status: 'offline', until: null, since: 4000 });
  });

  it('a run of an older ringdesk (no lock file) is gone only after it stayed silent', () => {
    const { b } = twoStores();
    b.consoles.begin('desk-legacy', 'pavel', 1000);
    b.consoleLocks.hold('desk-b');
    b.consoles.begin('desk-b', 'olga', 1000);
    const sweep = (now: number) => b.consoles.sweep(b.consoleLocks, 'desk-b', 'olga', now, { staleMs: 30_000, silentMs: 660_000 });
    expect(sweep(600_000)).toEqual([]);
    expect(sweep(700_000).map((r) => r.id)).toEqual(['desk-legacy']);
  });
});
