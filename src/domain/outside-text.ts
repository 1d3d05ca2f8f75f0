/**
 * The one gate for text from outside: CSV files, console input, POS callbacks, zone and menu
 * files, SIP display names, fixtures. Nothing that reaches the dispatcher's terminal may carry
 * a control character or an escape sequence (a driver name with `ESC ] 0 ; … BEL ESC [ 2 J`
 * once retitled tmux and cleared the screen), and no field may grow without bound (a
 * 10,000-character street once grew the console to 217 MB).
 *
 * - `acceptText` / `checkText` at intake: refuse NUL, strip, enforce the field's length limit.
 * - `clipText` at intake that cannot refuse (a SIP display name): strip and cut to the limit.
 * - `terminalSafe` at every boundary (views, log writer, raw command output): strip only.
 * - `cleanJsonDocument` for a parsed JSON file from outside: depth limit, NUL refused, strings stripped.
 */
import ansiRegex from 'ansi-regex';

/** A field's limit in characters (code points) and whether it may span lines. */
export interface TextRule { max: number; multiline?: boolean }

/**
 * Length limits by kind of field, documented in README ("Text from outside").
 * name 200, note 2,000, street 200 and product name 200 are the product's; the rest are
 * generous for what a dispatcher types or a POS sends.
 */
export const textRules = {
  /** A person's or company's name: customer, driver, operator, caller's display name. */
  name: { max: 200 },
  /** Customer note, order comment, kitchen comment, courier note: may span lines. */
  note: { max: 2000, multiline: true },
  /** A chat message (web chat, Telegram, WhatsApp; the messengers' own limit is 4,096): may span lines. */
  message: { max: 4096, multiline: true },
  street: { max: 200 },
  productName: { max: 200 },
  /** Town or city. */
  city: { max: 100 },
  /** House number, flat, entrance, floor, intercom, postcode. */
  addressPart: { max: 50 },
  /** A short label: menu category, size, modifier, zone, point of sale, customer category. */
  label: { max: 100 },
  /** A reason or message in one line: cancel reason, POS status message, relay error. */
  reason: { max: 500 },
  /** A phone number as typed or sent (normalised later by src/domain/phone-number.ts). */
  phone: { max: 40 },
  /** An identifier from outside: order number, POS order id, external id, call reference. */
  id: { max: 100 },
  /** A search typed into the console. */
  search: { max: 200 },
  /** A URL (POS endpoint, PBX, geocoder). */
  url: { max: 2000 },
} as const satisfies Record<string, TextRule>;

export type TextField = keyof typeof textRules;

export type CheckedText = { ok: true; text: string } | { ok: false; reason: string };

/** A text from outside that was refused; its message names the field and says why. */
export class OutsideTextError extends Error {
  readonly userFacing = true;
}

// ESC/CSI sequences with their payloads (CSI, OSC ended by BEL or ST, DCS/SOS/PM/APC, two-byte escapes).
const sequences = ansiRegex();
// What is left after the sequences: C0 (but tab, LF, CR, handled below), DEL, C1, bidi overrides.
const controls = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
const anyUnsafe = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

/**
 * Text with every escape sequence and control character removed, safe to print on a terminal.
 * Tabs become spaces; line breaks stay (as \n) only when `multiline`, else become spaces.
 * NUL is removed here (boundaries never refuse); intake refuses it with `checkText`.
 */
export function terminalSafe(text: string, opts: { multiline?: boolean } = {}): string {
  if (!anyUnsafe.test(text)) return text;
  let s = text.replace(sequences, '').replace(controls, '');
  s = s.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(/\t/g, ' ');
  if (!opts.multiline) s = s.replace(/\n/g, ' ');
  return s;
}

