/** `ringdesk db init|seed`: create or migrate the database, fill it with demo or benchmark data. */
import type { CommandModule } from 'yargs';
import { configFrom, printJson, say, type GlobalArgs } from './common.js';
import { openStore } from './engine.js';
import { seed } from '../demo/seed.js';
import { dbExportCommand, dbImportCommand } from './db-import.js';

interface InitArgs extends GlobalArgs { json: boolean }
const init: CommandModule<GlobalArgs, InitArgs> = {
  command: 'init',
  describe: 'create the database (or migrate it to this version)',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable outcome' })
      .example('$0 db init', 'the database at the configured path (default ~/.local/share/ringdesk/ringdesk.db)')
      .example('$0 db init --db /srv/ringdesk/ringdesk.db', "the box's shared database, in a setgid group folder (docs/operations.md)"),
  handler: (argv) => {
    const config = configFrom(argv);
    const store = openStore(config, { create: true });
    const version = store.db.pragma('user_version', { simple: true });
    store.close();
    if (argv.json) printJson({ db: config.db, schemaVersion: version });
    else say(`database ${config.db} ready (schema version ${version})`);
  },
};

interface SeedArgs extends GlobalArgs { customers: number; deliveries: number; seed: number; json: boolean }
const seedCmd: CommandModule<GlobalArgs, SeedArgs> = {
  command: 'seed',
  describe: 'add the demo data (known callers, menu, points of sale, drivers) and optionally generated bulk',
  builder: (y) =>
    y
      .option('customers', { type: 'number', default: 0, describe: 'generated customers on top of the demo ones' })
      .option('deliveries', { type: 'number', default: 0, describe: 'generated deliveries on top of the demo ones' })
      .option('seed', { type: 'number', default: 42, describe: 'random seed (same seed, same data)' })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable outcome' })
      .example('$0 db seed', 'demo data only')
      .example('$0 db seed --customers 1000000 --deliveries 3000000 --db /tmp/big.db', 'benchmark data'),
  handler: (argv) => {
    const config = configFrom(argv);
    const store = openStore(config, { create: true });
    const started = Date.now();
    const n = seed(store, {
      customers: argv.customers, deliveries: argv.deliveries, seed: argv.seed,
      progress: (what, done, total) => { if (done) process.stderr.write(`  ${what} ${done}/${total}\n`); },
    });
    store.close();
    const seconds = Number(((Date.now() - started) / 1000).toFixed(1));
    if (argv.json) printJson({ db: config.db, customers: n.customers, deliveries: n.deliveries, seconds });
    else say(`seeded ${config.db}: ${n.customers} customers, ${n.deliveries} deliveries in ${seconds.toFixed(1)} s`);
  },
};

export const dbCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'db <command>',
  describe: 'database: init, seed, import and export customers',
  builder: (y) => y.command(init).command(seedCmd).command(dbImportCommand).command(dbExportCommand).demandCommand(1, 'name a db command: init, seed, import or export')
    .example('$0 db init', 'create the database, or bring it to this version')
    .example('$0 db seed', 'the demo data')
    .example('$0 db export customers.csv', 'the customer base as CSV'),
  handler: () => {},
};
