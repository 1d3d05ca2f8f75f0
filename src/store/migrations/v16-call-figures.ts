import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v16 (issue 18, calls analysed from their audio): a call's figures, measured by the media worker
// as the audio flowed (src/telephony/media/call-analysis.ts) — talk of each side, silence and its
// longest stretch, overtalk, the longest monologue of each side, pause, time to first words — one
// row per analysed call, beside its row in `calls`. Only numbers (ms, a count): no audio, no words.
const v16 = `
CREATE TABLE call_figures (
  call_id INTEGER PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
  analysed_ms INTEGER NOT NULL,
  caller_talk_ms INTEGER NOT NULL,
  dispatcher_talk_ms INTEGER NOT NULL,
  silence_ms INTEGER NOT NULL,
  longest_silence_ms INTEGER NOT NULL,
  overtalk_count INTEGER NOT NULL,
  overtalk_ms INTEGER NOT NULL,
  caller_monologue_ms INTEGER NOT NULL,
  dispatcher_monologue_ms INTEGER NOT NULL,
  pause_ms INTEGER NOT NULL,
  first_words_ms INTEGER
);
`;

export const migration: BothEngines = { version: 16, name: 'call figures: talk, silence, overtalk and pause of each call', up: (db) => db.exec(v16), postgres: portable(v16) };
