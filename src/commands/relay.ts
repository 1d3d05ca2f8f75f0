/**
 * `ringdesk relay`: the outbox relay as a service for a back-office box, optionally serving the
 * HTTP status callback. Stops cleanly on SIGTERM/SIGINT: in-flight orders are finished or
 * released for the next relay.
 */
import type { CommandModule } from 'yargs';
import { configFrom, openStore, say, type GlobalArgs } from './common.js';
import { terminalSafe } from '../domain/outside-text.js';
import { parseListen, startStatusServer, type StatusServer } from '../pos/status-server.js';

class RelayCommandError extends Error {
  readonly userFacing = true;
}

type Args = GlobalArgs & Record<string, unknown>;

function positive(argv: Args, name: string): number | undefined {
  const v = argv[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new RelayCommandError(`--${name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} must be a number above 0, got ${String(v)}`);
  return n;
}

export const relayCommand: CommandModule<GlobalArgs, Args> = {
  command: 'relay',
  describe: 'send queued orders to the points of sale (a service); with --listen, take their status callbacks',
  builder: (y) => y
    .option('listen', { type: 'string', describe: 'serve POST /pos/status on HOST:PORT, e.g. 127.0.0.1:8787' })
    .option('timeout-ms', { type: 'number', describe: 'wait this long for a POS answer (default 30000)' })
    .option('lease-ms', { type: 'number', describe: 'how long a claimed order is ours (default timeout + 15000)' })
    .option('max-attempts', { type: 'number', describe: 'attempts before an order is marked failed (default 8)' })
    .option('base-delay-ms', { type: 'number', describe: 'first retry delay, doubling with jitter (default 2000)' })
    .option('max-delay-ms', { type: 'number', describe: 'longest retry delay (default 120000)' })
    .option('concurrency', { type: 'number', describe: 'orders in flight at once (default 16)' })
    .option('quiet', { type: 'boolean', describe: 'log only failures and refusals' }),
  handler: async (argv) => {
    const listen = argv.listen === undefined ? null : parseListen(String(argv.listen));
    if (listen && 'error' in listen) throw new RelayCommandError(listen.error);
    const opts = {
      timeoutMs: positive(argv, 'timeoutMs'), leaseMs: positive(argv, 'leaseMs'), maxAttempts: positive(argv, 'maxAttempts'),
      baseDelayMs: positive(argv, 'baseDelayMs'), maxDelayMs: positive(argv, 'maxDelayMs'), concurrency: positive(argv, 'concurrency'),
    };
    if (opts.leaseMs !== undefined && opts.leaseMs <= (opts.timeoutMs ?? 30_000)) {
      throw new RelayCommandError(`--lease-ms (${opts.leaseMs}) must be longer than --timeout-ms (${opts.timeoutMs ?? 30_000}), or two relays may send the same order at once`);
    }
    const config = configFrom(argv);
    const store = openStore(config);
    const quiet = Boolean(argv.quiet);
    const log = (line: string) => {
      if (quiet && !/fail|refused|cannot|unknown/i.test(line)) return;
      // the relay log: what a POS sent may be in it; nothing reaches the terminal raw
      say(`${new Date().toISOString()} ${terminalSafe(line)}`);
    };
    const { defaultOwner, startRelay } = await import('../pos/relay.js');
    const owner = defaultOwner('relay');
    let server: StatusServer | null = null;
    if (listen) {
      try {
        server = await startStatusServer(store, listen.host, listen.port, log);
      } catch (e) {
        store.close();
        throw new RelayCommandError(`cannot listen on ${String(argv.listen)}: ${(e as Error).message}`);
      }
    }
    const relay = startRelay({ store, owner, log, ...opts });
    log(`relay ${owner} started on ${config.db}${server ? `; statuses to http://${server.host}:${server.port}/pos/status` : ''}`);
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        log(`${signal}: stopping`);
        process.off('SIGTERM', onTerm);
        process.off('SIGINT', onInt);
        void (async () => {
          await server?.close();
          await relay.stop();
          store.close();
          log('relay stopped');
          resolve();
        })();
      };
      const onTerm = () => stop('SIGTERM');
      const onInt = () => stop('SIGINT');
      process.on('SIGTERM', onTerm);
      process.on('SIGINT', onInt);
    });
  },
};
