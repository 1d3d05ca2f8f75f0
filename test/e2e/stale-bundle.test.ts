/**
 * A checkout whose dist/ is older than its src/ (a pull or an edit without `npm run build`) says
 * so in one line at start, instead of running yesterday's bundle (which failed every replay
 * fixture as "malformed" with no hint). Runs a real copy of this checkout's bin/, built bundle
 * and src/ (timestamps kept, as right after a build) in a temp folder; `npm test` builds first.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OLDER = 'ringdesk: dist/ was built from an older source (run npm run build)';
let copy: string;

const ringdesk = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(copy, 'bin', 'ringdesk.js'), ...args], { cwd: copy, encoding: 'utf8', timeout: 30_000 });

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-stale-'));
  for (const part of ['bin', 'src', 'dist/bundle', 'package.json']) {
    fs.cpSync(path.join(ROOT, part), path.join(copy, part), { recursive: true, preserveTimestamps: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
});
afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

describe('a bundle older than its sources', () => {
  it('runs as built while src/ is what it was built from', () => {
    const r = ringdesk('--version');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a source file saved after the build: one line, exit 1, nothing run', () => {
    const file = path.join(copy, 'src', 'domain', 'phone-number.ts');
    const was = fs.statSync(file);
    fs.utimesSync(file, was.atime, new Date(was.mtimeMs + 1000));
    try {
      const r = ringdesk('--version');
      expect(r.stderr).toBe(`${OLDER}\n`);
      expect(r.stdout).toBe('');
      expect(r.status).toBe(1);
      // a replay would have run the old bundle: now it stops the same way, before any fixture
      const replay = ringdesk('replay', path.join(ROOT, 'fixtures'));
      expect(replay.stderr).toBe(`${OLDER}\n`);
      expect(replay.status).toBe(1);
    } finally {
      fs.utimesSync(file, was.atime, was.mtime);
    }
    expect(ringdesk('--version').status).toBe(0);
  });

  it('a new source file, or a test file changed: only the former makes it stale', () => {
    const test = path.join(copy, 'src', 'domain', 'phone-number.test.ts');
    fs.appendFileSync(test, '\n');
    expect(ringdesk('--version').status).toBe(0);
    const added = path.join(copy, 'src', 'domain', 'added-after-build.ts');
    fs.writeFileSync(added, 'export {};\n');
    try {
      expect(ringdesk('--version').stderr).toBe(`${OLDER}\n`);
    } finally {
      fs.rmSync(added);
    }
  });

  it('a bundle from before the stamp existed, or none at all, says which', () => {
    const stamp = path.join(copy, 'dist', 'bundle', 'built-from.txt');
    const saved = fs.readFileSync(stamp);
    fs.rmSync(stamp);
    expect(ringdesk('--version').stderr).toBe(`${OLDER}\n`);
    const cli = path.join(copy, 'dist', 'bundle', 'cli.js');
    fs.renameSync(cli, `${cli}.away`);
    const none = ringdesk('--version');
    expect(none.stderr).toBe('ringdesk: dist/ is not built yet (run npm run build)\n');
    expect(none.status).toBe(1);
    fs.renameSync(`${cli}.away`, cli);
    fs.writeFileSync(stamp, saved);
  });

  it('the installed package (no src/ beside dist/) never looks', () => {
    const stamp = path.join(copy, 'dist', 'bundle', 'built-from.txt');
    const saved = fs.readFileSync(stamp);
    fs.renameSync(path.join(copy, 'src'), path.join(copy, 'src-away'));
    try {
      fs.rmSync(stamp);
      const r = ringdesk('--version');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      fs.renameSync(path.join(copy, 'src-away'), path.join(copy, 'src'));
      fs.writeFileSync(stamp, saved);
    }
  });
});
