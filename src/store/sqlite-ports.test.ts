/** The store's ports on SQLite: every contract suite (test/contracts), on real database files. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from './index.js';
import { promised } from './sqlite-ports.js';
import { storeContracts, type PortsEngine } from '../../test/contracts/index.js';
import { tempDir } from '../../test/helpers/temp-store.js';

const sqlite: PortsEngine = {
  name: 'sqlite',
  async open() {
    const { dir, cleanup } = tempDir('ringdesk-ports-');
    const file = path.join(dir, 'desk.db');
    const opened = [Store.open(file, { region: 'CZ', currency: 'CZK', create: true })];
    return {
      ports: opened[0].ports,
      async colleague() {
        const s = Store.open(file, { region: 'CZ', currency: 'CZK' });
        opened.push(s);
        return s.ports;
      },
      async close() {
        for (const s of opened) s.close();
        cleanup();
      },
    };
  },
};

storeContracts(sqlite);

describe('SQLite behind the ports', () => {
  it('answers with a Promise already settled: a throw of the repository is a rejection, never a throw at the caller', async () => {
    class Repo { ok(n: number) { return n + 1; } bad(): number { throw new Error('database is locked'); } }
    const p = promised(new Repo());
    await expect(p.ok(1)).resolves.toBe(2);
    let thrown = false;
    let answer: Promise<number> | null = null;
    try { answer = p.bad(); } catch { thrown = true; }
    expect(thrown).toBe(false);
    await expect(answer).rejects.toThrow('database is locked');
  });

  it('one set of ports per store', async () => {
    const { dir, cleanup } = tempDir('ringdesk-ports-');
    const store = Store.open(path.join(dir, 'desk.db'), { region: 'CZ', currency: 'CZK', create: true });
    try {
      expect(store.ports).toBe(store.ports);
      expect([store.ports.region, store.ports.currency]).toEqual(['CZ', 'CZK']);
    } finally {
      store.close();
      cleanup();
    }
  });
});
