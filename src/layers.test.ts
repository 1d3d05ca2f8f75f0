/** The layers of docs/architecture.md, checked by dependency-cruiser (.dependency-cruiser.cjs). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repository = path.resolve(import.meta.dirname, '..');
const layers = (folder?: string) =>
  spawnSync(process.execPath, [path.join(repository, 'scripts/layers.js'), ...(folder ? [folder] : [])], { encoding: 'utf8' });

describe('layers', () => {
  it('no import crosses a layer, beyond the known violations that are still to be fixed', () => {
    const run = layers();
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  it('a view importing the store, a domain file importing the desk and a cycle of folders fail by rule name', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-layers-'));
    try {
      fs.copyFileSync(path.join(repository, '.dependency-cruiser.cjs'), path.join(folder, '.dependency-cruiser.cjs'));
      fs.writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }));
      fs.writeFileSync(path.join(folder, '.dependency-cruiser-known.txt'), '');
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
        fs.writeFileSync(path.join(folder, file), text);
      };
      write('src/store/db.ts', "import { price } from '../orders/price.js';\nexport const db = price;\n");
      write('src/orders/price.ts', "import { db } from '../store/db.js';\nexport const price = 1;\nexport const again = () => db;\n");
      write('src/views/Card.ts', "import { db } from '../store/db.js';\nexport const card = db;\n");
      write('src/domain/money.ts', "import { mode } from '../desk/state.js';\nexport const money = mode;\n");
      write('src/desk/state.ts', 'export const mode = 1;\n');
      const run = layers(folder);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('error views-not-store: src/views/Card.ts → src/store/db.ts');
      expect(run.stdout).toContain('error domain-only-domain: src/domain/money.ts → src/desk/state.ts');
      expect(run.stdout).toContain('error store-not-desk-views-orders-pos: src/store/db.ts → src/orders/price.ts');
      expect(run.stdout).toContain('error no-cycles-between-folders: src/orders → src/store → src/orders');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
