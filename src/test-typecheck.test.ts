/**
 * The tests are type-checked as the code is (issue 14): `npm test` runs `tsc -p tsconfig.test.json`
 * before vitest, and that config covers every file vitest runs. A test file outside it, or a
 * test command that skips it, would let a test drift from the code it calls unnoticed.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import config from '../vitest.config.js';

const read = (f: string) => fs.readFileSync(new URL(`../${f}`, import.meta.url), 'utf8');

describe('tests are type-checked by npm test', () => {
  it('npm test runs the tests\' type-check before vitest', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts['typecheck:tests']).toBe('tsc -p tsconfig.test.json');
    expect(pkg.scripts.pretest).toMatch(/npm run --silent typecheck:tests/);
    expect(pkg.scripts.test).not.toMatch(/--typecheck=false/);
  });

  it('tsconfig.test.json includes every pattern vitest runs, and excludes none', () => {
    const ts = JSON.parse(read('tsconfig.test.json')) as { include: string[]; exclude?: string[]; compilerOptions: { noEmit?: boolean } };
    expect(ts.compilerOptions.noEmit).toBe(true);
    expect(ts.exclude ?? []).toEqual([]);
    // every project's patterns (vitest.config.ts: the tests, and the view tests again against the bundle's writer)
    type Patterns = { test?: { include?: string[]; projects?: Patterns[] } };
    const t = (config as Patterns).test;
    const runs = [...(t?.include ?? []), ...(t?.projects ?? []).flatMap((p) => p.test?.include ?? [])];
    expect(runs.length).toBeGreaterThan(0);
    // each vitest pattern dir/**/*.test.ts(x) is inside an include dir/**/*.ts(x) of that folder or one above it
    for (const pattern of runs) {
      const [dir, file] = pattern.split('/**/');
      const ext = file.slice(file.lastIndexOf('.'));
      const above = dir.split('/').map((_, i, parts) => `${parts.slice(0, i + 1).join('/')}/**/*${ext}`);
      expect(ts.include.filter((i) => above.includes(i)), pattern).not.toEqual([]);
    }
  });
});
