import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v14 (issue 15, transfer): a transfer between consoles — written by the console that hands the
// call over, found by the one that receives it (src/store/transfers.ts). Numbered 14 by the
// session's plan (11-13 belong to the queue, presence and callbacks work).
const v14 = `
CREATE TABLE transfers (
  id INTEGER PRIMARY KEY,
  call_ref TEXT NOT NULL,
  caller TEXT NOT NULL DEFAULT '',
  caller_key TEXT,
  delivery_id INTEGER REFERENCES deliveries(id),
  customer_id INTEGER REFERENCES customers(id),
  from_operator TEXT NOT NULL DEFAULT '',
  from_extension TEXT NOT NULL DEFAULT '',
  target TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('blind','attended')),
  note TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'asked' CHECK (state IN ('asked','completed','bridged','failed','cancelled','taken')),
  created_at INTEGER NOT NULL,
  settled_at INTEGER,
  taken_by TEXT,
  taken_at INTEGER
);
CREATE INDEX transfers_caller ON transfers(caller_key, target, created_at);
CREATE INDEX transfers_call ON transfers(call_ref);
`;

export const migration: BothEngines = { version: 14, name: 'transfers between consoles: the order travels with the call', up: (db) => db.exec(v14), postgres: portable(v14) };
