import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v13 (issue 15, callbacks, invitation codes, offline messages by e-mail):
// - the e-mail outbox, drained like the POS outbox by the box's relay with a lease per row
//   (src/mail/mail-relay.ts, src/store/mail-outbox.ts);
// - the box's own sealed secrets (the SMTP password; src/store/box-secrets.ts);
// - invitation codes, kept only as an HMAC of the code (src/store/invitation-codes.ts);
// - what a callback adds to its work item (kind 'callback', the queue's work_items, v11): when it
//   is due, attempts left and the delay between them, expiry, where it came from (a caller who
//   gave up, deduplicated per number and local day; a dispatcher's key; POST /callbacks), and each
//   dial's outcome (src/store/callbacks.ts). Keyed by the item's id; no foreign key, so this
//   version stands apart from the queue's.
const v13 = `
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  item_id INTEGER,
  to_addr TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending','sent','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  lease_owner TEXT,
  lease_until INTEGER,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_at);
CREATE TABLE box_secrets (
  name TEXT PRIMARY KEY,
  sealed TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE invitation_codes (
  id INTEGER PRIMARY KEY,
  code_hash TEXT NOT NULL,
  operator TEXT NOT NULL,
  reusable INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  used_at INTEGER,
  uses INTEGER NOT NULL DEFAULT 0,
  revoked_at INTEGER,
  -- where an item with this code goes while its operator is offline: a group's name, '' = the operator's group
  fallback TEXT NOT NULL DEFAULT ''
);
CREATE INDEX invitation_codes_hash ON invitation_codes(code_hash);
CREATE TABLE callbacks (
  item_id INTEGER PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('abandoned','key','web')),
  due_at INTEGER NOT NULL,
  attempts_left INTEGER NOT NULL,
  attempts_made INTEGER NOT NULL DEFAULT 0,
  retry_delay_ms INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  -- a caller who gave up: "<phone key> <local day>", one callback per number and day
  dedupe_key TEXT,
  from_call TEXT NOT NULL DEFAULT '',
  code_id INTEGER,
  -- it came while nobody of its group was available: an offline message (listed, e-mailed)
  offline_at INTEGER,
  outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('','reached','no-answer','expired')),
  outcome_at INTEGER,
  created_by TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX callbacks_dedupe ON callbacks(dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX callbacks_due ON callbacks(due_at) WHERE outcome IN ('','no-answer');
CREATE TABLE callback_attempts (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  operator TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL CHECK (outcome IN ('reached','no-answer','expired')),
  call_ref TEXT NOT NULL DEFAULT ''
);
CREATE INDEX callback_attempts_item ON callback_attempts(item_id, id);
${['mail_outbox', 'callbacks'].map((t) => ['INSERT', 'UPDATE', 'DELETE'].map((op) =>
  `CREATE TRIGGER desk_changes_${t}_${op.toLowerCase()} AFTER ${op} ON ${t} BEGIN UPDATE desk_changes SET n = n + 1 WHERE id = 1; END;`).join('\n')).join('\n')}
`;

export const migration: BothEngines = { version: 13, name: 'callbacks, invitation codes, offline messages by e-mail', up: (db) => db.exec(v13), postgres: portable(v13) };
