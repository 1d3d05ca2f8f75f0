/**
 * `ringdesk intake` as a site runs it (its own process, from the bundle), with Telegram on against a
 * fake Bot API on loopback: a message comes in, /start is answered through the outbox, and the
 * intake's output is only its own lines. Node's deprecation warnings (DEP0040 punycode from grammY's
 * node-fetch 2 → tr46 at load, DEP0169 url.parse on every request) had landed in the intake's log.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-store.js';
import { messageUpdate, startFakeBotApi, type FakeUser } from '../helpers/telegram-fake.js';
import { until } from '../helpers/until.js';

const root = path.resolve(import.meta.dirname, '../..');
const TOKEN = '123456:intake-log-test-token';
const ann: FakeUser = { id: 777, first_name: 'Ann', language_code: 'en' };

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

describe('the intake with Telegram on', () => {
  it('takes a message and answers /start, and prints no Node deprecation warning', async () => {
    const api = await startFakeBotApi(TOKEN, Date.now);
    cleanups.push(() => api.close());
    const { dir, cleanup } = tempDir('ringdesk-intake-log-');
    cleanups.push(cleanup);
    const file = path.join(dir, 'desk.db');
    Store.open(file, { region: 'CZ', currency: 'CZK' }).close();
    const intake = spawn(process.execPath, [path.join(root, 'bin', 'ringdesk.js'), 'intake', '--listen', '127.0.0.1:0', '--db', file, '--telegram-api', api.url], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RINGDESK_TELEGRAM_TOKEN: TOKEN, HOME: dir, NODE_OPTIONS: '' },
    });
    let out = '';
    intake.stdout!.on('data', (d) => { out += d; });
    intake.stderr!.on('data', (d) => { out += d; });
    const exited = new Promise<void>((r) => intake.once('exit', () => r()));
    cleanups.push(async () => { if (intake.exitCode === null) { intake.kill('SIGKILL'); await exited; } });

    await until('the intake polling Telegram', () => api.calls.some((c) => c.method === 'getUpdates'), 20_000, { shown: () => out });
    api.push(messageUpdate(ann, Date.now(), { text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] }));
    await until('the greeting sent', () => api.sent.length === 1, 20_000, { shown: () => out });
    expect(api.sent[0]).toMatchObject({ chat_id: '777', text: expect.stringMatching(/^Hello!/) });
    intake.kill('SIGTERM');
    await exited;
    expect(out).not.toMatch(/DeprecationWarning|\[DEP\d{4}\]/);
    expect(out).not.toContain(TOKEN);
  }, 60_000);
});
