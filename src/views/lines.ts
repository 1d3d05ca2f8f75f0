/**
 * Screen rows as data: a part of the screen whose height decides the layout (status bar, banner,
 * help bar) is built as a list of rows first, each already cut or wrapped to the width, and then
 * drawn one `<Text>` per row. Its height is then the length of the list — what is drawn, not a
 * guess — and nothing it draws can wrap onto a neighbour.
 */
import { fit, wrapText } from './format.js';
import { textWidth } from './text-width.js';

/** A run of text in one style. */
export interface Span {
  text: string;
  color?: string;
  bold?: boolean;
  inverse?: boolean;
  dim?: boolean;
}
/** One screen row. */
export type Row = Span[];

/** How wide a row prints. */
export function rowWidth(row: Row): number {
  let w = 0;
  for (const s of row) w += textWidth(s.text);
  return w;
}

/** The row cut to `width` columns; the span that crosses the edge ends in "…". */
export function fitRow(row: Row, width: number): Row {
  const out: Row = [];
  let left = width;
  for (const s of row) {
    if (left <= 0) break;
    const w = textWidth(s.text);
    if (w <= left) {
      out.push(s);
      left -= w;
    } else {
      out.push({ ...s, text: fit(s.text, left) });
      break;
    }
  }
  return out;
}

/** Text in one style wrapped into rows of `width` columns; `indent` starts every row after the first. */
export function wrapRows(text: string, width: number, style: Omit<Span, 'text'> = {}, first = '', indent = ''): Row[] {
  const lead = Math.max(textWidth(first), textWidth(indent));
  return wrapText(text, Math.max(1, width - lead)).map((line, n) => [{ ...style, text: (n === 0 ? first : indent) + line }]);
}

/**
 * A hint or an empty-state sentence in whole words, on as many rows as it needs (never cut with
 * "…"): its parts are joined by " · " on one row while they fit, and a part that does not fit
 * starts the next row (wrapped by words when it is wider than the pane).
 */
export function hintRows(parts: string | readonly string[], width: number, style: Omit<Span, 'text'> = {}): Row[] {
  const rows: string[] = [];
  let line = '';
  for (const part of typeof parts === 'string' ? [parts] : parts) {
    const joined = line ? `${line} · ${part}` : part;
    if (textWidth(joined) <= width) { line = joined; continue; }
    if (line) rows.push(line);
    const wrapped = wrapText(part, width);
    line = wrapped.pop() ?? '';
    rows.push(...wrapped);
  }
  if (line) rows.push(line);
  return rows.map((text) => [{ ...style, text }]);
}

/** A row of plain text cut to the width. */
export function textRow(text: string, width: number, style: Omit<Span, 'text'> = {}): Row {
  return [{ ...style, text: fit(text, width) }];
}

/** A row with a part on the left and one on the right; the left one is cut first. */
export function spreadRow(left: Row, right: Row, width: number): Row {
  const r = fitRow(right, width);
  const room = width - rowWidth(r);
  const l = fitRow(left, Math.max(0, room - (room > 1 ? 1 : 0)));
  const gap = Math.max(0, width - rowWidth(l) - rowWidth(r));
  return [...l, { text: ' '.repeat(gap) }, ...r];
}

/** A line of the screen that may be dropped when rows are short: lower `rank` is kept longer (0: never dropped). */
export interface RankedRow { row: Row; rank: number }

/**
 * At most `max` rows, keeping the most important: the last row of the highest rank goes first,
 * rank 0 never. The order of the rows kept does not change.
 */
export function keepRows(rows: RankedRow[], max: number): Row[] {
  const kept = [...rows];
  while (kept.length > max) {
    let drop = -1;
    for (let n = kept.length - 1; n >= 0; n--) if (kept[n].rank > 0 && (drop < 0 || kept[n].rank > kept[drop].rank)) drop = n;
    if (drop < 0) break;
    kept.splice(drop, 1);
  }
  return kept.map((r) => r.row);
}
