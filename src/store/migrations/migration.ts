import type Database from 'better-sqlite3';

/**
 * One schema version: src/store/migrations/vNN-*.ts, listed in order in ./index.ts. The same
 * version number on both engines (issue 17): `up` on SQLite, `postgres` on PostgreSQL — usually
 * `portable(sqliteText)` (./portable.ts), written by hand where the engines differ.
 */
export interface Migration {
  version: number;
  name: string;
  /** Runs in the migration's transaction; what it returns is handed to `after`. */
  up: (db: Database.Database) => unknown;
  /** After the migration committed (outside its transaction): e.g. a checkpoint that clears old pages out of the WAL. */
  after?: (db: Database.Database, done: unknown) => void;
  /** The same version on PostgreSQL: SQL run in one transaction (src/store/postgres/pg-migrate.ts). */
  postgres?: string;
}

/** A migration of the main list: every version has its PostgreSQL text. */
export type BothEngines = Migration & { postgres: string };

/** The one refusal of a database written by a newer ringdesk, the same words on every engine. */
export function newerSchema(where: string, current: number, latest: number): string {
  return `the database ${where} has schema version ${current}, newer than this ringdesk knows (${latest}); upgrade ringdesk`;
}
