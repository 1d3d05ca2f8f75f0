/**
 * Schema migrations, ordered by `PRAGMA user_version`. Each runs in one immediate
 * transaction; a database written by a newer ringdesk is refused, not guessed at.
 * Append new versions at the end; never edit a shipped one.
 */
import type Database from 'better-sqlite3';
import { sealEndpointPasswords } from './points-of-sale.js';
import { SecretKey, secretKeyFile } from './secret-key.js';

export interface Migration {
  version: number;
  name: string;
  /** Runs in the migration's transaction; what it returns is handed to `after`. */
  up: (db: Database.Database) => unknown;
  /** After the migration committed (outside its transaction): e.g. a checkpoint that clears old pages out of the WAL. */
  after?: (db: Database.Database, done: unknown) => void;
}

const v1 = `
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL DEFAULT '',
  company TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT 'regular'
    CHECK (category IN ('regular','vip','problem','staff','spam','sleeping','not-a-client')),
  note TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '',
  debt INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE customer_phones (
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  e164 TEXT NOT NULL,
  as_typed TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  added_at INTEGER NOT NULL,
  PRIMARY KEY (customer_id, e164)
) WITHOUT ROWID;
CREATE INDEX customer_phones_e164 ON customer_phones(e164);
CREATE TABLE addresses (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,
  city TEXT NOT NULL DEFAULT '',
  street TEXT NOT NULL DEFAULT '',
  house TEXT NOT NULL DEFAULT '',
  building TEXT NOT NULL DEFAULT '',
  flat TEXT NOT NULL DEFAULT '',
  entrance TEXT NOT NULL DEFAULT '',
  floor TEXT NOT NULL DEFAULT '',
  intercom TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  lat REAL,
  lon REAL,
  courier_note TEXT NOT NULL DEFAULT '',
  last_used_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX addresses_customer ON addresses(customer_id, last_used_at DESC);
CREATE TABLE points_of_sale (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  code TEXT NOT NULL DEFAULT '',
  endpoint TEXT NOT NULL DEFAULT '',
  transport TEXT NOT NULL DEFAULT 'http' CHECK (transport IN ('http','ws')),
  token_hash TEXT NOT NULL DEFAULT '',
  preparation_minutes INTEGER NOT NULL DEFAULT 20,
  busy_minutes INTEGER NOT NULL DEFAULT 0,
  timezone TEXT NOT NULL DEFAULT ''
);
CREATE TABLE zones (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  pos_id INTEGER REFERENCES points_of_sale(id),
  fee INTEGER NOT NULL DEFAULT 0,
  min_order INTEGER NOT NULL DEFAULT 0,
  minutes INTEGER NOT NULL DEFAULT 30,
  hours TEXT NOT NULL DEFAULT '',
  geometry TEXT NOT NULL DEFAULT '',
  min_lat REAL, min_lon REAL, max_lat REAL, max_lon REAL
);
CREATE TABLE zone_streets (
  id INTEGER PRIMARY KEY,
  zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
  city TEXT NOT NULL DEFAULT '',
  street TEXT NOT NULL,
  house_from INTEGER NOT NULL DEFAULT 0,
  house_to INTEGER NOT NULL DEFAULT 1000000,
  parity TEXT NOT NULL DEFAULT 'all' CHECK (parity IN ('all','odd','even'))
);
CREATE INDEX zone_streets_street ON zone_streets(street);
CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  price INTEGER NOT NULL CHECK (price >= 0),
  active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX products_name ON products(name COLLATE NOCASE);
CREATE TABLE product_sizes (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  price INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE modifier_groups (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  min_choices INTEGER NOT NULL DEFAULT 0,
  max_choices INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE modifiers (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES modifier_groups(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  price INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE stop_list (
  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  pos_id INTEGER REFERENCES points_of_sale(id) ON DELETE CASCADE,
  since INTEGER NOT NULL
);
CREATE UNIQUE INDEX stop_list_key ON stop_list(product_id, IFNULL(pos_id, 0));
CREATE TABLE drivers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  mobile TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE operators (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  os_user TEXT NOT NULL DEFAULT '',
  pbx_login TEXT NOT NULL DEFAULT '',
  extension TEXT NOT NULL DEFAULT '',
  headset_target TEXT NOT NULL DEFAULT '',
  -- never the password: only a salted hash, to tell whether one was set
  secret_hash TEXT NOT NULL DEFAULT ''
);
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL DEFAULT '',
  customer_id INTEGER REFERENCES customers(id),
  phone TEXT NOT NULL DEFAULT '',
  phone_key TEXT,
  kind TEXT NOT NULL DEFAULT 'delivery' CHECK (kind IN ('delivery','pickup')),
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft','awaiting','sent','confirmed','cooking','on-the-way','delivered','closed','cancelled','failed')),
  address_id INTEGER REFERENCES addresses(id),
  addr_city TEXT NOT NULL DEFAULT '',
  addr_street TEXT NOT NULL DEFAULT '',
  addr_house TEXT NOT NULL DEFAULT '',
  addr_building TEXT NOT NULL DEFAULT '',
  addr_flat TEXT NOT NULL DEFAULT '',
  addr_entrance TEXT NOT NULL DEFAULT '',
  addr_floor TEXT NOT NULL DEFAULT '',
  addr_intercom TEXT NOT NULL DEFAULT '',
  addr_postcode TEXT NOT NULL DEFAULT '',
  addr_lat REAL,
  addr_lon REAL,
  courier_note TEXT NOT NULL DEFAULT '',
  promised_at INTEGER,
  asap INTEGER NOT NULL DEFAULT 1,
  zone_id INTEGER REFERENCES zones(id),
  pos_id INTEGER REFERENCES points_of_sale(id),
  driver_id INTEGER REFERENCES drivers(id),
  payment_kind TEXT NOT NULL DEFAULT 'cash' CHECK (payment_kind IN ('cash','card','prepaid')),
  cash_tendered INTEGER,
  persons INTEGER NOT NULL DEFAULT 1,
  comment TEXT NOT NULL DEFAULT '',
  subtotal INTEGER NOT NULL DEFAULT 0,
  fee INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0,
  cancel_reason TEXT NOT NULL DEFAULT '',
  override_note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  operator_id INTEGER REFERENCES operators(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX deliveries_phone_open ON deliveries(phone_key, promised_at)
  WHERE status NOT IN ('delivered','closed','cancelled');
CREATE INDEX deliveries_customer ON deliveries(customer_id, created_at DESC);
CREATE INDEX deliveries_open ON deliveries(status, updated_at)
  WHERE status NOT IN ('delivered','closed','cancelled');
CREATE TABLE delivery_items (
  id INTEGER PRIMARY KEY,
  delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  product_id INTEGER REFERENCES products(id),
  name TEXT NOT NULL,
  size TEXT NOT NULL DEFAULT '',
  modifiers TEXT NOT NULL DEFAULT '[]',
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price INTEGER NOT NULL,
  kitchen_comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX delivery_items_delivery ON delivery_items(delivery_id, position);
CREATE TABLE calls (
  id INTEGER PRIMARY KEY,
  call_ref TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('incoming','outgoing')),
  remote TEXT NOT NULL DEFAULT '',
  remote_key TEXT,
  operator_id INTEGER REFERENCES operators(id),
  extension TEXT NOT NULL DEFAULT '',
  started_at INTEGER NOT NULL,
  answered_at INTEGER,
  ended_at INTEGER,
  outcome TEXT NOT NULL DEFAULT 'ringing',
  customer_id INTEGER REFERENCES customers(id),
  delivery_id INTEGER REFERENCES deliveries(id),
  callback_done INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX calls_ref ON calls(call_ref);
CREATE INDEX calls_started ON calls(started_at);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
  version INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending','sent','acknowledged','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  acknowledged_at INTEGER
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
-- what a console had open, so kill -9 and a restart bring the dispatcher back to it
CREATE TABLE desk_sessions (
  operator TEXT PRIMARY KEY,
  delivery_id INTEGER REFERENCES deliveries(id) ON DELETE SET NULL,
  editing TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
);
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

// v2 (issue 4, POS hand-off): a point of sale's token sealed with the box's key (never clear
// text), a hint to show it masked, and indexes for the relay's lease and the card's history.
const v2 = `
ALTER TABLE points_of_sale ADD COLUMN token_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE points_of_sale ADD COLUMN token_hint TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_lease ON outbox(state, lease_until) WHERE state IN ('sending','sent');
CREATE INDEX outbox_delivery ON outbox(delivery_id, version);
`;

// v3 (issue 7, order-taking): zone index and shapes, street keys, menu order, per-line ids,
// overrides with the operator, cancel codes, scheduled confirmations, per-outlet day numbers.
const v3 = `
CREATE VIRTUAL TABLE zone_boxes USING rtree(id, min_lon, max_lon, min_lat, max_lat);
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

