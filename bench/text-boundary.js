#!/usr/bin/env node
/**
 * What the screen boundary costs a frame (src/views/Text.tsx: every string a view draws goes
 * through terminalSafe and maskUrlPasswords before Ink sees it). Builds the benches' kit twice
 * with the console's bundle settings — as it is, and with Text.tsx replaced by Ink's own Text —
 * then times phone event -> banner frame (bench/desk.js --banner-only) with each, alternating.
 * Prints JSON: p50/p99 per run and per build, and the load average.
 *   npm run build && scripts/with-node node bench/text-boundary.js [--runs 3] [--calls 1000] [--customers 20000 --deliveries 60000]
 * The dataset is its own (built once in the temp folder), so the shared 1M bench file keeps its schema.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { arg, numberArg, percentile } from './lib.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = numberArg('runs', 3);
const calls = numberArg('calls', 1000);
const customers = numberArg('customers', 20_000);
const deliveries = numberArg('deliveries', 60_000);
const work = path.join(os.tmpdir(), 'ringdesk-text-boundary');
fs.mkdirSync(work, { recursive: true });
const db = path.join(work, `desk-${customers}-${deliveries}.db`);

/** The kit as scripts/bundle.js builds it (Ink's screen writer replaced, React production), with or without the boundary. */
async function kit(name, withBoundary) {
  // beside dist/bundle, so the kit finds fixtures/ and node_modules as the console's bundle does
  const outdir = path.join(root, 'dist', `bundle-${name}`);
  fs.rmSync(outdir, { recursive: true, force: true });
  const passThrough = path.join(root, 'dist', 'bench-ink-text.js'); // inside the repository: it resolves ink from node_modules
  fs.writeFileSync(passThrough, "export { Text } from 'ink';\n");
  await build({
    entryPoints: { 'bench-kit': path.join(root, 'dist/bench-kit.js') },
    outdir, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node22', logLevel: 'warning',
    external: ['better-sqlite3', 'bufferutil', 'utf-8-validate'],
    alias: {
      'react-devtools-core': path.join(root, 'scripts/no-devtools.js'),
      'is-in-ci': path.join(root, 'scripts/is-in-ci.js'),
      'widest-line': path.join(root, 'dist/views/text-width.js'),
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    minifySyntax: true,
    plugins: [{
      name: 'stand-ins',
      setup(b) {
        b.onResolve({ filter: /^\.\/output\.js$/ }, (a) => (a.importer.endsWith(path.join('ink', 'build', 'renderer.js')) ? { path: path.join(root, 'dist/views/screen-output.js') } : undefined));
        // without the boundary: every view's Text is Ink's Text, strings go to Ink as they are
        const boundary = path.join(root, 'dist', 'views', 'Text.js');
        if (!withBoundary) b.onResolve({ filter: /Text\.js$/ }, (a) => (path.resolve(path.dirname(a.importer), a.path) === boundary ? { path: passThrough } : undefined));
      },
    }],
    banner: { js: "import { createRequire as __ringdeskRequire } from 'node:module'; const require = __ringdeskRequire(import.meta.url);" },
  });
  return path.join(outdir, 'bench-kit.js');
}

const kits = { boundary: await kit('with-boundary', true), 'ink-text': await kit('without-boundary', false) };
const banner = (kitFile) => JSON.parse(execFileSync(process.execPath, [path.join(root, 'bench/desk.js'), '--banner-only', '--kit', kitFile,
  '--db', db, '--customers', String(customers), '--deliveries', String(deliveries), '--calls', String(calls)],
{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 }).trim().split('\n').pop());

banner(kits.boundary); // builds the dataset once, warms the disk cache
const results = { boundary: [], 'ink-text': [] };
for (let i = 0; i < runs; i++) {
  for (const name of i % 2 ? ['ink-text', 'boundary'] : ['boundary', 'ink-text']) {
    const r = banner(kits[name]);
    results[name].push({ p50_ms: r.phoneEventToBannerFrame.p50_ms, p99_ms: r.phoneEventToBannerFrame.p99_ms, loadavg: r.loadavg[0] });
  }
}
const med = (xs) => percentile(xs, 50);
const of = (name) => ({ runs: results[name], median_p50_ms: med(results[name].map((r) => r.p50_ms)), median_p99_ms: med(results[name].map((r) => r.p99_ms)) });
const withB = of('boundary'), without = of('ink-text');
console.log(JSON.stringify({
  bench: 'text-boundary', node: process.version, cpus: os.cpus().length, calls_per_run: calls, dataset: { customers, deliveries },
  phoneEventToBannerFrame: { withTextBoundary: withB, withInkTextDirectly: without },
  boundaryCost_ms: { p50: +(withB.median_p50_ms - without.median_p50_ms).toFixed(3), p99: +(withB.median_p99_ms - without.median_p99_ms).toFixed(3) },
  loadavg: os.loadavg().map((l) => +l.toFixed(2)),
}, null, 2));
