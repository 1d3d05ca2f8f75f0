// In a checkout (src/ beside dist/), is dist/bundle/ built from the sources that sit there now?
// scripts/bundle.js writes a fingerprint of src/ (how many non-test files, their total size and
// the sum of their modification seconds) into dist/bundle/built-from.txt; bin/ringdesk.js
// compares it at start so that a bundle older than its sources says so in one line instead of
// failing later (every replay fixture "malformed"). A stat per file, no reading: 1–3 ms of CPU
// at start (docs/benchmarks.md). The installed package has no src/: nothing runs.
import fs from 'node:fs';
import path from 'node:path';

export const stampFile = (root) => path.join(root, 'dist', 'bundle', 'built-from.txt');
const OLDER = 'ringdesk: dist/ was built from an older source (run npm run build)';

/** Tests are not in the bundle: changing one makes nothing stale. */
const counts = (name) => !name.includes('.test.');
// whole seconds: a copy that keeps times (cp -a, Node's cpSync) may round away the nanoseconds
const second = (s) => Math.trunc(s.mtimeMs / 1000);

/** The fingerprint of the files the bundle is built from: at build time and, in a checkout, at start. */
export function sourceFingerprint(root) {
  let files = 0, size = 0, seconds = 0;
  const todo = [path.join(root, 'src')];
  while (todo.length) {
    const dir = todo.pop();
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) todo.push(file);
      else if (e.isFile() && counts(e.name)) {
        const s = fs.statSync(file);
        files++; size += s.size; seconds += second(s);
      }
    }
  }
  return `${files} ${size} ${seconds}`;
}

/** One line saying why this checkout's bundle cannot run as it is, or null (always null without src/: the installed package). */
export function staleBundle(root) {
  if (!fs.existsSync(path.join(root, 'src'))) return null;
  let stamped;
  try {
    stamped = fs.readFileSync(stampFile(root), 'utf8').trim();
  } catch {
    return fs.existsSync(path.join(root, 'dist', 'bundle', 'cli.js')) ? OLDER : 'ringdesk: dist/ is not built yet (run npm run build)';
  }
  return stamped === sourceFingerprint(root) ? null : OLDER;
}
