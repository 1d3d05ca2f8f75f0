/**
 * The command line as clig.dev asks (issue 13): every command's help has examples, every command
 * that prints data has --json (and its JSON parses), shell completion from yargs, and one
 * --log-level for every command. Real child processes on a real SQLite file.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'ringdesk.js');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-cli-'));
const env = { ...process.env, HOME: home, RINGDESK_CONFIG: '', RINGDESK_SYSTEM_CONFIG: '', RINGDESK_DB: path.join(home, 'd.db'), NO_COLOR: '1', RINGDESK_PBX_PASSWORD: '' };
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function ringdesk(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 30_000, input: '' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Every command and subcommand; `json: false` only where the output is not data (a terminal UI, a log, a script, CSV). */
const commands: { path: string[]; json: boolean }[] = [
  { path: ['console'], json: false }, // the dispatcher's screen
  { path: ['replay'], json: true },
  { path: ['lookup'], json: true },
  { path: ['db'], json: false }, { path: ['db', 'init'], json: true }, { path: ['db', 'seed'], json: true },
  { path: ['db', 'import'], json: true }, { path: ['db', 'export'], json: true },
  { path: ['pos'], json: false }, { path: ['pos', 'add'], json: true }, { path: ['pos', 'set'], json: true }, { path: ['pos', 'list'], json: true },
  { path: ['pos', 'outbox'], json: true }, { path: ['pos', 'resend'], json: true },
  { path: ['relay'], json: false }, // a service's log
  { path: ['intake'], json: false }, // a service's log
  { path: ['zones'], json: false }, { path: ['zones', 'import'], json: true }, { path: ['zones', 'list'], json: true }, { path: ['zones', 'add-street'], json: true },
  { path: ['menu'], json: false }, { path: ['menu', 'import'], json: true }, { path: ['menu', 'list'], json: true }, { path: ['menu', 'stop'], json: true },
  { path: ['menu', 'unstop'], json: true }, { path: ['menu', 'stop-list'], json: true },
  { path: ['busy'], json: true },
  { path: ['quote'], json: true },
  { path: ['calls'], json: true },
  { path: ['operator'], json: true },
  { path: ['group'], json: true },
  { path: ['route'], json: true },
  { path: ['doctor'], json: true },
  { path: ['mail'], json: false }, { path: ['mail', 'password'], json: true }, { path: ['mail', 'outbox'], json: true },
  { path: ['mail', 'resend'], json: true }, { path: ['mail', 'test'], json: true },
  { path: ['code'], json: false }, { path: ['code', 'create'], json: true }, { path: ['code', 'list'], json: true }, { path: ['code', 'revoke'], json: true },
  { path: ['callback'], json: false }, { path: ['callback', 'token'], json: true }, { path: ['callback', 'list'], json: true },
];

