/**
 * The console's screen writer: a drop-in for Ink's internal Output class (ink/build/output.js),
 * swapped in by the bundle (scripts/bundle.js), that turns one frame's text writes into the
 * frame's string — byte for byte what Ink's own class returns (src/views/screen-output.test.ts
 * checks that against Ink's class on thousands of generated frames).
 *
 * Why: Ink re-tokenises the ANSI of every line, measures every character's width and
 * allocates a cell object per screen position on every frame; at 80x24 that is most of the
 * time from a ringing phone to the banner on screen, and its garbage makes the slow frames.
 * A console repaints mostly the same lines (the order list, the status bar), so this class
 * keeps across frames what does not change:
 *   - a line's styled characters (tokenised once, style lists shared between equal styles),
 *   - character widths (ASCII without a lookup),
 *   - the escape codes between two styles,
 *   - a row's text while its cells are the same objects as in the previous frame,
 *   - a clipped line's cut.
 * Every cache is bounded and none decides the result: a miss only recomputes.
 */
import sliceAnsi from 'slice-ansi';
import { ansiCodesToString, diffAnsiCodes, styledCharsFromTokens, tokenize } from '@alcalzone/ansi-tokenize';
import type { AnsiCode } from '@alcalzone/ansi-tokenize';
import widestLine, { BoundedCache, textWidth } from './text-width.js';

type Transformer = (line: string, index: number) => string;
interface Clip {
  x1: number | undefined;
  x2: number | undefined;
  y1: number | undefined;
  y2: number | undefined;
}
type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] }
  | { type: 'clip'; clip: Clip }
  | { type: 'unclip' };

/** One screen cell, shared between frames: never mutated once made. */
interface Cell {
  readonly type: 'char';
  readonly value: string;
  readonly fullWidth: boolean;
  readonly styles: readonly AnsiCode[];
}
/** A line's cells with their widths, and the filler cell for each wide character. */
interface StyledLine {
  cells: Cell[];
  widths: number[];
  fillers: (Cell | undefined)[];
}

const NO_STYLES: readonly AnsiCode[] = Object.freeze([]);
const cell = (value: string, fullWidth: boolean, styles: readonly AnsiCode[]): Cell => Object.freeze({ type: 'char', value, fullWidth, styles });
const BLANK = cell(' ', false, NO_STYLES);

/** Equal style lists become one array, so equal neighbours compare by reference. */
const styleLists = new BoundedCache<readonly AnsiCode[]>(4096);
function shared(styles: AnsiCode[]): readonly AnsiCode[] {
  if (styles.length === 0) return NO_STYLES;
  let key = '';
  for (const s of styles) key += `${s.code}\u0000${s.endCode}\u0001`;
  const hit = styleLists.get(key);
  if (hit) return hit;
  styleLists.set(key, styles);
  return styles;
}

/** The codes that take the terminal from one style to the next, as Ink's styledCharsToString writes them. */
const transitions = new Map<readonly AnsiCode[], Map<readonly AnsiCode[], string>>();
function transition(from: readonly AnsiCode[], to: readonly AnsiCode[]): string {
  let byTo = transitions.get(from);
  if (!byTo) {
    if (transitions.size >= 4096) transitions.clear();
    byTo = new Map();
    transitions.set(from, byTo);
  }
  let codes = byTo.get(to);
  if (codes === undefined) {
    codes = ansiCodesToString(diffAnsiCodes(from as AnsiCode[], to as AnsiCode[]));
    byTo.set(to, codes);
  }
  return codes;
}
const openings = new Map<readonly AnsiCode[], string>();
function opening(styles: readonly AnsiCode[]): string {
  let codes = openings.get(styles);
  if (codes === undefined) {
    if (openings.size >= 4096) openings.clear();
    codes = ansiCodesToString(styles as AnsiCode[]);
    openings.set(styles, codes);
  }
  return codes;
}

const lines = new BoundedCache<StyledLine>(2048);
function styledLine(line: string): StyledLine {
  let hit = lines.get(line);
  if (hit) return hit;
  const cells: Cell[] = [];
  const cellWidths: number[] = [];
  const fillers: (Cell | undefined)[] = [];
  for (const c of styledCharsFromTokens(tokenize(line))) {
    const styles = shared(c.styles);
    cells.push(cell(c.value, c.fullWidth, styles));
    // the printed width, as Ink measures it to lay out
    const w = Math.max(1, textWidth(c.value));
    cellWidths.push(w);
    fillers.push(w > 1 ? cell('', false, styles) : undefined);
  }
  hit = { cells, widths: cellWidths, fillers };
  lines.set(line, hit);
  return hit;
}

