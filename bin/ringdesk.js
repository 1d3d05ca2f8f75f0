#!/usr/bin/env node
// Bootstrap: Ink's chalk ignores NO_COLOR, so map it before anything loads Ink.
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
const { main } = await import('../dist/bundle/cli.js');
await main(process.argv.slice(2));
