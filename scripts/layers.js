#!/usr/bin/env node
// The layers check: dependency-cruiser with the rules in .dependency-cruiser.cjs, less the
// violations written down in .dependency-cruiser-known.txt (that list only shrinks: a known
// violation that is gone must be struck from it). Prints one line per violation, starting with
// the rule's name, and exits 1 when there is any. Run by `npm run layers` and src/layers.test.ts.
// Usage: node scripts/layers.js [project folder, default this repository]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repository = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = process.argv[2] ?? repository;
const knownFile = join(root, '.dependency-cruiser-known.txt');
const cli = join(repository, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** One line per violation; a cycle is written from its alphabetically first folder, once. */
function lineOf(violation) {
  if (violation.type === 'cycle' || violation.cycle) {
    const ring = [violation.from, ...violation.cycle.map((step) => step.name).slice(0, -1)];
    const first = ring.indexOf([...ring].sort()[0]);
    const turned = [...ring.slice(first), ...ring.slice(0, first)];
    return `${violation.rule.name}: ${[...turned, turned[0]].join(' → ')}`;
  }
  return `${violation.rule.name}: ${violation.from} → ${violation.to}`;
}

let report;
try {
  report = execFileSync(process.execPath, [cli, 'src', '--output-type', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
} catch (error) {
  // depcruise exits non-zero when it finds errors; its report is still on stdout
  if (!error.stdout) throw error;
  report = error.stdout;
}
const found = [...new Set(JSON.parse(report).summary.violations.map(lineOf))].sort();
const known = new Set(
  readFileSync(knownFile, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#')),
);
const fresh = found.filter((line) => !known.has(line));
const gone = [...known].filter((line) => !found.includes(line));

for (const line of fresh) console.log(`error ${line}`);
for (const line of gone) console.log(`gone (strike it from .dependency-cruiser-known.txt) ${line}`);
console.log(`layers: ${fresh.length} new violation(s), ${found.length - fresh.length} known, ${gone.length} known but gone`);
process.exit(fresh.length > 0 || gone.length > 0 ? 1 : 0);
