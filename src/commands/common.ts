/** Shared wiring for commands: configuration and the store, opened the same way everywhere. */
import { loadConfig, type Config } from '../config/config.js';
import { Store } from '../store/index.js';
import { terminalSafe } from '../domain/outside-text.js';

export interface GlobalArgs { db?: string; config?: string; region?: string }

export function configFrom(argv: GlobalArgs & Record<string, unknown>): Config {
  return loadConfig({ db: argv.db, config: argv.config, region: argv.region });
}

export function openStore(config: Config): Store {
  return Store.open(config.db, { region: config.region, currency: config.currency });
}

/**
 * A command's output: what it prints may hold stored text from outside (a customer's name, a
 * zone, a driver), so escape sequences and control characters are stripped here, at the boundary.
 */
export function say(text: string): void {
  process.stdout.write(terminalSafe(text, { multiline: true }) + '\n');
}

/** JSON output: the control characters JSON.stringify leaves raw (DEL, C1, bidi overrides) written as \u escapes. */
export function printJson(v: unknown): void {
  const text = JSON.stringify(v, null, 2).replace(/[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  process.stdout.write(text + '\n');
}