// v4 (issue 5, customer base): search as you type over name, company, every phone form
// and the addresses (FTS5, rowid = customer id, kept in step by triggers), and the
// indexes the call log and the customer's history read by. A bulk import pauses the
// triggers inside its own transaction (settings row 'customer-search:paused', never
// visible to anyone else) and rebuilds the rows it touched in one statement at the end.
// National significant number of an E.164 key: calling codes are a prefix code of 1 digit
// (1, 7), 2 digits (this list) or 3 digits.
const callingCodes2 = '|20|27|30|31|32|33|34|36|39|40|41|43|44|45|46|47|48|49|51|52|53|54|55|56|57|58|60|61|62|63|64|65|66|81|82|84|86|90|91|92|93|94|95|98|';
const nsn = `substr(p.e164, CASE WHEN instr('|1|7|', '|' || substr(p.e164, 2, 1) || '|') THEN 3
  WHEN instr('${callingCodes2}', '|' || substr(p.e164, 2, 2) || '|') THEN 4 ELSE 5 END)`;
const searchRowFor = (id: string) => `
  INSERT INTO customer_search (rowid, name, company, phones, addresses)
    SELECT id, name, company, phones, addresses FROM customer_search_source WHERE id = ${id};`;
const rebuildSearchRow = (id: string) => `
  DELETE FROM customer_search WHERE rowid = ${id};${searchRowFor(id)}`;
