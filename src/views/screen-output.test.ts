/**
 * The console's screen writer against Ink's own (Ink 8's output.js): the same writes, clips and
 * transformers must give the same frame, byte for byte, frame after frame (its caches carry
 * over); and its text measure against the one Ink would use.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import ScreenOutput from './screen-output.js';
import widestLine from './text-width.js';
import { prng } from '../demo/seed.js';

type Clip = { x1?: number; x2?: number; y1?: number; y2?: number };
interface OutputLike {
  write(x: number, y: number, text: string, options: { transformers: ((line: string, index: number) => string)[] }): void;
  clip(clip: Clip): void;
  unclip(): void;
  get(): { output: string; height: number };
}
type OutputClass = new (o: { width: number; height: number }) => OutputLike;

// Ink does not export its Output class; it sits beside Ink's entry point
const inkEntry = createRequire(import.meta.url).resolve('ink');
const InkOutput = ((await import(pathToFileURL(path.join(path.dirname(inkEntry), 'output.js')).href)) as { default: OutputClass }).default;
const Ours = ScreenOutput as unknown as OutputClass;
// and the widest-line package Ink measures with, which the bundle swaps for ours
const inkWidestLine = ((await import(pathToFileURL(createRequire(inkEntry).resolve('widest-line')).href)) as { default: (s: string) => number }).default;

const ESC = '\u001b[';
const STYLES = ['31m', '32m', '33m', '36m', '90m', '97m', '41m', '44m', '100m', '1m', '2m', '3m', '4m', '7m', '9m', '38;5;208m', '48;5;17m', '38;2;200;100;50m'];
const ENDS = ['39m', '49m', '22m', '23m', '24m', '27m', '29m', '0m'];
const WORDS = ['Open orders', 'INCOMING CALL', '+420 777 123 456', 'Příliš žluťoučký kůň', 'Šťastná 12', '漢字テスト', '📞', '👩‍🍳', '─│╭╮╰╯', '  ', 'x', '', '\t', 'Zahradní 3/1204', 'Kč 1 290,00', 'é',
  // invisible characters Ink 8 gives no cell: zero-width space, word joiner, a lone variation selector and joiner
  'a\u200Bb', '\u2060', '\uFE0F', '\u200D', '❤\uFE0F'];

function build(Cls: OutputClass, frame: Frame): string {
  const out = new Cls({ width: frame.width, height: frame.height });
  for (const op of frame.ops) {
    if (op.kind === 'clip') out.clip(op.clip);
    else if (op.kind === 'unclip') out.unclip();
    else out.write(op.x, op.y, op.text, { transformers: op.transformers });
  }
  return JSON.stringify(out.get());
}

type Op =
  | { kind: 'write'; x: number; y: number; text: string; transformers: ((line: string, index: number) => string)[] }
  | { kind: 'clip'; clip: Clip }
  | { kind: 'unclip' };
interface Frame {
  width: number;
  height: number;
  ops: Op[];
}

function styledText(rnd: () => number): string {
  const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const lines: string[] = [];
  const n = 1 + Math.floor(rnd() * 3);
  for (let l = 0; l < n; l++) {
    let s = '';
    const parts = 1 + Math.floor(rnd() * 5);
    for (let p = 0; p < parts; p++) {
      const r = rnd();
      if (r < 0.35) s += ESC + pick(STYLES);
      else if (r < 0.5) s += ESC + pick(ENDS);
      s += pick(WORDS);
    }
    if (rnd() < 0.5) s += `${ESC}0m`;
    lines.push(s);
  }
  return lines.join('\n');
}

function randomFrame(rnd: () => number, width: number, height: number): Frame {
  const ops: Op[] = [];
  const count = 1 + Math.floor(rnd() * 25);
  let open = 0;
  const coord = (max: number) => Math.floor(rnd() * (max + 6)) - 3;
  const transformers = [
    (line: string) => `${ESC}1m${line}${ESC}22m`,
    (line: string, index: number) => (index === 0 ? line.toUpperCase() : line),
    (line: string) => `${ESC}2m${line}`,
  ];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    if (r < 0.1) {
      const clip: Clip = {};
      if (rnd() < 0.7) {
        clip.x1 = coord(width);
        clip.x2 = clip.x1 + Math.floor(rnd() * width);
      }
      if (rnd() < 0.7) {
        clip.y1 = coord(height);
        clip.y2 = clip.y1 + Math.floor(rnd() * height);
      }
      ops.push({ kind: 'clip', clip });
      open++;
    } else if (r < 0.15 && open > 0) {
      ops.push({ kind: 'unclip' });
      open--;
    } else {
      const t = rnd() < 0.3 ? [transformers[Math.floor(rnd() * transformers.length)]!] : [];
      // mostly on screen, sometimes past an edge
      const x = rnd() < 0.9 ? Math.floor(rnd() * width) : width + Math.floor(rnd() * 4);
      ops.push({ kind: 'write', x, y: coord(height), text: styledText(rnd), transformers: t });
    }
  }
  return { width, height, ops };
}

describe('screen writer (Ink Output stand-in)', () => {
  it('gives the same frame as Ink for 3,000 generated frames: styles, wide characters, clips, transformers', () => {
    const rnd = prng(42);
    for (let i = 0; i < 3000; i++) {
      const frame = randomFrame(rnd, 1 + Math.floor(rnd() * 100), 1 + Math.floor(rnd() * 30));
      expect(build(Ours, frame), `frame ${i}`).toBe(build(InkOutput, frame));
    }
  });

  it('gives the same frames as Ink when most rows repeat from frame to frame and one changes', () => {
    const rnd = prng(7);
    const base = randomFrame(rnd, 80, 24);
    for (let i = 0; i < 200; i++) {
      // the same screen, a clock-like write that changes, and now and then a new row
      const ops: Op[] = [...base.ops, { kind: 'write', x: 70, y: 0, text: `${ESC}36m12:00:${String(i % 60).padStart(2, '0')}${ESC}39m`, transformers: [] }];
      if (i % 7 === 0) ops.push({ kind: 'write', x: 0, y: i % 24, text: styledText(rnd), transformers: [] });
      const frame = { width: 80, height: i % 50 === 49 ? 20 : 24, ops };
      expect(build(Ours, frame), `frame ${i}`).toBe(build(InkOutput, frame));
    }
  });

  it('measures text as the widest-line package does, the second time from memory', () => {
    const rnd = prng(3);
    for (let i = 0; i < 2000; i++) {
      const text = styledText(rnd);
      expect(widestLine(text), JSON.stringify(text)).toBe(inkWidestLine(text));
      expect(widestLine(text)).toBe(inkWidestLine(text));
    }
  });

  it('an empty frame is blank lines of the frame height', () => {
    expect(new ScreenOutput({ width: 5, height: 3 }).get()).toEqual({ output: '\n\n', height: 3 });
  });
});

describe('the Ink release the writer stands in for', () => {
  it('is pinned exactly in package.json, and that is the one installed (its declarations are what tsc holds screen-output.ts to)', async () => {
    const fs = await import('node:fs');
    const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies.ink).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = JSON.parse(fs.readFileSync(path.join(path.dirname(inkEntry), '..', 'package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(pkg.devDependencies.ink);
  });
});
