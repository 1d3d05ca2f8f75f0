import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLog } from './log-file.js';
import { tempDir } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('ringdesk-log-')));
afterEach(() => cleanup());

/** Wait until the file holds `n` lines (the writer is a stream: lines land a turn later). */
async function lines(file: string, n: number): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const got = text.split('\n').filter(Boolean);
    if (got.length >= n) return got;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${file} never held ${n} lines`);
}

describe('the one log writer', () => {
  it('writes the level and drops what is below the configured one', async () => {
    const file = path.join(dir, 'ringdesk.log');
    const log = openLog(file, 'desk: ', { level: 'warn', clock: () => NOON });
    log('an info line is dropped');
    log('a debug line is dropped', 'debug');
    log('the PBX went away', 'warn');
    log('the database stayed locked', 'error');
    const got = await lines(file, 2);
    expect(got).toEqual([
      `${new Date(NOON).toISOString()} WARN  desk: the PBX went away`,
      `${new Date(NOON).toISOString()} ERROR desk: the database stayed locked`,
    ]);
  });

  it('debug lets everything through; info (the default) drops only debug', async () => {
    const file = path.join(dir, 'ringdesk.log');
    const all = openLog(file, '', { level: 'debug' });
    all('sip.js traces', 'debug');
    const usual = openLog(path.join(dir, 'usual.log'));
    usual('registered');
    usual('sip.js traces', 'debug');
    usual('gone', 'error');
    expect((await lines(file, 1))[0]).toMatch(/ DEBUG sip\.js traces$/);
    expect((await lines(path.join(dir, 'usual.log'), 2)).map((l) => l.slice(25))).toEqual(['INFO  registered', 'ERROR gone']);
  });

  it('to a stream (the relay under systemd): the same lines, stripped and masked', () => {
    const out = new PassThrough();
    const log = openLog(out, '', { level: 'info', clock: () => NOON });
    log('POS said \x1b[2Jhi via wss://pos:s3cret@kitchen.example/ws', 'warn');
    log('hidden', 'debug');
    expect(String(out.read())).toBe(`${new Date(NOON).toISOString()} WARN  POS said hi via wss://pos:****@kitchen.example/ws\n`);
  });

  it('rotates to <file>.1 past its cap, keeping one old file, even in a burst', async () => {
    const file = path.join(dir, 'ringdesk.log');
    const log = openLog(file, '', { maxBytes: 2000, clock: () => NOON });
    const line = (i: number) => `line ${String(i).padStart(4, '0')} ${'x'.repeat(60)}`;
    for (let i = 0; i < 300; i++) log(line(i));
    const current = await lines(file, 1);
    await new Promise((r) => setTimeout(r, 50));
    const now = fs.readFileSync(file, 'utf8');
    const old = fs.readFileSync(`${file}.1`, 'utf8');
    const lineBytes = Buffer.byteLength(`${new Date(NOON).toISOString()} INFO  ${line(0)}\n`);
    expect(Buffer.byteLength(now)).toBeLessThan(2000 + lineBytes);
    expect(Buffer.byteLength(old)).toBeLessThan(2000 + lineBytes);
    expect(now.trimEnd().endsWith(line(299))).toBe(true);
    expect(current.length).toBeGreaterThan(0);
    // the newest lines are in the two files, in order, with nothing between them missing
    const kept = [...old.split('\n'), ...now.split('\n')].filter(Boolean).map((l) => Number(l.split(' ')[3]));
    expect(kept).toEqual(kept.map((_, i) => kept[0] + i));
    expect(fs.existsSync(`${file}.2`)).toBe(false);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a file moved away by someone else (another writer rotated it, or logrotate) is reopened', async () => {
    const file = path.join(dir, 'ringdesk.log');
    const log = openLog(file, '', { maxBytes: 0 });
    log('before');
    await lines(file, 1);
    fs.renameSync(file, `${file}.moved`);
    // the writer notices at its next size check; push past it
    for (let i = 0; i < 1200; i++) log(`after ${i} ${'y'.repeat(60)}`);
    const got = await lines(file, 1);
    expect(got.at(-1)).toContain('after 1199');
    expect(fs.readFileSync(`${file}.moved`, 'utf8')).toContain('before');
  });

  it('0 never rotates', async () => {
    const file = path.join(dir, 'ringdesk.log');
    const log = openLog(file, '', { maxBytes: 0 });
    for (let i = 0; i < 50; i++) log('z'.repeat(100));
    await lines(file, 50);
    expect(fs.existsSync(`${file}.1`)).toBe(false);
  });
});
