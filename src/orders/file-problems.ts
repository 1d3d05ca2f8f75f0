/**
 * Problems found in an imported file (zones GeoJSON, menu JSON), each with the JSON path of
 * the offending value and the reason. A file with any problem is rejected whole.
 */
import { checkText, cleanJsonDocument, terminalSafe, type DocumentProblem, type TextField } from '../domain/outside-text.js';

export type FileProblem = DocumentProblem;

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: FileProblem[] };

/** How many problems are listed before "and N more". */
export const PROBLEMS_SHOWN = 20;

/** One message for the dispatcher: what file, that nothing was imported, then each path: reason. */
export function describeProblems(what: string, problems: FileProblem[]): string {
  // a problem with the whole file (not JSON, nested too deep) is one line
  if (problems.length === 1 && problems[0].path === '$') return `${what} rejected, nothing was imported: ${problems[0].reason}`;
  const shown = problems.slice(0, PROBLEMS_SHOWN).map((p) => `  ${p.path}: ${p.reason}`);
  const more = problems.length > PROBLEMS_SHOWN ? [`  ... and ${problems.length - PROBLEMS_SHOWN} more`] : [];
  return [`${what} rejected, nothing was imported (${problems.length} problem${problems.length === 1 ? '' : 's'}):`, ...shown, ...more].join('\n');
}

/** JSON.parse with the line and column of a syntax error. */
export function parseJsonText(text: string): Checked<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message.replace(/\s+/g, ' ');
    const pos = syntaxErrorOffset(text);
    const before = text.slice(0, pos).split('\n');
    const where = `line ${before.length}, column ${before[before.length - 1].length + 1}`;
    return { ok: false, problems: [{ path: '$', reason: `not valid JSON at ${where}: ${terminalSafe(msg.length > 80 ? msg.slice(0, 77) + '...' : msg)}` }] };
  }
  // outside text: absurd nesting refused before anything walks it, NULs refused, strings stripped
  const problems = cleanJsonDocument(value);
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

/** Offset of the first JSON syntax error (V8's message does not always say where). */
function syntaxErrorOffset(t: string): number {
  let i = 0;
  const ws = () => { while (i < t.length && ' \t\n\r'.includes(t[i])) i++; };
  const fail = (): never => { throw i; };
  const value = (): void => {
    ws();
    const c = t[i];
    if (c === '{') {
      i++; ws();
      if (t[i] === '}') { i++; return; }
      for (;;) {
        ws(); if (t[i] !== '"') fail(); str(); ws(); if (t[i] !== ':') fail(); i++; value(); ws();
        if (t[i] === ',') { i++; continue; }
        if (t[i] === '}') { i++; return; }
        fail();
      }
    }
    if (c === '[') {
      i++; ws();
      if (t[i] === ']') { i++; return; }
      for (;;) {
        value(); ws();
        if (t[i] === ',') { i++; continue; }
        if (t[i] === ']') { i++; return; }
        fail();
      }
    }
    if (c === '"') return str();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(t.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
  };
  const str = () => {
    i++;
    while (i < t.length && t[i] !== '"') { if (t[i] === '\\') i++; else if (t.charCodeAt(i) < 0x20) fail(); i++; }
    if (i >= t.length) fail();
    i++;
  };
  try {
    value(); ws();
    return i;
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, t.length) : 0;
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? 'nothing' : s.length > 40 ? s.slice(0, 37) + '...' : s;
};

/** Checks for the usual property kinds; each pushes a problem and returns whether the value is good. */
export class ProblemList {
  readonly problems: FileProblem[] = [];
  add(path: string, reason: string): false {
    this.problems.push({ path, reason });
    return false;
  }
  /** A non-empty text within the length limit of its kind of field (src/domain/outside-text.ts). */
  text(v: unknown, path: string, required = true, field: TextField = 'label'): v is string {
    if (v === undefined && !required) return true;
    if (typeof v !== 'string' || v.trim() === '') return this.add(path, `must be a non-empty text, got ${show(v)}`);
    const checked = checkText(v, field);
    if (!checked.ok) return this.add(path, checked.reason);
    return true;
  }
  minor(v: unknown, path: string, required = true): v is number {
    if (v === undefined && !required) return true;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1e11) {
      return this.add(path, `must be a whole, non-negative amount in minor units (4900 for 49.00), got ${show(v)}`);
    }
    return true;
  }
  count(v: unknown, path: string, min: number, max: number, required = true): v is number {
    if (v === undefined && !required) return true;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return this.add(path, `must be a whole number from ${min} to ${max}, got ${show(v)}`);
    return true;
  }
}
