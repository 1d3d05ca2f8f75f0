/**
 * One relay per box (issue 19). The POS relay runs as its own service (`ringdesk relay`, the
 * systemd unit ringdesk-relay.service) and holds the box's lease (src/store/relay-lease.ts);
 * a console runs a relay itself only while no relay is alive — a demo, a single laptop, or
 * the service killed mid-shift — and hands back to a service that starts. The relay
 * service is woken by the consoles' commits (the ports' change feed), so a console that queues an
 * order wakes it across processes; a console's own relay it wakes with a function call.
 * Exactly-once does not rest on the lease: every outbox row has its own.
 */
import type { StorePorts } from '../store/ports.js';
import type { LogLine } from '../files/log-file.js';
import type { Relay } from './relay.js';
import { ownerGone, type RelayWaker } from './wake.js';

/** How often a relay renews the box's lease, and how often a console looks at it. */
export const RELAY_ALIVE_MS = 10_000;
/** A lease not renewed for this many renewals is a dead relay's. */
const MISSED = 3;

export interface StandbyOptions {
  store: StorePorts;
  /** This console's relay owner (host:pid:…). */
  owner: string;
  /** Start a relay in this process (only while no other relay is alive). */
  start: () => Relay;
  /** How often the lease is looked at, and renewed while this console holds it. Default RELAY_ALIVE_MS. */
  everyMs?: number;
  now?: () => number;
  log?: LogLine;
  /**
   * Told at each look whether the relay service (not a console) holds the box's lease: it also
   * looks for vanished consoles (`sweepTheBox`), so while it is alive a console need not.
   */
  onService?: (alive: boolean) => void;
}

export interface RelayStandby extends RelayWaker {
  /** This console is sending the box's orders now. */
  readonly running: boolean;
  /** Stop looking; stop this console's relay and give the lease back. */
  stop(): Promise<void>;
}

/** Watch the box's lease: run a relay here while none is alive, stop it when a service is back. */
export function relayWhenNoneAlive(o: StandbyOptions): RelayStandby {
  const { store, owner } = o;
  const every = o.everyMs ?? RELAY_ALIVE_MS;
  const now = o.now ?? Date.now;
  const log = o.log ?? (() => {});
  let relay: Relay | null = null;

  let service: boolean | null = null;
  function tellService(alive: boolean): void {
    if (alive === service) return;
    service = alive;
    o.onService?.(alive);
  }

  /** A look still being answered: the next waits for it, stop() too. */
  let looking: Promise<void> | null = null;
  let stopped = false;
  function look(): void {
    if (looking || stopped) return;
    looking = lookNow().finally(() => { looking = null; });
  }
  async function lookNow(): Promise<void> {
    try {
      let holder = await store.relayLease.holder(now());
      if (stopped) return;
      // a relay killed on this box (kill -9) leaves its lease for up to three renewals: without this,
      // nobody sent the box's orders or looked for vanished consoles for up to ~40 s
      if (holder && holder.owner !== owner && ownerGone(holder.owner)) {
        log(`the relay ${holder.owner} is gone (its process ended): its lease is given up`, 'warn');
        await store.relayLease.release(holder.owner);
        holder = null;
        if (stopped) return;
      }
      tellService(holder?.kind === 'service' && holder.owner !== owner);
      // another relay is alive: a read, no write (every console on the box looks)
      if (holder && holder.owner !== owner) {
        if (!relay) return;
        const mine = relay;
        relay = null;
        log(`the relay ${holder.owner} is back: this console stops sending the box's orders`, 'warn');
        void mine.stop();
        return;
      }
      if (!(await store.relayLease.take(owner, 'console', now(), MISSED * every))) return;
      if (relay || stopped) return;
      log('no relay alive on this box: this console sends the orders until one starts', 'warn');
      relay = o.start();
    } catch (e) {
      // a busy database: the next look tries again (and this console looks for vanished colleagues meanwhile)
      tellService(false);
      log(`relay lease: ${(e as Error).message}`, 'warn');
    }
  }

  look();
  const timer = setInterval(look, every);
  timer.unref();
  return {
    get running() { return relay !== null; },
    wake: () => relay?.wake(),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await looking;
      const mine = relay;
      relay = null;
      await mine?.stop();
      // closing: a lease not given back runs out by itself
      await store.relayLease.release(owner).catch(() => {});
    },
  };
}

/** The relay service keeps the box's lease: taken at start (from a console too), renewed, given back at stop. */
export function holdRelayLease(store: StorePorts, owner: string, o: { everyMs?: number; now?: () => number; log?: LogLine } = {}): () => Promise<void> {
  const every = o.everyMs ?? RELAY_ALIVE_MS;
  const now = o.now ?? Date.now;
  let renewing: Promise<unknown> = Promise.resolve();
  const renew = () => {
    renewing = store.relayLease.take(owner, 'service', now(), MISSED * every).catch((e) => o.log?.(`relay lease: ${(e as Error).message}`, 'warn'));
  };
  renew();
  const timer = setInterval(renew, every);
  return async () => {
    clearInterval(timer);
    await renewing;
    // closing: a lease not given back runs out by itself
    await store.relayLease.release(owner).catch(() => {});
  };
}
