#!/usr/bin/env node
// Bootstrap: a Node too old for ringdesk stops here with one line (check-node.cjs); Ink's chalk
// ignores NO_COLOR, so map it before anything loads Ink; the version is the package.json beside
// this file, whatever the current folder. In a checkout, a bundle older than src/ stops here with
// one line (stale-bundle.js) instead of running yesterday's code.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import './check-node.cjs';
import { staleBundle } from './stale-bundle.js';

if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
const { version } = createRequire(import.meta.url)('../package.json');
// the check and the bundle's loading run side by side; a stale (or missing) bundle is never run
const [stale, cli] = await Promise.all([
  staleBundle(fileURLToPath(new URL('..', import.meta.url))),
  import('../dist/bundle/cli.js').catch((e) => ({ failed: e })),
]);
if (stale) {
  process.stderr.write(`${stale}\n`);
  process.exit(1);
}
if (cli.failed) throw cli.failed;
await cli.main(process.argv.slice(2), version);
