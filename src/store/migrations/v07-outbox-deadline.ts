import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v7 (issue 12, POS outages): an order is retried until a deadline tied to it, not a number of
// attempts. The row keeps the promised time it was queued with and when its current run of
// retries began (queued, or resent by a dispatcher), so every relay computes the same deadline.
const v7 = `
ALTER TABLE outbox ADD COLUMN promised_at INTEGER;
ALTER TABLE outbox ADD COLUMN retry_from INTEGER;
UPDATE outbox SET retry_from = created_at;
`;

export const migration: BothEngines = { version: 7, name: 'POS outages: retry until the order\'s deadline', up: (db) => db.exec(v7), postgres: portable(v7) };
