/**
 * The relay: drains the point-of-sale outbox. It runs as `ringdesk relay`, one per box, and
 * inside a console only while no relay is alive (src/pos/relay-standby.ts); a lease in the
 * database gives each row one sender across processes, and a sender that dies (kill -9) only
 * delays its rows until the lease runs out. Every attempt for one version of a delivery carries the same idempotency key, so the POS takes it once.
 *
 * A POS outage never fails an order by attempt count: retries back off (capped at 30 s) until
 * the order's deadline (src/pos/give-up.ts, default its promised time). While a POS's orders
 * wait, its oldest one is sent early every `probeMs` as a probe; the first acknowledgement
 * wakes every waiting order of that POS, so the outbox drains as soon as the POS is back.
 */
import crypto from 'node:crypto';
import type { ClaimedOrder, PosConnection, StorePorts } from '../store/ports.js';
import { retryDelay } from './backoff.js';
import { defaultGiveUp, describeGiveUp, giveUpAt, type GiveUpPolicy } from './give-up.js';
import { formatClock } from '../domain/local-time.js';
import { defaultOwner, type RelayWaker } from './wake.js';
import { httpLink } from './http-transport.js';
import { wsLink } from './ws-transport.js';
import { receiveStatus } from './status-intake.js';
import { receiveStopList } from './stop-list-intake.js';
import type { PosLink, SendOutcome } from './transport.js';
import type { LogLine } from '../files/log-file.js';
import { startOutboxPump } from './outbox-pump.js';

export interface RelayOptions {
  /** The store's ports (src/store/ports.ts): every read and write is awaited, so any engine serves. */
  store: StorePorts;
  /** Who holds the leases; unique per process. Default: host:pid:random. */
  owner?: string;
  /** How long to wait for the POS's answer (DOMAIN.md §3.3: ≥ 30 s in production). Default 30 s. */
  timeoutMs?: number;
  /** How long a claimed row is ours; must outlast a send. Default timeout + 15 s. */
  leaseMs?: number;
  /** When to stop retrying an order the POS has not acknowledged (default: its promised time). */
  giveUp?: GiveUpPolicy;
  /** First retry delay, doubling with jitter. Default 2 s. */
  baseDelayMs?: number;
  /** Longest retry delay; never above 30 s (MAX_RETRY_DELAY_MS). Default 30 s. */
  maxDelayMs?: number;
  /** How often a POS whose orders all wait out a back-off is probed with its oldest one. Default 2 s. */
  probeMs?: number;
  /** Orders in flight at once. Default 16. */
  concurrency?: number;
  /** How often an idle relay looks for due rows. Default 200 ms. */
  pollMs?: number;
  /**
   * Called after this relay changed what a dispatcher sees (acknowledged, failed, a POS status,
   * a stop-list update from a POS).
   * A console passes its refresh here: its own connection's writes do not move data_version.
   */
  onChange?: () => void;
  /** Diagnostics, one line each (never a token). */
  log?: LogLine;
  random?: () => number;
  /** The clock every deadline, back-off and lease is read from (tests inject one). Default Date.now. */
  now?: () => number;
  /** Time zone of the times in failure reasons ("not acknowledged by 12:45"). Default UTC. */
  timezone?: string;
  /**
   * Look at the outbox as soon as another process's commit moved what a desk shows (a console
   * queued, cancelled or resent an order): the wake that crosses processes (the change feed: on SQLite a
   * watch on the -wal file). The relay service and a console standing in for it use it.
   */
  wakeOnCommits?: boolean;
}

export interface Relay extends RelayWaker {
  readonly owner: string;
  /** Look for due rows now (after this process queued one); the same as wake(). */
  kick(): void;
  /** Stop taking rows, let the ones in flight finish briefly, close connections. */
  stop(): Promise<void>;
}

export { defaultOwner } from './wake.js';

