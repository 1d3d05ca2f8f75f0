import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v18 (issue 18, gaps): where a call was answered — '' at the console, 'desk-phone' on the desk
// phone (the console only sets the call up; its audio never passes the console's media worker).
// Such a call has no figures from its audio, and the call log says so instead of leaving them blank.
const v18 = `ALTER TABLE calls ADD COLUMN answered_on TEXT NOT NULL DEFAULT '';`;

export const migration: BothEngines = { version: 18, name: 'a call answered on the desk phone says so (no figures from its audio)', up: (db) => db.exec(v18), postgres: portable(v18) };
