/** Migrations on a real PostgreSQL (test/helpers/postgres.ts): the whole list, and the refusal of a newer database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDb } from './pg-db.js';
import { migratePostgres } from './pg-migrate.js';
import { migrations } from '../migrations/index.js';
import { openDatabase } from '../db.js';
import { postgresSuite, startPostgres, type PostgresServer } from '../../../test/helpers/postgres.js';
import { tempDir } from '../../../test/helpers/temp-store.js';
import path from 'node:path';

postgresSuite('migrations on PostgreSQL', () => {
  let server: PostgresServer;
  let n = 0;
  const fresh = async () => {
    const name = `migrate_${++n}`;
    const admin = new PgDb(server.url('postgres'));
    await admin.rows(`CREATE DATABASE ${name}`);
    await admin.close();
    return new PgDb(server.url(name));
  };
  beforeAll(async () => { server = await startPostgres(); }, 60_000);
  afterAll(async () => { await server?.stop(); });

  it('runs every version of the one list, to the same version number as SQLite', async () => {
    const db = await fresh();
    try {
      expect(await migratePostgres(db)).toBe(migrations[migrations.length - 1].version);
      const tables = (await db.rows<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`)).map((r) => r.t);
      expect(tables).toEqual(expect.arrayContaining(['customers', 'customer_phones', 'addresses', 'deliveries', 'calls', 'outbox', 'mail_outbox', 'work_items']));
      // a second start finds nothing to do
      expect(await migratePostgres(db)).toBe(migrations.length);
    } finally {
      await db.close();
    }
  });

  it('a database from a newer ringdesk is refused on both engines with the same words, the password masked', async () => {
    const db = await fresh();
    await migratePostgres(db);
    await db.rows('UPDATE ringdesk_schema SET version = 999');
    await db.close();
    const withPassword = server.url(`migrate_${n}`).replace('ringdesk@', 'ringdesk:s3cret-pw@');
    const again = new PgDb(withPassword);
    let pgLine = '';
    try {
      await migratePostgres(again);
    } catch (e) {
      pgLine = (e as Error).message;
    } finally {
      await again.close();
    }
    expect(pgLine).not.toContain('s3cret-pw');
    expect(pgLine).toMatch(/^the database postgres:\/\/ringdesk:\*\*\*\*@127\.0\.0\.1:\d+\/migrate_\d+ has schema version 999, newer than this ringdesk knows \(\d+\); upgrade ringdesk$/);
    const { dir, cleanup } = tempDir('ringdesk-newer-');
    try {
      const file = path.join(dir, 'desk.db');
      openDatabase(file, migrations, { create: true }).pragma('user_version = 999');
      let sqliteLine = '';
      try { openDatabase(file); } catch (e) { sqliteLine = (e as Error).message; }
      expect(sqliteLine.replace(file, 'X')).toBe(pgLine.replace(/postgres:\/\/\S+/, 'X'));
    } finally {
      cleanup();
    }
  });
});
