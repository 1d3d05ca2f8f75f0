/**
 * A ringing call's banner drawn at once, alone, over the frame on screen — before React and Ink
 * lay out and draw the whole frame for the new state (~80 % of a ringing call's time at the
 * desk: the order list resized under the banner, the card, the help bar, Yoga over the whole
 * tree). The banner's rows are the frame's (screenLayout), drawn as CallBanner draws them and
 * written by the frame's screen writer, so the whole frame that follows in the same turn changes
 * nothing the quick one drew (src/views/quick-banner.test.tsx holds the two byte for byte). What waits for "the banner is on
 * the screen" (`--auto-answer 0`'s 200 OK, the call-log row) goes on behind the quick banner.
 */
import chalk from 'chalk';
import type { DeskState } from '../desk/state.js';
import { ringingCall } from '../desk/state.js';
import { BANNER_BORDER, BANNER_PADDING, bannerColor } from './CallBanner.js';
import { MIN_COLUMNS, MIN_ROWS, screenLayout } from './layout.js';
import type { Row, Span } from './lines.js';
import ScreenOutput from './screen-output.js';

/** A span styled as Ink's Text styles it (dim, colour, bold, inverse: Ink's order, Ink's chalk). */
function styled(s: Span): string {
  let text = s.text;
  if (s.dim) text = chalk.dim(text);
  if (s.color) text = (chalk as unknown as Record<string, (t: string) => string>)[s.color]?.(text) ?? text;
  if (s.bold) text = chalk.bold(text);
  if (s.inverse) text = chalk.inverse(text);
  return text;
}

/**
 * The banner's lines as the frame draws them (CallBanner: a double border in the banner's colour,
 * one column of padding, the rows), written by the screen writer the frame uses, and the frame
 * row the first is on; null when the frame shows no banner. No React, no layout: the rows are
 * already cut to the width (src/views/lines.ts).
 */
export function bannerLines(state: DeskState, timeZone?: string): { top: number; lines: string[] } | null {
  const { columns, rows } = state.size;
  if (state.quitting || columns < MIN_COLUMNS || rows < MIN_ROWS) return null;
  const layout = screenLayout(state, timeZone);
  if (!layout.banner) return null;
  const color = (t: string) => styled({ text: t, color: bannerColor(!!ringingCall(state)?.spam) });
  const inner = columns - 2;
  const out = new ScreenOutput({ width: columns, height: layout.banner.length + 2 });
  const line = (y: number, text: string) => out.write(0, y, text, { transformers: [] });
  line(0, color(BANNER_BORDER.topLeft + BANNER_BORDER.top.repeat(inner) + BANNER_BORDER.topRight));
  layout.banner.forEach((row: Row, n) => {
    const text = row.length === 0 ? ' ' : row.map(styled).join('');
    line(n + 1, color(BANNER_BORDER.left));
    out.write(1 + BANNER_PADDING, n + 1, text, { transformers: [] });
    out.write(columns - 1, n + 1, color(BANNER_BORDER.right), { transformers: [] });
  });
  line(layout.banner.length + 1, color(BANNER_BORDER.bottomLeft + BANNER_BORDER.bottom.repeat(inner) + BANNER_BORDER.bottomRight));
  // under the status bar and the failed-orders line (src/views/App.tsx Screen)
  return { top: 1 + (layout.alert ? 1 : 0), lines: out.get().output.split('\n') };
}

/**
 * The bytes that draw `banner` over a frame of `height` lines written by Ink's log-update, whose
 * cursor waits at the start of the line under the frame: up to the banner's first row, its lines
 * (each erased to its end), and back to where the cursor was, so Ink's next frame erases and
 * redraws from the same place. Cursor moves only: nothing scrolls.
 */
export function overFrame(banner: { top: number; lines: string[] }, height: number): string {
  const last = banner.top + banner.lines.length - 1;
  if (banner.top < 0 || last >= height) return '';
  return `\x1b[${height - banner.top}A\r${banner.lines.join('\x1b[K\r\n')}\x1b[K\r\x1b[${height - last}B`;
}

/**
 * Watches the desk for a call that takes the banner and draws it at once (src/views/draw-desk.ts
 * wires it to the console's terminal). `frameHeight` is how many lines Ink's last frame had, null
 * when it was not the console's full screen (a tiny terminal, quitting, nothing drawn yet).
 */
export function quickBanner(o: { timeZone?: string; write: (bytes: string) => void; frameHeight: () => number | null; drawn: () => void }): (state: DeskState) => void {
  let shown: string | null = null;
  return (state) => {
    const call = ringingCall(state);
    const id = call && !call.hidden ? call.id : null;
    if (id === shown) return;
    shown = id;
    if (!id) return;
    const height = o.frameHeight();
    if (height === null || height !== state.size.rows - 1) return;
    const banner = bannerLines(state, o.timeZone);
    const bytes = banner ? overFrame(banner, height) : '';
    if (!bytes) return;
    o.write(bytes);
    o.drawn();
  };
}