/** A clipped line (dialogs and full screens clip theirs), as slice-ansi cuts it. */
const slices = new BoundedCache<string>(1024);
function slice(line: string, from: number, to: number): string {
  const key = `${from}\u0000${to}\u0000${line}`;
  let cut = slices.get(key);
  if (cut === undefined) {
    cut = sliceAnsi(line, from, to);
    slices.set(key, cut);
  }
  return cut;
}

/** The previous frame's rows: reused while a row holds the very same cells. */
let lastRows: { cells: Cell[]; text: string }[] = [];

function rowText(row: (Cell | undefined)[], y: number): string {
  // Ink drops holes (a write that starts past the row's end leaves some)
  const cells = row.includes(undefined) ? (row.filter((c) => c !== undefined) as Cell[]) : (row as Cell[]);
  const last = lastRows[y];
  if (last && last.cells.length === cells.length && last.cells.every((c, i) => c === cells[i])) return last.text;
  let text = '';
  let previous: readonly AnsiCode[] | undefined;
  for (const cell of cells) {
    text += previous === undefined ? opening(cell.styles) : previous === cell.styles ? '' : transition(previous, cell.styles);
    text += cell.value;
    previous = cell.styles;
  }
  if (previous !== undefined && previous !== NO_STYLES) text += transition(previous, NO_STYLES);
  text = text.trimEnd();
  lastRows[y] = { cells, text };
  return text;
}

export default class ScreenOutput {
  readonly width: number;
  readonly height: number;
  private readonly operations: Operation[] = [];

  constructor(options: { width: number; height: number }) {
    this.width = options.width;
    this.height = options.height;
  }

  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void {
    if (!text) return;
    this.operations.push({ type: 'write', x, y, text, transformers: options.transformers });
  }

  clip(clip: Clip): void {
    this.operations.push({ type: 'clip', clip });
  }

  unclip(): void {
    this.operations.push({ type: 'unclip' });
  }

  get(): { output: string; height: number } {
    const grid: (Cell | undefined)[][] = [];
    for (let y = 0; y < this.height; y++) grid.push(new Array<Cell>(this.width).fill(BLANK));
    const clips: Clip[] = [];
    for (const operation of this.operations) {
      if (operation.type === 'clip') clips.push(operation.clip);
      else if (operation.type === 'unclip') clips.pop();
      else this.paint(grid, operation, clips.at(-1));
    }
    if (lastRows.length > grid.length) lastRows = lastRows.slice(0, grid.length);
    return { output: grid.map(rowText).join('\n'), height: grid.length };
  }

  /** One write into the grid, clipped as Ink clips it. */
  private paint(grid: (Cell | undefined)[][], op: Extract<Operation, { type: 'write' }>, clip: Clip | undefined): void {
    let { x, y } = op;
    let textLines = op.text.split('\n');
    if (clip) {
      const clipX = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
      const clipY = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
      if (clipX) {
        const widest = widestLine(op.text);
        if (x + widest < clip.x1! || x > clip.x2!) return;
      }
      if (clipY && (y + textLines.length < clip.y1! || y > clip.y2!)) return;
      if (clipX) {
        const x1 = clip.x1!;
        const x2 = clip.x2!;
        textLines = textLines.map((line) => {
          const from = x < x1 ? x1 - x : 0;
          const w = textWidth(line);
          return slice(line, from, x + w > x2 ? x2 - x : w);
        });
        if (x < x1) x = x1;
      }
      if (clipY) {
        const y1 = clip.y1!;
        const from = y < y1 ? y1 - y : 0;
        const to = y + textLines.length > clip.y2! ? clip.y2! - y : textLines.length;
        textLines = textLines.slice(from, to);
        if (y < y1) y = y1;
      }
    }
    let offsetY = 0;
    for (let index = 0; index < textLines.length; index++) {
      const row = grid[y + offsetY];
      // a text taller than the frame writes nothing below it
      if (!row) continue;
      let line = textLines[index]!;
      for (const transform of op.transformers) line = transform(line, index);
      const { cells, widths: cellWidths, fillers } = styledLine(line);
      let offsetX = x;
      for (let i = 0; i < cells.length; i++) {
        row[offsetX] = cells[i];
        const w = cellWidths[i]!;
        for (let k = 1; k < w; k++) row[offsetX + k] = fillers[i];
        offsetX += w;
      }
      offsetY++;
    }
  }
}
