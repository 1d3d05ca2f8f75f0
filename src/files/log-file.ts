/**
 * The log file writer (console diagnostics, SIP): every line timestamped, stripped of escape
 * sequences (a caller's display name or a POS message may be in it, and people `tail` logs in
 * a terminal), passwords inside URLs masked, the file created private (src/files/private-file.ts).
 * A log that cannot be written never takes the console down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { terminalSafe } from '../domain/outside-text.js';
import { maskUrlPasswords } from '../domain/secret-url.js';
import { openPrivate } from './private-file.js';

export type LogLine = (line: string) => void;

/** A writer for `file`; `tag` goes before each line ("desk: "). Opened on the first line. */
export function openLog(file: string, tag = ''): LogLine {
  let out: fs.WriteStream | null = null;
  let broken = false;
  return (line) => {
    if (broken) return;
    try {
      if (!out) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        out = fs.createWriteStream('', { fd: openPrivate(file, 'a') });
        out.on('error', () => { broken = true; });
      }
      out.write(`${new Date().toISOString()} ${tag}${maskUrlPasswords(terminalSafe(line, { multiline: true }))}\n`);
    } catch {
      broken = true;
    }
  };
}