export function startRelay(o: RelayOptions): Relay {
  const { store } = o;
  const owner = o.owner ?? defaultOwner();
  const timeoutMs = o.timeoutMs ?? 30_000;
  const leaseMs = o.leaseMs ?? timeoutMs + 15_000;
  const giveUp = o.giveUp ?? defaultGiveUp;
  const policy = { baseDelayMs: o.baseDelayMs ?? 2_000, maxDelayMs: o.maxDelayMs ?? 30_000 };
  const now = o.now ?? Date.now;
  const timezone = o.timezone ?? 'UTC';
  const concurrency = o.concurrency ?? 16;
  const log = o.log ?? (() => {});
  const links = new Map<number, { signature: string; link: PosLink }>();
  let stopping = false;

  // what a dispatcher sees is told at once, then at most every 50 ms however many orders move together
  let changeTimer: NodeJS.Timeout | undefined;
  let lastChange = -Infinity;
  const tell = () => {
    changeTimer = undefined;
    lastChange = performance.now();
    try {
      o.onChange?.();
    } catch (e) {
      log(`relay: ${(e as Error).message}`, 'error');
    }
  };
  const changed = () => {
    if (changeTimer || !o.onChange) return;
    const since = performance.now() - lastChange;
    if (since >= 50) tell();
    else changeTimer = setTimeout(tell, 50 - since);
  };
  const onLateAck = (posId: number, key: string) => {
    store.outbox.acknowledgeKey(key, posId, now()).then((acknowledged) => {
      if (!acknowledged) return;
      log(`${key}: acknowledged late by the POS; no longer failed or waiting`);
      changed();
    }, (e) => log(`${key}: a late acknowledgement not recorded: ${(e as Error).message}; the order goes again and the POS takes it once`, 'warn'));
  };
  const onStatus = async (posId: number, report: unknown) => {
    const reply = await receiveStatus(store, posId, report, log);
    if (reply.code === 200) changed(); // applied, or an order marked failed reconciled
    return reply;
  };
  const onStopList = async (posId: number, message: unknown) => {
    const reply = await receiveStopList(store, posId, message, log);
    if (reply.body.applied) changed();
    return reply;
  };

  function linkFor(pos: PosConnection): PosLink {
    const signature = `${pos.transport} ${pos.endpoint} ${crypto.createHash('sha256').update(pos.token).digest('hex')}`;
    const have = links.get(pos.id);
    if (have && have.signature === signature) return have.link;
    if (have) void have.link.close();
    const link = pos.transport === 'ws'
      ? wsLink(pos.endpoint, pos.token, { posId: pos.id, onStatus, onStopList, onLateAck, log: (l, level) => log(`${pos.name}: ${l}`, level) })
      : httpLink(pos.endpoint, pos.token, { maxSockets: concurrency });
    links.set(pos.id, { signature, link });
    return link;
  }

  /** WebSocket points of sale get a connection even with nothing to send, so statuses can come in. */
  async function syncLinks(): Promise<void> {
    try {
      const wanted = await store.pointsOfSale.connections();
      if (stopping) return;
      for (const pos of wanted) if (pos.transport === 'ws') linkFor(pos);
      for (const [id, l] of links) {
        if (!wanted.some((p) => p.id === id)) {
          void l.link.close();
          links.delete(id);
        }
      }
    } catch (e) {
      log(`cannot read points of sale: ${(e as Error).message}`, 'error');
    }
  }

  async function deliver(row: ClaimedOrder, probe = false): Promise<void> {
    const label = `order #${row.id} (${row.idempotencyKey}, attempt ${row.attempts}${probe ? ', probe' : ''})`;
    const conn = await store.pointsOfSale.connection(row.posId);
    if (!conn.ok) {
      await store.outbox.markFailed(row, owner, conn.reason, now());
      log(`${label} failed: ${conn.reason}`, 'warn');
      return changed();
    }
    const outcome: SendOutcome = await linkFor(conn.pos).send(
      { key: row.idempotencyKey, payload: row.payload, timeoutMs },
      () => { void store.outbox.markWritten(row.id, owner, now()).catch((e) => log(`${label}: ${(e as Error).message}`, 'warn')); },
    );
    const at = now();
    if (outcome.kind === 'acknowledged') {
      const woke = await store.outbox.acknowledge(row, at);
      log(`${label} acknowledged by ${conn.pos.name}${woke ? `; ${woke} waiting order(s) of it go now` : ''}`);
      if (woke) pump.wake();
    } else if (outcome.kind === 'rejected') {
      await store.outbox.markFailed(row, owner, outcome.reason, at);
      log(`${label} failed: ${outcome.reason}`, 'warn');
    } else {
      const deadline = giveUpAt(giveUp, row);
      if (at >= deadline) {
        const reason = `not acknowledged by ${formatClock(deadline, timezone)} (${describeGiveUp(giveUp, row)}) after ${row.attempts} attempts: ${outcome.reason}`;
        await store.outbox.markFailed(row, owner, reason, at);
        log(`${label} failed: ${reason}`, 'warn');
      } else {
        // the last try is at the deadline itself, never after it
        const wait = Math.min(retryDelay(row.attempts, policy, outcome.retryAfterMs, o.random), deadline - at);
        await store.outbox.retryLater(row, owner, at + wait, outcome.reason);
        log(`${label}: ${outcome.reason}; again in ${Math.round(wait / 100) / 10} s`);
      }
    }
    changed();
  }

  // claim what is due (one indexed look first: an idle relay asks nothing else), deliver up to `concurrency` at once
  const pump = startOutboxPump<{ row: ClaimedOrder; probe: boolean }>({
    name: 'relay',
    concurrency,
    pollMs: o.pollMs ?? 200,
    log,
    claim: async (room) => {
      const at = now();
      if (!(await store.outbox.hasDue(at))) return [];
      return (await store.outbox.claimDue(owner, leaseMs, room, at)).map((row) => ({ row, probe: false }));
    },
    deliver: ({ row, probe }) => deliver(row, probe),
    failed: ({ row }, e) => log(`order #${row.id}: ${e.message}; its lease will run out and it goes again`, 'error'),
  });

  /** A POS whose every order waits out a back-off gets its oldest one early: is it back? */
  /** A probe's claim still being answered: stop() waits for it before closing the links. */
  let probing: Promise<void> | null = null;
  function probe(): void {
    if (stopping || probing || pump.inFlight >= concurrency) return;
    probing = store.outbox.claimProbes(owner, leaseMs, now()).then(
      // claimed rows are ours (their lease): delivered even if stop() came meanwhile, as the pump's are
      (rows) => { for (const row of rows) pump.run({ row, probe: true }); },
      (e) => { log(`relay: ${(e as Error).message}`, 'warn'); },
    ).finally(() => { probing = null; });
  }

  // another process's commit that moved what a desk shows (an order queued, cancelled, resent): look now
  let seen: number | null = null;
  const stopWatching = o.wakeOnCommits ? store.changes.onCommit((byOthers) => {
    if (!byOthers || stopping) return;
    store.changes.deskVersion().then((v) => {
      if (v === seen || stopping) return;
      seen = v;
      pump.pump();
    }, () => {}); // closing
  }) : () => {};
  if (o.wakeOnCommits) store.changes.deskVersion().then((v) => { seen ??= v; }, () => {});
  const probes = setInterval(probe, o.probeMs ?? 2_000);
  const sync = setInterval(() => { void syncLinks(); }, 5_000);
  void syncLinks();

  const wake = () => { pump.wake(); };
  return {
    owner,
    kick: wake,
    wake,
    async stop() {
      if (stopping) return;
      stopping = true;
      stopWatching();
      clearInterval(probes);
      clearInterval(sync);
      clearTimeout(changeTimer);
      await probing;
      await pump.stop(Math.min(timeoutMs, 2_000));
      // what is still in flight is answered "retry" by the closing links and released for the next relay
      await Promise.all([...links.values()].map((l) => l.link.close()));
      links.clear();
      await pump.settled();
    },
  };
}
