/**
 * The relay: drains the point-of-sale outbox. It runs inside every console and as
 * `ringdesk relay`; a lease in the database gives each row one sender across processes, and a
 * sender that dies (kill -9) only delays its rows until the lease runs out. Every attempt for
 * one version of a delivery carries the same idempotency key, so the POS takes it once.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Store } from '../store/index.js';
import type { ClaimedOrder } from '../store/outbox.js';
import type { PosConnection } from '../store/points-of-sale.js';
import { retryDelay } from './backoff.js';
import { httpLink } from './http-transport.js';
import { wsLink } from './ws-transport.js';
import { receiveStatus } from './status-intake.js';
import { receiveStopList } from './stop-list-intake.js';
import type { PosLink, SendOutcome } from './transport.js';

export interface RelayOptions {
  store: Store;
  /** Who holds the leases; unique per process. Default: host:pid:random. */
  owner?: string;
  /** How long to wait for the POS's answer (DOMAIN.md §3.3: ≥ 30 s in production). Default 30 s. */
  timeoutMs?: number;
  /** How long a claimed row is ours; must outlast a send. Default timeout + 15 s. */
  leaseMs?: number;
  /** Attempts before a row is marked failed. Default 8 (about 4 minutes with the default delays). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
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
  log?: (line: string) => void;
  random?: () => number;
}

export interface Relay {
  readonly owner: string;
  /** Look for due rows now (after this process queued one). */
  kick(): void;
  /** Stop taking rows, let the ones in flight finish briefly, close connections. */
  stop(): Promise<void>;
}

export function defaultOwner(role = 'relay'): string {
  return `${os.hostname()}:${process.pid}:${role}:${crypto.randomBytes(3).toString('hex')}`;
}

export function startRelay(o: RelayOptions): Relay {
  const { store } = o;
  const owner = o.owner ?? defaultOwner();
  const timeoutMs = o.timeoutMs ?? 30_000;
  const leaseMs = o.leaseMs ?? timeoutMs + 15_000;
  const maxAttempts = o.maxAttempts ?? 8;
  const policy = { baseDelayMs: o.baseDelayMs ?? 2_000, maxDelayMs: o.maxDelayMs ?? 120_000 };
  const concurrency = o.concurrency ?? 16;
  const log = o.log ?? (() => {});
  const links = new Map<number, { signature: string; link: PosLink }>();
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  const changed = () => {
    try {
      o.onChange?.();
    } catch (e) {
      log(`relay: ${(e as Error).message}`);
    }
  };
  const onStatus = (posId: number, report: unknown) => {
    const reply = receiveStatus(store, posId, report, log);
    if (reply.body.applied) changed();
    return reply;
  };
  const onStopList = (posId: number, message: unknown) => {
    const reply = receiveStopList(store, posId, message, log);
    if (reply.body.applied) changed();
    return reply;
  };

  function linkFor(pos: PosConnection): PosLink {
    const signature = `${pos.transport} ${pos.endpoint} ${crypto.createHash('sha256').update(pos.token).digest('hex')}`;
    const have = links.get(pos.id);
    if (have && have.signature === signature) return have.link;
    if (have) void have.link.close();
    const link = pos.transport === 'ws'
      ? wsLink(pos.endpoint, pos.token, { posId: pos.id, onStatus, onStopList, log: (l) => log(`${pos.name}: ${l}`) })
      : httpLink(pos.endpoint, pos.token, { maxSockets: concurrency });
    links.set(pos.id, { signature, link });
    return link;
  }

  /** WebSocket points of sale get a connection even with nothing to send, so statuses can come in. */
  function syncLinks(): void {
    try {
      const wanted = store.pointsOfSale.connections();
      for (const pos of wanted) if (pos.transport === 'ws') linkFor(pos);
      for (const [id, l] of links) {
        if (!wanted.some((p) => p.id === id)) {
          void l.link.close();
          links.delete(id);
        }
      }
    } catch (e) {
      log(`cannot read points of sale: ${(e as Error).message}`);
    }
  }

  async function deliver(row: ClaimedOrder): Promise<void> {
    const label = `order #${row.id} (${row.idempotencyKey}, attempt ${row.attempts})`;
    const conn = store.pointsOfSale.connection(row.posId);
    if (!conn.ok) {
      store.outbox.markFailed(row, owner, conn.reason);
      log(`${label} failed: ${conn.reason}`);
      return changed();
    }
    const outcome: SendOutcome = await linkFor(conn.pos).send(
      { key: row.idempotencyKey, payload: row.payload, timeoutMs },
      () => { store.outbox.markWritten(row.id, owner); },
    );
    if (outcome.kind === 'acknowledged') {
      store.outbox.acknowledge(row);
      log(`${label} acknowledged by ${conn.pos.name}`);
    } else if (outcome.kind === 'rejected') {
      store.outbox.markFailed(row, owner, outcome.reason);
      log(`${label} failed: ${outcome.reason}`);
    } else if (row.attempts >= maxAttempts) {
      const reason = `gave up after ${row.attempts} attempts: ${outcome.reason}`;
      store.outbox.markFailed(row, owner, reason);
      log(`${label} failed: ${reason}`);
    } else {
      const wait = retryDelay(row.attempts, policy, outcome.retryAfterMs, o.random);
      store.outbox.retryLater(row, owner, Date.now() + wait, outcome.reason);
      log(`${label}: ${outcome.reason}; again in ${Math.round(wait / 100) / 10} s`);
      return;
    }
    changed();
  }

  function pump(): void {
    if (stopping) return;
    try {
      const room = concurrency - inFlight.size;
      if (room <= 0 || !store.outbox.hasDue()) return;
      for (const row of store.outbox.claimDue(owner, leaseMs, room)) {
        const p: Promise<void> = deliver(row)
          .catch((e) => log(`order #${row.id}: ${(e as Error).message}; its lease will run out and it goes again`))
          .finally(() => {
            inFlight.delete(p);
            setImmediate(pump);
          });
        inFlight.add(p);
      }
    } catch (e) {
      // a busy database or a closed store: try again on the next tick
      log(`relay: ${(e as Error).message}`);
    }
  }

  const poll = setInterval(pump, o.pollMs ?? 200);
  const sync = setInterval(syncLinks, 5_000);
  syncLinks();
  setImmediate(pump);

  return {
    owner,
    kick: () => setImmediate(pump),
    async stop() {
      if (stopping) return;
      stopping = true;
      clearInterval(poll);
      clearInterval(sync);
      const all = () => Promise.allSettled([...inFlight]);
      await Promise.race([all(), new Promise((r) => setTimeout(r, Math.min(timeoutMs, 2_000)).unref())]);
      // what is still in flight is answered "retry" by the closing links and released for the next relay
      await Promise.all([...links.values()].map((l) => l.link.close()));
      links.clear();
      await all();
    },
  };
}