const unlessPaused = `NOT EXISTS (SELECT 1 FROM settings WHERE key = 'customer-search:paused')`;
const v4 = `
CREATE VIRTUAL TABLE customer_search USING fts5(
  name, company, phones, addresses,
  content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
-- what the index holds for one customer: phones as E.164 digits, national digits and trunk-0 form
CREATE VIEW customer_search_source AS
SELECT c.id AS id, c.name AS name, c.company AS company,
  IFNULL((SELECT group_concat(CASE WHEN substr(p.e164, 1, 1) = '+'
      THEN substr(p.e164, 2) || ' ' || ${nsn} || ' 0' || ${nsn} ELSE p.e164 END, ' ')
    FROM customer_phones p WHERE p.customer_id = c.id), '') AS phones,
  trim(c.city || ' ' || IFNULL((SELECT group_concat(
      a.street || ' ' || a.house || ' ' || a.flat || ' ' || a.city || ' ' || a.postcode, ' ')
    FROM addresses a WHERE a.customer_id = c.id), '')) AS addresses
FROM customers c;
INSERT INTO customer_search (rowid, name, company, phones, addresses)
  SELECT id, name, company, phones, addresses FROM customer_search_source;
CREATE TRIGGER customer_search_customer_in AFTER INSERT ON customers WHEN ${unlessPaused} BEGIN ${searchRowFor('NEW.id')} END;
CREATE TRIGGER customer_search_customer_up AFTER UPDATE OF name, company, city ON customers WHEN ${unlessPaused} BEGIN
  ${rebuildSearchRow('NEW.id')}
END;
CREATE TRIGGER customer_search_customer_del AFTER DELETE ON customers BEGIN
  DELETE FROM customer_search WHERE rowid = OLD.id;
END;
CREATE TRIGGER customer_search_phone_in AFTER INSERT ON customer_phones WHEN ${unlessPaused} BEGIN
  ${rebuildSearchRow('NEW.customer_id')}
END;
CREATE TRIGGER customer_search_phone_up AFTER UPDATE ON customer_phones WHEN ${unlessPaused} BEGIN
  ${rebuildSearchRow('OLD.customer_id')} ${rebuildSearchRow('NEW.customer_id')}
END;
CREATE TRIGGER customer_search_phone_del AFTER DELETE ON customer_phones WHEN ${unlessPaused} BEGIN
  ${rebuildSearchRow('OLD.customer_id')}
END;
CREATE TRIGGER customer_search_address_in AFTER INSERT ON addresses
  WHEN NEW.customer_id IS NOT NULL AND ${unlessPaused} BEGIN ${rebuildSearchRow('NEW.customer_id')} END;
CREATE TRIGGER customer_search_address_up AFTER UPDATE ON addresses WHEN ${unlessPaused} BEGIN
  ${rebuildSearchRow('OLD.customer_id')} ${rebuildSearchRow('NEW.customer_id')}
END;
CREATE TRIGGER customer_search_address_del AFTER DELETE ON addresses
  WHEN OLD.customer_id IS NOT NULL AND ${unlessPaused} BEGIN ${rebuildSearchRow('OLD.customer_id')} END;
CREATE INDEX customers_category ON customers(category, id);
CREATE INDEX calls_customer ON calls(customer_id, started_at) WHERE customer_id IS NOT NULL;
CREATE INDEX calls_remote ON calls(remote_key, started_at);
`;