describe('ringdesk command line conventions', () => {
  it('the list above is every command ringdesk has', () => {
    const section = (help: string) => help.split('Commands:\n')[1].split('\n\n')[0];
    const top = section(ringdesk('--help').out);
    const listed = [...top.matchAll(/^ {2}ringdesk (\S+)/gm)].map((m) => m[1]).filter((c) => c !== 'completion');
    expect(listed.sort()).toEqual([...new Set(commands.map((c) => c.path[0]))].sort());
    for (const parent of ['db', 'pos', 'zones', 'menu', 'mail', 'code', 'callback']) {
      const subs = [...section(ringdesk(parent, '--help').out).matchAll(new RegExp(`^ {2}ringdesk ${parent} (\\S+)`, 'gm'))].map((m) => m[1]);
      expect(subs.sort(), parent).toEqual(commands.filter((c) => c.path[0] === parent && c.path.length === 2).map((c) => c.path[1]).sort());
    }
  });

  it.each(commands.map((c) => [c.path.join(' '), c] as const))('%s --help has examples, --log-level and (for data) --json', (_name, c) => {
    const help = ringdesk(...c.path, '--help');
    expect(help.code, help.err).toBe(0);
    expect(help.out).toMatch(/\nExamples:\n {2}ringdesk /);
    expect(help.out).toContain('--log-level');
    if (c.json) expect(help.out).toContain('--json');
  });

  it('--json prints JSON that parses, on the commands that lacked it', () => {
    const json = (...args: string[]) => {
      const r = ringdesk(...args, '--json');
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
      return JSON.parse(r.out);
    };
    expect(json('db', 'init')).toEqual({ db: env.RINGDESK_DB, schemaVersion: expect.any(Number) });
    expect(json('db', 'seed')).toMatchObject({ db: env.RINGDESK_DB, customers: expect.any(Number), deliveries: expect.any(Number) });
    expect(json('operator', 'list')).toEqual([]);
    expect(json('operator', 'add', 'alice', '--extension', '1001')).toMatchObject({ name: 'alice', extension: '1001', hasSecret: false });
    expect(json('operator', 'list')).toMatchObject([{ name: 'alice', osUser: 'alice' }]);
    expect(json('group', 'add', 'Brno')).toEqual({ id: expect.any(Number), name: 'Brno', members: [] });
    expect(json('group', 'member', 'Brno', 'alice')).toMatchObject({ name: 'Brno', members: ['alice'] });
    expect(json('group', 'list')).toMatchObject([{ name: 'Brno', members: ['alice'] }]);
    // the supervisor's capacity matrix and wrap-up; a bad value is one line, nothing changed
    expect(json('operator', 'set', 'alice', '--max-chats', '4', '--wrap-up', '30')).toMatchObject({ name: 'alice', maxChats: 4, chatsBesideCall: 0, wrapUpS: 30 });
    const badLimit = ringdesk('operator', 'set', 'alice', '--max-chats', 'lots');
    expect(badLimit.code).toBe(1);
    expect(badLimit.err).toContain('--max-chats must be a whole number from 0 to 50, or "default"');
    // a route to a group that does not exist is refused (a typo would route calls nowhere)
    const noGroup = ringdesk('route', 'add', '2', 'praha', '--ivr');
    expect(noGroup.code).toBe(1);
    expect(noGroup.err).toContain('no group praha: add it first with "ringdesk group add praha"');
    expect(json('route', 'test', '--header', '2', '--called', '222000111')).toBeNull();
    expect(json('route', 'list')).toEqual([]);
    expect(json('pos', 'add', 'Grill', '--endpoint', 'https://grill.example/orders', '--token', 'sekret-token-1234')).toMatchObject({ name: 'Grill', token: '****1234' });
    expect(json('pos', 'set', 'Grill', '--code', 'G')).toMatchObject({ name: 'Grill', code: 'G' });
    expect(json('zones', 'add-street', 'Smíchov', '--street', 'Nádražní', '--outlet', 'Grill', '--fee', '79', '--min-order', '400', '--minutes', '40'))
      .toMatchObject({ zone: 'Smíchov', range: { street: 'Nádražní', from: 0 } });
    expect(json('menu', 'stop', 'Tiramisu')).toMatchObject({ product: expect.stringContaining('Tiramisu'), outlet: null, stopped: true, changed: true });
    expect(json('menu', 'unstop', 'Tiramisu')).toMatchObject({ stopped: false, changed: true });
    expect(json('db', 'export', path.join(home, 'out.csv'))).toMatchObject({ file: path.join(home, 'out.csv'), customers: expect.any(Number) });
    const doctor = ringdesk('doctor', '--json');
    const report = JSON.parse(doctor.out);
    expect(report.checks.map((c: { name: string }) => c.name)).toContain('database');
    expect(doctor.code).toBe(report.ok ? 0 : 1);
    expect(ringdesk('db', 'export', '--json').err).toContain('--json needs a file');
  });

  it('completion: a bash script, and yargs answers for commands and options', () => {
    const script = ringdesk('completion');
    expect(script.code).toBe(0);
    expect(script.out).toContain('complete -o bashdefault -o default -F _ringdesk_yargs_completions ringdesk');
    const words = (...w: string[]) => ringdesk('--get-yargs-completions', 'ringdesk', ...w).out.split('\n').filter(Boolean);
    expect(words('')).toEqual(expect.arrayContaining(['console', 'doctor', 'pos', 'relay', 'completion']));
    expect(words('pos', '')).toEqual(['add', 'set', 'list', 'outbox', 'resend']);
    expect(words('doctor', '--')).toEqual(expect.arrayContaining(['--json', '--log-level', '--pbx']));
  });

  it('--log-level is checked like every setting', () => {
    const r = ringdesk('lookup', '777', '--log-level', 'loud');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Invalid values');
    const e = spawnSync(process.execPath, [BIN, 'db', 'init'], { env: { ...env, RINGDESK_LOG_LEVEL: 'loud' }, encoding: 'utf8' });
    expect(e.status).toBe(1);
    expect(e.stderr).toBe('ringdesk: environment RINGDESK_LOG_LEVEL: "loud" is not a log level; use error, warn, info, debug\n');
  });

  it('output read by a program that leaves early (| head): the command ends quietly, exit 0, no stack trace', async () => {
    expect(ringdesk('db', 'seed').code).toBe(0);
    /** The command with its standard output closed by the reader before it writes anything. */
    const readerGone = (...args: string[]) => new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let err = '';
      child.stderr.on('data', (d) => { err += d; });
      child.on('close', (code) => resolve({ code, err }));
    });
    // say(), printJson(), a CSV written straight to the stream, db export's synchronous writes
    for (const args of [['pos', 'list'], ['lookup', '777 123 456', '--json'], ['calls', '--csv'], ['db', 'export'], ['--help']]) {
      expect(await readerGone(...args), args.join(' ')).toEqual({ code: 0, err: '' });
    }
  });
});
