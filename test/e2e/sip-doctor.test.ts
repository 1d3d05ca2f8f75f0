/** `ringdesk operator` and `ringdesk doctor` as a user runs them: the built CLI, a real SQLite file, a real Kamailio. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKamailio, type Kamailio } from '../pbx/kamailio.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WS = 15080;
let dir: string;
let db: string;
let kam: Kamailio;

function ringdesk(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync('node', [path.join(ROOT, 'bin', 'ringdesk.js'), '--db', db, ...args], {
    input: opts.input ?? '', encoding: 'utf8', timeout: 30_000,
    env: { ...process.env, RINGDESK_PBX_PASSWORD: '', RINGDESK_CONFIG: '', HOME: dir, ...opts.env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-doctor-'));
  db = path.join(dir, 'ringdesk.db');
  // errors in files being written by others do not stop tsc from emitting ours
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  expect(fs.existsSync(path.join(ROOT, 'dist', 'commands', 'doctor.js'))).toBe(true);
  kam = await startKamailio({ dir: path.join(dir, 'pbx'), udpPort: 15060, wsPort: WS });
});
afterAll(async () => {
  await kam?.stop();
});

describe('ringdesk operator', () => {
  it('adds a card with the password from stdin and stores only a hash', () => {
    const add = ringdesk(['operator', 'add', 'alice', '--os-user', 'alice', '--extension', '1401', '--password-stdin'], { input: 'secret1401\n' });
    expect(add.err).toBe('');
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/added operator alice: extension 1401, PBX login 1401, password set/);
    const list = ringdesk(['operator', 'list']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/alice\s+alice\s+-\s+1401\s+-\s+set/);
    for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('ringdesk.db'))) {
      expect(fs.readFileSync(path.join(dir, f)).includes('secret1401')).toBe(false);
    }
    expect(add.out + list.out).not.toContain('secret1401');
  });

  it('refuses a duplicate, an unknown card and a bad extension with a clear message', () => {
    const dup = ringdesk(['operator', 'add', 'alice', '--extension', '1401']);
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('operator alice already exists');
    const unknown = ringdesk(['operator', 'set', 'bob', '--extension', '1402']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no operator called bob');
    const bad = ringdesk(['operator', 'set', 'alice', '--extension', '14 01']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('extension "14 01" may only hold');
    const set = ringdesk(['operator', 'set', 'alice', '--login', '1401', '--headset', '1499']);
    expect(set.code).toBe(0);
    expect(ringdesk(['operator', 'list']).out).toMatch(/alice\s+alice\s+1401\s+1401\s+1499\s+set/);
  });
});

describe('ringdesk doctor', () => {
  it('passes every check against the running PBX', () => {
    const r = ringdesk(['doctor', '--pbx', `ws://127.0.0.1:${WS}`, '--operator', 'alice'], { env: { RINGDESK_PBX_PASSWORD: 'secret1401' } });
    expect(r.err).toBe('');
    const lines = r.out.trim().split('\n');
    // the relay: no systemd in a test box, so skipped (src/commands/doctor-box.test.ts reads systemd's answers); no chat intake set up (src/commands/doctor-intake.test.ts runs one)
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['ok node', 'ok sqlite', 'ok database', 'skip mail', 'ok files', 'skip recordings', 'ok pbx', 'ok registration', 'skip headset', 'ok codecs', 'skip pos', expect.stringMatching(/^(skip|ok|FAIL) relay$/), 'skip intake']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('secret1401');
  });

  it('fails with the reason when the password is wrong or the PBX is down', () => {
    const wrong = ringdesk(['doctor', '--pbx', `ws://127.0.0.1:${WS}`, '--operator', 'alice'], { env: { RINGDESK_PBX_PASSWORD: 'nope' } });
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/FAIL\s+registration\s+wrong password for 1401 \(403\)/);
    const down = ringdesk(['doctor', '--pbx', 'ws://127.0.0.1:15089', '--operator', 'alice', '--timeout', '1500'], { env: { RINGDESK_PBX_PASSWORD: 'secret1401' } });
    expect(down.code).toBe(1);
    expect(down.out).toMatch(/FAIL\s+pbx\s+cannot reach ws:\/\/127\.0\.0\.1:15089/);
    expect(down.out).toMatch(/ok\s+database/);
  });
});
