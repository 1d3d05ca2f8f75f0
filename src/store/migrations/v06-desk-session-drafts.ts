import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v6 (issue 12, nothing typed lost): a console's session keeps any half-typed dialog (the note,
// the add-customer form, a cancel reason, the menu search), not only the field editor. An older
// console's saved field editor text stays readable as a draft (src/desk/drafts.ts parseDraft).
const v6 = `
ALTER TABLE desk_sessions RENAME COLUMN editing TO draft;
`;

export const migration: BothEngines = { version: 6, name: 'desk sessions keep every half-typed dialog', up: (db) => db.exec(v6), postgres: portable(v6) };
