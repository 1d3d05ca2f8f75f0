import fs from 'node:fs';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Store } from './index.js';
import { RECHECK_MS, watchCommits } from './commit-watch.js';
import { tempStore } from '../../test/helpers/temp-store.js';

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.reverse().forEach((c) => c()); cleanups = []; vi.useRealTimers(); });

/** Resolve with the first value `seen` gets, or null after `ms` (a bound, not a timing assertion). */
function first<T>(seen: T[], ms: number): Promise<T | null> {
  const end = Date.now() + ms;
  return new Promise((resolve) => {
    const look = () => (seen.length ? resolve(seen[0]) : Date.now() > end ? resolve(null) : setTimeout(look, 5));
    look();
  });
}

function twoConsoles() {
  const t = tempStore();
  const colleague = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
  cleanups.push(t.cleanup, () => colleague.close());
  return { mine: t.store, colleague, file: t.file };
}

describe('commit watch', () => {
  it("a colleague's commit is told as another connection's; this connection's own as its own", async () => {
    const { mine, colleague } = twoConsoles();
    const told: boolean[] = [];
    cleanups.push(mine.onCommit((byOthers) => told.push(byOthers)));
    colleague.operators.upsert({ name: 'bob', extension: '102' });
    expect(await first(told, 2000)).toBe(true);
    expect(told.every((b) => b)).toBe(true);
    told.length = 0;
    mine.operators.upsert({ name: 'carol', extension: '103' });
    expect(await first(told, 2000)).toBe(false);
  });

  it('nothing written, nothing told: no poll wakes an idle console', async () => {
    const { mine } = twoConsoles();
    let reads = 0;
    const told: boolean[] = [];
    const stop = watchCommits({ walFile: `${mine.file}-wal`, dataVersion: () => { reads++; return mine.dataVersion(); }, onCommit: (b) => told.push(b), fallbackPollMs: 10 });
    cleanups.push(stop);
    await new Promise((r) => setTimeout(r, 150));
    expect(told).toEqual([]);
    expect(reads).toBe(1); // the first reading only
  });

  it('a file system that cannot watch: data_version is polled instead, and commits are still seen', async () => {
    const { mine, colleague } = twoConsoles();
    const told: boolean[] = [];
    const cannot = (() => { throw Object.assign(new Error('no inotify'), { code: 'ENOSYS' }); }) as unknown as typeof fs.watch;
    cleanups.push(watchCommits({ walFile: `${mine.file}-wal`, dataVersion: () => mine.dataVersion(), onCommit: (b) => told.push(b), fallbackPollMs: 30, watch: cannot }));
    colleague.operators.upsert({ name: 'bob', extension: '102' });
    expect(await first(told, 2000)).toBe(true);
  });

  /**
   * The kernel tells of the writer's writes to the -wal file; the writer publishes its commit in
   * the shared index afterwards, which no file event tells. The file events are handed over by
   * the test (in place of inotify) so that the writer's publishing comes after the watch looked;
   * the commits themselves are real, by a second connection on the same file.
   */
  function heldEvents() {
    let deliver: ((kind: string) => void) | null = null;
    const watch = ((_file: string, _o: unknown, listener: (kind: string) => void) => {
      deliver = listener;
      return Object.assign(new EventEmitter(), { close() {} });
    }) as unknown as typeof fs.watch;
    return { watch, written: () => deliver!('change') };
  }

  /** Two consoles on one file, the first one's watch fed by heldEvents, its timers the test's. */
  function watchedWithHeldEvents() {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate'] });
    const { mine, colleague } = twoConsoles();
    const told: boolean[] = [];
    const events = heldEvents();
    cleanups.push(watchCommits({ walFile: `${mine.file}-wal`, dataVersion: () => mine.dataVersion(), onCommit: (b) => told.push(b), watch: events.watch }));
    return { colleague, told, events };
  }

  it("a colleague's commit published after the watch looked is still seen (the writer lost the CPU between its last write and publishing)", () => {
    const { colleague, told, events } = watchedWithHeldEvents();
    events.written(); // the colleague's last write to the -wal file: the watch wakes and looks
    vi.advanceTimersByTime(300); // ... while 50 consoles woken at once keep the writer off the CPU
    expect(told).toEqual([false]);
    colleague.operators.upsert({ name: 'bob', extension: '102' }); // now it publishes; no event tells it
    vi.advanceTimersByTime(2500);
    expect(told).toEqual([false, true]);
    // then the watch sleeps again: no look without a write
    expect(vi.getTimerCount()).toBe(0);
  });

  it('two commits in one wake: the look that shows the first looks once more for the second', () => {
    const { colleague, told, events } = watchedWithHeldEvents();
    colleague.operators.upsert({ name: 'bob', extension: '102' }); // a heartbeat, say
    events.written(); // its writes and the next writer's, one wake
    vi.advanceTimersByTime(0);
    expect(told).toEqual([true]);
    colleague.operators.upsert({ name: 'carol', extension: '103' }); // the next writer publishes after the look
    vi.advanceTimersByTime(100);
    expect(told).toEqual([true, true]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('this console\'s own write: a few looks, then nothing until the next write', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate'] });
    const { mine } = twoConsoles();
    let reads = 0;
    const events = heldEvents();
    cleanups.push(watchCommits({ walFile: `${mine.file}-wal`, dataVersion: () => { reads++; return mine.dataVersion(); }, onCommit: () => {}, watch: events.watch }));
    mine.operators.upsert({ name: 'carol', extension: '103' });
    events.written();
    vi.advanceTimersByTime(60_000);
    expect(reads).toBe(1 + 1 + RECHECK_MS.length); // the first reading, the event's look, the series
    expect(vi.getTimerCount()).toBe(0);
  });
});
