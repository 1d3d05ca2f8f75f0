import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v3 (issue 7, order-taking): zone index and shapes, street keys, menu order, per-line ids,
// overrides with the operator, cancel codes, scheduled confirmations, per-outlet day numbers.
const zoneBoxes = 'CREATE VIRTUAL TABLE zone_boxes USING rtree(id, min_lon, max_lon, min_lat, max_lat);';
const v3 = `
${zoneBoxes}
ALTER TABLE zones ADD COLUMN shape BLOB;
ALTER TABLE zones ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE zones ADD COLUMN area REAL NOT NULL DEFAULT 0;
ALTER TABLE zone_streets ADD COLUMN city_key TEXT NOT NULL DEFAULT '';
ALTER TABLE zone_streets ADD COLUMN street_key TEXT NOT NULL DEFAULT '';
CREATE INDEX zone_streets_key ON zone_streets(street_key);
ALTER TABLE points_of_sale ADD COLUMN busy_set_at INTEGER;
ALTER TABLE products ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE product_sizes ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE modifier_groups ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE modifiers ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
-- ids as chosen when the line was taken; no foreign key, a later menu import may drop them
ALTER TABLE delivery_items ADD COLUMN size_id INTEGER;
ALTER TABLE delivery_items ADD COLUMN modifier_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE deliveries ADD COLUMN courier_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN delivery_minutes INTEGER;
ALTER TABLE deliveries ADD COLUMN zone_refusal TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN override_operator_id INTEGER REFERENCES operators(id);
ALTER TABLE deliveries ADD COLUMN override_at INTEGER;
ALTER TABLE deliveries ADD COLUMN cancel_note TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN confirm_due_at INTEGER;
ALTER TABLE deliveries ADD COLUMN confirmed_at INTEGER;
CREATE INDEX deliveries_scheduled ON deliveries(confirm_due_at)
  WHERE asap = 0 AND status NOT IN ('delivered','closed','cancelled');
CREATE TABLE order_numbers (
  pos_id INTEGER NOT NULL,
  day TEXT NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (pos_id, day)
) WITHOUT ROWID;
`;

export const migration: BothEngines = { version: 3, name: 'order-taking: zones, menu, lifecycle', up: (db) => db.exec(v3),
  // PostgreSQL: the zones' bounding boxes in a GiST index over the built-in box type (no PostGIS: docs/architecture.md)
  postgres: portable(v3.replace(zoneBoxes, '')) + `
CREATE INDEX zones_box ON zones USING gist (box(point(min_lon, min_lat), point(max_lon, max_lat)));`,
};
