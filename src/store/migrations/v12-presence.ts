import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v12 (issue 15, presence): each operator's status (available, break, wrap-up until a time,
// offline) and the console run that set it; a counter moved only by presence changes, so a
// colleague's break redraws the others' status without reloading their orders; the capacity a
// supervisor sets per operator (chats at once, chats beside a call, wrap-up seconds; NULL = the
// default); when a run was found gone by its free lock (src/store/console-locks.ts); which group
// a called number or an IVR digit routes to (src/store/group-routes.ts), and the group a call was
// routed to in the call log.
const v12 = `
CREATE TABLE operator_presence (
  operator TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('available','break','wrap-up','offline')),
  until INTEGER,
  since INTEGER NOT NULL,
  console TEXT NOT NULL DEFAULT ''
);
CREATE TABLE presence_changes (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO presence_changes (id, n) VALUES (1, 0);
${['INSERT', 'UPDATE', 'DELETE'].map((op) =>
  `CREATE TRIGGER presence_changes_${op.toLowerCase()} AFTER ${op} ON operator_presence BEGIN UPDATE presence_changes SET n = n + 1 WHERE id = 1; END;`).join('\n')}
ALTER TABLE operators ADD COLUMN max_chats INTEGER;
ALTER TABLE operators ADD COLUMN chats_beside_call INTEGER;
ALTER TABLE operators ADD COLUMN wrap_up_s INTEGER;
ALTER TABLE consoles ADD COLUMN gone_at INTEGER;
CREATE INDEX consoles_live ON consoles(id) WHERE stopped_at IS NULL;
CREATE TABLE group_routes (
  entry TEXT PRIMARY KEY,
  group_name TEXT NOT NULL,
  added_at INTEGER NOT NULL
);
ALTER TABLE calls ADD COLUMN group_name TEXT NOT NULL DEFAULT '';
`;

export const migration: BothEngines = { version: 12, name: 'operator presence, capacity, consoles found gone, group routes', up: (db) => db.exec(v12),
  postgres: `
CREATE FUNCTION ringdesk_bump_presence_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN UPDATE presence_changes SET n = n + 1 WHERE id = 1; RETURN NULL; END $$;
${portable(v12)}`,
};
