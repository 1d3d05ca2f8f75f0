/**
 * The README's try-it command on a box whose Node is older than ringdesk needs (Debian 12 ships
 * 18, this image 20): `npm start` runs through scripts/with-node, which brings Node 24 from the
 * npm registry into .ringdesk/node-24 and goes on with it, saying so in one line; when that
 * cannot be had, one line says which Node is needed and how to get it. Run on a copy of the
 * scripts with the system's own Node first on PATH; skipped when that Node is not older.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-store.js';

const ROOT = path.resolve(__dirname, '..', '..');
const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((n) => fs.existsSync(n));
const version = systemNode ? spawnSync(systemNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim() : '';
const [major, minor] = version.split('.').map(Number);
const old = Boolean(version) && (major < 22 || (major === 22 && minor < 12));
const why = !systemNode ? 'no system Node in /usr/bin or /usr/local/bin' : !old ? `the system's Node ${version} is not older than 22.12` : '';
if (why) console.warn(`try-it-old-node.test.ts skipped: ${why}`);

const { dir, cleanup } = tempDir('ringdesk-old-node-');
afterAll(cleanup);

/** A checkout's start-up parts, without .ringdesk/: what a fresh clone has. */
function checkout(name: string): string {
  const root = path.join(dir, name);
  for (const f of ['scripts/with-node', 'scripts/install-node', 'bin/check-node.cjs', 'package.json']) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(root, f));
    fs.chmodSync(path.join(root, f), fs.statSync(path.join(ROOT, f)).mode);
  }
  return root;
}
// the system's Node and npm first, as on a fresh box; nothing of the test's own Node
const env = (extra: Record<string, string> = {}) => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && k !== 'RINGDESK_TEST_NODE' && k !== 'NODE_OPTIONS'));
  return { ...clean, PATH: `${path.dirname(systemNode ?? '/usr/bin/node')}:/usr/bin:/bin`, ...extra };
};

describe.skipIf(Boolean(why))(`npm start on Node ${version}`, () => {
  it('brings Node 24 itself, once, with one line saying so, and runs on it', () => {
    const root = checkout('fresh');
    const first = spawnSync(path.join(root, 'scripts', 'with-node'), ['node', '-p', 'process.versions.node'], { cwd: root, env: env(), encoding: 'utf8', timeout: 300_000 });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout.trim()).toMatch(/^24\./);
    expect(first.stderr).toMatch(new RegExp(`^ringdesk needs Node\\.js 22\\.12 or newer, this is v${version.replace(/\./g, '\\.')}: bringing Node 24 from the npm registry into \\.ringdesk/node-24 \\(once; the system's Node is left alone\\)\\nNode v24\\.\\S+ in \\.ringdesk/node-24\\n$`));
    const again = spawnSync(path.join(root, 'scripts', 'with-node'), ['node', '-p', 'process.versions.node'], { cwd: root, env: env(), encoding: 'utf8', timeout: 60_000 });
    expect(again).toMatchObject({ status: 0, stderr: '' });
    expect(again.stdout.trim()).toMatch(/^24\./);
  }, 320_000);

  it('bin/ringdesk.js run by the old Node goes on with the Node 24 a checkout already brought (a hook, a cron line), else refuses', () => {
    const root = path.join(dir, 'brought');
    fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'bin', 'check-node.cjs'), path.join(root, 'bin', 'check-node.cjs'));
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(root, 'package.json'));
    fs.writeFileSync(path.join(root, 'bin', 'probe.cjs'), "require('./check-node.cjs'); process.stdout.write(process.versions.node); process.exit(7);\n");
    const refused = spawnSync(systemNode!, [path.join(root, 'bin', 'probe.cjs')], { encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`ringdesk needs Node.js 22.12 or newer, this is v${version}`);
    const bin = path.join(root, '.ringdesk', 'node-24', 'node_modules', '.bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    const ran = spawnSync(systemNode!, [path.join(root, 'bin', 'probe.cjs')], { encoding: 'utf8' });
    expect(ran).toMatchObject({ status: 7, stdout: process.versions.node, stderr: '' });
  });

  it('stops with one line saying which Node is needed and how to get it when Node 24 cannot be had', () => {
    const root = checkout('offline');
    // no registry and an empty cache: the download fails at once
    const r = spawnSync(path.join(root, 'scripts', 'with-node'), ['node', '-p', '1'], {
      cwd: root, encoding: 'utf8', timeout: 120_000,
      env: env({ npm_config_registry: 'http://127.0.0.1:9/', npm_config_cache: path.join(dir, 'empty-cache'), npm_config_fetch_retries: '0' }),
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('bringing Node 24 from the npm registry'),
      `ringdesk needs Node.js 22.12 or newer, this is v${version}: install Node 24 LTS (https://nodejs.org/en/download, or your package manager) and run it again`,
    ]);
  }, 130_000);
});
