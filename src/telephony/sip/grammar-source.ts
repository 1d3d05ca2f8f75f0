/**
 * sip.js's generated grammar as source text, which fast-grammar.ts rewrites. Read from
 * node_modules here; the bundle carries the text inside itself instead (scripts/bundle.js), so
 * an installed ringdesk needs no sip.js beside it.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';

export function sipGrammarSource(): string {
  return fs.readFileSync(createRequire(import.meta.url).resolve('sip.js/lib/grammar/pegjs/dist/grammar.js'), 'utf8');
}
