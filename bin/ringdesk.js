#!/usr/bin/env node
// Bootstrap: a Node too old for ringdesk stops here with one line (check-node.cjs); Ink's chalk
// ignores NO_COLOR, so map it before anything loads Ink; the version is the package.json beside
// this file, whatever the current folder.
import { createRequire } from 'node:module';
import './check-node.cjs';

if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
const { version } = createRequire(import.meta.url)('../package.json');
const { main } = await import('../dist/bundle/cli.js');
await main(process.argv.slice(2), version);
