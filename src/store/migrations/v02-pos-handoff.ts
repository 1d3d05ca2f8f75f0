import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v2 (issue 4, POS hand-off): a point of sale's token sealed with the box's key (never clear
// text), a hint to show it masked, and indexes for the relay's lease and the card's history.
const v2 = `
ALTER TABLE points_of_sale ADD COLUMN token_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE points_of_sale ADD COLUMN token_hint TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_lease ON outbox(state, lease_until) WHERE state IN ('sending','sent');
CREATE INDEX outbox_delivery ON outbox(delivery_id, version);
`;

export const migration: BothEngines = { version: 2, name: 'point-of-sale hand-off: sealed tokens, relay leases', up: (db) => db.exec(v2), postgres: portable(v2) };
