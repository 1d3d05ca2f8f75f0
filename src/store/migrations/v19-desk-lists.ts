import type { BothEngines } from './migration.js';

/**
 * Which of a desk's lists a write moved (issue 19: a colleague's commit seen by every console
 * within 250 ms). v9's desk_changes is one counter for everything a desk shows, so a chat
 * message made every console re-read its open orders and its queue, and an e-mail the relay
 * sent made every console re-read all three. One counter per list, moved by the same writes:
 * a console woken by a commit re-reads only the lists whose counter moved (src/desk/desk-live.ts).
 * desk_changes stays (the relay wakes on it). A customer's name shows in the orders and the chats (the queue's items carry their own).
 */
export const listsMovedBy: Record<string, readonly DeskList[]> = {
  deliveries: ['orders', 'chats'], // the chat's client card shows their order
  outbox: ['orders'],
  points_of_sale: ['orders'],
  drivers: ['orders'],
  work_items: ['queue', 'chats'], // a chat's row says who holds it
  work_item_notes: ['queue'],
  operator_groups: ['queue'],
  group_members: ['queue'],
  callbacks: ['queue'],
  mail_outbox: ['queue'], // the queue's line of e-mails to send, sent, failed
  conversations: ['chats'],
  chat_messages: ['chats'],
  customer_channels: ['chats'],
};

export const deskLists = ['orders', 'queue', 'chats'] as const;
export type DeskList = (typeof deskLists)[number];

const bump = (lists: readonly DeskList[]) => `UPDATE desk_lists SET n = n + 1 WHERE list IN (${lists.map((l) => `'${l}'`).join(', ')});`;

const v19 = `
CREATE TABLE desk_lists (list TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO desk_lists (list, n) VALUES ${deskLists.map((l) => `('${l}', 0)`).join(', ')};
${Object.entries(listsMovedBy).map(([t, lists]) => ['INSERT', 'UPDATE', 'DELETE'].map((op) =>
  `CREATE TRIGGER desk_lists_${t}_${op.toLowerCase()} AFTER ${op} ON ${t} BEGIN ${bump(lists)} END;`).join('\n')).join('\n')}
CREATE TRIGGER desk_lists_customers_update AFTER UPDATE OF name, company ON customers BEGIN ${bump(['orders', 'chats'])} END;
CREATE TRIGGER desk_lists_chat_outbox_insert AFTER INSERT ON chat_outbox BEGIN ${bump(['chats'])} END;
CREATE TRIGGER desk_lists_chat_outbox_state AFTER UPDATE OF state ON chat_outbox WHEN OLD.state IS NOT NEW.state
  AND NOT (OLD.state IN ('queued','sending') AND NEW.state IN ('queued','sending'))
  BEGIN ${bump(['chats'])} END;
`;

const pgLists = (lists: readonly DeskList[]) => lists.map((l) => `'${l}'`).join(', ');

/** The same counters on PostgreSQL: one trigger function, the lists a table moves given as its arguments. */
const v19pg = `
CREATE TABLE desk_lists (list TEXT PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO desk_lists (list, n) VALUES ${deskLists.map((l) => `('${l}', 0)`).join(', ')};
CREATE FUNCTION ringdesk_bump_desk_lists() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN UPDATE desk_lists SET n = n + 1 WHERE list = ANY(TG_ARGV); RETURN NULL; END $$;
${Object.entries(listsMovedBy).map(([t, lists]) => ['INSERT', 'UPDATE', 'DELETE'].map((op) =>
  `CREATE TRIGGER desk_lists_${t}_${op.toLowerCase()} AFTER ${op} ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION ringdesk_bump_desk_lists(${pgLists(lists)});`).join('\n')).join('\n')}
CREATE TRIGGER desk_lists_customers_update AFTER UPDATE OF name, company ON customers FOR EACH STATEMENT EXECUTE FUNCTION ringdesk_bump_desk_lists(${pgLists(['orders', 'chats'])});
CREATE TRIGGER desk_lists_chat_outbox_insert AFTER INSERT ON chat_outbox FOR EACH STATEMENT EXECUTE FUNCTION ringdesk_bump_desk_lists(${pgLists(['chats'])});
CREATE TRIGGER desk_lists_chat_outbox_state AFTER UPDATE OF state ON chat_outbox FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state
  AND NOT (OLD.state IN ('queued','sending') AND NEW.state IN ('queued','sending')))
  EXECUTE FUNCTION ringdesk_bump_desk_lists(${pgLists(['chats'])});
`;

export const migration: BothEngines = { version: 19, name: 'which of the desk\'s lists a write moved', up: (db) => db.exec(v19), postgres: v19pg };
