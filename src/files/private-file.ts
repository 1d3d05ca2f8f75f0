/**
 * Files that hold the dispatcher's data — the database and its -wal/-shm, the log, exports —
 * are never world-readable, whatever the umask: created 0600, or 0660 in a shared-group folder
 * (one whose setgid bit is set, so every file in it belongs to the desk's group; README "Where
 * data lives"). A file that already exists keeps its owner and group bits but loses any bits
 * for others, when this user owns it.
 */
import fs from 'node:fs';
import path from 'node:path';

const SETGID = 0o2000;

/** The mode data files get in `dir`: 0660 in a setgid (shared-group) folder, else 0600. */
export function dataFileMode(dir: string): number {
  try {
    return fs.statSync(dir).mode & SETGID ? 0o660 : 0o600;
  } catch {
    return 0o600;
  }
}

/** Make `fd` private: exactly `mode` when just created (the umask does not decide), else no bits for others. */
function secure(fd: number, mode: number, created: boolean): void {
  try {
    const now = fs.fstatSync(fd).mode & 0o777;
    const want = created ? mode : now & ~0o007;
    if (now !== want) fs.fchmodSync(fd, want);
  } catch {
    // not ours to change (another user's shared file): the group setup decides
  }
}

/** Open `file` to write ("w" replaces it, "a" appends), private as above; returns the descriptor. */
export function openPrivate(file: string, flags: 'w' | 'a'): number {
  const mode = dataFileMode(path.dirname(path.resolve(file)));
  let created = true;
  let fd: number;
  try {
    fd = fs.openSync(file, flags === 'w' ? 'wx' : 'ax', mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    created = false;
    fd = fs.openSync(file, flags, mode);
  }
  secure(fd, mode, created);
  return fd;
}

/**
 * Before SQLite opens `file` to write: create it empty and private when missing (SQLite gives
 * its -wal and -shm the database file's mode), and take the world bits off an existing
 * database and its -wal/-shm. Returns whether the file was created.
 */
export function prepareDatabaseFile(file: string): boolean {
  const mode = dataFileMode(path.dirname(path.resolve(file)));
  let created = false;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    let fd: number;
    if (f === file && !fs.existsSync(f)) {
      fd = fs.openSync(f, 'wx', mode); // a folder we cannot write throws here, with its code
      created = true;
    } else {
      try {
        fd = fs.openSync(f, 'r');
      } catch {
        continue; // absent -wal/-shm, or not readable: SQLite says what is wrong
      }
    }
    try {
      secure(fd, mode, f === file && created);
    } finally {
      fs.closeSync(fd);
    }
  }
  return created;
}
