import type Database from 'better-sqlite3';

/** One schema version: src/store/migrations/vNN-*.ts, listed in order in ./index.ts. */
export interface Migration {
  version: number;
  name: string;
  /** Runs in the migration's transaction; what it returns is handed to `after`. */
  up: (db: Database.Database) => unknown;
  /** After the migration committed (outside its transaction): e.g. a checkpoint that clears old pages out of the WAL. */
  after?: (db: Database.Database, done: unknown) => void;
}
