/**
 * The console's own clock, heartbeat and ears, for the runner (src/desk/runner.ts): the clock
 * ticks at the next whole minute, or the next second while something on screen counts seconds
 * (src/desk/state.ts countsSeconds); the heartbeat runs every HEARTBEAT_MS while the desk has a
 * call, without one only when the run holds no lock file (every IDLE_HEARTBEAT_MS); the sweep for
 * vanished colleagues every SWEEP_MS only while no relay service does it for the box; a commit by
 * another connection reloads only the lists it moved (the change feed's per-list counters:
 * orders, queue, chats). No other timer runs while idle. Fixtures and tests move time themselves (no `runLive`).
 */
import type { DeskList, ListVersions, StorePorts } from '../store/ports.js';
import type { LogLine } from '../files/log-file.js';
import type { DeskEvent } from './events.js';
import type { DeskState } from './state.js';
import { nextTickAt } from './desk-clock.js';
import { HEARTBEAT_MS, IDLE_HEARTBEAT_MS, SWEEP_MS, type ConsoleRun } from './console-run.js';

export interface DeskLiveOptions {
  ports: StorePorts;
  run: ConsoleRun;
  now: () => number;
  log?: LogLine;
  /** The database is a file others can share (no sweep for a private in-memory one). */
  shared: boolean;
  state: () => DeskState;
  dispatch: (e: DeskEvent) => void;
  /** Events whose facts are read first, dispatched in order after everything before them. */
  enqueue: (job: () => Promise<DeskEvent[]>) => void;
  /** How long messages arriving in the chat in front gather before they are marked read in one write (default READ_BATCH_MS). */
  readBatchMs?: number;
}

/**
 * Messages arriving in the chat in front are marked read once per this long (from the first of
 * them), not once each: every write wakes every console's commit watch on the box. Colleagues'
 * desks show the chat unread until then; this desk shows it read at once.
 */
export const READ_BATCH_MS = 2000;

/** Where the desk's watch stood: what it has seen of each of the desk's lists and of colleagues' statuses. */
interface Seen { lists: ListVersions; presence: number }

export class DeskLive {
  private timers: {
    tick: NodeJS.Timeout | null; tickAt: number; beat: NodeJS.Timeout | null; beatEvery: number; sweep: NodeJS.Timeout | null;
    /** Chats in front with messages waiting to be marked read, and the batch's timer. */
    reads: Map<number, NodeJS.Timeout>;
  } | null = null;
  private seen: Seen | null = null;
  /** Whether this console looks for vanished colleagues itself (default); not while the relay service does it for the box. */
  private sweepsHere = true;

  constructor(private o: DeskLiveOptions) {}

  /** What the desk has seen as it starts: a colleague's commit after this (before `start` watches) is still noticed. */
  async mark(): Promise<void> {
    this.seen = await this.seenNow();
  }

  private async seenNow(): Promise<Seen> {
    const [lists, presence] = await Promise.all([this.o.ports.changes.listVersions(), this.o.ports.presence.version()]);
    return { lists, presence };
  }

  /** Start the timers and the commit watch. Returns the stop. */
  start(): () => void {
    this.timers = { tick: null, tickAt: 0, beat: null, beatEvery: -1, sweep: null, reads: new Map() };
    this.keepTime();
    this.armSweep();
    const stopWatching = this.o.ports.changes.onCommit((byOthers) => {
      if (byOthers) this.colleagueCommitted();
    });
    // a colleague's commit between start() and now (the console loads its relay first) is shown now, not at the next commit
    if (this.seen) this.colleagueCommitted();
    else void this.mark();
    return () => {
      stopWatching();
      const t = this.timers;
      if (t?.tick) clearTimeout(t.tick);
      if (t?.beat) clearInterval(t.beat);
      if (t?.sweep) clearInterval(t.sweep);
      // what the dispatcher has seen is read: the batch is written now, not lost
      for (const [id, timer] of t?.reads ?? []) {
        clearTimeout(timer);
        this.markRead(id);
      }
      this.timers = null;
    };
  }

