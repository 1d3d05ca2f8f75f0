/**
 * The layout rules every console frame keeps, checked on the frame's text alone (a virtual
 * terminal's frame or a tmux capture): no line wider than the terminal, no frame taller, the
 * status bar one row, the help bar within its rows, every box's border whole, nothing drawn
 * over a border, and the texts that must never be cut (a caller's warning, why an order is
 * refused) present whole. The layout test (src/views/layout.test.ts) and the end-to-end tests
 * in test/e2e use this one checker.
 */
import { textWidth } from './text-width.js';

export interface FrameRules {
  columns: number;
  rows: number;
  /** Texts that must appear whole (wrapped over rows is fine, cut is not): whitespace is compared loosely. */
  whole?: string[];
  /** The most rows the help bar may take; default 2, or 1 below 20 rows (src/views/HelpBar.tsx helpBarLimit). */
  helpRows?: number;
  /** A list with a selected row is on the frame: a "›" must mark that row (NO_COLOR shows nothing else). */
  marked?: boolean;
  /** A part of the screen drawn alone (a component in a test): it has no status bar or help bar to check. */
  part?: boolean;
}

/** Below this size the console shows only its essentials (no bars, no boxes). */
const TINY = { columns: 60, rows: 16 };

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>]/g;

interface BoxStyle { tl: string; tr: string; bl: string; br: string; h: string; v: string }
const styles: BoxStyle[] = [
  { tl: '╭', tr: '╮', bl: '╰', br: '╯', h: '─', v: '│' },
  { tl: '╔', tr: '╗', bl: '╚', br: '╝', h: '═', v: '║' },
  { tl: '┌', tr: '┐', bl: '└', br: '┘', h: '─', v: '│' },
  { tl: '┏', tr: '┓', bl: '┗', br: '┛', h: '━', v: '┃' },
];
const corners = new Set(styles.flatMap((s) => [s.tl, s.tr, s.bl, s.br]));

/** A line as terminal cells: a wide character takes its cell and an empty one after it. */
function cells(line: string): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter.segment(line)) {
    out.push(segment);
    for (let n = textWidth(segment); n > 1; n--) out.push('');
  }
  return out;
}
const segmenter = new Intl.Segmenter();

/** A box found on the frame: its corners' rows and columns. */
export interface FrameBox { top: number; left: number; bottom: number; right: number }

/** The frame's lines without escape codes and without the blank rows below it. */
export function frameLines(frame: string): string[] {
  const lines = frame.replace(ANSI, '').split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  return lines;
}

/** Every box on the frame, and what is wrong with the ones that are not whole. */
export function frameBoxes(grid: string[][]): { boxes: FrameBox[]; problems: string[] } {
  const boxes: FrameBox[] = [];
  const problems: string[] = [];
  const claimed = new Set<string>();
  const at = (r: number, c: number) => grid[r]?.[c] ?? '';
  grid.forEach((row, r) => row.forEach((ch, c) => {
    const s = styles.find((x) => x.tl === ch);
    if (!s) return;
    let right = c + 1;
    while (at(r, right) === s.h) right++;
    if (at(r, right) !== s.tr) {
      problems.push(`row ${r + 1}: the top border of the box at column ${c + 1} is broken at column ${right + 1} ("${at(r, right) || 'end of line'}")`);
      return;
    }
    let bottom = r + 1;
    for (; bottom < grid.length; bottom++) {
      const l = at(bottom, c), rr = at(bottom, right);
      if (l === s.bl) break;
      if (l !== s.v || rr !== s.v) {
        problems.push(`row ${bottom + 1}: the side of the box from row ${r + 1} is broken ("${l || ' '}" at column ${c + 1}, "${rr || ' '}" at column ${right + 1})`);
        return;
      }
    }
    if (bottom >= grid.length) {
      problems.push(`the box from row ${r + 1}, column ${c + 1} has no bottom border`);
      return;
    }
    for (let x = c + 1; x < right; x++) {
      if (at(bottom, x) !== s.h) {
        problems.push(`row ${bottom + 1}: the bottom border of the box from row ${r + 1} is broken at column ${x + 1} ("${at(bottom, x)}")`);
        return;
      }
    }
    if (at(bottom, right) !== s.br) {
      problems.push(`row ${bottom + 1}: the box from row ${r + 1} has no bottom-right corner at column ${right + 1}`);
      return;
    }
    boxes.push({ top: r, left: c, bottom, right });
    for (const [y, x] of [[r, c], [r, right], [bottom, c], [bottom, right]]) claimed.add(`${y}:${x}`);
  }));
  grid.forEach((row, r) => row.forEach((ch, c) => {
    if (corners.has(ch) && !claimed.has(`${r}:${c}`)) problems.push(`row ${r + 1}, column ${c + 1}: a stray border corner "${ch}" (a box drawn over, or text over a border)`);
  }));
  return { boxes, problems: [...new Set(problems)] };
}

