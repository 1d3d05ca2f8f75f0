/** `ringdesk db init|seed`: create or migrate the database, fill it with demo or benchmark data. */
import type { CommandModule } from 'yargs';
import { configFrom, openStore, say, yieldCpuToConsoles, type GlobalArgs } from './common.js';
import { seed } from '../store/seed.js';
import { dbExportCommand, dbImportCommand } from './db-import.js';

const init: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'init',
  describe: 'create the database (or migrate it to this version)',
  handler: (argv) => {
    const config = configFrom(argv);
    const store = openStore(config, { create: true });
    const version = store.db.pragma('user_version', { simple: true });
    store.close();
    say(`database ${config.db} ready (schema version ${version})`);
  },
};

interface SeedArgs extends GlobalArgs { customers: number; deliveries: number; seed: number }
const seedCmd: CommandModule<GlobalArgs, SeedArgs> = {
  command: 'seed',
  describe: 'add the demo data (known callers, menu, points of sale, drivers) and optionally generated bulk',
  builder: (y) =>
    y
      .option('customers', { type: 'number', default: 0, describe: 'generated customers on top of the demo ones' })
      .option('deliveries', { type: 'number', default: 0, describe: 'generated deliveries on top of the demo ones' })
      .option('seed', { type: 'number', default: 42, describe: 'random seed (same seed, same data)' })
      .example('$0 db seed', 'demo data only')
      .example('$0 db seed --customers 1000000 --deliveries 3000000 --db /tmp/big.db', 'benchmark data'),
  handler: (argv) => {
    const config = configFrom(argv);
    const store = openStore(config, { create: true });
    if (argv.customers + argv.deliveries > 0) yieldCpuToConsoles();
    const started = Date.now();
    const n = seed(store, {
      customers: argv.customers, deliveries: argv.deliveries, seed: argv.seed,
      progress: (what, done, total) => { if (done) process.stderr.write(`  ${what} ${done}/${total}\n`); },
    });
    store.close();
    say(`seeded ${config.db}: ${n.customers} customers, ${n.deliveries} deliveries in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  },
};

export const dbCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'db <command>',
  describe: 'database: init, seed, import and export customers',
  builder: (y) => y.command(init).command(seedCmd).command(dbImportCommand).command(dbExportCommand).demandCommand(1, 'name a db command: init, seed, import or export'),
  handler: () => {},
};
