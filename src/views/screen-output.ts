/**
 * The console's screen writer: a drop-in for Ink 8's internal Output class (ink/build/output.js),
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
 *   - a text's lines and a clipped line's cut.
 * Every cache is bounded and none decides the result: a miss only recomputes.
 * Ink 8's rules, kept here: styles carry over a text's line breaks, nested clips intersect,
 * invisible characters (Default_Ignorable) take no cell, a wide character cut by a clip or
 * half overwritten becomes a space in its styles, transformers get the line's index in the
 * whole text.
 */
import { ansiCodesToString, diffAnsiCodes, styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
import type { AnsiCode, StyledChar } from '@alcalzone/ansi-tokenize';
import widestLine, { BoundedCache, textWidth } from './text-width.js';
// Ink's own writer, for its declarations only (held against this class at the end of the file)
import type InkOutput from '../../node_modules/ink/build/output.js';

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
/** A line's cells with their widths, and the filler cells for each wide character (inside / left of the screen). */
interface StyledLine {
  cells: Cell[];
  widths: number[];
  fillers: (Cell | undefined)[];
  offscreenFillers: (Cell | undefined)[];
}
/** A row under construction: cells by column (holes and, as in Ink, columns left of 0 may be written). */
type Row = (Cell | undefined)[];

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

/** A space in the given styles: what Ink leaves of a wide character cut in half. */
const blanks = new Map<readonly AnsiCode[], Cell>();
function blankIn(styles: readonly AnsiCode[]): Cell {
  if (styles === NO_STYLES) return BLANK;
  let b = blanks.get(styles);
  if (!b) {
    if (blanks.size >= 4096) blanks.clear();
    b = cell(' ', false, styles);
    blanks.set(styles, b);
  }
  return b;
}

/** The codes that take the terminal from one style to the next, as ansi-tokenize's styledCharsToString writes them. */
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

/** Characters that take no cell (Ink 8 drops them: zero-width joiners left alone, variation selectors, …). */
const invisible = /^\p{Default_Ignorable_Code_Point}+$/u;
/** A text's styled characters, as Ink 8 reads them (invisible ones dropped). */
function styledChars(text: string): StyledChar[] {
  return styledCharsFromTokens(tokenize(text)).filter((c) => !invisible.test(c.value));
}

/** A written text's lines, each carrying the styles open at its start (Ink 8 splits after styling). */
const textLines = new BoundedCache<string[]>(2048);
function linesOf(text: string): string[] {
  let hit = textLines.get(text);
  if (hit) return hit;
  const chars: StyledChar[][] = [[]];
  for (const c of styledChars(text)) {
    if (c.value === '\n') chars.push([]);
    else chars.at(-1)!.push(c);
  }
  hit = chars.map((line) => styledCharsToString(line));
  textLines.set(text, hit);
  return hit;
}

const lines = new BoundedCache<StyledLine>(2048);
function styledLine(line: string): StyledLine {
  let hit = lines.get(line);
  if (hit) return hit;
  const cells: Cell[] = [];
  const cellWidths: number[] = [];
  const fillers: (Cell | undefined)[] = [];
  const offscreenFillers: (Cell | undefined)[] = [];
  for (const c of styledChars(line)) {
    const styles = shared(c.styles);
    cells.push(cell(c.value, c.fullWidth, styles));
    // the printed width, as Ink measures it to lay out
    const w = Math.max(1, textWidth(c.value));
    cellWidths.push(w);
    fillers.push(w > 1 ? cell('', false, styles) : undefined);
    offscreenFillers.push(w > 1 ? cell(' ', false, styles) : undefined);
  }
  hit = { cells, widths: cellWidths, fillers, offscreenFillers };
  lines.set(line, hit);
  return hit;
}

/** A clipped line's columns [from, to): a wide character cut by an edge becomes a space in its styles. */
const slices = new BoundedCache<string>(1024);
function slice(line: string, from: number, to: number): string {
  if (from >= to) return '';
  const key = `${from}\u0000${to}\u0000${line}`;
  let cut = slices.get(key);
  if (cut === undefined) {
    const kept: StyledChar[] = [];
    let column = 0;
    for (const c of styledChars(line)) {
      const width = textWidth(c.value);
      const start = column;
      column += width;
      if (column <= from) continue;
      if (start >= to) break;
      kept.push(width > 1 && (start < from || column > to) ? { ...c, value: ' ', fullWidth: false } : c);
    }
    cut = styledCharsToString(kept);
    slices.set(key, cut);
  }
  return cut;
}

const bound = (a: number | undefined, b: number | undefined, tighter: (a: number, b: number) => number) =>
  a === undefined ? b : b === undefined ? a : tighter(a, b);
/** An inner clip inside an outer one shows only what both show. */
function intersect(outer: Clip | undefined, inner: Clip): Clip {
  if (!outer) return inner;
  return {
    x1: bound(outer.x1, inner.x1, Math.max),
    x2: bound(outer.x2, inner.x2, Math.min),
    y1: bound(outer.y1, inner.y1, Math.max),
    y2: bound(outer.y2, inner.y2, Math.min),
  };
}
const isEmpty = (c: Clip) => (c.x1 !== undefined && c.x2 !== undefined && c.x1 >= c.x2) || (c.y1 !== undefined && c.y2 !== undefined && c.y1 >= c.y2);

/** The previous frame's rows: reused while a row holds the very same cells. */
let lastRows: { cells: Cell[]; text: string }[] = [];

function rowText(row: Row, y: number): string {
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
    if (text === '') return;
    this.operations.push({ type: 'write', x, y, text, transformers: options.transformers });
  }

  clip(clip: Clip): void {
    this.operations.push({ type: 'clip', clip });
  }

  unclip(): void {
    this.operations.push({ type: 'unclip' });
  }

  get(): { output: string; height: number } {
    const grid: Row[] = [];
    for (let y = 0; y < this.height; y++) grid.push(new Array<Cell>(this.width).fill(BLANK));
    const clips: Clip[] = [];
    for (const operation of this.operations) {
      if (operation.type === 'clip') clips.push(intersect(clips.at(-1), operation.clip));
      else if (operation.type === 'unclip') clips.pop();
      else this.paint(grid, operation, clips.at(-1));
    }
    if (lastRows.length > grid.length) lastRows = lastRows.slice(0, grid.length);
    return { output: grid.map(rowText).join('\n'), height: grid.length };
  }

  /** One write into the grid, clipped as Ink clips it. */
  private paint(grid: Row[], op: Extract<Operation, { type: 'write' }>, clip: Clip | undefined): void {
    let { x, y } = op;
    let textLines = linesOf(op.text);
    if (clip) {
      if (isEmpty(clip)) return;
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
    for (let index = 0; index < textLines.length; index++) {
      const row = grid[y + index];
      // a text taller than the frame writes nothing below it
      if (!row) continue;
      let line = textLines[index]!;
      // the line's index in the whole text, before a clip cut rows off its top
      for (const transform of op.transformers) line = transform(line, index + y - op.y);
      const { cells, widths: cellWidths, fillers, offscreenFillers } = styledLine(line);
      if (cells.length === 0) continue;
      let offsetX = x;
      // writing onto the right half of a wide character leaves a space in its place
      if (offsetX > 0 && row[offsetX]?.value === '') {
        const left = row[offsetX - 1];
        if (left && textWidth(left.value) > 1) row[offsetX - 1] = blankIn(left.styles);
      }
      for (let i = 0; i < cells.length; i++) {
        row[offsetX] = cells[i];
        const w = cellWidths[i]!;
        const filler = offsetX < 0 ? offscreenFillers[i] : fillers[i];
        for (let k = 1; k < w; k++) row[offsetX + k] = filler;
        offsetX += w;
      }
      // and onto the left half of one, a space where its right half was
      const right = row[offsetX];
      if (right?.value === '') row[offsetX] = blankIn(right.styles);
    }
  }
}

/**
 * Held to Ink's declarations: the bundle builds this class where Ink's renderer builds its own
 * Output (scripts/bundle.js), so tsc fails here when the pinned Ink changes how it constructs the
 * writer or what it passes to and reads from the members its renderer calls.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type InkCalls = 'write' | 'clip' | 'unclip' | 'get';
type FitsInk = { construct: Same<ConstructorParameters<typeof ScreenOutput>, ConstructorParameters<typeof InkOutput>>; size: Same<Pick<ScreenOutput, 'width' | 'height'>, Pick<InkOutput, 'width' | 'height'>> }
  & { [K in InkCalls]: Same<Parameters<ScreenOutput[K]>, Parameters<InkOutput[K]>> extends true ? Same<ReturnType<ScreenOutput[K]>, ReturnType<InkOutput[K]>> : false };
export const fitsInk: FitsInk = { construct: true, size: true, write: true, clip: true, unclip: true, get: true };
