/** Shared wiring for commands: configuration and the store, opened the same way everywhere. */
import { loadConfig, type Config } from '../config/config.js';
import { Store } from '../store/index.js';
import type { StorePorts } from '../store/ports.js';
import { isPostgresUrl } from '../store/postgres/pg-db.js';
import { postgresPortsOnFirstUse } from '../store/postgres/pg-ports.js';

import { terminalSafe } from '../domain/outside-text.js';
import { maskUrlPasswords } from '../domain/secret-url.js';

export interface GlobalArgs { db?: string; config?: string; region?: string; logLevel?: string }

/** The configuration for a command; `settings` are the command's own flags for settings (checked like the rest). */
export function configFrom(argv: GlobalArgs & Record<string, unknown>, settings: Partial<Record<keyof Config, unknown>> = {}): Config {
  return loadConfig({ db: argv.db, config: argv.config, region: argv.region, logLevel: argv.logLevel, ...settings });
}

/**
 * The store for a command as its ports (src/store/ports.ts): what a command that only asks and
 * writes through repositories holds, so it runs the same on any engine. `create` only for commands that make data (adding operators,
 * points of sale, zones, the menu); any other command refuses a missing file with its path, so a
 * mistyped --db never becomes an empty database. The engine is chosen here: `db` as
 * postgres://user@host:port/name (--db, RINGDESK_DB or the config) is PostgreSQL
 * (src/store/postgres/); anything else is an SQLite file. The SQLite engine itself, for the
 * engine's own commands: src/commands/engine.ts.
 */
export function openPorts(config: Config, opts: { create?: boolean } = {}): StorePorts {
  if (isPostgresUrl(config.db)) return postgresPortsOnFirstUse(config.db, { region: config.region, currency: config.currency });
  return Store.open(config.db, { region: config.region, currency: config.currency, create: opts.create ?? false }).ports;
}

/**
 * A command's output: what it prints may hold stored text from outside (a customer's name, a
 * zone, a driver), so escape sequences and control characters are stripped here, at the boundary,
 * and a password inside a URL (a PBX or POS setting) is masked.
 */
export function say(text: string): void {
  process.stdout.write(maskUrlPasswords(terminalSafe(text, { multiline: true })) + '\n');
}

/** JSON output: the control characters JSON.stringify leaves raw (DEL, C1, bidi overrides) written as \u escapes. */
export function printJson(v: unknown): void {
  const text = JSON.stringify(v, null, 2).replace(/[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  process.stdout.write(maskUrlPasswords(text) + '\n');
}

/**
 * Standard output may be read by a program that leaves early (`ringdesk calls | head`,
 * `ringdesk db export | head`): once the reader has gone (EPIPE) nobody is listening and nothing
 * is wrong, so the command ends quietly with exit 0 instead of Node's unhandled-error stack trace.
 * The CLI calls this once, before any command runs.
 */
export function quietWhenReaderLeaves(): void {
  process.stdout.on('error', (e) => {
    if (readerLeft(e)) process.exit(0);
    throw e;
  });
}

/** The error of a write to standard output whose reader has gone (a synchronous write throws it: `db export`). */
export function readerLeft(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}

/**
 * A service runs until SIGTERM or SIGINT, then `stop` (finish what is in flight, close the store)
 * once; resolves when it is done. `log` says which signal stopped it.
 */
export function untilStopped(log: (line: string) => void, stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      log(`${signal}: stopping`);
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      void stop().then(resolve);
    };
    const onTerm = () => onSignal('SIGTERM');
    const onInt = () => onSignal('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
}
