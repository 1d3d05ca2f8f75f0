import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v15 (issue 16, chats): conversations (one per channel and the person's id in it), their
// messages in and out (an inbound one stored once by the channel's message id), the chat outbox
// that sends the outbound ones with a lease per row like the POS outbox (delivery status queued,
// sending, sent, delivered, read, failed), the channels a customer used (customer_channels: the
// Telegram user id, the WhatsApp id, the hash of a web visitor's token), and where a channel's
// reading stopped (Telegram's getUpdates offset). Every write the desk shows moves desk_changes
// (a lease or a retry's time does not: only a delivery state that changed).
const v15 = `
CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('web','telegram','whatsapp')),
  channel_user_id TEXT NOT NULL,
  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
  work_item_id INTEGER,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  category TEXT NOT NULL DEFAULT 'client' CHECK (category IN ('client','spam','employee','model','sleeping','not-client')),
  name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  phone_key TEXT,
  language TEXT NOT NULL DEFAULT '',
  browser TEXT NOT NULL DEFAULT '',
  os TEXT NOT NULL DEFAULT '',
  referrer TEXT NOT NULL DEFAULT '',
  entry_page TEXT NOT NULL DEFAULT '',
  last_message_at INTEGER NOT NULL,
  unread INTEGER NOT NULL DEFAULT 0,
  service_window_ends_at INTEGER,
  visitor_typing_at INTEGER,
  operator_typing_at INTEGER,
  created_at INTEGER NOT NULL,
  closed_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (channel, channel_user_id)
);
CREATE INDEX conversations_recent ON conversations(last_message_at DESC, id DESC);
CREATE INDEX conversations_customer ON conversations(customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX conversations_phone ON conversations(phone_key) WHERE phone_key IS NOT NULL;
CREATE TABLE chat_messages (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('in','out')),
  channel_message_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('text','contact','location','button','system')),
  text TEXT NOT NULL DEFAULT '',
  lat REAL,
  lon REAL,
  contact_phone TEXT,
  button_data TEXT,
  buttons TEXT,
  at INTEGER NOT NULL,
  author TEXT,
  stored_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX chat_messages_channel_id ON chat_messages(channel, direction, channel_message_id) WHERE channel_message_id IS NOT NULL;
CREATE INDEX chat_messages_conversation ON chat_messages(conversation_id, id);
CREATE TABLE chat_outbox (
  message_id INTEGER PRIMARY KEY REFERENCES chat_messages(id) ON DELETE CASCADE,
  channel TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending','sent','delivered','read','failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  lease_owner TEXT,
  lease_until INTEGER,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  delivered_at INTEGER
);
CREATE INDEX chat_outbox_due ON chat_outbox(channel, state, next_attempt_at);
CREATE TABLE customer_channels (
  channel TEXT NOT NULL CHECK (channel IN ('web','telegram','whatsapp')),
  channel_user_id TEXT NOT NULL,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  label TEXT NOT NULL DEFAULT '',
  added_at INTEGER NOT NULL,
  PRIMARY KEY (channel, channel_user_id)
) WITHOUT ROWID;
CREATE INDEX customer_channels_customer ON customer_channels(customer_id);
CREATE TABLE channel_cursors (
  channel TEXT PRIMARY KEY,
  cursor TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
${['conversations', 'chat_messages', 'customer_channels'].map((t) => ['INSERT', 'UPDATE', 'DELETE'].map((op) =>
  `CREATE TRIGGER desk_changes_${t}_${op.toLowerCase()} AFTER ${op} ON ${t} BEGIN UPDATE desk_changes SET n = n + 1 WHERE id = 1; END;`).join('\n')).join('\n')}
CREATE TRIGGER desk_changes_chat_outbox_insert AFTER INSERT ON chat_outbox BEGIN UPDATE desk_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER desk_changes_chat_outbox_state AFTER UPDATE OF state ON chat_outbox WHEN OLD.state IS NOT NEW.state
  AND NOT (OLD.state IN ('queued','sending') AND NEW.state IN ('queued','sending'))
  BEGIN UPDATE desk_changes SET n = n + 1 WHERE id = 1; END;
`;

export const migration: BothEngines = { version: 15, name: 'chats: conversations, messages, the chat outbox, customers\' channels', up: (db) => db.exec(v15), postgres: portable(v15) };
