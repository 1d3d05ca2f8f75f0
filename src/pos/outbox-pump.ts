/**
 * The loop every sender runs over its outbox (the POS orders, src/pos/relay.ts; the offline
 * e-mails, src/mail/mail-relay.ts; the chat answers, one per channel, src/chat/chat-pump.ts): claim what is due, deliver up to `concurrency` rows at once,
 * look again as soon as one finishes, when woken (this process queued a row, another process's
 * commit was seen) and every `pollMs` (a back-off ran out, a lease of a dead sender expired).
 * What a row's delivery means, its retries and its lease are the relay's; the pump only decides
 * when to look and keeps count of what is in flight, so stop() can wait for it.
 *
 * Idle cost: one `claim` call per poll (the relays' claim asks the outbox one indexed "anything
 * due?" first) and nothing else — no timer besides the poll, none at all once stopped.
 */
import type { LogLine } from '../files/log-file.js';

export interface OutboxPumpOptions<Row> {
  /** In log lines: "relay", "mail relay". */
  name: string;
  /**
   * Rows due now, claimed for this process: at most `room`. Throwing or rejecting (a busy database, a
   * closed store, an engine away) is logged; the next look tries again. A Promise (an engine that
   * answers over the network, src/store/ports.ts) is awaited, and no second claim starts meanwhile.
   */
  claim(room: number): Row[] | Promise<Row[]>;
  /** Deliver one claimed row (its outcome written by the relay). A rejection is given to `failed`. */
  deliver(row: Row): Promise<void>;
  /** What to say when a delivery threw. */
  failed(row: Row, e: Error): void;
  /** Rows in flight at once. */
  concurrency: number;
  /** How often an idle pump looks (ms). */
  pollMs: number;
  /** The poll does not keep the process alive (a console's stand-in relay). Default false. */
  unref?: boolean;
  log: LogLine;
}

export interface OutboxPump<Row> {
  /** Look for due rows on the next turn (a row queued by this process or seen committed by another). */
  wake(): void;
  /** Look now. */
  pump(): void;
  /** Deliver a row claimed elsewhere (a probe), in flight like the others. */
  run(row: Row): void;
  /** Rows in flight now. */
  readonly inFlight: number;
  /** Stop looking; resolves once the deliveries in flight have settled, or after `graceMs` if given. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves once every delivery in flight has settled. */
  settled(): Promise<void>;
}

export function startOutboxPump<Row>(o: OutboxPumpOptions<Row>): OutboxPump<Row> {
  const flying = new Set<Promise<void>>();
  let stopping = false;
  /** A claim still being answered (async engines): the next look waits for it. */
  let claiming: Promise<void> | null = null;

  function run(row: Row): void {
    const p: Promise<void> = o.deliver(row)
      .catch((e) => o.failed(row, e as Error))
      .finally(() => {
        flying.delete(p);
        setImmediate(pump);
      });
    flying.add(p);
  }

  function pump(): void {
    if (stopping || claiming) return;
    const room = o.concurrency - flying.size;
    if (room <= 0) return;
    let rows: Row[] | Promise<Row[]>;
    try {
      rows = o.claim(room);
    } catch (e) {
      o.log(`${o.name}: ${(e as Error).message}`, 'warn');
      return;
    }
    if (Array.isArray(rows)) {
      for (const row of rows) run(row);
      return;
    }
    // claimed rows are delivered even if stop() came meanwhile: their lease is ours, and stop() waits
    claiming = rows.then(
      (got) => { for (const row of got) run(row); },
      (e) => { o.log(`${o.name}: ${(e as Error).message}`, 'warn'); },
    ).finally(() => { claiming = null; });
  }

  const poll = setInterval(pump, o.pollMs);
  if (o.unref) poll.unref();
  setImmediate(pump);
  const settled = async () => {
    await claiming;
    await Promise.allSettled([...flying]);
  };

  return {
    wake: () => { setImmediate(pump); },
    pump,
    run,
    get inFlight() { return flying.size; },
    settled,
    async stop(graceMs?: number) {
      stopping = true;
      clearInterval(poll);
      if (graceMs === undefined) return settled();
      await Promise.race([settled(), new Promise((r) => setTimeout(r, graceMs).unref())]);
    },
  };
}