// The open-orders list (Deliveries.open) walks this index in its ORDER BY and stops at the
// LIMIT, instead of reading every unfinished delivery (30,000 of 3,000,000) to sort them.
const v5 = `
CREATE INDEX deliveries_open_by_time ON deliveries(promised_at IS NULL, promised_at, created_at DESC)
  WHERE status NOT IN ('delivered','closed','cancelled');
`;

// v6 (issue 12, nothing typed lost): a console's session keeps any half-typed dialog (the note,
// the add-customer form, a cancel reason, the menu search), not only the field editor. An older
// console's saved field editor text stays readable as a draft (src/desk/drafts.ts parseDraft).
const v6 = `
ALTER TABLE desk_sessions RENAME COLUMN editing TO draft;
`;

// v7 (issue 12, POS outages): an order is retried until a deadline tied to it, not a number of
// attempts. The row keeps the promised time it was queued with and when its current run of
// retries began (queued, or resent by a dispatcher), so every relay computes the same deadline.
const v7 = `
ALTER TABLE outbox ADD COLUMN promised_at INTEGER;
ALTER TABLE outbox ADD COLUMN retry_from INTEGER;
UPDATE outbox SET retry_from = created_at;
`;

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

// v9 (issue 19, an idle console does no work): what the desk shows changed — a counter the
// triggers below move on every write to deliveries, their outbox rows, points of sale, drivers
// and customers' names. A console woken by a commit reads it (one row) and reloads its lists
// only when it moved, so heartbeats and leases cost a colleague's console nothing. And one row
// saying which relay sends for the box and until when (src/store/relay-lease.ts).
const v9 = `
CREATE TABLE desk_changes (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO desk_changes (id, n) VALUES (1, 0);
${['deliveries', 'outbox', 'points_of_sale', 'drivers'].map((t) => ['INSERT', 'UPDATE', 'DELETE'].map((op) =>
  `CREATE TRIGGER desk_changes_${t}_${op.toLowerCase()} AFTER ${op} ON ${t} BEGIN UPDATE desk_changes SET n = n + 1 WHERE id = 1; END;`).join('\n')).join('\n')}
CREATE TRIGGER desk_changes_customers_update AFTER UPDATE OF name, company ON customers BEGIN UPDATE desk_changes SET n = n + 1 WHERE id = 1; END;
CREATE TABLE relay_lease (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  owner TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('service', 'console')),
  until INTEGER NOT NULL
);
`;

// v10 (issue 12, secrets never in clear text in the database): a point of sale's endpoint with a
// password in it (http://user:pass@host, ?token=...) is sealed like its token. `endpoint` keeps
// the masked URL (what lists show and what "has an endpoint" asks), `endpoint_sealed` the whole
// URL sealed with the box's key; rows stored in clear by an older ringdesk are sealed here, the
// clear bytes zeroed (secure delete), older copies in free space cleared by a VACUUM and the WAL
// emptied (`after`).
const v10 = `
ALTER TABLE points_of_sale ADD COLUMN endpoint_sealed TEXT NOT NULL DEFAULT '';
`;

export const migrations: Migration[] = [
  { version: 1, name: 'desk schema', up: (db) => db.exec(v1) },
  { version: 2, name: 'point-of-sale hand-off: sealed tokens, relay leases', up: (db) => db.exec(v2) },
  { version: 3, name: 'order-taking: zones, menu, lifecycle', up: (db) => db.exec(v3) },
  { version: 4, name: 'customer base: search index, call log indexes', up: (db) => db.exec(v4) },
  { version: 5, name: 'open-orders list in delivery-time order without a sort', up: (db) => db.exec(v5) },
  { version: 6, name: 'desk sessions keep every half-typed dialog', up: (db) => db.exec(v6) },
  { version: 7, name: 'POS outages: retry until the order\'s deadline', up: (db) => db.exec(v7) },
  { version: 8, name: 'console runs and their calls: none left ringing', up: (db) => db.exec(v8) },
  { version: 9, name: 'what the desk shows changed; one relay per box', up: (db) => db.exec(v9) },
  {
    version: 10, name: 'passwords in point-of-sale endpoints sealed',
    up: (db) => {
      db.exec(v10);
      return sealEndpointPasswords(db, new SecretKey(secretKeyFile(db.name)));
    },
    // earlier versions of a clear row may still lie in the pages' free space (an older `pos set`
    // deleted nothing securely) and in the WAL: VACUUM rewrites every page, the checkpoint empties
    // the WAL. Only on a database that had such a row; a busy database keeps it for a later VACUUM.
    after: (db, sealed) => {
      if (sealed === 0 || db.name === ':memory:') return;
      try {
        db.exec('VACUUM');
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch { /* another process is writing: the rows are sealed; old free space waits for a VACUUM */ }
    },
  },
];
