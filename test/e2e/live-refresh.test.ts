/**
 * Two real processes on one database file: one adds a customer, the other (the store's commit
 * watch, the one path by which every console hears of a colleague's commit) sees the change and
 * the new customer in its search within a second. Children run the built code in dist/ (npm test builds first).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-store.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../dist');
const started: ChildProcess[] = [];
let cleanup: (() => void) | null = null;

beforeAll(() => {
  const built = path.join(dist, 'store/commit-watch.js');
  if (!fs.existsSync(built) || !fs.readFileSync(path.join(dist, 'store/index.js'), 'utf8').includes('customerSearch')) {
    throw new Error(`${built} is missing or stale: run "npm run build" first (npm test does)`);
  }
});
afterEach(() => {
  for (const p of started.splice(0)) if (p.exitCode === null && p.pid) process.kill(p.pid, 'SIGTERM');
  cleanup?.();
  cleanup = null;
});

/** Start a child node script; its stdout as parsed JSON lines. */
function child(script: string, args: string[]): { proc: ChildProcess; lines: Record<string, unknown>[]; stderr: () => string } {
  const proc = spawn(process.execPath, [path.join(here, 'children', script), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  started.push(proc);
  const lines: Record<string, unknown>[] = [];
  let buf = '', err = '';
  proc.stdout!.on('data', (d) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) { lines.push(JSON.parse(buf.slice(0, i))); buf = buf.slice(i + 1); }
  });
  proc.stderr!.on('data', (d) => { err += d; });
  return { proc, lines, stderr: () => err };
}

async function waitFor<T>(what: string, get: () => T | undefined, ms: number, stderr: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: nothing within ${ms} ms; stderr: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('two consoles on one database file', () => {
  it('one adds a customer; the other hears the commit and finds them within a second', async () => {
    const t = tempDir('ringdesk-live-');
    cleanup = t.cleanup;
    const file = path.join(t.dir, 'shared.db');
    Store.open(file, { region: 'CZ', currency: 'CZK' }).close(); // migrated once, before both start
    const watcher = child('watch-customers.mjs', [file, '777 555 000']);
    const ready = await waitFor('watcher ready', () => watcher.lines.find((l) => l.ready), 10_000, watcher.stderr);
    expect(ready.names).toEqual([]);
    const writer = child('write-customer.mjs', [file, 'Radka Nová', '+420 777 555 000']);
    const wrote = await waitFor('writer commit', () => writer.lines[0], 10_000, writer.stderr);
    const seen = await waitFor('watcher saw it', () => watcher.lines.find((l) => (l.names as string[] | undefined)?.includes('Radka Nová')), 2_000, watcher.stderr);
    expect(seen.version).not.toBe(ready.version);
    expect((seen.seenAt as number) - (wrote.committedAt as number)).toBeLessThan(1000);
  });
});
