/**
 * How a console tells the relay that it queued an order, so the order goes at once instead of
 * at the relay's next look at the outbox. The relay is a per-box service (issue 19): the order's
 * commit itself wakes it, across processes (the relay watches the database's -wal file,
 * `wakeOnCommits` in src/pos/relay.ts). While a console stands in for a dead service
 * (src/pos/relay-standby.ts) its own relay is woken with a function call, through this interface.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Relay } from './relay.js';

/** Who holds a relay's leases: unique per process (host:pid:role:random). */
export function defaultOwner(role = 'relay'): string {
  return `${os.hostname()}:${process.pid}:${role}:${crypto.randomBytes(3).toString('hex')}`;
}

/**
 * True only when `owner` (as `defaultOwner` makes it) names a process on this box that no longer
 * exists: a relay killed with kill -9 leaves its lease behind for up to three renewals, and this
 * says so at once. Another box's owner, a name of another shape, or a live process (or one this
 * user may not signal): false — then the lease's own expiry decides, as before.
 */
export function ownerGone(owner: string, host = os.hostname()): boolean {
  const [ownerHost, pidText] = owner.split(':');
  if (ownerHost !== host || !/^[1-9][0-9]*$/.test(pidText ?? '')) return false;
  const pid = Number(pidText);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface RelayWaker {
  /** An order was queued (sent, cancelled, resent): look at the outbox now. Never throws, never waits. */
  wake(): void;
}

/**
 * A waker for a relay that starts after the console (it is loaded after the first frame): wakes
 * before then are harmless, because a starting relay looks at the outbox first thing.
 */
export function lateWaker(): RelayWaker & { attach(target: RelayWaker | null): void } {
  let target: RelayWaker | null = null;
  return {
    wake: () => target?.wake(),
    attach: (t) => { target = t; },
  };
}

/**
 * A relay whose code is loaded only when it starts: a console beside the relay service never
 * loads the POS transports (ws) or the mail library (nodemailer), issue 19. Wakes before it is
 * loaded are harmless (a starting relay looks at its outbox first thing); a stop waits for the
 * load and stops what it started; a failed load is told once (the console stays up).
 */
export function relayLoadedLater(owner: string, load: () => Promise<Relay>, failed: (e: Error) => void): Relay {
  let relay: Relay | null = null;
  let stopped = false;
  const loading = load().then(async (r) => {
    if (stopped) {
      await r.stop();
      return null;
    }
    relay = r;
    return r;
  }, (e: unknown) => {
    failed(e instanceof Error ? e : new Error(String(e)));
    return null;
  });
  return {
    owner,
    wake: () => relay?.wake(),
    kick: () => relay?.kick(),
    async stop() {
      stopped = true;
      const r = await loading;
      await r?.stop();
    },
  };
}
