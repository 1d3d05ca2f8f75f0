#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/) into dist/bundle/ so the console starts fast: Node's ESM
 * loader spends most of ringdesk's start-up resolving and reading Ink's and React's hundreds
 * of small files. Code splitting keeps each command's heavy parts in their own chunk.
 * The media worker is its own entry (it runs in a worker thread from worker.js beside it), and
 * the benches' kit too (src/bench-kit.ts: they measure what the console runs).
 *
 * Ink's screen writer (its internal output.js) is replaced by src/views/screen-output.ts,
 * which returns the same frames at a fraction of the cost (see that file). Ink 8 bounds its
 * own text-measuring cache (measure-text.js, an LRU of 4,096), so that one stays Ink's.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceFingerprint, stampFile } from '../bin/stale-bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'bundle');
fs.rmSync(out, { recursive: true, force: true });
// what this bundle is built from, taken before building (a file saved meanwhile makes it stale):
// bin/ringdesk.js compares it with src/ at start in a checkout (bin/stale-bundle.js)
const builtFrom = sourceFingerprint(root);

/** Modules the bundle replaces (same interface): Ink's internal screen writer, and the reader of sip.js's grammar source. */
const standIns = [
  { importer: 'node_modules/ink/build/renderer.js', request: './output.js', ours: 'dist/views/screen-output.js' },
  // the text itself goes into the bundle, so an installed ringdesk needs no sip.js in node_modules
  { importer: 'dist/telephony/sip/fast-grammar.js', request: './grammar-source.js', ours: 'sip-grammar-source' },
];
const swapped = new Set();
const grammarFile = createRequire(import.meta.url).resolve('sip.js/lib/grammar/pegjs/dist/grammar.js');
// Yoga (Ink's layout) carries its wasm as base64 in a data: URL and, wherever `fetch` exists,
// "fetches" it: on Node that loads the whole fetch implementation (undici) and parses a data URL,
// 100–200 ms before the first frame can be drawn. Decoding the base64 directly is what Yoga
// itself does where there is no fetch.
const yogaLoader = { file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/, fetches: 'w||"function"!=typeof fetch?', direct: 'true?' };
let yogaPatched = false;
const standInPlugin = {
  name: 'ringdesk-stand-ins',
  setup(b) {
    b.onLoad({ filter: yogaLoader.file }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      if (!text.includes(yogaLoader.fetches)) return undefined;
      yogaPatched = true;
      return { contents: text.replace(yogaLoader.fetches, yogaLoader.direct), loader: 'js' };
    });
    b.onResolve({ filter: /^\.\/(output|grammar-source)\.js$/ }, (args) => {
      const s = standIns.find((x) => x.request === args.path && args.importer.endsWith(path.join(...x.importer.split('/'))));
      if (!s) return undefined;
      swapped.add(s);
      return s.ours === 'sip-grammar-source' ? { path: s.ours, namespace: 'ringdesk' } : { path: path.join(root, s.ours) };
    });
    b.onLoad({ filter: /^sip-grammar-source$/, namespace: 'ringdesk' }, () => ({
      contents: `export const sipGrammarSource = () => ${JSON.stringify(fs.readFileSync(grammarFile, 'utf8'))};`,
      loader: 'js',
    }));
  },
};
await build({
  entryPoints: {
    cli: path.join(root, 'dist/cli.js'),
    worker: path.join(root, 'dist/telephony/media/worker.js'),
    'bench-kit': path.join(root, 'dist/bench-kit.js'),
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  // native addons and optional native speed-ups stay in node_modules
  external: ['better-sqlite3', 'bufferutil', 'utf-8-validate'],
  // Ink loads React DevTools only when DEV=true, never in ringdesk; and Ink draws every
  // frame on a terminal even when CI is set (scripts/is-in-ci.js)
  alias: {
    'react-devtools-core': path.join(root, 'scripts/no-devtools.js'),
    'is-in-ci': path.join(root, 'scripts/is-in-ci.js'),
    // the same widths, remembered (Ink measures every text on every frame)
    'widest-line': path.join(root, 'dist/views/text-width.js'),
    // grammY's node-fetch 2 → whatwg-url 5 → tr46 asks for Node's deprecated punycode module: outside
    // node_modules (in this bundle) Node prints DEP0040 into the intake's log. The same library, from npm.
    punycode: 'punycode.js',
  },
  define: { 'process.env.NODE_ENV': '"production"' },
  // drops the branches the define made dead (React's development build); names stay readable
  minifySyntax: true,
  plugins: [standInPlugin],
  banner: { js: "import { createRequire as __ringdeskRequire } from 'node:module'; const require = __ringdeskRequire(import.meta.url);" },
});
// an Ink release that moves these would otherwise ship Ink's own unnoticed (and a moved reader
// would ship one that looks for sip.js in node_modules)
for (const s of standIns) {
  if (!swapped.has(s)) throw new Error(`scripts/bundle.js: ${s.importer} no longer imports ${s.request}; update the stand-ins`);
}
if (!yogaPatched) throw new Error('scripts/bundle.js: yoga-layout no longer loads its wasm the way yogaLoader expects; update it (or drop it if Yoga no longer fetches)');
fs.writeFileSync(stampFile(root), `${builtFrom}\n`);
