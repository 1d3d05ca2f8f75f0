/**
 * Migrations on PostgreSQL: the same list and version numbers as SQLite (src/store/migrations/),
 * each version's `postgres` text run in one transaction. The version lives in a one-row table
 * (PostgreSQL has no user_version); an advisory lock keeps two consoles starting at once from
 * migrating twice, and a database from a newer ringdesk is refused with SQLite's very words.
 */
import { migrations } from '../migrations/index.js';
import { newerSchema, type BothEngines } from '../migrations/migration.js';
import { StoreError } from '../db.js';
import { shownUrl, type PgDb } from './pg-db.js';

const LOCK = 7_461_715; // "ringdesk migrate", any constant the whole database agrees on

export async function migratePostgres(db: PgDb, list: BothEngines[] = migrations): Promise<number> {
  const latest = list[list.length - 1]?.version ?? 0;
  return db.tx(async (q) => {
    await q.rows('SELECT pg_advisory_xact_lock($1)', [LOCK]);
    await q.rows('CREATE TABLE IF NOT EXISTS ringdesk_schema (id INT PRIMARY KEY CHECK (id = 1), version INT NOT NULL)');
    await q.rows('INSERT INTO ringdesk_schema (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING');
    const current = (await q.row<{ version: number }>('SELECT version FROM ringdesk_schema WHERE id = 1'))!.version;
    if (current > latest) throw new StoreError(newerSchema(shownUrl(db.url), current, latest));
    for (const m of list) {
      if (m.version <= current) continue;
      await q.rows(m.postgres);
      await q.rows('UPDATE ringdesk_schema SET version = $1 WHERE id = 1', [m.version]);
    }
    return Math.max(current, latest);
  });
}
