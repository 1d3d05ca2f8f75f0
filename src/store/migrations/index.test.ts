import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrations } from './index.js';

// A database only ever moves up: one at v14 never runs a v12 that is added later. So the list
// must be 1, 2, 3 … with no gap (a gap is a number somebody may fill below a shipped version),
// and each file's name must carry its version, so a new one is visibly "the next".
describe('migrations', () => {
  it('are numbered 1…N without a gap, in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('one file per version, named vNN-what.ts after its version, every file in the list', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const files = readdirSync(here).filter((f) => /^v\d+-.+\.ts$/.test(f) && !f.endsWith('.test.ts'));
    const numbers = files.map((f) => Number(/^v(\d+)-/.exec(f)![1])).sort((a, b) => a - b);
    expect(numbers).toEqual(migrations.map((m) => m.version));
  });
});
