/**
 * The recordings folder (issue 18): created private like the database's (0700, or 2770 when
 * the database's folder is a shared setgid group folder, so colleagues' consoles write into it
 * and `calls play` reads their calls); each recording a private file (src/files/private-file.ts:
 * 0600, 0660 in the shared folder); the retention sweep that deletes recordings older than the
 * period, judged by the call's start in the file name against the injected clock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordingExpired, recordingFileName, recordingStartedAt, recordsCall, type RecordRule } from '../domain/recording.js';
import { dataFileMode, octal } from './private-file.js';

/** "This call may be recorded." (espeak-ng + sox, scripts/make-announcement), shipped in fixtures/data beside the bundle. */
export const RECORDING_ANNOUNCEMENT = fileURLToPath(new URL('../../fixtures/data/recording-announcement.wav', import.meta.url));

/**
 * How the console answers a call under the `record` setting: its recording's file in `folder`
 * (named by its start and call reference) and the announcement the caller hears first; undefined
 * when this call is not recorded.
 */
export function recordingPlan(rule: RecordRule, folder: string, announcement = RECORDING_ANNOUNCEMENT) {
  return (call: { callId: string; group: string }, now: number): { record: string; announce: string } | undefined =>
    recordsCall(rule, call.group) ? { record: path.join(folder, recordingFileName(call.callId, now)), announce: announcement } : undefined;
}

/** Make the recordings folder when missing: private, or group-shared (setgid) when its parent is. */
export function prepareRecordingFolder(folder: string): void {
  if (fs.existsSync(folder)) return;
  const shared = dataFileMode(path.dirname(path.resolve(folder))) === 0o660;
  fs.mkdirSync(folder, { recursive: true });
  fs.chmodSync(folder, shared ? 0o2770 : 0o700);
}

/** One stereo hour of a call (8 kHz, 16-bit, two channels): 115 MB. */
const HOUR_OF_RECORDING = 8000 * 2 * 2 * 3600;
/** Free space under this many hours of recording is warned about; under one hour it fails. */
const WARN_HOURS = 10;

/**
 * doctor's look at the recordings folder while recording is on: it exists (or its parent lets the
 * first recorded call make it), this user can write into it, nothing in it is open to others
 * (0700, or 2770 when shared with the desk's group: recordings are 0600 / 0660), and enough free
 * space for some hours of recorded calls. `freeBytes` is the disk's answer (statfs), given in tests.
 */
export function checkRecordingFolder(folder: string, freeBytes: (dir: string) => number = diskFree): { ok: boolean; warn?: boolean; detail: string } {
  let st: fs.Stats;
  try {
    st = fs.statSync(folder);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, detail: `the recordings folder ${folder} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    const parent = path.dirname(folder);
    try {
      fs.accessSync(parent, fs.constants.W_OK | fs.constants.X_OK);
    } catch (e2) {
      return { ok: false, detail: `the recordings folder ${folder} does not exist and cannot be made in ${parent} (${(e2 as NodeJS.ErrnoException).code}): every recorded call would go unrecorded; mkdir -m 0700 ${folder}` };
    }
    return { ok: true, warn: true, detail: `the recordings folder ${folder} does not exist yet: the first recorded call makes it (${dataFileMode(parent) === 0o660 ? '2770' : '0700'})` };
  }
  if (!st.isDirectory()) return { ok: false, detail: `the recordings folder ${folder} is not a folder` };
  if (st.mode & 0o007) return { ok: false, detail: `the recordings folder ${folder} is open to others (${octal(st.mode)}): callers' voices; chmod o= ${folder}` };
  try {
    fs.accessSync(folder, fs.constants.W_OK | fs.constants.X_OK);
  } catch (e) {
    return { ok: false, detail: `the recordings folder ${folder} (${octal(st.mode)}) is not writable by this user (${(e as NodeJS.ErrnoException).code}): calls would go unrecorded; chmod u+rwx${st.mode & 0o2000 ? ',g+rwx' : ''} ${folder}` };
  }
  let free: number;
  try {
    free = freeBytes(folder);
  } catch (e) {
    return { ok: false, detail: `the recordings folder ${folder}: free space unknown (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const hours = free / HOUR_OF_RECORDING;
  const space = `${(free / 1e9).toFixed(1)} GB free (${hours >= 100 ? Math.floor(hours) : hours.toFixed(1)} h of recorded calls)`;
  if (hours < 1) return { ok: false, detail: `the recordings folder ${folder} has ${space}: recordings will fail; free space or set recordFolder elsewhere` };
  const where = `${folder} (${octal(st.mode)}) is writable, nothing open to others; ${space}`;
  return hours < WARN_HOURS ? { ok: true, warn: true, detail: `${where}: little room left` } : { ok: true, detail: where };
}

/** Bytes free to this user on the disk holding `dir`. */
function diskFree(dir: string): number {
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
}

export interface RecordingSweep {
  /** File names deleted. */
  deleted: string[];
  /** Files that could not be deleted, with why. */
  problems: string[];
}

/**
 * Delete the recordings in `folder` whose call started `keepDays` or more before `now`. Only files
 * named like a ringdesk recording are looked at (anything else in the folder is left alone).
 */
export function sweepRecordings(folder: string, keepDays: number, now: number): RecordingSweep {
  const out: RecordingSweep = { deleted: [], problems: [] };
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out; // nothing recorded yet
    out.problems.push(`recordings folder ${folder}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return out;
  }
  for (const name of names.sort()) {
    const startedAt = recordingStartedAt(name);
    if (startedAt === null || !recordingExpired(startedAt, keepDays, now)) continue;
    try {
      fs.unlinkSync(path.join(folder, name));
      out.deleted.push(name);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') out.problems.push(`${path.join(folder, name)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return out;
}

/** How often the box looks for recordings past their retention: the period is in days, an hour late is no harm. */
export const RETENTION_SWEEP_MS = 60 * 60_000;

/**
 * Run the retention sweep now and every `everyMs` (one process per box does it: the relay
 * service, or a console standing in for it while none is alive); each deletion and problem is
 * logged (file names only: they hold no caller's number). Returns the stop.
 */
export function keepRecordings(folder: string, keepDays: number, o: { now: () => number; log?: (line: string, level?: 'warn') => void; everyMs?: number }): () => void {
  const sweep = () => {
    const { deleted, problems } = sweepRecordings(folder, keepDays, o.now());
    if (deleted.length) o.log?.(`recordings: ${deleted.length} older than ${keepDays} days deleted from ${folder}`);
    for (const p of problems) o.log?.(`recordings: cannot delete ${p}`, 'warn');
  };
  sweep();
  const timer = setInterval(sweep, o.everyMs ?? RETENTION_SWEEP_MS);
  timer.unref();
  return () => clearInterval(timer);
}
