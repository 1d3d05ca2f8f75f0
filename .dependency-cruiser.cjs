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
      comment: 'Commands, the POS relay and the replay player ask persistence through the ports (src/store/ports.ts), so a second engine serves them; only the places that open the engine (src/commands/common.ts, src/replay/run.ts) hold the SQLite store.',
      severity: 'error',
      from: { path: '^src/(commands|pos|replay)/', pathNot: [production, '^src/commands/common\\.ts$', '^src/replay/run\\.ts$'] },
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
