import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v17 (issue 18, optional recording): where a recorded call's WAV file is. Only here: a
// recording's path is never logged; '' = not recorded. The file may be gone since (retention).
const v17 = `ALTER TABLE calls ADD COLUMN recording TEXT NOT NULL DEFAULT '';`;

export const migration: BothEngines = { version: 17, name: 'a recorded call keeps the path of its recording', up: (db) => db.exec(v17), postgres: portable(v17) };
