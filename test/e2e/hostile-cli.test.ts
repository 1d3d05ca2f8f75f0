/**
 * Issue 12 from outside, as a dispatcher's shell sees it: `ringdesk` run as a child process on
 * real SQLite files. Outside text never reaches the terminal raw (intake and the output
 * boundary), and bad files, databases and settings give one clear line and a non-zero exit.
 */
import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = `${ROOT}bin/ringdesk.js`;
const home = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-home-`);
const dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-hostile-`);
const env = { ...process.env, HOME: home, RINGDESK_CONFIG: '', NO_COLOR: '1' };
const HOSTILE = '\x1b]0;pwned\x07\x1b[2J\x9b5m';
/** Anything a terminal would act on, rather than print (line breaks aside). */
const drives = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

beforeAll(() => {
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  expect(fs.existsSync(`${ROOT}dist/cli.js`)).toBe(true);
}, 180_000);
afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

function ringdesk(args: string[], extraEnv: Record<string, string> = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('outside text cannot drive the terminal', () => {
  it('a CSV-imported name is stripped at intake; lookup shows it plain', () => {
    const db = `${dir}/import.db`;
    fs.writeFileSync(`${dir}/hostile.csv`, `name,phone,note\n"Eva${HOSTILE} Malá",777 100 200,"nut${HOSTILE} allergy"\n`);
    expect(ringdesk(['db', 'import', `${dir}/hostile.csv`, '--db', db])).toMatchObject({ code: 0 });
    const r = ringdesk(['lookup', '777 100 200', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Customer:  Eva Malá');
    expect(r.out).not.toMatch(drives);
  });

  it('what an older version stored raw is stripped again in lookup, zones list, db export and their JSON', () => {
    const db = `${dir}/old.db`;
    const store = Store.open(db, { region: 'CZ', currency: 'CZK' });
    store.customers.create({ name: `Old${HOSTILE} Name`, note: `note${HOSTILE}`, phone: { key: '+420777100300', asTyped: `777 100 300${HOSTILE}` } });
    store.zones.addStreet(`Zone${HOSTILE}`, { city: '', street: `Street${HOSTILE}`, from: 1, to: 9, parity: 'all' }, { outlet: `Kitchen${HOSTILE}`, fee: 0, minOrder: 0, minutes: 30, hours: '' }, true);
    store.close();
    for (const args of [['lookup', '777100300'], ['lookup', '777100300', '--json'], ['zones', 'list'], ['zones', 'list', '--json'], ['db', 'export'], ['pos', 'list']]) {
      const r = ringdesk([...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out.replace(/\r\n/g, '\n'), args.join(' ')).not.toMatch(drives);
      expect(r.out.length, args.join(' ')).toBeGreaterThan(10);
    }
  });

  it('names typed on the command line pass the same gate: stripped, or refused when too long', () => {
    const db = `${dir}/args.db`;
    expect(ringdesk(['pos', 'add', `Grill${HOSTILE} Bar`, '--db', db])).toMatchObject({ code: 0 });
    expect(ringdesk(['pos', 'list', '--json', '--db', db]).out).toContain('"name": "Grill Bar"');
    const long = ringdesk(['zones', 'add-street', 'Z'.repeat(101), '--street', 'Dlouhá', '--outlet', 'Grill Bar', '--minutes', '30', '--db', db]);
    expect(long.code).toBe(1);
    expect(long.err).toBe('ringdesk: zone name: the label is 101 characters long; at most 100 allowed\n');
  });

  it('zones and menu files nested 100,000 deep: one clear line, exit 1, no stack trace', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    fs.writeFileSync(`${dir}/deep.geojson`, `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":${deep}}}]}`);
    fs.writeFileSync(`${dir}/deep-menu.json`, `{"categories":[{"name":"x","products":[{"name":"p","price":1,"sizes":${deep}}]}]}`);
    for (const [cmd, file] of [['zones', 'deep.geojson'], ['menu', 'deep-menu.json']]) {
      const r = ringdesk([cmd, 'import', `${dir}/${file}`, '--db', `${dir}/deep.db`]);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`ringdesk: ${dir}/${file} rejected, nothing was imported: nests deeper than 64 levels; not a file ringdesk reads\n`);
    }
  });
});

/** One line on stderr, starting "ringdesk: ", no stack trace, and the exit code. */
function oneLine(r: { code: number; err: string }): string {
  expect(r.code).not.toBe(0);
  expect(r.err).not.toMatch(/\n\s+at |Error:|node:internal/);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  return r.err.trimEnd();
}
const NOBODY = 65534;

describe('one clear line and a non-zero exit, never a stack trace', () => {
  const good = `${dir}/good.db`;
  beforeAll(() => {
    expect(ringdesk(['db', 'seed', '--db', good])).toMatchObject({ code: 0 });
    // fold the WAL in, so copies of the file are whole databases
    const db = new Database(good);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  });

  it('a file that is not a database', () => {
    fs.writeFileSync(`${dir}/notes.txt`, 'shopping list: flour, tomatoes, mozzarella\n'.repeat(100));
    expect(oneLine(ringdesk(['lookup', '777123456', '--db', `${dir}/notes.txt`]))).toBe(`ringdesk: ${dir}/notes.txt is not a ringdesk database (not an SQLite file): check --db or RINGDESK_DB`);
  });

  it('a truncated or corrupt database', () => {
    fs.copyFileSync(good, `${dir}/truncated.db`);
    fs.truncateSync(`${dir}/truncated.db`, 8192);
    expect(oneLine(ringdesk(['lookup', '777123456', '--db', `${dir}/truncated.db`]))).toBe(`ringdesk: the database ${dir}/truncated.db is damaged (corrupt or truncated): restore it from a backup`);
    fs.copyFileSync(good, `${dir}/corrupt.db`);
    // every page after the header page overwritten
    const size = fs.statSync(`${dir}/corrupt.db`).size;
    const fd = fs.openSync(`${dir}/corrupt.db`, 'r+');
    fs.writeSync(fd, Buffer.alloc(size - 4096, 0xab), 0, size - 4096, 4096);
    fs.closeSync(fd);
    expect(oneLine(ringdesk(['calls', '--db', `${dir}/corrupt.db`]))).toContain(`the database ${dir}/corrupt.db is damaged`);
  });

  it('a read-only database file, and a database in a read-only folder (as an unprivileged user)', () => {
    const folder = (mode: number, fileMode: number) => {
      const f = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-ro-`);
      fs.copyFileSync(good, `${f}/desk.db`);
      fs.chownSync(`${f}/desk.db`, NOBODY, NOBODY);
      fs.chmodSync(`${f}/desk.db`, fileMode);
      fs.chownSync(f, NOBODY, NOBODY);
      fs.chmodSync(f, mode);
      return f;
    };
    const asNobody = (args: string[]) => {
      const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...env, HOME: os.tmpdir() }, encoding: 'utf8', timeout: 30_000, uid: NOBODY, gid: NOBODY });
      return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
    };
    const roFile = folder(0o755, 0o444);
    const roDir = folder(0o555, 0o644);
    try {
      expect(oneLine(asNobody(['pos', 'add', 'Grill', '--endpoint', 'http://127.0.0.1:9/o', '--db', `${roFile}/desk.db`])))
        .toBe(`ringdesk: the database ${roFile}/desk.db is read-only: ringdesk writes it; check the owner and mode of the file and of ${roFile}`);
      expect(oneLine(asNobody(['lookup', '777123456', '--db', `${roDir}/desk.db`])))
        .toBe(`ringdesk: cannot open the database ${roDir}/desk.db: the folder ${roDir} must be writable (SQLite keeps desk.db-wal and -shm beside it)`);
      expect(oneLine(asNobody(['db', 'init', '--db', `${roDir}/new.db`]))).toBe(`ringdesk: cannot create the database ${roDir}/new.db: the folder ${roDir} is not writable (EACCES)`);
    } finally {
      for (const f of [roFile, roDir]) {
        fs.chmodSync(f, 0o755);
        fs.rmSync(f, { recursive: true, force: true });
      }
    }
  });

  it('a database locked by another process past the busy timeout', async () => {
    const locked = `${dir}/locked.db`;
    fs.copyFileSync(good, locked);
    // another process holds the file exclusively (as a long import on a shared file would, at its worst)
    const holder = new Database(locked);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE; DELETE FROM desk_sessions;');
    try {
      const child = spawn(process.execPath, [BIN, 'lookup', '777123456', '--db', locked], { env });
      let err = '';
      child.stderr.on('data', (c) => { err += String(c); });
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(oneLine({ code: code ?? -1, err })).toBe(`ringdesk: the database ${locked} is locked by another process (waited 5 s): try again when it is done (a long import, a backup?)`);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  }, 30_000);

  it('a read-only command never creates a database: a missing file is an error naming the path', () => {
    const missing = `${dir}/typo/desk.db`;
    for (const args of [['lookup', '777123456'], ['calls'], ['db', 'export'], ['pos', 'list'], ['zones', 'list'], ['menu', 'list'], ['quote', '--address', 'Slezská 7', '--item', 'Lasagne']]) {
      expect(oneLine(ringdesk([...args, '--db', missing])), args.join(' ')).toBe(`ringdesk: no database at ${missing}: check --db or RINGDESK_DB (this command never creates one; "ringdesk db init" does)`);
    }
    expect(fs.existsSync(`${dir}/typo`)).toBe(false);
  });

  it('a bad setting, checked when the configuration is loaded, names where it came from', () => {
    const db = ['lookup', '777123456', '--db', good];
    expect(oneLine(ringdesk(db, { RINGDESK_TIMEZONE: 'Mars/Olympus' }))).toBe('ringdesk: environment RINGDESK_TIMEZONE: "Mars/Olympus" is not a time zone; use an IANA name like Europe/Prague');
    expect(oneLine(ringdesk([...db, '--region', 'XX']))).toBe('ringdesk: --region: "XX" is not a phone region; use an ISO 3166 country code like CZ or GB');
    expect(oneLine(ringdesk(db, { RINGDESK_CURRENCY: 'XYZW' }))).toBe('ringdesk: environment RINGDESK_CURRENCY: "XYZW" is not a currency; use an ISO 4217 code like CZK or EUR');
    fs.writeFileSync(`${dir}/config.json`, JSON.stringify({ pbx: 'http://bob:hunter2@pbx.example:8080/ws' }));
    const pbx = oneLine(ringdesk(['--config', `${dir}/config.json`, ...db]));
    expect(pbx).toBe(`ringdesk: config file ${dir}/config.json: pbx: "http://bob:****@pbx.example:8080/ws" is not a PBX WebSocket URL; use ws://host:port or wss://host:port, or leave it empty`);
  });
});

describe('data is not world-readable', () => {
  it('under umask 000 the database, its -wal/-shm and an export are 0600', () => {
    const db = `${dir}/umask.db`;
    const sh = (cmd: string) => spawnSync('sh', ['-c', `umask 000; exec "${process.execPath}" "${BIN}" ${cmd}`], { env, encoding: 'utf8', timeout: 30_000 });
    expect(sh(`db seed --db "${db}"`).status).toBe(0);
    expect(sh(`db export "${dir}/customers.csv" --db "${db}"`).status).toBe(0);
    const modes = [db, `${dir}/customers.csv`].map((f) => (fs.statSync(f).mode & 0o777).toString(8));
    expect(modes).toEqual(['600', '600']);
  });
});

describe('secrets on the wire and in output', () => {
  it('a token over plain http to another machine is warned about at pos add/set and in doctor; a URL password never shows', () => {
    const db = `${dir}/pos.db`;
    const add = ringdesk(['pos', 'add', 'Grill', '--endpoint', 'http://kitchen:hunter2@10.0.0.5:8080/orders', '--token', 'grill-token-1234', '--db', db]);
    expect(add.code).toBe(0);
    expect(add.err).toBe('ringdesk: warning: point of sale Grill sends its token over plain http:// to http://kitchen:****@10.0.0.5:8080/orders: anyone on the network can read it; use https:// (or a loopback tunnel)\n');
    const list = ringdesk(['pos', 'list', '--db', db]);
    expect(list.out).toContain('http://kitchen:****@10.0.0.5:8080/orders');
    for (const out of [add.out, add.err, list.out, ringdesk(['pos', 'list', '--json', '--db', db]).out]) expect(out).not.toContain('hunter2');
    expect(ringdesk(['pos', 'set', 'Grill', '--endpoint', 'https://kitchen.example/orders', '--db', db]).err).toBe('');
    expect(ringdesk(['pos', 'set', 'Grill', '--transport', 'ws', '--endpoint', 'ws://10.0.0.5/orders', '--db', db]).err).toContain('over plain ws:// to ws://10.0.0.5/orders');
    expect(ringdesk(['pos', 'add', 'Bridge', '--endpoint', 'http://127.0.0.1:9/orders', '--token', 'bridge-token-99', '--db', db]).err).toBe('');
    const doctor = ringdesk(['doctor', '--db', db]);
    expect(doctor.out).toMatch(/^WARN {2}pos +point of sale Grill sends its token over plain ws:\/\//m);
    // a loopback endpoint is not warned about (doctor may still say it cannot reach it)
    expect(doctor.out).not.toMatch(/Bridge sends its token/);
  });
});
