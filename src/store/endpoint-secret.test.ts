/**
 * Secrets never in clear text in the database (issue 12): a point of sale's endpoint with a
 * password inside is sealed like its token. Checked on the raw bytes of the database file and its
 * WAL, for a new endpoint and for one an older ringdesk stored in clear (migration v10).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from './index.js';
import { openDatabase } from './db.js';
import { migrations } from './migrations/index.js';
import { tempDir } from '../../test/helpers/temp-store.js';

const PASSWORD = 'hunter2-kitchen-pass';
const QUERY_SECRET = 'q-secret-7781';
const URL_WITH_PASSWORD = `http://kitchen:${PASSWORD}@10.0.0.5:8080/orders`;
const opts = { region: 'CZ', currency: 'CZK' };

const open: Array<{ close(): void }> = [];
const dirs: Array<() => void> = [];
afterEach(() => {
  open.splice(0).forEach((s) => s.close());
  dirs.splice(0).forEach((c) => c());
});
function fresh(): string {
  const { dir, cleanup } = tempDir();
  dirs.push(cleanup);
  return path.join(dir, 'desk.db');
}
/** Every byte SQLite keeps for the database: the file, its WAL and shared memory. */
function rawBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}
function keep<T extends { close(): void }>(s: T): T {
  open.push(s);
  return s;
}

describe('a password inside a point of sale\'s endpoint is never in clear text in the database', () => {
  it('pos add / set: the file and its WAL hold it sealed; lists show it masked; the relay gets it whole', () => {
    const file = fresh();
    const store = keep(Store.open(file, opts));
    const added = store.pointsOfSale.add('Grill', { endpoint: URL_WITH_PASSWORD, token: 'grill-token-1234' });
    expect(added.ok && added.pos.endpoint).toBe('http://kitchen:****@10.0.0.5:8080/orders');
    expect(store.pointsOfSale.set('Grill', { name: 'Grill Two' }).ok).toBe(true); // other changes keep it
    // read while the console has it open (the rows are in the WAL), then after it closed
    expect(rawBytes(file).includes(PASSWORD)).toBe(false);
    expect(JSON.stringify(store.pointsOfSale.list())).not.toContain(PASSWORD);
    const conn = store.pointsOfSale.connection(added.ok ? added.pos.id : -1);
    expect(conn.ok && conn.pos.endpoint).toBe(URL_WITH_PASSWORD);
    // a secret in the query is a password too
    expect(store.pointsOfSale.set('Grill Two', { endpoint: `https://pos.example/orders?token=${QUERY_SECRET}` }).ok).toBe(true);
    expect(store.pointsOfSale.byName('Grill Two')!.endpoint).toBe('https://pos.example/orders?token=****');
    open.splice(0).forEach((s) => s.close());
    const bytes = rawBytes(file);
    expect(bytes.includes(PASSWORD)).toBe(false);
    expect(bytes.includes(QUERY_SECRET)).toBe(false);
    const again = keep(Store.open(file, opts));
    const c2 = again.pointsOfSale.connection(again.pointsOfSale.byName('Grill Two')!.id);
    expect(c2.ok && c2.pos.endpoint).toBe(`https://pos.example/orders?token=${QUERY_SECRET}`);
  });

  it('the masked URL a list showed, given back, keeps the sealed password; **** as a new password is refused', () => {
    const store = keep(Store.open(fresh(), opts));
    expect(store.pointsOfSale.add('Grill', { endpoint: URL_WITH_PASSWORD }).ok).toBe(true);
    const shown = store.pointsOfSale.byName('Grill')!.endpoint;
    expect(store.pointsOfSale.set('Grill', { endpoint: shown }).ok).toBe(true);
    const c = store.pointsOfSale.connection(store.pointsOfSale.byName('Grill')!.id);
    expect(c.ok && c.pos.endpoint).toBe(URL_WITH_PASSWORD);
    const r = store.pointsOfSale.set('Grill', { endpoint: 'http://kitchen:****@10.0.0.9/orders' });
    expect(r.ok === false && r.reason).toMatch(/holds \*\*\*\* where its password goes/);
    // an endpoint without a password drops the sealed one
    expect(store.pointsOfSale.set('Grill', { endpoint: 'https://pos.example/orders' }).ok).toBe(true);
    const plain = store.pointsOfSale.connection(store.pointsOfSale.byName('Grill')!.id);
    expect(plain.ok && plain.pos.endpoint).toBe('https://pos.example/orders');
  });

  it('an endpoint an older ringdesk stored in clear is sealed on upgrade: not in the file, not in the WAL, still usable', () => {
    const file = fresh();
    // the schema before the sealing migration, as the previous release left it, with a console of that release still running:
    // its write of the clear URL sits in the WAL, and the file has it too after a checkpoint
    const sealing = migrations.find((m) => m.name === 'passwords in point-of-sale endpoints sealed')!.version;
    const old = keep(openDatabase(file, migrations.filter((m) => m.version < sealing)));
    old.prepare(`INSERT INTO points_of_sale (name, endpoint, transport) VALUES ('Grill', ?, 'http')`).run(URL_WITH_PASSWORD);
    // a row after it on the same page: the rewritten row cannot simply take the old one's bytes over
    old.prepare(`INSERT INTO points_of_sale (name, endpoint, transport) VALUES ('Pasta', 'https://pasta.example/orders', 'http')`).run();
    old.pragma('wal_checkpoint(PASSIVE)');
    old.prepare(`UPDATE points_of_sale SET endpoint = ? WHERE name = 'Grill'`).run(`${URL_WITH_PASSWORD}?v=2`);
    expect(rawBytes(file).includes(PASSWORD)).toBe(true); // the test sees clear text when it is there
    const store = keep(Store.open(file, opts));
    expect(store.pointsOfSale.byName('Grill')!.endpoint).toBe('http://kitchen:****@10.0.0.5:8080/orders?v=2');
    const c = store.pointsOfSale.connection(store.pointsOfSale.byName('Grill')!.id);
    expect(c.ok && c.pos.endpoint).toBe(`${URL_WITH_PASSWORD}?v=2`);
    expect(rawBytes(file).includes(PASSWORD)).toBe(false);
    open.splice(0).forEach((s) => s.close());
    expect(rawBytes(file).includes(PASSWORD)).toBe(false);
    const raw = keep(new Database(file, { readonly: true }));
    expect(raw.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(sealing);
  });
});
