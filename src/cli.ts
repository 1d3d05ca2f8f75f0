/** Entry point: yargs commands that wire the layers together. */
import yargs from 'yargs';
import { commands } from './commands/index.js';
import { ConfigError } from './config/config.js';
import { StoreError, databaseInUse, describeDatabaseFailure } from './store/db.js';
import { terminalSafe } from './domain/outside-text.js';
import { maskUrlPasswords } from './domain/secret-url.js';
import { logLevels } from './files/log-file.js';
import { quietWhenReaderLeaves, readerLeft } from './commands/common.js';

/** Runs the command line; `version` is the package's (bin/ringdesk.js reads it beside itself, so it prints from any folder). */
export async function main(argv: string[], version?: string): Promise<void> {
  quietWhenReaderLeaves();
  const cli = yargs(argv)
    .scriptName('ringdesk')
    .usage('$0 [command] [options]\n\nTerminal dispatcher console for delivery call centres.')
    .option('db', { type: 'string', describe: 'SQLite database file, or postgres://user@host:port/name for PostgreSQL (env RINGDESK_DB)' })
    .option('config', { type: 'string', describe: 'JSON config file (env RINGDESK_CONFIG; default ~/.config/ringdesk/config.json)' })
    .option('region', { type: 'string', describe: 'default phone region, e.g. CZ (env RINGDESK_REGION)' })
    .option('log-level', { type: 'string', choices: logLevels, describe: 'least important log lines written (env RINGDESK_LOG_LEVEL; default info)' })
    .example('$0 lookup "777 123 456"', 'who is calling, and what answering would open')
    .example('$0 doctor', 'is this box ready to take calls?')
    .example('$0 completion >> ~/.bashrc', 'Tab completes commands and options')
    .strict()
    .demandCommand(0)
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(version ?? 'unknown')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`ringdesk: ${maskUrlPasswords(terminalSafe(msg, { multiline: true }))}\nRun "ringdesk --help" for usage.\n`);
      process.exit(2);
    });
  for (const c of commands) cli.command(c as never);
  cli.completion('completion', 'print a shell completion script (bash, zsh): ringdesk completion >> ~/.bashrc');
  try {
    await cli.parseAsync();
  } catch (e) {
    if (readerLeft(e)) process.exit(0);
    // an SQLite failure after opening (damaged pages, a lock held too long): one line naming the file
    const database = describeDatabaseFailure(e, databaseInUse() ?? 'in use');
    if (e instanceof ConfigError || e instanceof StoreError || (e as { userFacing?: boolean }).userFacing || database) {
      process.stderr.write(`ringdesk: ${maskUrlPasswords(terminalSafe(database ?? (e as Error).message, { multiline: true }))}\n`);
      process.exit(1);
    }
    throw e;
  }
}

/** An error whose message is for the user, not a stack trace. */
export class UsageError extends Error {
  readonly userFacing = true;
}
