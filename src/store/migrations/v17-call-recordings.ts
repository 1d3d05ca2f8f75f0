import type { Migration } from './migration.js';

// v17 (issue 18, optional recording): where a recorded call's WAV file is. Only here: a
// recording's path is never logged; '' = not recorded. The file may be gone since (retention).
const v17 = `ALTER TABLE calls ADD COLUMN recording TEXT NOT NULL DEFAULT '';`;

export const migration: Migration = { version: 17, name: 'a recorded call keeps the path of its recording', up: (db) => db.exec(v17) };
