/**
 * .gitignore keeps what a checkout makes out of git: installed packages, the Node ringdesk
 * brought, builds and databases. A worktree often links to another checkout's packages or Node
 * (`ln -s ../main/node_modules`): a symlink is not a folder to git, so `node_modules/` let it
 * show as a new file to commit. Checked with git itself in a scratch repository.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-gitignore-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const git = (...args: string[]) => spawnSync('git', args, { cwd: scratch, encoding: 'utf8' });

describe('.gitignore', () => {
  it('ignores node_modules and .ringdesk as folders and as symlinks, at the top and deeper', () => {
    expect(git('init', '-q').status).toBe(0);
    fs.copyFileSync(new URL('../.gitignore', import.meta.url), path.join(scratch, '.gitignore'));
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-gitignore-target-'));
    fs.writeFileSync(path.join(elsewhere, 'x.js'), '');
    try {
      fs.symlinkSync(elsewhere, path.join(scratch, 'node_modules'));
      fs.symlinkSync(elsewhere, path.join(scratch, '.ringdesk'));
      fs.mkdirSync(path.join(scratch, 'bench', 'node_modules'), { recursive: true });
      fs.writeFileSync(path.join(scratch, 'bench', 'node_modules', 'y.js'), '');
      fs.mkdirSync(path.join(scratch, 'tools'));
      fs.symlinkSync(elsewhere, path.join(scratch, 'tools', 'node_modules'));
      fs.writeFileSync(path.join(scratch, 'desk.db'), '');
      fs.writeFileSync(path.join(scratch, 'kept.ts'), '');
      const status = git('status', '--porcelain', '--untracked-files=all');
      expect(status.status).toBe(0);
      expect(status.stdout.split('\n').filter(Boolean).sort()).toEqual(['?? .gitignore', '?? kept.ts']);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