const loose = (t: string) => t.replace(/\s+/g, ' ').trim();

/**
 * The frame's text for finding a wrapped text: the whole frame without borders, what is outside
 * every box (a box beside the text would interleave with it), and every box's inside, each read
 * row by row.
 */
function readings(grid: string[][], boxes: FrameBox[]): string[] {
  const border = /[╭╮╰╯─│╔╗╚╝═║┌┐└┘┏┓┗┛━┃]/g;
  const text = (rows: string[][]) => loose(rows.map((r) => r.join('')).join(' ').replace(border, ' '));
  const outside = grid.map((row, r) => row.map((ch, c) => (boxes.some((b) => r >= b.top && r <= b.bottom && c >= b.left && c <= b.right) ? ' ' : ch)));
  return [
    text(grid),
    text(outside),
    ...boxes.map((b) => text(grid.slice(b.top + 1, b.bottom).map((r) => r.slice(b.left + 1, b.right)))),
  ];
}

/** What breaks the layout rules on this frame (empty when it keeps them all). */
export function frameProblems(frame: string, rules: FrameRules): string[] {
  const lines = frameLines(frame);
  const grid = lines.map(cells);
  const problems: string[] = [];
  if (lines.length > rules.rows) problems.push(`the frame has ${lines.length} rows; the terminal has ${rules.rows}`);
  grid.forEach((row, r) => {
    if (row.length > rules.columns) problems.push(`row ${r + 1} is ${row.length} columns wide; the terminal has ${rules.columns}: "${lines[r]}"`);
  });
  if (!rules.part && (rules.columns < TINY.columns || rules.rows < TINY.rows)) return problems;
  if (!rules.part) problems.push(...barProblems(lines, rules));
  const { boxes, problems: broken } = frameBoxes(grid);
  problems.push(...broken);
  // the marker at the start of a list's row: at the left edge or just inside a border
  if (rules.marked && !lines.some((l) => /(^|[│║] ?)› /.test(l))) problems.push('a list is on the frame but no "›" marks its selected row (without colour nothing else does)');
  const texts = readings(grid, boxes);
  for (const want of rules.whole ?? []) {
    const w = loose(want);
    if (w && !texts.some((t) => t.includes(w))) problems.push(`"${want}" is not on the frame whole`);
  }
  return problems;
}

/** The status bar one row at the top, the help bar within its rows at the bottom. */
function barProblems(lines: string[], rules: FrameRules): string[] {
  const problems: string[] = [];
  // the status bar: "ringdesk …" with the clock at the right end of the first row
  if (!/^ringdesk\b/.test(lines[0] ?? '') || !/\d\d:\d\d\s*$/.test(lines[0] ?? '')) {
    problems.push(`the status bar is not one row ending with the clock: "${lines[0] ?? ''}"${lines[1] !== undefined ? ` / "${lines[1]}"` : ''}`);
  }
  // the help bar: the rows under the message line (blank, or starting with » or ✗)
  let help = 0;
  for (let r = lines.length - 1; r > 0 && lines[r].trim() && !/^[»✗] /.test(lines[r]); r--) help++;
  const limit = rules.helpRows ?? (rules.rows >= 20 ? 2 : 1);
  if (help > limit) problems.push(`the help bar takes ${help} rows; at most ${limit} at ${rules.columns}x${rules.rows}`);
  return problems;
}
