/**
 * The layers of ringdesk, checked by src/layers.test.ts (run by `npm test` and the merge recipe)
 * and by `npm run layers`. docs/architecture.md draws them. Test files may cross layers (a view
 * test renders over a real seeded store), so every rule reads production files only.
 * Violations written down in .dependency-cruiser-known-violations.json are allowed for now;
 * that list only shrinks.
 */
const production = '\\.test\\.tsx?$';

module.exports = {
  forbidden: [
    {
      name: 'views-not-store',
      comment: 'Views draw plain data from the desk and the domain; they never hold a database.',
      severity: 'error',
      from: { path: '^src/views/', pathNot: production },
      to: { path: '^src/store/' },
    },
    {
      name: 'views-not-telephony',
      comment: 'Views never see a phone or a SIP session; the desk tells them what a call is.',
      severity: 'error',
      from: { path: '^src/views/', pathNot: production },
      to: { path: '^src/telephony/' },
    },
    {
      name: 'telephony-not-desk-views-store-orders',
      comment: 'Telephony knows calls, not deliveries, screens or SQL.',
      severity: 'error',
      from: { path: '^src/telephony/', pathNot: production },
      to: { path: '^src/(desk|views|store|orders)/' },
    },
    {
      name: 'store-not-desk-views-orders-pos',
      comment: 'The store persists the domain; it knows no screen, desk, order rules or point of sale.',
      severity: 'error',
      from: { path: '^src/store/', pathNot: production },
      to: { path: '^src/(desk|views|orders|pos)/' },
    },
    {
      name: 'commands-pos-replay-store-through-ports',
      comment: 'Everything outside the store and the desk that reaches persistence (commands, the POS relay and POST /callbacks, the replay player, callbacks, the call log, customers, mail, files) asks through the ports (src/store/ports.ts), so a second engine serves it. Named exceptions, the engine\'s own: the places that open the engine (src/commands/common.ts opens the ports, src/commands/engine.ts the SQLite store for the commands named in commands-open-the-engine-where-named, src/replay/run.ts for the replay\'s seed and runner), the demo seed (src/demo: bulk rows through SQLite\'s sliced writes with the search index paused) and the CSV import/export (src/customers/customer-csv.ts: a million rows streamed through one SQLite import). Not yet covered: src/chat (the chat intake still reads the SQLite store synchronously) and src/orders (the quote and the repeat still name two store types directly).',
      severity: 'error',
      from: {
        path: '^src/(commands|pos|replay|callbacks|calls|customers|demo|mail|files|config)/',
        pathNot: [production, '^src/commands/common\\.ts$', '^src/commands/engine\\.ts$', '^src/replay/run\\.ts$', '^src/customers/customer-csv\\.ts$', '^src/demo/seed(-data)?\\.ts$'],
      },
      to: { path: '^src/store/', pathNot: ['^src/store/ports\\.ts$', '^src/store/ports-[a-z]+\\.ts$'] },
    },
    {
      name: 'desk-through-ports',
      comment: 'The desk asks persistence only through the ports (src/store/ports.ts and ports-*.ts), so a second engine serves the console; the SQLite store is opened and handed over by the console command.',
      severity: 'error',
      from: { path: '^src/desk/', pathNot: production },
      to: { path: '^src/store/', pathNot: ['^src/store/ports\\.ts$', '^src/store/ports-[a-z]+\\.ts$'] },
    },
    {
      name: 'commands-open-the-engine-where-named',
      comment: 'Only the engine\'s own commands hold the SQLite store (src/commands/engine.ts): db init/seed/import/export (SQLite\'s file, its schema version, its bulk writes), doctor\'s SQLite library check (doctor-box.ts) and the console, which opens the store for the desk\'s runner. Every other command asks through the ports (withPorts, openPorts).',
      severity: 'error',
      from: { path: '^src/commands/', pathNot: [production, '^src/commands/engine\\.ts$', '^src/commands/db\\.ts$', '^src/commands/db-import\\.ts$', '^src/commands/doctor-box\\.ts$', '^src/commands/console\\.ts$'] },
      to: { path: '^src/commands/engine\\.ts$' },
    },
    {
      name: 'desk-not-views',
      comment: 'The desk is the state machine the views draw; it never imports them.',
      severity: 'error',
      from: { path: '^src/desk/', pathNot: production },
      to: { path: '^src/views/' },
    },
    {
      name: 'domain-only-domain',
      comment: 'The domain is pure: it imports nothing of the project but itself.',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: production },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'no-cycles-between-folders',
      comment: 'Folders depend on each other one way; a cycle means two folders are one room.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: production },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
