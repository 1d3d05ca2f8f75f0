import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v1: the desk's schema as first shipped (customers, addresses, menu, zones, deliveries, calls, outbox, sessions).
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

export const migration: BothEngines = { version: 1, name: 'desk schema', up: (db) => db.exec(v1), postgres: portable(v1) };
