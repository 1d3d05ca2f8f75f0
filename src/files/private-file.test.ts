import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { openLog } from './log-file.js';
import { openPrivate } from './private-file.js';
import { tempDir } from '../../test/helpers/temp-store.js';

const modeOf = (f: string) => fs.statSync(f).mode & 0o777;
let dir: string;
let cleanup: () => void;
let umask: number;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('ringdesk-modes-'));
  // the most permissive umask: nothing but ringdesk decides the modes
  umask = process.umask(0);
});
afterEach(() => {
  process.umask(umask);
  cleanup();
});

const writeSomething = (store: Store) => store.customers.create({ name: 'Eva', phone: { key: '+420777100200', asTyped: '777 100 200' } });

describe('data files are not world-readable, whatever the umask', () => {
  it('a new database, its -wal and -shm are 0600 under umask 000', () => {
    const file = path.join(dir, 'desk.db');
    const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
    try {
      writeSomething(store);
      expect(fs.existsSync(`${file}-wal`) && fs.existsSync(`${file}-shm`)).toBe(true);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(f), f).toBe(0o600);
    } finally {
      store.close();
    }
  });

  it('in a shared-group folder (setgid) they are 0660, even under umask 022', () => {
    process.umask(0o022);
    const shared = path.join(dir, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o2770);
    const file = path.join(shared, 'desk.db');
    const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
    try {
      writeSomething(store);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(f), f).toBe(0o660);
    } finally {
      store.close();
    }
  });

  it('an existing world-readable database loses its bits for others on open', () => {
    const file = path.join(dir, 'old.db');
    Store.open(file, { region: 'CZ', currency: 'CZK' }).close();
    fs.chmodSync(file, 0o644);
    Store.open(file, { region: 'CZ', currency: 'CZK' }).close();
    expect(modeOf(file)).toBe(0o640);
  });

  it('exports and the log are 0600; the log strips escape sequences and masks URL passwords', async () => {
    const out = path.join(dir, 'export.csv');
    fs.closeSync(openPrivate(out, 'w'));
    expect(modeOf(out)).toBe(0o600);
    const logFile = path.join(dir, 'state', 'ringdesk.log');
    const log = openLog(logFile, 'desk: ');
    log('caller Eva\x1b]0;pwned\x07\x1b[2J via wss://alice:s3cret@pbx.example/ws');
    await new Promise<void>((r) => { const t = setInterval(() => { if (fs.existsSync(logFile) && fs.readFileSync(logFile, 'utf8').includes('\n')) { clearInterval(t); r(); } }, 5); });
    expect(modeOf(logFile)).toBe(0o600);
    expect(fs.readFileSync(logFile, 'utf8')).toMatch(/^\S+ INFO  desk: caller Eva via wss:\/\/alice:\*\*\*\*@pbx\.example\/ws\n$/);
  });
});
