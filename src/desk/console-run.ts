/**
 * This console run in the call log (src/store/consoles.ts): its row begins, beats and stops,
 * every call it logs carries its id and counts as a sign of life, and the calls of runs that went
 * silent (a crash, kill -9) are closed at their last sign of life — no call left 'ringing'.
 */
import type { Store } from '../store/index.js';
import type { LogLine } from '../files/log-file.js';
import type { CallLog } from './events.js';
import { DEFAULT_TIMEZONE } from '../domain/local-time.js';
import type { GoneRun } from '../store/ports.js';

/** A console run silent this long is gone: its open calls are closed (3 missed heartbeats). */
export const HEARTBEAT_MS = 10_000;
const GONE_AFTER_MS = 3 * HEARTBEAT_MS;
/**
 * The heartbeat of a console with no call, and only while it holds no lock file (a folder it
 * could not make): it has no call anyone could close, so it only says it is alive; each one wakes
 * every other console on the box (bench/idle.js: 200 consoles beating every minute woke each
 * console 200 times a minute). A console holding its lock is known alive by it and beats only
 * during a call.
 */
export const IDLE_HEARTBEAT_MS = 5 * 60_000;
/**
 * How often the box looks whether its consoles are still there (try-locks, no writes;
 * src/store/consoles.ts `sweep`): a vanished console is offline within this plus a look. The
 * relay service does it for every console (`sweepTheBox`); consoles do it themselves, each for
 * its part of the ring, only while no relay service is alive.
 */
export const SWEEP_MS = 4000;
/** A run of an older ringdesk (no lock file) silent this long is gone: two idle heartbeats and a minute. */
const SILENT_MS = 2 * IDLE_HEARTBEAT_MS + 60_000;

/**
 * The relay service's look for vanished consoles, for the whole box (one process does it, so an
 * idle console wakes for none): every live run every `everyMs`; a run whose lock is free is marked
 * gone — its operator offline, its items back in the queue — and every console sees it by its
 * commit watch. Returns the stop.
 */
export function sweepTheBox(store: Store, o: { owner: string; now?: () => number; log?: LogLine; everyMs?: number }): () => void {
  const now = o.now ?? Date.now;
  const sweep = () => {
    try {
      for (const r of store.consoles.sweep(store.consoleLocks, o.owner, '', now(), { all: true, staleMs: GONE_AFTER_MS, silentMs: SILENT_MS })) {
        o.log?.(`console of ${r.operator} is gone (its process ended without quitting): ${r.operator} is offline, their items are back in the queue`);
      }
    } catch (err) {
      // a busy database: the next sweep looks again
      o.log?.(`console sweep: ${(err as Error).message}`, 'warn');
    }
  };
  sweep();
  const timer = setInterval(sweep, o.everyMs ?? SWEEP_MS);
  return () => clearInterval(timer);
}

export interface ConsoleRunOptions {
  store: Store;
  id: string;
  operator: { id: number | null; name: string; extension: string };
  now: () => number;
  log?: LogLine;
  /** The desk's time zone: a caller who gave up is called back once per number and local day. */
  timezone?: string;
}

export class ConsoleRun {
  constructor(private o: ConsoleRunOptions) {}

  /** This run holds its lock file: its liveness needs no heartbeat while it has no call. */
  locked = false;

  /** This run begins; the calls an earlier run left ringing (a crash, a kill) are closed first. */
  begin(): void {
    // the lock first: a run whose row is there holds its lock, so no sweep takes it for gone
    this.locked = this.o.store.consoleLocks.hold(this.o.id);
    try {
      this.o.store.consoles.begin(this.o.id, this.o.operator.name, this.o.now());
    } catch (err) {
      this.o.log?.(`console run not recorded: ${(err as Error).message}`);
    }
    this.heartbeat();
  }

