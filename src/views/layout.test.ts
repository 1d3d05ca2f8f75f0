/**
 * The layout test: every call fixture replayed at 60x16, 80x24, 100x30, 120x40 and 200x50,
 * every settled frame (after each step and each key) checked by the one frame checker
 * (src/views/frame-rules.ts): no line wider than the terminal, no frame taller, the status bar
 * one row, the help bar within its rows, every border whole, the caller's warning and the
 * reasons an order is refused present whole, and a list's selected row marked "›" (NO_COLOR).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFixtureFiles, loadFixture, runFixture } from '../replay/index.js';
import { frameProblems } from './frame-rules.js';
import { selectionShown, wholeTexts } from './layout.js';

const sizes = [[60, 16], [80, 24], [100, 30], [120, 40], [200, 50]] as const;
const { files } = findFixtureFiles(['fixtures/calls']);

describe('every fixture at every size keeps the layout rules', () => {
  for (const file of files) {
    it(path.basename(file), async () => {
      const fx = loadFixture(file);
      // the sizes play side by side: each has its own database, desk and virtual terminal
      const runs = await Promise.all(sizes.map(async ([columns, rows]) => {
        const r = await runFixture(fx, file, { terminal: { columns, rows }, checkFrame: (frame, state) => frameProblems(frame, { columns, rows, whole: wholeTexts(state), marked: selectionShown(state) }) });
        return r.failures.map((f) => `${columns}x${rows} ${f}`);
      }));
      expect(runs.flat()).toEqual([]);
    }, 120_000);
  }
});
