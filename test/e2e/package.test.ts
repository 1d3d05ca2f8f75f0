/**
 * The installable package, as an operator installs it: `npm pack` (prepack builds), then
 * `npm install -g` of the tarball into a clean prefix, then the installed `ringdesk` run from
 * another folder — --version, --help, db init/seed, lookup, replay of a shipped fixture, the
 * console's demo in tmux, and SIP against a real Kamailio with sip.js's grammar read from inside
 * the bundle (the installed node_modules hold better-sqlite3 and nothing the bundle carries).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKamailio, type Kamailio } from '../pbx/kamailio.js';
import { tempDir } from '../helpers/temp-store.js';
import { Tmux } from './tmux.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
const { dir, cleanup } = tempDir('ringdesk-package-');
const prefix = path.join(dir, 'prefix');
const installed = path.join(prefix, 'lib', 'node_modules', 'ringdesk');
const work = path.join(dir, 'elsewhere');
const db = path.join(work, 'desk.db');
// the installed command first on PATH; `node` stays the one the tests run on
const env = { ...process.env, PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`, HOME: work, RINGDESK_CONFIG: '', RINGDESK_DB: '', RINGDESK_PBX_PASSWORD: '', RINGDESK_LOG: path.join(work, 'ringdesk.log') };
let tarball = '';
let kam: Kamailio | undefined;

function ringdesk(args: string[], input = '') {
  const r = spawnSync('ringdesk', args, { cwd: work, env, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The installed console in tmux at 80x24 until `text` shows, then quit with q, y. */
async function consoleUntil(text: string, args: string, extra: Record<string, string> = {}): Promise<void> {
  const tmux = new Tmux('rd-package', 80, 24);
  try {
    // PATH inside the command: a shell's start-up files may set their own
    tmux.start(`cd ${work} && PATH='${env.PATH}' exec ringdesk console ${args}`, { HOME: work, RINGDESK_LOG: env.RINGDESK_LOG, ...extra });
    await tmux.waitText(text, 60_000);
    tmux.keys('q');
    await tmux.waitText('Quit ringdesk?');
    tmux.keys('y');
    await tmux.waitFor(() => tmux.paneDead(), 15_000, 'the console to exit');
  } finally {
    tmux.kill();
  }
}

beforeAll(() => {
  fs.mkdirSync(work);
  // prepack builds the bundle; the install then runs outside the repository, so its .npmrc
  // and package.json play no part in it
  const out = execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: ROOT, env: process.env, encoding: 'utf8' });
  tarball = path.join(dir, out.trim().split('\n').at(-1)!);
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: dir, env: process.env, stdio: 'pipe' });
}, 600_000);
afterAll(async () => {
  await kam?.stop();
  cleanup();
});

