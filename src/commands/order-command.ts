/** Shared by the order-taking commands (zones, menu, busy, quote): the store for one command, and its errors. */
import { configFrom, openPorts, type GlobalArgs } from './common.js';
import type { Config } from '../config/config.js';
import type { StorePorts } from '../store/ports.js';

/** A refusal whose message is for the dispatcher (cli.ts prints it without a stack). */
export class OrderCommandError extends Error {
  readonly userFacing = true;
}

export type Args = GlobalArgs & Record<string, unknown>;

/**
 * Open the store's ports (src/store/ports.ts), run, close them whatever happens: a command that only
 * asks and writes through repositories runs the same on any engine. `create` as in openPorts.
 */
export async function withPorts<T>(argv: Args, fn: (store: StorePorts, config: Config) => Promise<T>, opts: { create?: boolean } = {}): Promise<T> {
  const config = configFrom(argv);
  const store = openPorts(config, opts);
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}
