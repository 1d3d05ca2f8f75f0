/**
 * Opening a ringdesk database: pragmas, migrations, the refusal of newer schemas, private file
 * modes (src/files/private-file.ts), and one line a dispatcher can act on for every way opening
 * or using the file can fail (not a database, damaged, read-only, locked).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations, type Migration } from './migrations/index.js';
import { newerSchema } from './migrations/migration.js';
import { prepareDatabaseFile } from '../files/private-file.js';

export type Db = Database.Database;

export class StoreError extends Error {}

/** How long a statement waits for another process's lock before it gives up. */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** Create the file when it is missing (init, import, the console); read-only commands refuse instead. */
  create?: boolean;
  /** A small file beside the database (the relay lease): never the one a later failure's message names. */
  side?: boolean;
}

// the files opened in this process, newest last: an SQLite failure later names the file
const opened: string[] = [];

/** The database file this process opened last (for the message of a failure after opening). */
export function databaseInUse(): string | null {
  return opened[opened.length - 1] ?? null;
}

/** The SQLite library's version and whether the features ringdesk needs work (tried on an in-memory database). */
export function sqliteLibrary(): { version: string; fts5: boolean; rtree: boolean } {
  const db = new Database(':memory:');
  const works = (sql: string) => {
    try {
      db.exec(sql);
      return true;
    } catch {
      return false;
    }
  };
  try {
    const { version } = db.prepare('SELECT sqlite_version() AS version').get() as { version: string };
    // customer search (FTS5, migration v4) and the zones' bounding boxes (R*Tree)
    return { version, fts5: works('CREATE VIRTUAL TABLE f USING fts5(a)'), rtree: works('CREATE VIRTUAL TABLE r USING rtree(id, x0, x1)') };
  } finally {
    db.close();
  }
}

export function openDatabase(file: string, list: Migration[] = migrations, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') {
    if (opts.create === false && !fs.existsSync(file)) {
      throw new StoreError(`no database at ${path.resolve(file)}: check --db or RINGDESK_DB (this command never creates one; "ringdesk db init" does)`);
    }
    const dir = path.dirname(path.resolve(file));
    try {
      fs.mkdirSync(dir, { recursive: true });
      prepareDatabaseFile(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new StoreError(`cannot create the database ${file}: the folder ${dir} is not writable (${code})`);
      throw new StoreError(`cannot create the database ${file}: ${(e as Error).message}`);
    }
  }
  let db: Db;
  try {
    db = new Database(file);
  } catch (e) {
    throw new StoreError(describeDatabaseFailure(e, file) ?? `cannot open the database ${file}: ${(e as Error).message}`);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, file, list);
  } catch (e) {
    if (db.open) db.close();
    const line = describeDatabaseFailure(e, file);
    if (line) throw new StoreError(line);
    throw e;
  }
  if (!opts.side) opened.push(file);
  return db;
}

/**
 * One line for an SQLite failure on `file` that says what is wrong and what to do; null when
 * `e` is not an SQLite failure (a bug, which keeps its stack).
 */
export function describeDatabaseFailure(e: unknown, file: string): string | null {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const dir = path.dirname(path.resolve(file));
  if (code === 'SQLITE_NOTADB') return `${file} is not a ringdesk database (not an SQLite file): check --db or RINGDESK_DB`;
  if (code.startsWith('SQLITE_CORRUPT')) return `the database ${file} is damaged (corrupt or truncated): restore it from a backup`;
  if (code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_')) {
    return `cannot open the database ${file}: the folder ${dir} must be writable (SQLite keeps ${path.basename(file)}-wal and -shm beside it)`;
  }
  if (code.startsWith('SQLITE_READONLY')) return `the database ${file} is read-only: ringdesk writes it; check the owner and mode of the file and of ${dir}`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `the database ${file} is locked by another process (waited ${BUSY_TIMEOUT_MS / 1000} s): try again when it is done (a long import, a backup?)`;
  }
  if (code === 'SQLITE_FULL') return `the disk holding the database ${file} is full`;
  if (code.startsWith('SQLITE_IOERR')) return `cannot read or write the database ${file}: input/output error (${code})`;
  // SQL errors, constraints and misuse are bugs: they keep their stack
  if (/^SQLITE_(ERROR|CONSTRAINT|MISUSE|RANGE|MISMATCH|SCHEMA)/.test(code)) return null;
  return `the database ${file}: ${(e as Error).message} (${code})`;
}

export function migrate(db: Db, file: string, list: Migration[] = migrations): void {
  const latest = list[list.length - 1]?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    db.close();
    throw new StoreError(newerSchema(file, current, latest));
  }
  for (const m of list) {
    if (m.version <= current) continue;
    const ran = db.transaction((): { done: unknown } | null => {
      // re-check inside the lock: another process may have migrated meanwhile
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now >= m.version) return null;
      const done = m.up(db);
      db.pragma(`user_version = ${m.version}`);
      return { done };
    }).immediate();
    if (ran) m.after?.(db, ran.done);
  }
}