describe('the installed package', () => {
  it('ships what runs and nothing else: bin, the bundle, fixtures, docs, the systemd unit, LICENSE', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    const outside = files.filter((f) => !/^(bin\/[^/]+|dist\/bundle\/[^/]+\.js|fixtures\/.+|docs\/[^/]+|contrib\/systemd\/[^/]+\.service|LICENSE|README\.md|package\.json)$/.test(f));
    expect(outside).toEqual([]);
    expect(files).toContain('dist/bundle/cli.js');
    expect(files).toContain('dist/bundle/worker.js');
    expect(files).toContain('fixtures/demo/calls.json');
    expect(files).toContain('fixtures/data/menu-demo.json');
    expect(files).toContain('docs/operations.md');
    expect(files).toContain('contrib/systemd/ringdesk-relay.service');
    expect(files.filter((f) => f.endsWith('.map') || f.endsWith('bench-kit.js') || f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
    expect(fs.readFileSync(path.join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 ringdesk contributors/);
  });

  it('installs only what the bundle cannot carry: better-sqlite3 (a native addon) and what it needs', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(['better-sqlite3']);
    const sqliteDeps = Object.keys((JSON.parse(fs.readFileSync(path.join(installed, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {});
    const present = fs.readdirSync(path.join(installed, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(present.sort()).toEqual(['better-sqlite3', ...sqliteDeps].sort());
    // nothing compiled at install: the prebuilt binary loads
    expect(fs.existsSync(path.join(installed, 'node_modules', 'better-sqlite3', 'build'))).toBe(false);
  });

  it('prints its version and help from any folder', () => {
    const v = ringdesk(['--version']);
    expect(v).toMatchObject({ code: 0, err: '' });
    expect(v.out.trim()).toBe(pkg.version);
    const help = ringdesk(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['console', 'replay', 'lookup', 'db']) expect(help.out).toContain(`ringdesk ${c}`);
  });

  it('creates and seeds a database and looks a caller up in it', () => {
    expect(ringdesk(['db', 'init', '--db', db])).toMatchObject({ code: 0, err: '' });
    const seed = ringdesk(['db', 'seed', '--db', db]);
    expect(seed).toMatchObject({ code: 0, err: '' });
    expect(seed.out).toMatch(/seeded .*: 8 customers/);
    const lookup = ringdesk(['lookup', '777 123 456', '--db', db]);
    expect(lookup).toMatchObject({ code: 0, err: '' });
    expect(lookup.out).toContain('Jana Nováková');
    expect(lookup.out).toMatch(/Route:\s+answer opens order D-001/);
  });

  it('replays a call fixture shipped in the package', () => {
    const fixture = path.join(installed, 'fixtures', 'calls', '02-known-caller-open-order.json');
    const r = ringdesk(['replay', fixture]);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^PASS .*02-known-caller-open-order\.json/m);
    expect(r.out).toMatch(/fixtures: 1 passed, 0 failed/);
    expect(r.code).toBe(0);
  });

  it('starts the console with demo calls in a real terminal and quits', async () => {
    await consoleUntil('INCOMING CALL', `--demo --db ${path.join(work, 'demo.db')}`);
  });

  it("ships the relay's systemd unit (docs/operations.md): valid, and its ExecStart runs the installed relay until SIGTERM", async () => {
    const unitFile = path.join(installed, 'contrib', 'systemd', 'ringdesk-relay.service');
    const unit = fs.readFileSync(unitFile, 'utf8');
    const service = Object.fromEntries(unit.split('[Service]')[1].split('\n[')[0].split('\n')
      .filter((l) => /^[A-Za-z]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(service).toMatchObject({ User: 'ringdesk', Group: 'ringdesk', UMask: '0007', Restart: 'on-failure', KillSignal: 'SIGTERM', Environment: 'RINGDESK_SYSTEM_CONFIG=/etc/ringdesk/config.json' });
    expect(unit).toMatch(/^WantedBy=multi-user\.target$/m);
    // systemd's own checker, where the box has it: no unknown key, no bad value
    const verify = spawnSync('systemd-analyze', ['verify', unitFile], { encoding: 'utf8' });
    if (!verify.error) expect(verify.stderr).toBe('');
    // ExecStart as systemd runs it: the unit's umask, the box's config file (here a temporary one)
    const system = path.join(work, 'system-config.json');
    const boxDb = path.join(work, 'box.db');
    fs.writeFileSync(system, JSON.stringify({ db: boxDb, timezone: 'Europe/Prague' }));
    expect(ringdesk(['db', 'init', '--db', boxDb])).toMatchObject({ code: 0 });
    const [command, ...args] = service.ExecStart.split(' ');
    expect([command, ...args.slice(0, 2)]).toEqual(['/usr/bin/env', 'ringdesk', 'relay']);
    const relay = spawn('sh', ['-c', `umask ${service.UMask} && exec "$@"`, 'unit', command, ...args], { cwd: '/', env: { ...env, RINGDESK_SYSTEM_CONFIG: system, RINGDESK_DB: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    relay.stdout.on('data', (c) => out.push(String(c)));
    relay.stderr.on('data', (c) => out.push(String(c)));
    const exited = new Promise<number | null>((r) => relay.on('exit', (code) => r(code)));
    try {
      const end = Date.now() + 30_000;
      while (!out.join('').includes('statuses to http://127.0.0.1:8787/pos/status') && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(out.join('')).toContain(`started on ${boxDb}; statuses to http://127.0.0.1:8787/pos/status`);
      expect((await fetch('http://127.0.0.1:8787/health')).status).toBe(200);
    } finally {
      relay.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out.join('')).toContain('relay stopped');
  }, 60_000);

  it('registers on a real PBX with sip.js from inside the bundle, its fast grammar in use', async () => {
    kam = await startKamailio({ dir: path.join(dir, 'pbx'), udpPort: 15160, wsPort: 15180 });
    expect(ringdesk(['operator', 'add', 'alice', '--extension', '1401', '--password-stdin', '--db', db], 'secret1401\n')).toMatchObject({ code: 0, err: '' });
    const r = spawnSync('ringdesk', ['doctor', '--pbx', 'ws://127.0.0.1:15180', '--operator', 'alice', '--db', db], { cwd: work, env: { ...env, RINGDESK_PBX_PASSWORD: 'secret1401' }, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ok\s+registration/m);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(installed, 'node_modules', 'sip.js'))).toBe(false);
    // the console logs why if it cannot use the fast grammar (e.g. no grammar source to read)
    await consoleUntil('registered', `--pbx ws://127.0.0.1:15180 --operator alice --db ${db}`, { RINGDESK_PBX_PASSWORD: 'secret1401' });
    const log = fs.readFileSync(env.RINGDESK_LOG, 'utf8');
    expect(log).toContain('sip: registration registered');
    expect(log).not.toContain('fast grammar not used');
  });
});
