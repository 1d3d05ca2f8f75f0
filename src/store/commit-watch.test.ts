import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from './index.js';
import { watchCommits } from './commit-watch.js';
import { tempStore } from '../../test/helpers/temp-store.js';

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.reverse().forEach((c) => c()); cleanups = []; });

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
});
