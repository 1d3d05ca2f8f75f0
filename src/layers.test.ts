/** The layers of docs/architecture.md, checked by dependency-cruiser (.dependency-cruiser.cjs). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repository = path.resolve(import.meta.dirname, '..');
const layers = (folder?: string) =>
  spawnSync(process.execPath, [path.join(repository, 'scripts/layers.js'), ...(folder ? [folder] : [])], { encoding: 'utf8' });

/** The layer check over a scratch project with these files (path → text) and no known violations; the folder goes afterwards. */
function layersOver(files: Record<string, string>) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-layers-'));
  try {
    fs.copyFileSync(path.join(repository, '.dependency-cruiser.cjs'), path.join(folder, '.dependency-cruiser.cjs'));
    fs.writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }));
    fs.writeFileSync(path.join(folder, '.dependency-cruiser-known.txt'), '');
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      fs.writeFileSync(path.join(folder, file), text);
    }
    return layers(folder);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

describe('layers', () => {
  it('no import crosses a layer, beyond the known violations that are still to be fixed', () => {
    const run = layers();
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  it('a view importing the store, a domain file importing the desk and a cycle of folders fail by rule name', () => {
    const run = layersOver({
      'src/store/db.ts': "import { price } from '../orders/price.js';\nexport const db = price;\n",
      'src/orders/price.ts': "import { db } from '../store/db.js';\nexport const price = 1;\nexport const again = () => db;\n",
      'src/views/Card.ts': "import { db } from '../store/db.js';\nexport const card = db;\n",
      'src/domain/money.ts': "import { mode } from '../desk/state.js';\nexport const money = mode;\n",
      'src/desk/state.ts': 'export const mode = 1;\n',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('error views-not-store: src/views/Card.ts → src/store/db.ts');
    expect(run.stdout).toContain('error domain-only-domain: src/domain/money.ts → src/desk/state.ts');
    expect(run.stdout).toContain('error store-not-desk-views-orders-pos: src/store/db.ts → src/orders/price.ts');
    expect(run.stdout).toContain('error no-cycles-between-folders: src/orders → src/store → src/orders');
  });

  it('outside the store and the desk, persistence is asked through the ports; only the engine\'s own commands hold the SQLite store', () => {
    const run = layersOver({
      'src/store/index.ts': 'export const Store = 1;\n',
      'src/store/ports.ts': 'export const ports = 1;\n',
      'src/store/ports-desks.ts': 'export const desks = 1;\n',
      'src/commands/engine.ts': "import { Store } from '../store/index.js';\nexport const openStore = () => Store;\n",
      'src/commands/common.ts': "import { Store } from '../store/index.js';\nexport const openPorts = () => Store;\n",
      'src/commands/zones.ts': "import { openStore } from './engine.js';\nexport const zones = openStore;\n",
      'src/commands/operator.ts': "import { openPorts } from './common.js';\nimport { ports } from '../store/ports.js';\nexport const op = [openPorts, ports];\n",
      'src/commands/db.ts': "import { openStore } from './engine.js';\nexport const db = openStore;\n",
      'src/callbacks/intake.ts': "import { Store } from '../store/index.js';\nexport const intake = Store;\n",
      'src/callbacks/code-route.ts': "import { desks } from '../store/ports-desks.js';\nexport const route = desks;\n",
      'src/calls/call-log-source.ts': "import { Store } from '../store/index.js';\nexport const source = Store;\n",
      'src/demo/seed.ts': "import { Store } from '../store/index.js';\nexport const seed = Store;\n",
    });
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('error ')).sort()).toEqual([
      'error commands-open-the-engine-where-named: src/commands/zones.ts → src/commands/engine.ts',
      'error commands-pos-replay-store-through-ports: src/callbacks/intake.ts → src/store/index.ts',
      'error commands-pos-replay-store-through-ports: src/calls/call-log-source.ts → src/store/index.ts',
    ]);
  });
});
