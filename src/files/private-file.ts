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

/** What `ringdesk doctor` says about the database's folder and files: shared with a group, or private. */
export interface DataFilesReport { ok: boolean; warn?: boolean; detail: string }

/** The name of group `gid` (from /etc/group), else the number. */
function groupName(gid: number): string {
  try {
    const line = fs.readFileSync('/etc/group', 'utf8').split('\n').find((l) => l.split(':')[2] === String(gid));
    return line ? line.split(':')[0] : String(gid);
  } catch {
    return String(gid);
  }
}

/** A file's permission bits as `chmod` takes them: 0600, 2770. */
export const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

/**
 * Are the database's folder and files set up as docs/operations.md says? Nothing may be open to
 * others; in a setgid (shared-group) folder the folder must be group-writable (colleagues create
 * -wal/-shm files), the database and its -wal/-shm group-writable and of the folder's group, and
 * this user in that group. A folder without the setgid bit is one dispatcher's: fine, and said.
 */
export function checkDataFiles(dbFile: string, user: { uid: number; groups: number[] } = { uid: process.getuid?.() ?? -1, groups: process.getgroups?.() ?? [] }): DataFilesReport {
  const file = path.resolve(dbFile);
  const dir = path.dirname(file);
  let folder: fs.Stats;
  try {
    folder = fs.statSync(dir);
  } catch (e) {
    return { ok: false, detail: `the folder ${dir} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  const present = [file, `${file}-wal`, `${file}-shm`, `${file}.secret-key`].flatMap((f) => {
    try {
      return [{ f, st: fs.statSync(f) }];
    } catch {
      return [];
    }
  });
  const open = present.find(({ st }) => st.mode & 0o007);
  if (open) return { ok: false, detail: `${open.f} is open to others (${octal(open.st.mode)}): chmod o= ${open.f}` };
  if (!(folder.mode & SETGID)) {
    return { ok: true, detail: `${dir} (${octal(folder.mode)}) is one user's, nothing open to others; a box shared by dispatchers needs a setgid group folder (docs/operations.md)` };
  }
  const group = groupName(folder.gid);
  if ((folder.mode & 0o070) !== 0o070) return { ok: false, detail: `${dir} (${octal(folder.mode)}, group ${group}) is not group-writable: colleagues cannot create the -wal/-shm files; chmod 2770 ${dir}` };
  if (user.uid !== 0 && !user.groups.includes(folder.gid)) return { ok: false, detail: `this user is not in group ${group}, which owns ${dir}: usermod -aG ${group} <user>, then log in again` };
  for (const { f, st } of present) {
    if (f.endsWith('.secret-key')) continue; // read by the group, written once: 0640 is right
    if (st.gid !== folder.gid) return { ok: false, detail: `${f} belongs to group ${groupName(st.gid)}, not ${group}: chgrp ${group} ${f}` };
    if ((st.mode & 0o060) !== 0o060) return { ok: false, detail: `${f} (${octal(st.mode)}) is not group-writable: colleagues cannot write; chmod 0660 ${f}` };
  }
  return { ok: true, detail: `${dir} (${octal(folder.mode)}) is shared with group ${group}: files 0660, nothing for others` };
}
