/**
 * CSV as spreadsheets write it (RFC 4180: quotes, doubled quotes, line breaks inside
 * quotes; comma, semicolon or tab; CRLF or LF; a UTF-8 BOM), read incrementally so a
 * million-row file streams, with the line each record starts on for error messages.
 */

import { terminalSafe } from '../domain/outside-text.js';

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
  /** Set when the record is malformed (e.g. a quote never closed). */
  error?: string;
}

/** The delimiter a header line uses: the most frequent of comma, semicolon and tab outside quotes. */
export function detectDelimiter(firstLine: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  return [';', '\t'].reduce((best, d) => (counts[d] > counts[best] ? d : best), ',');
}

const LF = 10, CR = 13, QUOTE = 34;

/** Feed text chunks with `push`, then call `end`; each returns the records completed so far. */
export class CsvReader {
  private buf = '';
  private line = 1;
  private started = false;

  constructor(public delimiter?: string) {}

  push(chunk: string): CsvRecord[] {
    this.buf += chunk;
    return this.drain(false);
  }

  end(): CsvRecord[] {
    return this.drain(true);
  }

  private drain(final: boolean): CsvRecord[] {
    if (!this.started) {
      if (this.buf.charCodeAt(0) === 0xfeff) this.buf = this.buf.slice(1);
      const nl = this.buf.indexOf('\n');
      if (nl < 0 && !final) return [];
      if (!this.delimiter) this.delimiter = detectDelimiter(nl < 0 ? this.buf : this.buf.slice(0, nl));
      this.started = true;
    }
    const out: CsvRecord[] = [];
    const s = this.buf;
    let pos = 0;
    while (pos < s.length) {
      const r = this.record(s, pos, final);
      if (!r) break;
      pos = r.next;
      const blank = r.fields.length === 1 && r.fields[0] === '' && !r.error;
      if (!blank) out.push({ line: this.line, fields: r.fields, ...(r.error ? { error: r.error } : {}) });
      this.line += r.lines;
    }
    this.buf = s.slice(pos);
    return out;
  }

  /** One record from `pos`, or null when the text ends before it does (and more may come). */
  private record(s: string, pos: number, final: boolean): { fields: string[]; next: number; lines: number; error?: string } | null {
    const d = this.delimiter!.charCodeAt(0);
    const fields: string[] = [];
    let i = pos;
    let lines = 0;
    for (;;) {
      let value = '';
      if (s.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        for (;;) {
          const k = s.indexOf('"', j);
          if (k < 0) {
            if (!final) return null;
            value += s.slice(j);
            lines += countLines(s, j, s.length);
            fields.push(value);
            return { fields, next: s.length, lines: lines + 1, error: 'a quoted value is never closed' };
          }
          if (k + 1 >= s.length && !final) return null;
          value += s.slice(j, k);
          lines += countLines(s, j, k);
          if (s.charCodeAt(k + 1) === QUOTE) { value += '"'; j = k + 2; continue; }
          i = k + 1;
          break;
        }
        // text after the closing quote is kept as it stands, up to the delimiter
        const rest = i;
        while (i < s.length && s.charCodeAt(i) !== d && s.charCodeAt(i) !== LF && s.charCodeAt(i) !== CR) i++;
        value += s.slice(rest, i);
      } else {
        const start = i;
        while (i < s.length) {
          const c = s.charCodeAt(i);
          if (c === d || c === LF || c === CR) break;
          i++;
        }
        value = s.slice(start, i);
      }
      fields.push(value);
      if (i >= s.length) {
        if (!final) return null;
        return { fields, next: i, lines: lines + 1 };
      }
      const c = s.charCodeAt(i);
      if (c === d) { i++; continue; }
      if (c === CR) {
        if (i + 1 >= s.length && !final) return null;
        i += s.charCodeAt(i + 1) === LF ? 2 : 1;
      } else i++;
      return { fields, next: i, lines: lines + 1 };
    }
  }
}

function countLines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * One CSV line (with CRLF), quoting only the values that need it. A value a spreadsheet would
 * run as a formula (it begins with =, +, -, @, tab or CR) is written behind an apostrophe, as
 * OWASP advises against CSV injection; `restoreCell` reads it back as it was.
 */
export function csvLine(fields: readonly string[], delimiter = ','): string {
  // CSV output is raw output too: no escape sequence or control character leaves in a cell (line breaks
  // stay); then a value a spreadsheet would run as a formula goes behind an apostrophe
  return fields.map((raw) => {
    const f = guardCell(terminalSafe(raw, { multiline: true }));
    return needsQuotes(f, delimiter) ? `"${f.replace(/"/g, '""')}"` : f;
  }).join(delimiter) + '\r\n';
}

// a leading apostrophe is guarded too, so that restoring is exact for every value
const FORMULA_START = /^[=+\-@\t\r']/;

/** The value as written to a CSV cell: behind an apostrophe when a spreadsheet would take it for a formula. */
export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A CSV cell read back: the apostrophe guardCell (or a spreadsheet user, before "+420…") put in front is dropped. */
export function restoreCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

function needsQuotes(f: string, delimiter: string): boolean {
  return f.includes(delimiter) || f.includes('"') || f.includes('\n') || f.includes('\r') || f !== f.trim();
}
