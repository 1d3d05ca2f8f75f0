import type { BothEngines } from './migration.js';
import { sealEndpointPasswords } from '../points-of-sale.js';
import { SecretKey, secretKeyFile } from '../secret-key.js';

// v10 (issue 12, secrets never in clear text in the database): a point of sale's endpoint with a
// password in it (http://user:pass@host, ?token=...) is sealed like its token. `endpoint` keeps
// the masked URL (what lists show and what "has an endpoint" asks), `endpoint_sealed` the whole
// URL sealed with the box's key; rows stored in clear by an older ringdesk are sealed here, the
// clear bytes zeroed (secure delete), older copies in free space cleared by a VACUUM and the WAL
// emptied (`after`).
const v10 = `
ALTER TABLE points_of_sale ADD COLUMN endpoint_sealed TEXT NOT NULL DEFAULT '';
`;

export const migration: BothEngines = {
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
  // PostgreSQL databases start with issue 17, after v10: no endpoint was ever stored there in clear
  postgres: 'ALTER TABLE points_of_sale ADD COLUMN endpoint_sealed TEXT NOT NULL DEFAULT \'\';',
};
