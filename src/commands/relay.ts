/**
 * `ringdesk relay`: the outbox relay as a service for a back-office box, optionally serving the
 * HTTP status callback. Stops cleanly on SIGTERM/SIGINT: in-flight orders are finished or
 * released for the next relay.
 */
import fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { configFrom, untilStopped, type GlobalArgs } from './common.js';
import { openStore } from './engine.js';
import { openLog } from '../files/log-file.js';
import { recordingFolderOf } from '../config/config.js';
import { parseListen, startStatusServer, type StatusServer, type TlsFiles } from '../pos/status-server.js';
import { parseGiveUp } from '../pos/give-up.js';
import { MAX_RETRY_DELAY_MS } from '../pos/backoff.js';

class RelayCommandError extends Error {
  readonly userFacing = true;
}

type Args = GlobalArgs & Record<string, unknown>;

/** --tls-cert and --tls-key read (both or neither, only with --listen), or why not. */
function tlsFiles(argv: Args): TlsFiles | undefined {
  const cert = argv.tlsCert === undefined ? '' : String(argv.tlsCert);
  const key = argv.tlsKey === undefined ? '' : String(argv.tlsKey);
  if (!cert && !key) return undefined;
  if (!cert || !key) throw new RelayCommandError(`--tls-cert and --tls-key go together: the certificate and its private key (PEM files)`);
  if (argv.listen === undefined) throw new RelayCommandError('--tls-cert and --tls-key are for the status callback: add --listen HOST:PORT');
  const read = (flag: string, file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (e) {
      throw new RelayCommandError(`${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  };
  return { cert: read('--tls-cert', cert), key: read('--tls-key', key) };
}

function positive(argv: Args, name: string): number | undefined {
  const v = argv[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new RelayCommandError(`--${name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} must be a number above 0, got ${String(v)}`);
  return n;
}

export const relayCommand: CommandModule<GlobalArgs, Args> = {
  command: 'relay',
  describe: 'send queued orders to the points of sale and offline messages by e-mail (a service); with --listen, take status callbacks and POST /callbacks',
  builder: (y) => y
    .option('listen', { type: 'string', describe: 'serve POST /pos/status and POST /callbacks on HOST:PORT, e.g. 127.0.0.1:8787' })
    .option('tls-cert', { type: 'string', describe: 'serve the status callback over HTTPS with this certificate (PEM, the full chain)' })
    .option('tls-key', { type: 'string', describe: "the certificate's private key (PEM); readable by the relay's user only" })
    .option('timeout-ms', { type: 'number', describe: 'wait this long for a POS answer (default 30000)' })
    .option('lease-ms', { type: 'number', describe: 'how long a claimed order is ours (default timeout + 15000)' })
    .option('give-up', { type: 'string', describe: 'mark an unacknowledged order failed at: promised (its promised time; default, config posGiveUp), promised+15m, or 45m after queueing' })
    .option('base-delay-ms', { type: 'number', describe: 'first retry delay, doubling with jitter (default 2000)' })
    .option('max-delay-ms', { type: 'number', describe: `longest retry delay, at most ${MAX_RETRY_DELAY_MS} (the default)` })
    .option('max-attempts', { type: 'number', hidden: true })
    .option('probe-ms', { type: 'number', describe: 'while a POS is unreachable, try its oldest order this often to notice it is back (default 2000)' })
    .option('concurrency', { type: 'number', describe: 'orders in flight at once (default 16)' })
    .option('alive-ms', { type: 'number', describe: "renew the box's relay lease this often; consoles send the orders themselves after 3 missed renewals (default 10000)" })
    .option('quiet', { type: 'boolean', describe: 'log only failures and refusals (the same as --log-level warn)' })
    .example('$0 relay', 'send queued orders until stopped (SIGTERM finishes the orders in flight)')
    .example('$0 relay --listen 127.0.0.1:8787', 'also take the POS status callbacks (behind a TLS proxy, docs/operations.md)')
    .example('$0 relay --listen 0.0.0.0:8443 --tls-cert /etc/ringdesk/tls/cert.pem --tls-key /etc/ringdesk/tls/key.pem', 'the callbacks over HTTPS without a proxy')
    .epilogue('On a back-office box it runs as a systemd service: contrib/systemd/ringdesk-relay.service in the package, docs/operations.md.'),
  handler: async (argv) => {
    const listen = argv.listen === undefined ? null : parseListen(String(argv.listen));
    if (listen && 'error' in listen) throw new RelayCommandError(listen.error);
    if (argv.maxAttempts !== undefined) {
      throw new RelayCommandError('--max-attempts is gone: a POS outage never fails an order by attempt count; --give-up says when an unacknowledged order is marked failed (default: its promised time)');
    }
    const opts = {
      timeoutMs: positive(argv, 'timeoutMs'), leaseMs: positive(argv, 'leaseMs'),
      baseDelayMs: positive(argv, 'baseDelayMs'), maxDelayMs: positive(argv, 'maxDelayMs'), concurrency: positive(argv, 'concurrency'),
      probeMs: positive(argv, 'probeMs'),
    };
    const aliveMs = positive(argv, 'aliveMs');
    if (opts.maxDelayMs !== undefined && opts.maxDelayMs > MAX_RETRY_DELAY_MS) {
      throw new RelayCommandError(`--max-delay-ms (${opts.maxDelayMs}) must be at most ${MAX_RETRY_DELAY_MS}: a POS that is back must not wait longer for its orders`);
    }
    if (opts.leaseMs !== undefined && opts.leaseMs <= (opts.timeoutMs ?? 30_000)) {
      throw new RelayCommandError(`--lease-ms (${opts.leaseMs}) must be longer than --timeout-ms (${opts.timeoutMs ?? 30_000}), or two relays may send the same order at once`);
    }
    const tls = tlsFiles(argv);
    const config = configFrom(argv);
    const giveUp = parseGiveUp(argv.giveUp === undefined ? config.posGiveUp : String(argv.giveUp));
    if (!giveUp.ok) throw new RelayCommandError(`--give-up: ${giveUp.error}`);
    const store = openStore(config);
    // the relay's log goes to standard output (the journal, under systemd) through the one log
    // writer: what a POS sent may be in it, so nothing reaches the terminal raw
    const log = openLog(process.stdout, '', { level: argv.quiet ? 'warn' : config.logLevel });
    const { defaultOwner, startRelay } = await import('../pos/relay.js');
    const { holdRelayLease } = await import('../pos/relay-standby.js');
    const owner = defaultOwner('relay');
    let server: StatusServer | null = null;
    if (listen) {
      try {
        server = await startStatusServer(store.ports, listen.host, listen.port, log, tls, { timezone: config.timezone, offlineMailTo: config.offlineMailTo });
      } catch (e) {
        store.close();
        throw new RelayCommandError(`cannot listen on ${String(argv.listen)}: ${(e as Error).message}`);
      }
    }
    // one relay per box: the lease says so to the consoles, which then run none of their own
    const releaseLease = holdRelayLease(store.ports, owner, { everyMs: aliveMs, log });
    // and one look for vanished consoles per box: this service's, so idle consoles wake for none
    const { sweepTheBox } = await import('../desk/console-run.js');
    const stopSweeping = sweepTheBox(store, { owner, log });
    // and the recordings past their retention, for the whole box
    const { keepRecordings } = await import('../files/recordings.js');
    const stopRetention = keepRecordings(recordingFolderOf(config), config.recordKeepDays, { now: Date.now, log });
    const { startMailRelay, mailSettingsOf, relays } = await import('../mail/mail-relay.js');
    // offline messages go out by e-mail from the same service (one sender per box)
    const relay = relays(
      startRelay({ store: store.ports, owner, log, giveUp: giveUp.policy, timezone: config.timezone, wakeOnCommits: true, ...opts }),
      startMailRelay({ store: store.ports, owner, settings: mailSettingsOf(config), log: (l, level) => log(`mail: ${l}`, level) }),
    );
    log(`relay ${owner} started on ${config.db}${server ? `; statuses to ${server.scheme}://${server.host}:${server.port}/pos/status` : ''}`);
    await untilStopped(log, async () => {
      await server?.close();
      await relay.stop();
      stopSweeping();
      stopRetention();
      await releaseLease();
      store.close();
      log('relay stopped');
    });
  },
};
