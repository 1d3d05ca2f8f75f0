/**
 * The one log writer (console diagnostics, SIP, the relay, replay): every line timestamped and
 * levelled, stripped of escape sequences (a caller's display name or a POS message may be in it,
 * and people `tail` logs in a terminal), passwords inside URLs masked, the file created private
 * (src/files/private-file.ts). Lines below the configured level are dropped. A log file is
 * rotated to `<file>.1` when it grows past its cap, and reopened when something else (another
 * ringdesk on the same file, or logrotate) moved it away. A log that cannot be written never
 * takes the console down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { terminalSafe } from '../domain/outside-text.js';
import { maskUrlPasswords } from '../domain/secret-url.js';
import { openPrivate } from './private-file.js';
import { systemClock, type Clock } from '../domain/clock.js';

export const logLevels = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof logLevels)[number];
const rank: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * Writes one line at a level (info when none is given). Any `(line: string) => void` is a
 * LogLine too, so modules take `log` as before and say the level where it matters.
 */
export type LogLine = (line: string, level?: LogLevel) => void;

export interface LogOptions {
  /** The least important level written (default info). */
  level?: LogLevel;
  /** Rotate a log file to `<file>.1` past this many bytes; 0 = never. Default 10 MB. */
  maxBytes?: number;
  clock?: Clock;
}

/** Size checks against the file on disk happen after this much was written by us (other writers may share the file). */
const CHECK_EVERY_BYTES = 64 * 1024;
export const DEFAULT_LOG_MAX_BYTES = 10 * 1024 * 1024;

/** Whether a line at `level` passes a writer set to `threshold`. */
export function logs(threshold: LogLevel, level: LogLevel): boolean {
  return rank[level] <= rank[threshold];
}

/**
 * A writer for `target` — a file path, or a stream such as standard output (the relay under
 * systemd, whose journal keeps it); `tag` goes before each line ("desk: "). A file is opened on
 * the first line.
 */
export function openLog(target: string | NodeJS.WritableStream, tag = '', opts: LogOptions = {}): LogLine {
  const threshold = opts.level ?? 'info';
  const clock = opts.clock ?? systemClock;
  const format = (line: string, level: LogLevel) =>
    `${new Date(clock()).toISOString()} ${level.toUpperCase().padEnd(5)} ${tag}${maskUrlPasswords(terminalSafe(line, { multiline: true }))}\n`;
  if (typeof target !== 'string') {
    return (line, level = 'info') => {
      if (logs(threshold, level)) target.write(format(line, level));
    };
  }
  const file = new LogFile(target, opts.maxBytes ?? DEFAULT_LOG_MAX_BYTES);
  return (line, level = 'info') => {
    if (logs(threshold, level)) file.write(format(line, level));
  };
}

/** An appending, size-capped log file that follows rotation by anyone. */
class LogFile {
  private fd: number | null = null;
  private out: fs.WriteStream | null = null;
  private broken = false;
  private sinceCheck = 0;

  constructor(private readonly file: string, private readonly maxBytes: number) {}

  write(text: string): void {
    if (this.broken) return;
    try {
      if (!this.out) this.open();
      // checked before writing, so the newest line always lands in the current file
      else if (this.sinceCheck >= CHECK_EVERY_BYTES || (this.maxBytes > 0 && this.sinceCheck >= this.maxBytes)) this.check();
      this.out!.write(text);
      this.sinceCheck += Buffer.byteLength(text);
    } catch {
      this.broken = true;
    }
  }

  private open(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.fd = openPrivate(this.file, 'a');
    const out = fs.createWriteStream('', { fd: this.fd });
    out.on('error', () => { this.broken = true; });
    this.out = out;
    this.sinceCheck = 0;
    this.check();
  }

  /** Reopen when the file was moved away; rotate when it is past the cap. */
  private check(): void {
    this.sinceCheck = 0;
    let onDisk: fs.Stats | null = null;
    try {
      onDisk = fs.statSync(this.file);
    } catch {
      // moved away and not yet recreated: ours is the next one
    }
    const mine = fs.fstatSync(this.fd!);
    if (!onDisk || onDisk.ino !== mine.ino || onDisk.dev !== mine.dev) return this.reopen();
    // what is still on its way to the file counts: a burst of lines must not overshoot the cap
    if (this.maxBytes > 0 && onDisk.size + (this.out?.writableLength ?? 0) >= this.maxBytes) {
      fs.renameSync(this.file, `${this.file}.1`);
      this.reopen();
    }
  }

  private reopen(): void {
    // the old stream finishes its queued writes into the moved file, then closes its descriptor
    this.out?.end();
    this.out = null;
    this.open();
  }
}
