#!/usr/bin/env -S node --max-semi-space-size=1
// V8's young generation capped at 1 MB a half (Node 24 grows it to 16): 8 MB less resident memory
// per console (docs/benchmarks.md, 2026-12-08). A flag of node's own command line — set here, it
// reaches the installed `ringdesk`, the SSH forced command, the systemd units and `npm start`
// without starting Node twice (v8.setFlagsFromString comes too late to shrink the heap).
// Bootstrap: a Node too old for ringdesk stops here with one line (check-node.cjs); Ink's chalk
// ignores NO_COLOR, so map it before anything loads Ink; the version is the package.json beside
// this file, whatever the current folder. In a checkout, a bundle older than src/ stops here with
// one line (stale-bundle.js) instead of running yesterday's code.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import './check-node.cjs';
import { staleBundle } from './stale-bundle.js';

const stale = staleBundle(fileURLToPath(new URL('..', import.meta.url)));
if (stale) {
  process.stderr.write(`${stale}\n`);
  process.exit(1);
}
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
const { version } = createRequire(import.meta.url)('../package.json');
const { main } = await import('../dist/bundle/cli.js');
await main(process.argv.slice(2), version);
