import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

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

export const migration: BothEngines = { version: 9, name: 'what the desk shows changed; one relay per box', up: (db) => db.exec(v9),
  postgres: `
CREATE FUNCTION ringdesk_bump_desk_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN UPDATE desk_changes SET n = n + 1 WHERE id = 1; RETURN NULL; END $$;
${portable(v9)}`,
};
