/** Shared wiring for commands: configuration and the store, opened the same way everywhere. */
import { loadConfig, type Config } from '../config/config.js';
import { Store } from '../store/index.js';

export interface GlobalArgs { db?: string; config?: string; region?: string }

export function configFrom(argv: GlobalArgs & Record<string, unknown>): Config {
  return loadConfig({ db: argv.db, config: argv.config, region: argv.region });
}

export function openStore(config: Config): Store {
  return Store.open(config.db, { region: config.region, currency: config.currency });
}
