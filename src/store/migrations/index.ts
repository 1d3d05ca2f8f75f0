/**
 * Schema migrations, ordered by `PRAGMA user_version`. Each runs in one immediate
 * transaction (src/store/db.ts); a database written by a newer ringdesk is refused, not guessed at.
 * One file per version (vNN-what.ts, exporting `migration`); add a new version as the next
 * file and one line at the end of this list; never edit a shipped one.
 */
import type { Migration, BothEngines } from './migration.js';
import { migration as v1 } from './v01-desk-schema.js';
import { migration as v2 } from './v02-pos-handoff.js';
import { migration as v3 } from './v03-order-taking.js';
import { migration as v4 } from './v04-customer-search.js';
import { migration as v5 } from './v05-open-orders-index.js';
import { migration as v6 } from './v06-desk-session-drafts.js';
import { migration as v7 } from './v07-outbox-deadline.js';
import { migration as v8 } from './v08-console-runs.js';
import { migration as v9 } from './v09-desk-changes.js';
import { migration as v10 } from './v10-endpoint-passwords.js';
import { migration as v11 } from './v11-work-items.js';
import { migration as v12 } from './v12-presence.js';
import { migration as v13 } from './v13-callbacks-mail-codes.js';
import { migration as v14 } from './v14-transfers.js';
import { migration as v15 } from './v15-conversations.js';
import { migration as v16 } from './v16-call-figures.js';
import { migration as v17 } from './v17-call-recordings.js';
import { migration as v18 } from './v18-answered-on-desk-phone.js';
import { migration as v19 } from './v19-desk-lists.js';

export type { Migration, BothEngines };

export const migrations: BothEngines[] = [
  v1,
  v2,
  v3,
  v4,
  v5,
  v6,
  v7,
  v8,
  v9,
  v10,
  v11,
  v12,
  v13,
  v14,
  v15,
  v16,
  v17,
  v18,
  v19,
];
