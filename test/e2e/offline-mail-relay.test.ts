/**
 * The box end to end: `ringdesk relay --listen` (a real child process on a real SQLite file, on
 * an ephemeral port) takes a callback request on POST /callbacks while no console runs, so it is
 * an offline message, and the same relay e-mails it through a real SMTP server on loopback
 * (smtp-server; read with mailparser), logging in with the password `ringdesk mail password`
 * sealed. Neither the password nor the callbacks token shows in the relay's output.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtp } from '../helpers/smtp-server.js';
import { until } from '../helpers/until.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = `${ROOT}bin/ringdesk.js`;
const PASSWORD = 'box-smtp-Secret-7731';
const TOKEN = 'callbacks-token-e2e-0123456789';
let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('offline messages through the relay service', () => {
  it('POST /callbacks with nobody online: 201 offline, and the e-mail arrives with the request in it', async () => {
    const smtp = await startSmtp({ user: 'desk', pass: PASSWORD });
    cleanup.push(() => smtp.close());
    const dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-mail-e2e-`);
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const config = `${dir}/config.json`;
    fs.writeFileSync(config, JSON.stringify({
      db: `${dir}/box.db`, smtp: `smtp://desk@127.0.0.1:${smtp.port}`, offlineMailTo: 'shift@pizza.example', mailFrom: 'desk@pizza.example',
      smtpTimeoutMs: 2000, timezone: 'Europe/Prague',
    }));
    const env = { ...process.env, HOME: dir, RINGDESK_CONFIG: config, RINGDESK_SYSTEM_CONFIG: '', NO_COLOR: '1' };
    const run = (args: string[], input = '') => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', input, timeout: 30_000 });
    expect(run(['db', 'init']).status).toBe(0);
    expect(run(['mail', 'password', '--stdin'], PASSWORD + '\n')).toMatchObject({ status: 0, stdout: expect.stringContaining('SMTP password set') });
    expect(run(['callback', 'token', '--stdin'], TOKEN)).toMatchObject({ status: 0 });

    const relay: ChildProcess = spawn(process.execPath, [BIN, 'relay', '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    relay.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
    relay.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
    const exited = new Promise((r) => relay.on('exit', r));
    cleanup.push(async () => { if (relay.exitCode === null) { relay.kill('SIGTERM'); await exited; } });
    const url = await until('the relay to listen', () => /statuses to (http:\/\/127\.0\.0\.1:\d+)\/pos\/status/.exec(out.join(''))?.[1], 15_000, { every: 50 });

    const post = (body: unknown, token = TOKEN) => fetch(`${url}/callbacks`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    expect((await post({ phone: '+420 777 123 456' }, 'not-the-token-at-all-xx')).status).toBe(401);
    const res = await post({ requestId: 'w-77', name: 'Jana Nováková', phone: '+420 777 123 456', note: 'About the office order', when: new Date(Date.now() + 3_600_000).toISOString() });
    expect(res.status).toBe(201);
    const body = await res.json() as { id: number; offline: boolean };
    expect(body).toMatchObject({ id: expect.any(Number), offline: true });

    const mail = await until('the e-mail', () => smtp.received[0], 15_000, { every: 50 });
    expect(mail.subject).toBe(`Offline callback request #${body.id}: Jana Nováková, +420 777 123 456`);
    expect((mail.to as { text: string }).text).toBe('shift@pizza.example');
    expect(mail.text).toContain('About the office order');
    expect(mail.text).toContain(`It waits in the ringdesk queue as item #${body.id} for the next operator.`);
    expect(smtp.logins).toEqual([{ user: 'desk', ok: true }]);
    const outbox = JSON.parse(run(['mail', 'outbox', '--json']).stdout) as { state: string }[];
    await until('sent in the outbox', () => JSON.parse(run(['mail', 'outbox', '--json']).stdout)[0]?.state === 'sent', 15_000, { every: 50 });
    expect(outbox).toHaveLength(1);

    relay.kill('SIGTERM');
    await exited;
    const log = out.join('');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(TOKEN);
    expect(log).toMatch(/callback #\d+ requested for anyone \(nobody available: offline message, e-mail #1\)/);
  }, 60_000);
});
