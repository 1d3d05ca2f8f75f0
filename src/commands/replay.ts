/** `ringdesk replay <files|dirs>`: play call fixtures headless (pass/fail) or in the terminal (--show). */
import type { CommandModule } from 'yargs';
import { configFrom, printJson, say, type GlobalArgs } from './common.js';
import type { FixtureResult } from '../replay/index.js';
import { openLog } from '../files/log-file.js';
import { logOptionsOf } from '../config/config.js';

interface Args extends GlobalArgs { paths: string[]; show: boolean; json: boolean; delay: number; 'keep-db': boolean }

export const replayCommand: CommandModule<GlobalArgs, Args> = {
  command: 'replay <paths..>',
  describe: 'replay call fixtures: headless pass/fail for tests, or --show in the terminal for demos and training',
  builder: (y) =>
    y
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'fixture files or folders' })
      .option('show', { type: 'boolean', default: false, describe: 'play one fixture in this terminal in real time' })
      .option('delay', { type: 'number', default: 900, describe: 'ms between steps with --show' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON' })
      .option('keep-db', { type: 'boolean', default: false, describe: 'keep each fixture\'s database file' })
      .example('$0 replay fixtures/calls', 'run every fixture, print pass/fail and a summary')
      .example('$0 replay fixtures/calls/02-known-caller-open-order.json --show', 'watch one call being handled'),
  handler: async (argv) => {
    const config = configFrom(argv);
    // the player (Ink, the demo point of sale, ws) loads when a replay runs, not with every command
    const { FixtureError, findFixtureFiles, loadFixture, runFixture } = await import('../replay/index.js');
    const { files, missing } = findFixtureFiles(argv.paths);
    for (const m of missing) process.stderr.write(`ringdesk replay: ${m}: no such file or folder\n`);
    if (argv.show && files.length !== 1) {
      process.stderr.write(`ringdesk replay --show plays exactly one fixture; ${files.length} given\n`);
      process.exitCode = 2;
      return;
    }
    if (argv.show && !process.stdout.isTTY) {
      process.stderr.write('ringdesk replay --show needs a terminal (stdout is not a TTY); drop --show to run headless\n');
      process.exitCode = 2;
      return;
    }
    const log = openLog(config.log, 'replay: ', logOptionsOf(config));
    const results: FixtureResult[] = [];
    for (const file of files) {
      let r: FixtureResult;
      try {
        const fx = loadFixture(file);
        log(`${file}: playing`, 'debug');
        r = await runFixture(fx, file, { show: argv.show, stepDelayMs: argv.delay, region: config.region, currency: config.currency, timezone: config.timezone, keepDb: argv['keep-db'], log });
      } catch (e) {
        r = { name: file, file, passed: false, failures: [e instanceof FixtureError ? `malformed fixture: ${e.message}` : String(e)], ms: 0 };
      }
      results.push(r);
      if (r.passed) log(`${file}: passed in ${r.ms} ms`);
      else log(`${file}: FAILED: ${r.failures.join('; ')}`, 'warn');
      if (!argv.json && !argv.show) {
        say(`${r.passed ? 'PASS' : 'FAIL'} ${r.file} — ${r.name} (${r.ms} ms)`);
        for (const f of r.failures) say(`     ${f.split('\n').join('\n     ')}`);
      }
    }
    const passed = results.filter((r) => r.passed).length;
    const failed = results.length - passed + missing.length;
    if (argv.json) printJson({ results, passed, failed });
    else if (argv.show) say(`\n${results[0]?.passed ? 'PASS' : 'FAIL'} ${results[0]?.name ?? ''}\n${results[0]?.failures.join('\n') ?? ''}`);
    else say(`fixtures: ${passed} passed, ${failed} failed`);
    if (failed > 0 || results.length === 0) process.exitCode = 1;
  },
};
