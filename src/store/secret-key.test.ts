/**
 * The key that seals POS credentials is readable by its owner only, or by the desk's group in a
 * shared-group (setgid) folder — never by the user's other groups or others, whatever the umask.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretKey } from './secret-key.js';
import { tempDir } from '../../test/helpers/temp-store.js';

const dirs: Array<() => void> = [];
afterEach(() => dirs.splice(0).forEach((c) => c()));
function folder(mode: number): string {
  const { dir, cleanup } = tempDir();
  dirs.push(cleanup);
  fs.chmodSync(dir, mode);
  return dir;
}
const modeOf = (f: string) => fs.statSync(f).mode & 0o777;

describe('the secret key file', () => {
  it('is 0600 in a private folder, even with a permissive umask', () => {
    const file = path.join(folder(0o700), 'desk.db.secret-key');
    const old = process.umask(0o002);
    try {
      expect(new SecretKey(file).get(true)).toBeInstanceOf(Buffer);
    } finally {
      process.umask(old);
    }
    expect(modeOf(file)).toBe(0o600);
  });

  it('is 0640 in a shared-group folder (the relay and colleagues read it), even with umask 077', () => {
    const file = path.join(folder(0o2770), 'desk.db.secret-key');
    const old = process.umask(0o077);
    try {
      expect(new SecretKey(file).get(true)).toBeInstanceOf(Buffer);
    } finally {
      process.umask(old);
    }
    expect(modeOf(file)).toBe(0o640);
  });
});
