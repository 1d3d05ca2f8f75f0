/**
 * The back-office box over SSH, as docs/operations.md sets it up: a real sshd (Debian's
 * openssh-server) on loopback with the page's `Match Group` block and its ForceCommand, a
 * dispatcher who is a real Unix user in the desk's group, a setgid data folder and the box's
 * config file. The dispatcher logs in with `ssh -tt` inside tmux (a key made for the test),
 * lands in the console, answers a demo call and sends an order, starts another, loses the SSH
 * connection mid-edit (the ssh client killed) and logs in again: the same draft, text included.
 * Needs root (it creates a user and a group, and removes them after); skipped otherwise.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Tmux, takeDemoOrder } from './tmux.js';
import { tempDir } from '../helpers/temp-store.js';

const ROOT = path.resolve(__dirname, '..', '..');
const PORT = 15522; // fixed loopback port: run under the port lock
const SSHD = '/usr/sbin/sshd';
const isRoot = process.getuid?.() === 0;
const why = !isRoot ? 'needs root: it creates a Unix user and group for the dispatcher'
  : !fs.existsSync(SSHD) ? `no ${SSHD}: scripts/install-test-deps installs openssh-server` : '';
if (why) console.warn(`ssh-box.test.ts skipped: ${why}`);

const tag = `rd${process.pid % 100000}`;
const group = `${tag}desk`;
const user = `${tag}alice`;
const { dir, cleanup } = tempDir('ringdesk-ssh-');
const home = path.join(dir, 'home');
const srv = path.join(dir, 'srv'); // the setgid data folder
const db = path.join(srv, 'ringdesk.db');
const key = path.join(dir, 'client', 'id_ed25519');
let sshd: ChildProcess | null = null;
const sshdLog: string[] = [];
const undo: (() => void)[] = [];
const tmuxes: Tmux[] = [];
let boxEnv: Record<string, string> = {};

function run(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: 'pipe' });
}

/** The `Match Group` block of docs/operations.md, for this test's group; the console with demo calls. */
function matchBlockFromDocs(): string {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'operations.md'), 'utf8');
  const block = /```text\n(Match Group ringdesk\n[\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/operations.md has no "Match Group ringdesk" block');
  expect(block).toMatch(/^\s+ForceCommand ringdesk console$/m);
  return block.replace('Match Group ringdesk', `Match Group ${group}`).replace(/ForceCommand ringdesk console$/m, 'ForceCommand ringdesk console --demo');
}

/**
 * ringdesk as an operator installs it, where the dispatcher can read it (the checkout may be in
 * root's home): the built CLI, better-sqlite3 and the test's own Node, in a folder on PATH.
 */
function installForTheBox(): string {
  const app = path.join(dir, 'opt', 'ringdesk');
  fs.mkdirSync(path.join(app, 'node_modules'), { recursive: true });
  for (const part of ['bin', 'dist/bundle', 'fixtures', 'package.json']) fs.cpSync(path.join(ROOT, part), path.join(app, part), { recursive: true });
  for (const dep of ['better-sqlite3', 'node-addon-api']) fs.cpSync(path.join(ROOT, 'node_modules', dep), path.join(app, 'node_modules', dep), { recursive: true, dereference: true });
  const bin = path.join(dir, 'opt', 'bin');
  fs.mkdirSync(bin);
  fs.copyFileSync(process.execPath, path.join(bin, 'node'));
  fs.chmodSync(path.join(bin, 'node'), 0o755);
  fs.symlinkSync(path.join(app, 'bin', 'ringdesk.js'), path.join(bin, 'ringdesk'));
  run('chmod', ['-R', 'a+rX', path.join(dir, 'opt')]);
  return bin;
}

beforeAll(async () => {
  if (why) return;
  fs.chmodSync(dir, 0o755);
  const bin = installForTheBox();
  // docs/operations.md step 2: the group, the dispatcher, the setgid folder
  run('groupadd', [group]);
  undo.push(() => run('groupdel', [group]));
  // password "*": no password login, but not a locked account (sshd refuses those even with a key)
  run('useradd', ['--no-create-home', '--home-dir', home, '--gid', group, '--shell', '/bin/sh', '--password', '*', user]);
  undo.unshift(() => run('userdel', [user]));
  fs.mkdirSync(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.dirname(key));
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ringdesk-test', '-f', key]);
  fs.copyFileSync(`${key}.pub`, path.join(home, '.ssh', 'authorized_keys'));
  fs.chmodSync(path.join(home, '.ssh', 'authorized_keys'), 0o600);
  run('chown', ['-R', `${user}:${group}`, home]);
  fs.chmodSync(home, 0o700);
  fs.mkdirSync(srv);
  run('chown', [`root:${group}`, srv]);
  fs.chmodSync(srv, 0o2770);
  // step 3: the box's config file
  const etc = path.join(dir, 'etc');
  fs.mkdirSync(etc);
  fs.writeFileSync(path.join(etc, 'config.json'), JSON.stringify({ db, timezone: 'Europe/Prague', region: 'CZ', currency: 'CZK' }));
  run('chmod', ['-R', 'a+rX', etc]);
  // step 4: sshd with the page's Match block; PATH and the config file as the box's profile gives them
  const hostKey = path.join(dir, 'sshd', 'host_ed25519');
  fs.mkdirSync(path.dirname(hostKey), { mode: 0o700 });
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  fs.writeFileSync(path.join(dir, 'client', 'known_hosts'), `[127.0.0.1]:${PORT} ${fs.readFileSync(`${hostKey}.pub`, 'utf8')}`);
  const config = path.join(dir, 'sshd', 'sshd_config');
  fs.writeFileSync(config, [
    `Port ${PORT}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `PidFile ${path.join(dir, 'sshd', 'sshd.pid')}`,
    'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', 'UsePAM no', 'PermitRootLogin no',
    `AllowUsers ${user}`, 'LogLevel VERBOSE',
    `SetEnv PATH=${bin}:/usr/local/bin:/usr/bin:/bin RINGDESK_SYSTEM_CONFIG=${path.join(etc, 'config.json')}`,
    matchBlockFromDocs(), '',
  ].join('\n'));
  if (!fs.existsSync('/run/sshd')) {
    fs.mkdirSync('/run/sshd', { mode: 0o755 });
    undo.push(() => fs.rmSync('/run/sshd', { recursive: true, force: true }));
  }
  boxEnv = { PATH: `${bin}:/usr/bin:/bin`, HOME: home, RINGDESK_SYSTEM_CONFIG: path.join(etc, 'config.json') };
  const check = spawnSync(SSHD, ['-t', '-f', config], { encoding: 'utf8' });
  expect(check.stderr).toBe('');
  sshd = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  sshd.stderr!.on('data', (c) => sshdLog.push(String(c)));
  const end = Date.now() + 10_000;
  while (!sshdLog.join('').includes(`Server listening on 127.0.0.1 port ${PORT}`)) {
    if (Date.now() > end || sshd.exitCode !== null) throw new Error(`sshd did not start:\n${sshdLog.join('')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}, 120_000);

afterAll(async () => {
  for (const t of tmuxes) t.kill();
  if (sshd && sshd.exitCode === null) {
    const gone = new Promise((r) => sshd!.once('exit', r));
    sshd.kill('SIGTERM');
    await gone;
  }
  // the user's session processes end with their connection; any left were started by this test
  const left = spawnSync('pgrep', ['-u', user], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
  }
  for (const u of undo) {
    try {
      u();
    } catch (e) {
      console.warn(`ssh-box cleanup: ${(e as Error).message}`);
    }
  }
  cleanup();
});

/** `ssh -tt` to the box in a new 80x24 tmux window, with the test's key. */
function login(name: string): Tmux {
  const t = new Tmux(name, 80, 24);
  tmuxes.push(t);
  t.start(['exec', 'ssh', '-tt', '-p', String(PORT), '-i', key, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes',
    '-o', `UserKnownHostsFile=${path.join(dir, 'client', 'known_hosts')}`, '-o', 'StrictHostKeyChecking=yes',
    `${user}@127.0.0.1`].join(' '));
  return t;
}

describe.skipIf(Boolean(why))('a dispatcher on the back-office box over SSH (docs/operations.md)', () => {
  it('lands in the console, takes a call and sends an order; a dropped connection mid-edit comes back to the same draft', async () => {
    const first = login('rd-ssh1');
    try {
      await first.waitText('INCOMING CALL', 60_000);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nsshd said:\n${sshdLog.join('')}`);
    }
    const s = first.screen();
    expect(s).toContain(user); // the console is this Unix user's (no operator card: its name)
    first.keys('a');
    await first.waitText('Order D-005');
    await takeDemoOrder(first);
    // a new order, half-typed: the street field open with "Italsk"
    first.keys('e');
    first.keys('N');
    await first.waitText('Order D-006');
    first.keys('Enter');
    await first.waitText('Street:');
    first.type('Italsk');
    await first.waitText('Street: Italsk');

    // the connection drops: the ssh client dies without a goodbye to the console
    const client = first.panePid();
    expect(execFileSync('ps', ['-o', 'comm=', '-p', String(client)], { encoding: 'utf8' }).trim()).toBe('ssh');
    process.kill(client, 'SIGKILL');
    await first.waitFor(() => first.paneDead(), 10_000, 'the ssh client to die');
    // sshd hangs the console up (SIGHUP): no console of the dispatcher is left running
    const end = Date.now() + 15_000;
    while (spawnSync('pgrep', ['-u', user, '-f', 'ringdesk']).status === 0) {
      if (Date.now() > end) throw new Error('the console outlived its SSH connection');
      await new Promise((r) => setTimeout(r, 100));
    }

    const again = login('rd-ssh2');
    const back = await again.waitText('Reopened order D-006', 60_000);
    expect(back).toContain('Street: Italsk');
    again.type('á');
    again.keys('Enter');
    await again.waitText('Italská');
    again.keys('C-c');
    await again.waitText('Quit ringdesk?');
    again.keys('y');
    // quitting the console ends the SSH session
    await again.waitFor(() => again.paneDead(), 15_000, 'the SSH session to end');

    // the data: one shared database in the setgid folder, group-writable, nothing for others
    const check = new Database(db, { readonly: true });
    try {
      expect(check.prepare(`SELECT number, addr_street AS street, status FROM deliveries WHERE number IN ('D-005', 'D-006') ORDER BY number`).all())
        .toEqual([expect.objectContaining({ number: 'D-005', street: 'Korunní' }), expect.objectContaining({ number: 'D-006', street: 'Italská' })]);
    } finally {
      check.close();
    }
    const gid = Number(execFileSync('getent', ['group', group], { encoding: 'utf8' }).split(':')[2]);
    const files = fs.readdirSync(srv);
    expect(files).toContain('ringdesk.db');
    for (const f of files) {
      const st = fs.statSync(path.join(srv, f));
      // the database, the relay lease beside it and their -wal/-shm 0660; the POS tokens' key file at least nothing for others
      if (/^ringdesk\.db(-lease)?(-wal|-shm)?$/.test(f)) expect((st.mode & 0o777).toString(8), f).toBe('660');
      else expect(st.mode & 0o007, f).toBe(0);
      expect(st.gid, f).toBe(gid);
    }
    // doctor, as the dispatcher on the box, agrees
    const doctor = spawnSync('runuser', ['-u', user, '--', 'env', ...Object.entries(boxEnv).map(([k, v]) => `${k}=${v}`), 'ringdesk', 'doctor', '--json'], { cwd: '/', encoding: 'utf8', timeout: 60_000 });
    const report = JSON.parse(doctor.stdout) as { checks: { name: string; ok: boolean | null; detail: string }[] };
    expect(report.checks.find((c) => c.name === 'files')).toEqual({ name: 'files', ok: true, detail: `${srv} (2770) is shared with group ${group}: files 0660, nothing for others` });
    expect(report.checks.find((c) => c.name === 'database')).toMatchObject({ ok: true });
  }, 240_000);
});
