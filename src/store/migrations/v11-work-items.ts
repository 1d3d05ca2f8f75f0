import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v11 (issue 15, one queue for calls, callbacks and chats): work items (src/store/work-items.ts)
// in first-arrival order, the notes that travel with them and every move they made (for queue
// statistics); operator groups and their members (by operator name, as consoles know them). Every
// write moves desk_changes so every console on the box shows a new item at once.
const v11 = `
CREATE TABLE operator_groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  created_at INTEGER NOT NULL
);
CREATE TABLE group_members (
  group_id INTEGER NOT NULL REFERENCES operator_groups(id) ON DELETE CASCADE,
  operator TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (group_id, operator)
) WITHOUT ROWID;
CREATE INDEX group_members_operator ON group_members(operator);
CREATE TABLE work_items (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('call','callback','chat')),
  ref TEXT NOT NULL DEFAULT '',
  entry_via TEXT NOT NULL CHECK (entry_via IN ('number','ivr','web','code')),
  entry TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  phone_key TEXT,
  web_page TEXT, web_referrer TEXT, web_browser TEXT, web_os TEXT,
  arrived_at INTEGER NOT NULL,
  position INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'waiting'
    CHECK (state IN ('waiting','offered','accepted','done','redirected','abandoned','expired')),
  state_at INTEGER NOT NULL,
  owner_group INTEGER REFERENCES operator_groups(id),
  owner_operator TEXT,
  holder_operator TEXT,
  holder_console TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX work_items_ref ON work_items(kind, ref) WHERE ref <> '';
CREATE INDEX work_items_waiting ON work_items(arrived_at, id) WHERE state IN ('waiting','offered','redirected');
CREATE INDEX work_items_holder ON work_items(holder_console) WHERE holder_console IS NOT NULL;
CREATE INDEX work_items_phone ON work_items(phone_key, arrived_at);
CREATE TABLE work_item_notes (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES work_items(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  by TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL
);
CREATE INDEX work_item_notes_item ON work_item_notes(item_id, at, id);
CREATE TABLE work_item_moves (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES work_items(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  by TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX work_item_moves_item ON work_item_moves(item_id, id);
CREATE INDEX work_item_moves_at ON work_item_moves(at);
${['work_items', 'work_item_notes', 'operator_groups', 'group_members'].map((t) => ['INSERT', 'UPDATE', 'DELETE'].map((op) =>
  `CREATE TRIGGER desk_changes_${t}_${op.toLowerCase()} AFTER ${op} ON ${t} BEGIN UPDATE desk_changes SET n = n + 1 WHERE id = 1; END;`).join('\n')).join('\n')}
`;

export const migration: BothEngines = { version: 11, name: 'one queue: work items, their notes and moves; operator groups', up: (db) => db.exec(v11),
  // PostgreSQL: UNIQUE COLLATE NOCASE is a unique index on lower(name)
  postgres: `${portable(v11.replace('name TEXT NOT NULL UNIQUE COLLATE NOCASE', 'name TEXT NOT NULL'))}
CREATE UNIQUE INDEX operator_groups_name ON operator_groups(lower(name));`,
};
