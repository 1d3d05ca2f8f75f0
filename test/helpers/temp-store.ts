/** A real SQLite file in a fresh temp folder, removed after the test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../../src/store/index.js';

export function tempDir(prefix = 'ringdesk-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export function tempStore(): { store: Store; file: string; cleanup: () => void } {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'test.db');
  const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
  return { store, file, cleanup: () => { store.close(); cleanup(); } };
}
