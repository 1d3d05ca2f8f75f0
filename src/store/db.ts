/** Opening a ringdesk database: pragmas, migrations, and the refusal of newer schemas. */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations, type Migration } from './migrations.js';

export type Db = Database.Database;

export class StoreError extends Error {}

export function openDatabase(file: string, list: Migration[] = migrations): Db {
  if (file !== ':memory:') {
    const dir = path.dirname(path.resolve(file));
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new StoreError(`cannot create the folder for the database ${file}: ${(e as Error).message}`);
    }
  }
  let db: Db;
  try {
    db = new Database(file);
  } catch (e) {
    throw new StoreError(`cannot open the database ${file}: ${(e as Error).message}`);
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db, file, list);
  return db;
}

export function migrate(db: Db, file: string, list: Migration[] = migrations): void {
  const latest = list[list.length - 1]?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    db.close();
    throw new StoreError(
      `the database ${file} has schema version ${current}, newer than this ringdesk knows (${latest}); upgrade ringdesk`,
    );
  }
  for (const m of list) {
    if (m.version <= current) continue;
    db.transaction(() => {
      // re-check inside the lock: another process may have migrated meanwhile
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