  /**
   * Another connection committed (the commit watch; a fixture's colleague): the desk hears which
   * of its lists moved (it reloads those, and an open customers or calls screen on any commit), colleagues' statuses are read when a presence changed — a heartbeat or a lease moves
   * neither: the desk's answer is no effect and nothing drawn.
   */
  colleagueCommitted(): void {
    this.o.enqueue(async () => {
      const { ports } = this.o;
      const out: DeskEvent[] = [];
      let lists: Record<DeskList, boolean>;
      try {
        const now = await this.seenNow();
        const before = this.seen;
        this.seen = now;
        const moved = (l: DeskList) => !before || now.lists[l] !== before.lists[l];
        lists = { orders: moved('orders'), queue: moved('queue'), chats: moved('chats') };
        if (!before || now.presence !== before.presence) out.push({ type: 'presence-loaded', team: await ports.presence.all() });
      } catch (e) {
        return [{ type: 'error', text: `database: ${(e as Error).message}` }];
      }
      // the desk decides what to read again: each list whose counter moved, an open full screen on any commit
      out.push({ type: 'store-changed', lists });
      return out;
    });
  }

  /**
   * A message arrived in the chat in front (the dispatcher sees it now): marked read with the
   * others arriving within the batch, in one write. False when the desk is not live (a fixture,
   * a test without runLive): the caller marks it read at once.
   */
  readLater(conversationId: number): boolean {
    const t = this.timers;
    if (!t) return false;
    if (t.reads.has(conversationId)) return true;
    const timer = setTimeout(() => {
      t.reads.delete(conversationId);
      this.markRead(conversationId);
    }, this.o.readBatchMs ?? READ_BATCH_MS);
    t.reads.set(conversationId, timer);
    return true;
  }

  private markRead(conversationId: number): void {
    this.o.enqueue(async () => {
      try {
        await this.o.ports.conversations.markRead(conversationId, this.o.now());
      } catch (err) {
        this.o.log?.(`chats: ${(err as Error).message}`);
      }
      return [];
    });
  }

  /**
   * Look whether the consoles this one watches are still there; a vanished one (kill -9, the SSH
   * session dropped) is marked gone: its operator offline, its items back in the queue.
   */
  sweep(all = false): void {
    this.o.enqueue(async () => {
      try {
        // this connection wrote it: the commit watch does not tell this desk, so it shows it itself
        if ((await this.o.run.sweep(all)).length) return [{ type: 'presence-loaded', team: await this.o.ports.presence.all() }];
      } catch (err) {
        this.o.log?.(`presence: ${(err as Error).message}`);
      }
      return [];
    });
  }

  /**
   * The relay service is alive (it looks for vanished consoles for the whole box: no sweep timer
   * here), or gone (this console looks again, at once and every SWEEP_MS).
   */
  sweepColleagues(on: boolean): void {
    if (on === this.sweepsHere) return;
    this.sweepsHere = on;
    if (on && this.timers) this.sweep(true);
    this.armSweep();
  }

  private armSweep(): void {
    const t = this.timers;
    if (!t) return;
    const wanted = this.sweepsHere && this.o.shared;
    if (wanted && !t.sweep) t.sweep = setInterval(() => this.sweep(), SWEEP_MS);
    if (!wanted && t.sweep) {
      clearInterval(t.sweep);
      t.sweep = null;
    }
  }

  /** The next tick where the state needs it; the heartbeat at the pace the state needs. */
  keepTime(): void {
    const t = this.timers;
    if (!t) return;
    const now = this.o.now();
    const state = this.o.state();
    const at = nextTickAt(state, now);
    if (!t.tick || t.tickAt > at) {
      if (t.tick) clearTimeout(t.tick);
      t.tickAt = at;
      t.tick = setTimeout(() => {
        t.tick = null;
        this.o.dispatch({ type: 'tick', now: this.o.now() });
        // a tick that changed nothing (fired a hair early) still needs the next one
        this.keepTime();
      }, Math.max(0, at - now));
    }
    // with no call a console holding its lock beats not at all: nothing of it could be closed
    const every = state.calls.length ? HEARTBEAT_MS : this.o.run.locked ? 0 : IDLE_HEARTBEAT_MS;
    if (t.beatEvery !== every) {
      if (t.beat) clearInterval(t.beat);
      t.beatEvery = every;
      t.beat = every ? setInterval(() => this.o.run.heartbeat(), every) : null;
    }
  }
}