  /**
   * The console is alive (every HEARTBEAT_MS): its row says so, and the open calls of console
   * runs that are gone are closed at their last sign of life.
   */
  heartbeat(): void {
    try {
      const now = this.o.now();
      this.o.store.consoles.alive(this.o.id, now);
      const closed = this.o.store.consoles.closeOrphanedCalls(this.o.id, this.o.operator.name, now, GONE_AFTER_MS);
      if (closed) this.o.log?.(`closed ${closed} call(s) a stopped console left open (logged at its last sign of life)`);
    } catch (err) {
      // a busy database: the next heartbeat tries again
      this.o.log?.(`heartbeat: ${(err as Error).message}`);
    }
  }

  /**
   * Look whether the runs this one watches are still there (their locks; src/store/consoles.ts
   * `sweep`): a vanished one is marked gone — its operator offline, its items back in the queue.
   * `all`: every live run (as the console starts). Returns the runs marked gone.
   */
  sweep(all = false): GoneRun[] {
    const { store, operator } = this.o;
    const gone = store.consoles.sweep(store.consoleLocks, this.o.id, operator.name, this.o.now(), { all, staleMs: GONE_AFTER_MS, silentMs: SILENT_MS });
    for (const r of gone) this.o.log?.(`console of ${r.operator} is gone (its process ended without quitting): ${r.operator} is offline, their items are back in the queue`);
    return gone;
  }

  /** The console quits: its run is over, its operator offline, its lock let go (a crash never gets here; a colleague's sweep finds its lock free). */
  stop(): void {
    const now = this.o.now();
    this.o.store.consoles.stop(this.o.id, now);
    this.o.store.consoleLocks.release();
    this.locked = false;
    // what this run leaves open is closed now, not at some colleague's next heartbeat (idle ones beat no more)
    try {
      this.o.store.consoles.closeOrphanedCalls('', this.o.operator.name, now, GONE_AFTER_MS);
    } catch (err) {
      this.o.log?.(`calls left open at stop: ${(err as Error).message}`);
    }
  }

  private callBackAbandoned(callRef: string, at: number): void {
    try {
      const made = this.o.store.callbacks.fromAbandonedCall(callRef, this.o.timezone ?? DEFAULT_TIMEZONE, at);
      if (made?.ok && made.created) this.o.log?.(`callback #${made.item.id} for a caller who gave up after waiting (call ${callRef})`);
    } catch (err) {
      // the call row is written; the callback is a convenience the next missed call may bring
      this.o.log?.(`callback for call ${callRef} not made: ${(err as Error).message}`);
    }
  }

  /** One call-log row written, under this run and this operator. */
  logCall(entry: CallLog): void {
    const { store, operator } = this.o;
    const calls = store.calls;
    // a call written is a sign of life: a crash later ends this run's open calls no earlier than this
    if (entry.op !== 'link' && entry.op !== 'figures' && entry.op !== 'recorded') store.consoles.alive(this.o.id, entry.at);
    switch (entry.op) {
      case 'start':
        return calls.started({
          callRef: entry.callRef, direction: entry.direction, remote: entry.remote, remoteKey: entry.remoteKey,
          operatorId: operator.id, extension: operator.extension, startedAt: entry.at, customerId: entry.customerId,
          console: this.o.id, group: entry.group,
        });
      case 'answered': return calls.markAnswered(entry.callRef, entry.at, { operatorId: operator.id, extension: operator.extension, ...(entry.deskPhone ? { deskPhone: true } : {}) });
      case 'ended':
        calls.markEnded(entry.callRef, entry.at, entry.outcome);
        // a caller who gave up while it rang (after waiting) gets a callback, once per number and day
        if (entry.outcome === 'missed') this.callBackAbandoned(entry.callRef, entry.at);
        return;
      case 'link': return calls.linkTo(entry.callRef, entry.customerId, entry.deliveryId);
      case 'figures': return calls.setFigures(entry.callRef, entry.figures);
      case 'recorded': return calls.recordedTo(entry.callRef, entry.file);
    }
  }
}
