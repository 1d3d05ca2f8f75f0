import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v8 (issue 11, no caller lost from view): each console run has a row it keeps alive (a heartbeat,
// and every call it logs), and each call row says which run logged it; a run that stopped or went
// silent leaves no call 'ringing' for ever: the next console closes them at that run's last sign of
// life (src/store/consoles.ts).
const v8 = `
CREATE TABLE consoles (
  id TEXT PRIMARY KEY,
  operator TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  alive_at INTEGER NOT NULL,
  stopped_at INTEGER
);
ALTER TABLE calls ADD COLUMN console TEXT NOT NULL DEFAULT '';
CREATE INDEX calls_open ON calls(console) WHERE ended_at IS NULL;
`;

export const migration: BothEngines = { version: 8, name: 'console runs and their calls: none left ringing', up: (db) => db.exec(v8), postgres: portable(v8) };
