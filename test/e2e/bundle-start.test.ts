/**
 * What the console's first frame waits for (issue 19, start -> first frame): the built bundle
 * (`npm test` builds first) loads at start only what every command needs. Follows cli.js's
 * static imports through the chunks and checks what they hold: no WebSocket library (the SIP
 * phone, the relay and the demo point of sale load it when they run), and Yoga's wasm decoded
 * directly instead of "fetched" from a data: URL (which loads Node's whole fetch, undici,
 * 100–200 ms before Ink can lay out a frame) — and Ink still lays out a frame with it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BUNDLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bundle');

/** Every chunk cli.js loads before it runs a command (static imports, followed). */
function loadedAtStart(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    const text = fs.readFileSync(path.join(BUNDLE, file), 'utf8');
    seen.set(file, text);
    // static imports only: `import x from "./chunk.js"`, `import "./chunk.js"`, `} from "./chunk.js"` (not `import("./x.js")`)
    for (const m of text.matchAll(/(?:^|\n)(?:import\s*(?:[^'"();]*?\sfrom\s*)?|\}\s*from\s*)["'](\.\/[^"']+\.js)["']/g)) todo.push(m[1].slice(2));
  }
  return seen;
}

describe('the bundle loads at start only what every command needs', () => {
  const chunks = loadedAtStart('cli.js');

  it('follows the chunks (yargs among them)', () => {
    expect(chunks.size).toBeGreaterThan(5);
    expect([...chunks.values()].some((t) => t.includes('node_modules/yargs/'))).toBe(true);
  });

  it('no WebSocket library and no Ink at start: the commands that need them load them when they run', () => {
    const holding = (lib: string) => [...chunks].filter(([, t]) => t.includes(`node_modules/${lib}`)).map(([f]) => f);
    expect(holding('ws/lib/websocket.js')).toEqual([]);
    expect(holding('ink/build/ink.js')).toEqual([]);
  });

  it("Yoga's wasm is decoded, not fetched; Ink lays out a frame with it, and Node's fetch was never touched", () => {
    const yoga = fs.readdirSync(BUNDLE).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(BUNDLE, f), 'utf8')).find((t) => t.includes('yoga-wasm-base64-esm'));
    expect(yoga).toBeDefined();
    expect(yoga).not.toContain('"function"!=typeof fetch');
    // a fresh Node whose fetch throws if anything asks for it: the benches' kit (Ink, the console's writer) draws a frame
    const kit = path.join(BUNDLE, 'bench-kit.js');
    const script = `
      Object.defineProperty(globalThis, 'fetch', { get() { throw new Error('fetch touched'); }, configurable: true });
      const { React, render, VirtualStdout, VirtualStdin, stripAnsi } = await import(${JSON.stringify(kit)});
      const stdout = new VirtualStdout(40, 5);
      const frame = new Promise((r) => stdout.on('frame', r));
      const ink = render(React.createElement('ink-box', null, React.createElement('ink-text', null, 'laid out')), { stdout, stdin: new VirtualStdin(), patchConsole: false });
      process.stdout.write(stripAnsi(await frame));
      ink.unmount();
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).not.toContain('fetch touched');
    expect(r.stdout).toContain('laid out');
  });
});
