/**
 * Choosing PostgreSQL from the command line (issue 17): --db, RINGDESK_DB and the config's `db`
 * given as postgres://… reach a real PostgreSQL (test/helpers/postgres.ts) — the database gets
 * ringdesk's schema — and a password in the connection string never appears in what is printed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PgDb } from '../../src/store/postgres/pg-db.js';
import { migrations } from '../../src/store/migrations/index.js';
import { postgresSuite, startPostgres, type PostgresServer } from '../helpers/postgres.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = `${ROOT}bin/ringdesk.js`;
const home = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-home-`);
const env = { ...process.env, HOME: home, RINGDESK_CONFIG: '', RINGDESK_DB: '', NO_COLOR: '1' };

function ringdesk(args: string[], extra: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...env, ...extra }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

postgresSuite('ringdesk --db postgres://…', () => {
  let server: PostgresServer;
  const SECRET = 'pw-never-shown';
  // trust authentication on the test cluster: the password is carried, not checked
  const url = (db: string) => server.url(db).replace('ringdesk@', `ringdesk:${SECRET}@`);
  beforeAll(async () => {
    spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
    server = await startPostgres();
    const admin = new PgDb(server.url('postgres'));
    for (const name of ['by_flag', 'by_env', 'by_config']) await admin.rows(`CREATE DATABASE ${name}`);
    await admin.close();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  const schemaOf = async (name: string) => {
    const db = new PgDb(server.url(name));
    try {
      return (await db.row<{ version: number }>('SELECT version FROM ringdesk_schema'))?.version;
    } finally {
      await db.close();
    }
  };

  it('--db, RINGDESK_DB and the config file each select PostgreSQL; what is not there yet is one line, the password masked', async () => {
    const config = `${home}/config.json`;
    fs.writeFileSync(config, JSON.stringify({ db: url('by_config') }));
    const runs = [
      ringdesk(['route', 'list', '--db', url('by_flag')]),
      ringdesk(['route', 'list'], { RINGDESK_DB: url('by_env') }),
      ringdesk(['route', 'list'], { RINGDESK_CONFIG: config }),
    ];
    for (const r of runs) {
      expect(r.code).not.toBe(0);
      expect(r.err.trim()).toBe('ringdesk: groupRoutes.list does not work on PostgreSQL yet (docs/architecture.md, "PostgreSQL today"): use an SQLite database file for it');
      expect(r.out + r.err).not.toContain(SECRET);
    }
    const latest = migrations[migrations.length - 1].version;
    expect([await schemaOf('by_flag'), await schemaOf('by_env'), await schemaOf('by_config')]).toEqual([latest, latest, latest]);
  });

  it('a command that needs the SQLite store refuses a PostgreSQL URL in one line; an unreachable server is one line too; no password in either', () => {
    const init = ringdesk(['db', 'init', '--db', url('by_flag')]);
    expect(init.code).not.toBe(0);
    expect(init.err).toContain(`this command works on an SQLite database file only for now, and postgres://ringdesk:****@127.0.0.1:${server.port}/by_flag is PostgreSQL`);
    const away = ringdesk(['route', 'list', '--db', `postgres://ringdesk:${SECRET}@127.0.0.1:1/nowhere`]);
    expect(away.code).not.toBe(0);
    expect(away.err.trim()).toBe('ringdesk: cannot reach the PostgreSQL database postgres://ringdesk:****@127.0.0.1:1/nowhere: ECONNREFUSED (is the server running, and is --db or RINGDESK_DB right?)');
    for (const r of [init, away]) expect(r.out + r.err).not.toContain(SECRET);
    expect(ringdesk(['--help']).out).toContain('postgres://user@host:port/name');
  });
});
