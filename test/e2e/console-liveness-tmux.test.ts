/**
 * Presence and the liveness of console processes, for real: two consoles in two terminals (tmux)
 * on one database file. A status set with O in one is seen in the other (commit watch); one
 * console killed with SIGKILL (no quit, nothing flushed — as an SSH drop or a crash) is found
 * gone by the other's sweep (its lock beside the database is free) and its operator is offline
 * within 10 s, with no heartbeat written by anyone meanwhile, and the queue items it had taken or
 * been offered are waiting again at their original place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { consoleInTmux, screensOf } from './tmux.js';
import { tempDir } from '../helpers/temp-store.js';
import { Store } from '../../src/store/index.js';
import { until } from '../helpers/until.js';

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
    await until('both available', () => statusOf(db, 'nina') === 'available' && statusOf(db, 'olga') === 'available', 10_000, { every: 50, shown: screensOf([nina, olga]) });
    // each console holds its lock beside the database
    expect(fs.readdirSync(`${db}.consoles`).filter((f) => f.endsWith('.lock'))).toHaveLength(2);

    // Olga goes on break: her bar says so, and Nina's status in full lists her on break
    olga.keys('O');
    await olga.waitText('on break');
    await until('olga on break in the database', () => statusOf(db, 'olga') === 'break', 10_000, { every: 50, shown: screensOf([nina, olga]) });
    nina.keys('M');
    await nina.waitText('olga: on break');
    nina.keys('Escape');

    // three clients wait; Nina's console has taken the second and been offered the third
    const queue = Store.open(db, { region: 'CZ', currency: 'CZK', create: false });
    cleanups.push(() => queue.close());
    const ninaRun = read<{ id: string }>(db, "SELECT id FROM consoles WHERE operator = 'nina' AND stopped_at IS NULL")!.id;
    const t0 = Date.now();
    const items = ['777 100 001', '777 100 002', '777 100 003'].map((phone, n) => {
      const made = queue.workItems.create({ kind: 'callback', entry: { via: 'web', value: 'https://pizza.example/' }, phone, arrivedAt: t0 + n }, t0 + n);
      if (!made.ok) throw new Error(made.reason);
      return made.item;
    });
    const nina1 = { operator: 'nina', console: ninaRun };
    expect(queue.workItems.accept(items[1].id, nina1, t0 + 10).ok).toBe(true);
    expect(queue.workItems.offer(items[2].id, nina1, t0 + 11).ok).toBe(true);
    expect(queue.workItems.listWaiting().map((i) => [i.id, i.state])).toEqual([[items[0].id, 'waiting'], [items[2].id, 'offered']]);

    // Nina's console process vanishes: no quit, no last write
    const ninaPid = nina.panePid();
    const runs = () => read<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM consoles WHERE stopped_at IS NULL')!.n;
    expect(runs()).toBe(2);
    const aliveBefore = read<{ at: number }>(db, 'SELECT MAX(alive_at) AS at FROM consoles')!.at;
    process.kill(ninaPid, 'SIGKILL');
    await until('the pane to die', () => nina.paneDead(), 10_000, { every: 50, shown: screensOf([nina]) });
    const gone = Date.now();
    await until('nina offline', () => statusOf(db, 'nina') === 'offline', 10_000, { every: 50, shown: screensOf([nina, olga]) });
    const took = Date.now() - gone;
    expect(took).toBeLessThan(10_000);
    // what she had taken or been offered is back in the queue, each at its original place
    const back = queue.workItems.listWaiting();
    expect(back.map((i) => [i.id, i.state, i.position, i.holder])).toEqual(items.map((i) => [i.id, 'waiting', i.position, null]));
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

  it('beside the relay service (one look per box), a console killed -9 is offline within 10 s: the service found it', async () => {
    const { dir, cleanup } = tempDir('ringdesk-e2e-');
    cleanups.push(cleanup);
    const db = path.join(dir, 'desk.db');
    execFileSync(process.execPath, ['bin/ringdesk.js', 'db', 'seed', '--db', db], { cwd: repo, stdio: 'ignore' });
    const service = spawn(process.execPath, ['bin/ringdesk.js', 'relay', '--db', db], { cwd: repo, env: { ...process.env, HOME: dir, RINGDESK_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const said: string[] = [];
    service.stdout!.on('data', (c) => said.push(String(c)));
    cleanups.push(() => { if (service.exitCode === null) service.kill('SIGKILL'); });
    await until('the relay service started', () => said.join('').includes('started'), 20_000, { every: 50 });
    const start = (name: string, operator: string) => consoleInTmux({ repo, name, db, operator, home: dir, cleanups });
    const nina = start('rd-nina2', 'nina');
    await nina.waitText('Open orders', 30_000);
    const olga = start('rd-olga2', 'olga');
    await olga.waitText('Open orders', 30_000);
    await until('both available', () => statusOf(db, 'nina') === 'available' && statusOf(db, 'olga') === 'available', 10_000, { every: 50, shown: screensOf([nina, olga]) });
    process.kill(nina.panePid(), 'SIGKILL');
    await until('the pane to die', () => nina.paneDead(), 10_000, { every: 50, shown: screensOf([nina]) });
    const gone = Date.now();
    await until('nina offline', () => statusOf(db, 'nina') === 'offline', 10_000, { every: 50, shown: screensOf([nina, olga]) });
    const took = Date.now() - gone;
    expect(took).toBeLessThan(10_000);
    await until("the service's log line", () => said.join('').includes('console of nina is gone'), 5_000, { every: 50, shown: screensOf([olga]) });
    olga.keys('M');
    await olga.waitText('nina: offline');
    console.log(JSON.stringify({ offlineAfterKillBesideServiceMs: took }));
  }, 90_000);
});