/** Length in characters as a person counts them (code points, not UTF-16 units). */
function length(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Intake check for one field: NUL refused, sequences and controls stripped, length limit enforced. */
export function checkText(raw: string, field: TextField): CheckedText {
  const rule: TextRule = textRules[field];
  if (raw.includes('\0')) return { ok: false, reason: `${describe(field)} contains a NUL byte` };
  const text = terminalSafe(raw, rule);
  const n = length(text);
  if (n > rule.max) return { ok: false, reason: `${describe(field)} is ${n.toLocaleString('en-US')} characters long; at most ${rule.max.toLocaleString('en-US')} allowed` };
  return { ok: true, text };
}

/**
 * `checkText` that throws OutsideTextError for the CLI paths whose error is the whole answer;
 * `where` says where the text came from ("customers.csv line 7, column name").
 */
export function acceptText(raw: string, field: TextField, where?: string): string {
  const checked = checkText(raw, field);
  if (!checked.ok) throw new OutsideTextError(where ? `${where}: ${checked.reason}` : checked.reason);
  return checked.text;
}

/**
 * A key the dispatcher typed into a field: the text after it, or why it was not taken (the field
 * is full). A key that is not one printable character (a control, part of an escape sequence)
 * leaves the text as it was.
 */
export function typeKey(before: string, key: string, field: TextField): CheckedText {
  if (key.length === 0 || key.length > 2 || Array.from(key).length !== 1 || terminalSafe(key) !== key) return { ok: true, text: before };
  const rule: TextRule = textRules[field];
  if (length(before) >= rule.max) return { ok: false, reason: `${describe(field)} is full: at most ${rule.max.toLocaleString('en-US')} characters` };
  return { ok: true, text: before + key };
}

/** Intake that cannot refuse (a caller's SIP display name): strip, drop NULs, cut to the limit with "…". */
export function clipText(raw: string, field: TextField): string {
  const rule: TextRule = textRules[field];
  const text = terminalSafe(raw, rule);
  if (text.length <= rule.max) return text;
  const chars = Array.from(text);
  return chars.length <= rule.max ? text : chars.slice(0, rule.max - 1).join('') + '…';
}

/** Nesting deeper than this in a JSON file from outside is refused (GeoJSON needs about 8). */
export const MAX_JSON_DEPTH = 64;

/** A problem in a parsed JSON document, at its JSON path ("$.features[3].properties.name"). */
export interface DocumentProblem { path: string; reason: string }

/**
 * A parsed JSON document from outside (zones, menu, fixture, a POS message): nesting deeper
 * than `maxDepth` is refused before anything walks it recursively (one problem at "$"), a NUL
 * in any string is refused at its path, and every other string is stripped in place
 * (`terminalSafe`; line breaks kept only with `multiline`). Iterative, so a hostile document cannot overflow the stack.
 */
export function cleanJsonDocument(doc: unknown, opts: { maxDepth?: number; multiline?: boolean } = {}): DocumentProblem[] {
  const maxDepth = opts.maxDepth ?? MAX_JSON_DEPTH;
  const problems: DocumentProblem[] = [];
  const stack: { v: object; path: string; depth: number }[] = [];
  if (doc !== null && typeof doc === 'object') stack.push({ v: doc, path: '$', depth: 1 });
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (depth > maxDepth) return [{ path: '$', reason: `nests deeper than ${maxDepth} levels; not a file ringdesk reads` }];
    const o = v as Record<string, unknown>;
    const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
    for (const k of keys) {
      const at = typeof k === 'number' ? `${path}[${k}]` : `${path}.${terminalSafe(k)}`;
      const x = o[k];
      if (typeof x === 'string') {
        if (x.includes('\0')) problems.push({ path: at, reason: 'contains a NUL byte' });
        else o[k] = terminalSafe(x, opts);
      } else if (x !== null && typeof x === 'object') stack.push({ v: x, path: at, depth: depth + 1 });
    }
  }
  return problems;
}

const fieldWords: Record<TextField, string> = {
  name: 'name', note: 'note', message: 'message', street: 'street', productName: 'product name', city: 'city',
  addressPart: 'address field', label: 'label', reason: 'reason', phone: 'phone number',
  id: 'identifier', search: 'search', url: 'URL',
};
function describe(field: TextField): string {
  return `the ${fieldWords[field]}`;
}
