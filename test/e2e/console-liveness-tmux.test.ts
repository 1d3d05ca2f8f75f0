/**
 * Presence and the liveness of console processes, for real: two consoles in two terminals (tmux)
 * on one database file. A status set with O in one is seen in the other (commit watch); one
 * console killed with SIGKILL (no quit, nothing flushed — as an SSH drop or a crash) is found
 * gone by the other's sweep (its lock beside the database is free) and its operator is offline
 * within 10 s, with no heartbeat written by anyone meanwhile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Tmux, consoleInTmux } from './tmux.js';
import { tempDir } from '../helpers/temp-store.js';

const repo = path.resolve(__dirname, '..', '..');
let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.reverse().forEach((c) => c()); cleanups = []; });

function read<T>(db: string, sql: string, ...args: unknown[]): T | undefined {
  const check = new Database(db, { readonly: true });
  try {
    return check.prepare(sql).get(...args) as T | undefined;
  } finally {
    check.close();
  }
}
const statusOf = (db: string, operator: string) => read<{ status: string }>(db, 'SELECT status FROM operator_presence WHERE operator = ?', operator)?.status;

async function until(what: string, ok: () => boolean, screens: Tmux[], ms = 10_000): Promise<number> {
  const start = Date.now();
  while (!ok()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}; screens were:\n${screens.map((t) => t.screen()).join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - start;
}

describe('presence and console liveness across processes', () => {
  it('a status set in one console shows in the other; a console killed -9 is offline within 10 s', async () => {
    const { dir, cleanup } = tempDir('ringdesk-e2e-');
    cleanups.push(cleanup);
    const db = path.join(dir, 'desk.db');
    execFileSync(process.execPath, ['bin/ringdesk.js', 'db', 'seed', '--db', db], { cwd: repo, stdio: 'ignore' });
    const start = (name: string, operator: string) => consoleInTmux({ repo, name, db, operator, home: dir, cleanups });
    const nina = start('rd-nina', 'nina');
    await nina.waitText('Open orders', 30_000);
    const olga = start('rd-olga', 'olga');
    await olga.waitText('Open orders', 30_000);
    await until('both available', () => statusOf(db, 'nina') === 'available' && statusOf(db, 'olga') === 'available', [nina, olga]);
    // each console holds its lock beside the database
    expect(fs.readdirSync(`${db}.consoles`).filter((f) => f.endsWith('.lock'))).toHaveLength(2);

    // Olga goes on break: her bar says so, and Nina's status in full lists her on break
    olga.keys('O');
    await olga.waitText('on break');
    await until('olga on break in the database', () => statusOf(db, 'olga') === 'break', [nina, olga]);
    nina.keys('M');
    await nina.waitText('olga: on break');
    nina.keys('Escape');

    // Nina's console process vanishes: no quit, no last write
    const ninaPid = nina.panePid();
    const runs = () => read<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM consoles WHERE stopped_at IS NULL')!.n;
    expect(runs()).toBe(2);
    const aliveBefore = read<{ at: number }>(db, 'SELECT MAX(alive_at) AS at FROM consoles')!.at;
    process.kill(ninaPid, 'SIGKILL');
    await until('the pane to die', () => nina.paneDead(), [nina]);
    const took = await until('nina offline', () => statusOf(db, 'nina') === 'offline', [nina, olga], 10_000);
    expect(took).toBeLessThan(10_000);
    expect(runs()).toBe(1);
    expect(read<{ gone_at: number | null }>(db, "SELECT gone_at FROM consoles WHERE operator = 'nina'")!.gone_at).not.toBeNull();
    // found by a try-lock: no console wrote a heartbeat to notice it
    expect(read<{ at: number }>(db, 'SELECT MAX(alive_at) AS at FROM consoles')!.at).toBe(aliveBefore);
    // the lock file of the gone run is cleared away; Olga's stays
    expect(fs.readdirSync(`${db}.consoles`).filter((f) => f.endsWith('.lock'))).toHaveLength(1);
    // Olga sees her colleague offline
    olga.keys('M');
    await olga.waitText('nina: offline');
    console.log(JSON.stringify({ offlineAfterKillMs: took }));
  }, 90_000);
});
