// In a checkout (src/ beside dist/), is dist/bundle/ built from the sources that sit there now?
// scripts/bundle.js writes a fingerprint of src/ (how many non-test files, their total size and
// the sum of their modification seconds) into dist/bundle/built-from.txt; bin/ringdesk.js
// compares it at start so that a bundle older than its sources says so in one line instead of
// failing later (every replay fixture "malformed"). A stat per file, no reading: the start looks
// while the bundle loads (docs/benchmarks.md). The installed package has no src/: nothing runs.
import fs from 'node:fs';
import path from 'node:path';

export const stampFile = (root) => path.join(root, 'dist', 'bundle', 'built-from.txt');
const OLDER = 'ringdesk: dist/ was built from an older source (run npm run build)';

/** Tests are not in the bundle: changing one makes nothing stale. */
const counts = (name) => !name.includes('.test.');
// whole seconds: a copy that keeps times (cp -a, Node's cpSync) may round away the nanoseconds
const second = (s) => Math.trunc(s.mtimeMs / 1000);

/** The fingerprint of the files the bundle is built from (at build time: synchronous). */
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

/** The same fingerprint at start, the stats in Node's thread pool while the main thread loads the bundle. */
async function fingerprintNow(root) {
  let files = 0, size = 0, seconds = 0;
  const look = async (dir) => {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true });
    await Promise.all(entries.map(async (e) => {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) return look(file);
      if (!e.isFile() || !counts(e.name)) return;
      const s = await fs.promises.stat(file);
      files++; size += s.size; seconds += second(s);
    }));
  };
  await look(path.join(root, 'src'));
  return `${files} ${size} ${seconds}`;
}

/** One line saying why this checkout's bundle cannot run as it is, or null (always null without src/: the installed package). */
export async function staleBundle(root) {
  if (!fs.existsSync(path.join(root, 'src'))) return null;
  const [stamped, now] = await Promise.all([fs.promises.readFile(stampFile(root), 'utf8').catch(() => null), fingerprintNow(root)]);
  if (stamped === null) {
    return fs.existsSync(path.join(root, 'dist', 'bundle', 'cli.js')) ? OLDER : 'ringdesk: dist/ is not built yet (run npm run build)';
  }
  return stamped.trim() === now ? null : OLDER;
}
