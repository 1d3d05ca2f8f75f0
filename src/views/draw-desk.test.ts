/**
 * A desk becomes frames in one place (issue 14): src/views/draw-desk.ts. The console, the
 * fixture player and the benches call `drawDesk`; none draws the App itself, so what a bench
 * times and what a fixture checks is what the console draws.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const files = (dir: string, ext: RegExp): string[] => fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
  .filter((f) => ext.test(f) && !/\.test\.tsx?$/.test(f)).map((f) => path.join(dir, f));

describe('drawDesk is the one way a desk is drawn', () => {
  it('no production file or bench renders the App but src/views/draw-desk.ts', () => {
    const drawing = [...files('src', /\.tsx?$/), ...files('bench', /\.js$/)]
      .filter((f) => /createElement\(App\b|<App\b/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(drawing).toEqual(['src/views/draw-desk.ts']);
  });

  it('the console, the fixture player and the benches call it', () => {
    for (const f of ['src/commands/console.ts', 'src/replay/run.ts', 'bench/desk.js', 'bench/import-keystroke.js', 'bench/headset-bridge.js', 'bench/sip-latency.js']) {
      expect(fs.readFileSync(path.join(root, f), 'utf8'), f).toMatch(/drawDesk\(runner/);
    }
  });
});
