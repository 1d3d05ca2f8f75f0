/**
 * Issue 19: a ringing call's banner goes to the terminal alone, at once, and `--auto-answer 0`'s
 * 200 OK follows it instead of waiting for React and Ink to draw the whole frame. The quick
 * banner must be exactly the frame's banner, on the frame's rows, and leave the cursor where Ink
 * left it (Ink's next frame erases and redraws from there).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import chalk from 'chalk';
import { DeskRunner, type RunnerOptions } from '../desk/runner.js';
import { AfterFrame } from '../telephony/after-frame.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { seed, demoNumbers } from '../demo/seed.js';
import { manualClock } from '../domain/clock.js';
import { VirtualStdin, VirtualStdout, stripAnsi } from '../replay/virtual-terminal.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { until } from '../../test/helpers/until.js';
import { drawDesk } from './draw-desk.js';
import { overFrame } from './quick-banner.js';

let t: ReturnType<typeof tempStore>;
let stops: (() => void)[] = [];
beforeEach(() => {
  t = tempStore();
  seed(t.store);
});
afterEach(() => {
  stops.reverse().forEach((s) => s());
  stops = [];
  t.cleanup();
});

async function console80x24(more: Partial<RunnerOptions> = {}) {
  const clock = manualClock(NOON);
  const phone = new ReplayPhone({ remoteAnswerMs: -1, now: clock });
  const frames = new AfterFrame();
  const runner = new DeskRunner({ store: t.store, phone, operator: { id: null, name: 'alice', extension: '101' }, now: clock, timezone: 'UTC', columns: 80, rows: 24, rowWrites: 'after-frame', afterFrame: frames.after, ...more });
  runner.start();
  await phone.start();
  const stdout = new VirtualStdout(80, 24);
  const ink = drawDesk(runner, { timeZone: 'UTC', stdout: stdout as never, stdin: new VirtualStdin() as never, onRender: frames.drawn, bannerFirst: true });
  stops.push(() => { ink.unmount(); runner.dispose(); void phone.stop(); });
  // the first frame (the open orders)
  const end = Date.now() + 3000;
  while (!stdout.frames.some((f) => stripAnsi(f).includes('Open orders')) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  return { runner, phone, stdout };
}

/** A tiny terminal: the screen's lines after `bytes`, from a cursor on `row` (only what Ink's writer and the quick banner send). */
function play(screen: string[], row: number, bytes: string): { screen: string[]; row: number; col: number } {
  const out = [...screen];
  let col = 0;
  for (let i = 0; i < bytes.length;) {
    const csi = /^\x1b\[(\d*)([ABGK])/.exec(bytes.slice(i));
    if (csi) {
      const n = Number(csi[1] || 1);
      if (csi[2] === 'A') row = Math.max(0, row - n);
      if (csi[2] === 'B') row += n;
      if (csi[2] === 'G') col = 0;
      if (csi[2] === 'K') out[row] = (out[row] ?? '').slice(0, col);
      i += csi[0].length;
      continue;
    }
    const sgr = /^\x1b\[[\d;]*m/.exec(bytes.slice(i));
    if (sgr) { i += sgr[0].length; continue; }
    const ch = bytes[i++];
    if (ch === '\r') col = 0;
    else if (ch === '\n') row++;
    else {
      const line = (out[row] ?? '').padEnd(col);
      out[row] = line.slice(0, col) + ch + line.slice(col + 1);
      col++;
    }
  }
  return { screen: out, row, col };
}

describe('the banner first (issue 19)', () => {
  it('a ringing call is drawn at once as the frame\'s own banner rows, the cursor back where Ink left it; then the whole frame', async () => {
    // in colour, as on a dispatcher's terminal (Ink's chalk and the quick banner's are one)
    const level = chalk.level;
    chalk.level = 1;
    stops.push(() => { chalk.level = level; });
    const { phone, stdout } = await console80x24();
    const before = stripAnsi(stdout.lastFrame()).split('\n');
    const written = stdout.frames.length;
    phone.ring(demoNumbers.knownCustomer, 'c1');
    // once the desk has the caller (the lookup through the store's ports): the banner alone, before React has rendered anything
    await until('a write', () => stdout.frames.length > written);
    const quick = stdout.frames[written];
    expect(quick.startsWith('\x1b[22A\r')).toBe(true); // from under the 23-line frame up to the row under the status bar
    // the screen as a terminal shows it: the rows under the banner still the list's, the cursor back under the frame
    const screen = before.slice(0, 23);
    const shown = play(screen, 23, quick);
    expect(shown.row).toBe(23);
    expect(shown.col).toBe(0);
    // the whole frame follows; its banner rows are the quick banner's, byte for byte
    const wholeFrame = () => stdout.frames.slice(written + 1).find((f) => f.split('\n').length >= 23);
    const end = Date.now() + 3000;
    while (!wholeFrame() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    const whole = (wholeFrame() ?? '').split('\n');
    const bannerLines = quick.slice('\x1b[22A\r'.length).split('\x1b[K\r\n');
    bannerLines[bannerLines.length - 1] = bannerLines[bannerLines.length - 1].replace(/\x1b\[K\r\x1b\[\d+B$/, '');
    expect(bannerLines.length).toBeGreaterThan(2);
    expect(whole.slice(1, 1 + bannerLines.length)).toEqual(bannerLines);
    expect(stripAnsi(bannerLines.join('\n'))).toContain('INCOMING CALL');
    expect(quick).toContain('\x1b[93m╔'); // the banner's colour
    expect(shown.screen.slice(1, 1 + bannerLines.length)).toEqual(bannerLines.map((l) => stripAnsi(l)));
    expect(shown.screen.slice(1 + bannerLines.length)).toEqual(before.slice(1 + bannerLines.length, 23));
  });

  it('--auto-answer 0: the 200 OK follows the banner, before the whole frame and before the call\'s row', async () => {
    const writesAtAnswer: string[][] = [];
    let stdoutRef: VirtualStdout | null = null;
    const rowsAtAnswer: number[] = [];
    const onEffect: RunnerOptions['onEffect'] = (e) => { if (e.type === 'answer') { writesAtAnswer.push([...(stdoutRef?.frames ?? [])]); rowsAtAnswer.push(t.store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).length); } };
    const { phone, stdout } = await console80x24({ autoAnswerMs: 0, onEffect });
    stdoutRef = stdout;
    const written = stdout.frames.length;
    phone.ring(demoNumbers.knownCustomer, 'c1');
    await until('the answer', () => writesAtAnswer.length > 0);
    expect(writesAtAnswer).toHaveLength(1);
    const atAnswer = writesAtAnswer[0].slice(written);
    // exactly one write before the answer: the banner alone
    expect(atAnswer).toHaveLength(1);
    expect(stripAnsi(atAnswer[0])).toContain('INCOMING CALL');
    expect(atAnswer[0].startsWith('\x1b[22A\r')).toBe(true);
    expect(rowsAtAnswer).toEqual([0]); // the call's row is written after the 200
  });

  it('the bytes never move the cursor past the frame (a banner taller than the frame draws nothing)', () => {
    expect(overFrame({ top: 1, lines: ['a', 'b'] }, 23)).toBe('\x1b[22A\ra\x1b[K\r\nb\x1b[K\r\x1b[21B');
    expect(overFrame({ top: 1, lines: Array.from({ length: 23 }, () => 'x') }, 23)).toBe('');
  });
});
